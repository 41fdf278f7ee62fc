import { Resource } from 'aws-cdk-lib';
import { CfnCapability } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { createCapability } from './capability-common';
import { CapabilityOptions, CapabilityType } from './capability-types';

/** Properties of a {@link KroCapability}. */
export interface KroCapabilityProps extends CapabilityOptions {
  /** The cluster. */
  readonly cluster: ICluster;
}

/**
 * The managed kro (Kube Resource Orchestrator) capability (`AWS::EKS::Capability`, type KRO).
 *
 * kro calls no AWS API, so its role needs no permissions. EKS creates the role's access entry
 * with `AmazonEKSKROPolicy` (ResourceGraphDefinitions and their instances); the resources your
 * graphs create need further Kubernetes permissions, given with Kubernetes RBAC or an access
 * policy associated with that entry outside CloudFormation (see the README).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/kro-permissions.html
 */
export class KroCapability extends Resource {
  /** The capability role. */
  public readonly role: iam.IRole;
  /** The capability's name in the cluster. */
  public readonly capabilityName: string;
  /** The capability ARN. */
  public readonly capabilityArn: string;
  /** The underlying CloudFormation resource. */
  public readonly resource: CfnCapability;

  constructor(scope: Construct, id: string, props: KroCapabilityProps) {
    super(scope, id);
    const created = createCapability(this, props.cluster, CapabilityType.KRO, props);
    this.resource = created.resource;
    this.role = created.role;
    this.capabilityName = created.capabilityName;
    this.capabilityArn = this.resource.attrArn;
  }
}
