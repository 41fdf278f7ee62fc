import type * as iam from 'aws-cdk-lib/aws-iam';
import { ClusterState } from '../cluster/cluster-state';
import type { ICluster } from '../cluster/cluster-types';

/**
 * The pod execution roles of a cluster object's Fargate profiles, and the hooks that want each
 * of them (a FargateLogging grants its log destinations to every role, whichever is created
 * first). State of the cluster object; not part of the public API.
 */
interface PodExecutionRoles {
  readonly roles: iam.IRole[];
  readonly hooks: Array<(role: iam.IRole) => void>;
}

function stateOf(cluster: ICluster): PodExecutionRoles {
  return ClusterState.of(cluster).slot('fargate-profile:podExecutionRoles', () => ({ roles: [], hooks: [] } as PodExecutionRoles));
}

/** Registers a profile's pod execution role: the hooks registered so far see it now, later ones when they register. */
export function registerPodExecutionRole(cluster: ICluster, role: iam.IRole): void {
  const state = stateOf(cluster);
  if (state.roles.includes(role)) return;
  state.roles.push(role);
  state.hooks.forEach((hook) => hook(role));
}

/** Calls `hook` for every pod execution role of the cluster's profiles, present and future. */
export function forEachPodExecutionRole(cluster: ICluster, hook: (role: iam.IRole) => void): void {
  const state = stateOf(cluster);
  state.hooks.push(hook);
  state.roles.forEach((role) => hook(role));
}
