import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import type { IConstruct } from 'constructs';
import { AddonIdentityMode } from '../addons/addon-identity';
import { AddonOrdering } from '../addons/addon-ordering';
import { ClusterState } from '../cluster/cluster-state';
import type { ICluster } from '../cluster/cluster-types';

/** Whether a cluster is a FargateCluster's (state of the cluster object; not part of the public API). */
const FARGATE_KEY = 'fargate-cluster:marked';

/** Marks `cluster` as the cluster of a `FargateCluster`. */
export function markFargateCluster(cluster: ICluster): void {
  ClusterState.of(cluster).slot(FARGATE_KEY, () => true);
}

/** Whether `cluster` is the cluster of a `FargateCluster`. */
export function isFargateCluster(cluster: ICluster): boolean {
  return ClusterState.of(cluster).peek<boolean>(FARGATE_KEY) === true;
}

/**
 * The credentials add-ons and controllers get by default: IRSA on a FargateCluster (the EKS
 * Pod Identity agent is a DaemonSet, and Fargate runs no DaemonSets, so Fargate pods cannot
 * use Pod Identity), Pod Identity elsewhere.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/service-accounts.html (EKS Pod Identity: "Linux and Windows pods that run on AWS Fargate aren't supported")
 */
export function defaultCredentials(cluster: ICluster): AddonIdentityMode {
  return isFargateCluster(cluster) ? AddonIdentityMode.IRSA : AddonIdentityMode.POD_IDENTITY;
}

/**
 * Refuses EKS Pod Identity on a cluster of this app whose only capacity is Fargate: the agent
 * is a DaemonSet and Fargate pods cannot use it, so the pods would get no credentials. For
 * `node.addValidation` (checked at synth, after all capacity registered).
 */
export function podIdentityOnFargateProblems(scope: IConstruct, cluster: ICluster, what: string): string[] {
  if (!(cluster.node.defaultChild instanceof CfnCluster) || !AddonOrdering.hasOnlyFargateCapacity(cluster)) return [];
  return [`${scope.node.path}: ${what} uses EKS Pod Identity, but the cluster's only capacity is Fargate, whose pods cannot use it `
    + "(the Pod Identity agent is a DaemonSet; EKS: \"pods that run on AWS Fargate aren't supported\"). Use IRSA "
    + '(AddonIdentity.irsa(), AddonIdentityMode.IRSA, a ServiceAccount), or add EC2 capacity. [PodIdentityOnFargate]'];
}
