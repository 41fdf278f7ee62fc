import { Dependable, DependencyGroup, IDependable } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';

const networkingGroups = new WeakMap<ICluster, DependencyGroup>();
const capacityGroups = new WeakMap<ICluster, DependencyGroup>();

function groupOf(map: WeakMap<ICluster, DependencyGroup>, cluster: ICluster): DependencyGroup {
  let group = map.get(cluster);
  if (!group) {
    group = new DependencyGroup();
    map.set(cluster, group);
  }
  return group;
}

/**
 * The per-cluster ordering hooks between managed add-ons and capacity.
 *
 * - Node groups (and self-managed capacity) depend on `AddonOrdering.networkingAddonsOf(cluster)`:
 *   `vpc-cni`, `kube-proxy` and `eks-pod-identity-agent` exist before the first node joins, so
 *   nodes become Ready with the configured CNI and pods with Pod Identity get credentials.
 * - Capacity registers itself with `AddonOrdering.registerCapacity(cluster, nodeGroup)`;
 *   `coredns` depends on `AddonOrdering.capacityOf(cluster)`, because the add-on only becomes
 *   ACTIVE once its pods run somewhere (a node group or a Fargate profile for kube-system).
 *
 * Both groups are evaluated at synth time, so add-ons and capacity may be added in any order.
 */
export class AddonOrdering {
  /** What node groups of `cluster` must depend on: the networking add-ons added to it (possibly none). */
  public static networkingAddonsOf(cluster: ICluster): IDependable {
    return groupOf(networkingGroups, cluster);
  }

  /** Adds a networking add-on of `cluster` (called by `Addon`). */
  public static registerNetworkingAddon(cluster: ICluster, addon: IDependable): void {
    groupOf(networkingGroups, cluster).add(addon);
  }

  /** What must exist before add-ons whose pods need capacity (coredns): the capacity registered for `cluster`. */
  public static capacityOf(cluster: ICluster): IDependable {
    return groupOf(capacityGroups, cluster);
  }

  /** Registers a node group, Fargate profile or other capacity of `cluster`. */
  public static registerCapacity(cluster: ICluster, capacity: IDependable): void {
    groupOf(capacityGroups, cluster).add(capacity);
  }

  /** Whether any capacity was registered for `cluster`. */
  public static hasCapacity(cluster: ICluster): boolean {
    const group = capacityGroups.get(cluster);
    return group !== undefined && Dependable.of(group).dependencyRoots.length > 0;
  }

  private constructor() {}
}
