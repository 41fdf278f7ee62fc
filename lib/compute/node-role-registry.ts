import type * as iam from 'aws-cdk-lib/aws-iam';
import { ClusterState } from '../cluster/cluster-state';
import type { ICluster } from '../cluster/cluster-types';

/**
 * The IAM roles of a cluster's nodes, as their capacity registered them (state of the cluster
 * object; not part of the public API), with observers that see every role, registered before
 * or after them — e.g. a `ClusterFileSystem` granting EFS mount permissions to the nodes.
 */
class NodeRoles {
  public readonly roles: iam.IRole[] = [];
  public readonly observers: Array<(role: iam.IRole) => void> = [];
}

const KEY = 'compute:nodeRoles';
const of = (cluster: ICluster) => ClusterState.of(cluster).slot(KEY, () => new NodeRoles());

/** Registers the role of some of `cluster`'s nodes (once per role). */
export function registerNodeRole(cluster: ICluster, role: iam.IRole): void {
  const state = of(cluster);
  if (state.roles.includes(role)) return;
  state.roles.push(role);
  for (const observer of state.observers) observer(role);
}

/** Calls `observer` for every node role of `cluster`: those registered so far, and later ones. */
export function onNodeRole(cluster: ICluster, observer: (role: iam.IRole) => void): void {
  const state = of(cluster);
  state.observers.push(observer);
  for (const role of state.roles) observer(role);
}
