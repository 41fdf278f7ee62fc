import type * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A node pool EKS Auto Mode provides (`ComputeConfig.NodePools`). Both use the `default`
 * NodeClass, On-Demand C, M and R instances of generation 5 or newer.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/set-builtin-node-pools.html
 */
export enum AutoModeNodePool {
  /** General workloads (amd64). */
  GENERAL_PURPOSE = 'general-purpose',
  /** Cluster-critical add-ons: tainted `CriticalAddonsOnly` (amd64 and arm64). */
  SYSTEM = 'system',
}

/**
 * EKS Auto Mode for a cluster: EKS runs compute (Karpenter-based node pools), block storage
 * (EBS CSI), load balancing, pod networking, DNS and the Pod Identity agent itself. Turning it
 * on sets the three switches EKS requires together — `ComputeConfig.Enabled`,
 * `StorageConfig.BlockStorage.Enabled` and `KubernetesNetworkConfig.ElasticLoadBalancing.Enabled`
 * — and gives the cluster role the Auto Mode policies and `sts:TagSession`.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/automode.html
 */
export interface AutoModeOptions {
  /**
   * Whether Auto Mode is on. `false` turns all three capabilities off together, which makes
   * EKS terminate the instances and delete the load balancers Auto Mode runs (not the EBS
   * volumes). Removing the `autoMode` prop from a cluster that had it does not turn it off.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The built-in node pools to run. With none, EKS creates no `default` NodeClass: create an
   * `AutoModeNodeClass` (with its own role) and `NodePool`s.
   * @default [AutoModeNodePool.GENERAL_PURPOSE, AutoModeNodePool.SYSTEM]
   */
  readonly nodePools?: AutoModeNodePool[];
  /**
   * The node role of the built-in node pools and the `default` NodeClass (EKS creates its
   * access entry). EKS does not let it change once Auto Mode is on: the generated role keeps
   * its logical id (`<cluster>/AutoModeNodeRole`) as long as the cluster construct keeps its
   * id and place; do not switch between it and your own role later. Only with built-in pools.
   * @default - a role trusted by EC2 with AmazonEKSWorkerNodeMinimalPolicy and AmazonEC2ContainerRegistryPullOnly
   * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-create-node-role.html
   */
  readonly nodeRole?: iam.IRole;
}
