import { Resource, Token } from 'aws-cdk-lib';
import { CfnCapability } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { createCapability } from './capability-common';
import { CapabilityOptions, CapabilityType } from './capability-types';

/** Properties of an {@link AckCapability}. */
export interface AckCapabilityProps extends CapabilityOptions {
  /** The cluster. */
  readonly cluster: ICluster;
  /**
   * ACK service controllers not to run, by service name (e.g. `['ec2', 'rds']`).
   * @default - every controller the capability offers
   */
  readonly disabledServices?: string[];
  /**
   * Let ACK resources reference resources in other namespaces (`EnableCrossNamespace`).
   * @default - the EKS default
   */
  readonly enableCrossNamespace?: boolean;
}

/**
 * The managed ACK (AWS Controllers for Kubernetes) capability (`AWS::EKS::Capability`, type ACK).
 *
 * The role gets no permissions from this construct: grant it (or IAM role selectors) exactly
 * the AWS APIs your ACK resources need, e.g. `ack.role.addManagedPolicy(...)`. EKS creates the
 * role's access entry with `AmazonEKSACKPolicy`.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/ack-permissions.html
 */
export class AckCapability extends Resource {
  /** The capability role; grant it the AWS permissions ACK needs. */
  public readonly role: iam.IRole;
  /** The capability's name in the cluster. */
  public readonly capabilityName: string;
  /** The capability ARN. */
  public readonly capabilityArn: string;
  /** The underlying CloudFormation resource. */
  public readonly resource: CfnCapability;

  constructor(scope: Construct, id: string, props: AckCapabilityProps) {
    super(scope, id);
    const disabled = props.disabledServices;
    if (disabled && !Token.isUnresolved(disabled)) {
      const bad = disabled.filter((s) => !Token.isUnresolved(s) && !/^[a-z0-9][a-z0-9-]*$/.test(s));
      if (bad.length > 0) {
        throw new KitValidationError(this, 'AckDisabledServices',
          `'disabledServices' contains ${bad.map((s) => `'${s}'`).join(', ')}; use ACK service names such as 'ec2', 's3' or 'rds' (lowercase).`);
      }
      const duplicates = disabled.filter((s, i) => disabled.indexOf(s) !== i);
      if (duplicates.length > 0) {
        throw new KitValidationError(this, 'AckDisabledServices', `'disabledServices' lists '${duplicates[0]}' twice.`);
      }
    }
    const ack = disabled !== undefined || props.enableCrossNamespace !== undefined
      ? { disabledServices: disabled, enableCrossNamespace: props.enableCrossNamespace } : undefined;
    const created = createCapability(this, props.cluster, CapabilityType.ACK, props, ack ? { ack } : undefined);
    this.resource = created.resource;
    this.role = created.role;
    this.capabilityName = created.capabilityName;
    this.capabilityArn = this.resource.attrArn;
  }
}
