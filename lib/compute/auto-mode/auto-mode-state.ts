import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { ClusterState } from '../../cluster/cluster-state';

// Not exported from lib/index.ts: what a cluster object knows about its EKS Auto Mode.

/** The Auto Mode settings of a cluster of this app. */
export interface AutoModeInfo {
  /** The node role of the built-in node pools and the `default` NodeClass (EKS gives it an access entry). */
  readonly nodeRole?: iam.IRole;
  /** The cluster role (it uses customer managed KMS keys of node classes). */
  readonly clusterRole?: iam.IRole;
  /** The built-in node pools that are on (`general-purpose`, `system`). */
  readonly builtInNodePools: string[];
}

const SLOT = 'auto-mode:info';

/** The Auto Mode settings of `cluster`, or undefined when it has none (or is imported). */
export function autoModeOf(cluster: IConstruct): AutoModeInfo | undefined {
  return ClusterState.of(cluster).peek<AutoModeInfo>(SLOT);
}

/** Records that `cluster` runs Auto Mode (called by `Cluster`). */
export function recordAutoMode(cluster: IConstruct, info: AutoModeInfo): void {
  ClusterState.of(cluster).slot(SLOT, () => info);
}
