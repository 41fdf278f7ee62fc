import { Token } from 'aws-cdk-lib';
import { CfnCapability } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ClusterState } from '../cluster/cluster-state';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { CapabilityOptions, CapabilityType } from './capability-types';
import { ClusterRemoval } from '../cluster/removal';

/**
 * What the three capability constructs share (not part of the public API).
 *
 * Rules, with their sources:
 * - One capability of each type per cluster: EKS API_CreateCapability.
 * - Name: unique in the cluster, letters, digits, '-' and '_' (API_CreateCapability), 1–100
 *   characters (CloudFormation registry schema of AWS::EKS::Capability).
 * - DeletePropagationPolicy: RETAIN is the only value (CloudFormation reference).
 * - Role trust: `capabilities.eks.amazonaws.com` with sts:AssumeRole and sts:TagSession, role in
 *   the cluster's account (EKS User Guide, capability-role).
 * - EKS creates the capability role's access entry itself ("automatically created access
 *   entries", capability-role), so the cluster must authenticate with access entries.
 */

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The capability of each type a cluster already has. */
function capabilitiesOf(cluster: ICluster): Map<CapabilityType, Construct> {
  return ClusterState.of(cluster).slot('capabilities:byType', () => new Map<CapabilityType, Construct>());
}

/** Creates the role (unless given) and the CfnCapability of one capability construct. */
export function createCapability(scope: Construct, cluster: ICluster, type: CapabilityType, options: CapabilityOptions,
  configuration?: CfnCapability.CapabilityConfigurationProperty): { resource: CfnCapability; role: iam.IRole; capabilityName: string } {
  const capabilityName = options.capabilityName ?? type.toLowerCase();
  if (!Token.isUnresolved(capabilityName) && (capabilityName.length > 100 || !NAME.test(capabilityName))) {
    throw new KitValidationError(scope, 'CapabilityName',
      `'capabilityName' is '${capabilityName}'; EKS allows 1–100 letters, digits, '-' and '_', starting with a letter or digit.`);
  }
  const existing = capabilitiesOf(cluster).get(type);
  if (existing) {
    throw new KitValidationError(scope, 'CapabilityDuplicate',
      `the cluster already has a ${type} capability (${existing.node.path}); EKS allows one capability of each type per cluster.`);
  }
  const mode = cluster.authenticationMode as string | undefined;
  if (mode === 'CONFIG_MAP') {
    throw new KitValidationError(scope, 'CapabilityAuthenticationMode',
      `the cluster's 'authenticationMode' is CONFIG_MAP, but EKS gives a ${type} capability its permissions through an access entry; `
      + 'use AuthenticationMode.API or API_AND_CONFIG_MAP.');
  }
  capabilitiesOf(cluster).set(type, scope);
  ClusterRemoval.attach(scope, cluster); // lib/cluster/removal.ts

  const role = options.role ?? new iam.Role(scope, 'Role', {
    // capability-role: sts:AssumeRole + sts:TagSession for capabilities.eks.amazonaws.com.
    assumedBy: new iam.ServicePrincipal('capabilities.eks.amazonaws.com').withSessionTags(),
    description: `EKS ${type} capability role of ${scope.node.path}`,
  });
  const resource = new CfnCapability(scope, 'Resource', {
    clusterName: cluster.clusterName,
    capabilityName,
    type,
    roleArn: role.roleArn,
    // The only value EKS accepts: the capability's Kubernetes and AWS resources stay when it is deleted.
    deletePropagationPolicy: 'RETAIN',
    configuration,
  });
  // EKS checks the role's trust when the capability is created: create the role (and its
  // policies) first, and the capability only once the cluster is ACTIVE.
  resource.node.addDependency(role);
  const cfnCluster = cluster.node.defaultChild;
  if (cfnCluster) resource.node.addDependency(cfnCluster);
  return { resource, role, capabilityName };
}
