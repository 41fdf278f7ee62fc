import { Aspects, IAspect } from 'aws-cdk-lib';
import { CfnAccessEntry, CfnFargateProfile, CfnNodegroup } from 'aws-cdk-lib/aws-eks';
import { Dependable, DependencyGroup, IConstruct, IDependable } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { SelfManagedNodeGroup } from '../compute/self-managed-node-group';

const networkingGroups = new WeakMap<ICluster, DependencyGroup>();
const capacityGroups = new WeakMap<ICluster, DependencyGroup>();
const wired = new WeakSet<ICluster>();

/**
 * The per-cluster ordering hooks between managed add-ons and capacity.
 *
 * - Node groups depend on `AddonOrdering.networkingAddonsOf(cluster)`: `vpc-cni`, `kube-proxy`
 *   and `eks-pod-identity-agent` exist before the first node joins, so nodes become Ready with
 *   the configured CNI and pods with Pod Identity get credentials.
 * - `coredns` depends on `AddonOrdering.capacityOf(cluster)`, because the add-on only becomes
 *   ACTIVE once its pods run somewhere (a node group, or a Fargate profile for kube-system).
 *
 * Managed node groups (`AWS::EKS::Nodegroup`), self-managed node groups (`SelfManagedNodeGroup`)
 * and Fargate profiles of the cluster anywhere in the app are wired automatically (matched by
 * cluster name at synth). Other capacity registers itself with `registerCapacity` and depends
 * on `networkingAddonsOf`. Both groups are evaluated at synth
 * time, so add-ons and capacity may be added in any order.
 */
export class AddonOrdering {
  /** What node groups of `cluster` must depend on: the networking add-ons added to it (possibly none). */
  public static networkingAddonsOf(cluster: ICluster): IDependable {
    return AddonOrdering.groupOf(networkingGroups, cluster);
  }

  /** Adds a networking add-on of `cluster` (called by `Addon`). */
  public static registerNetworkingAddon(cluster: ICluster, addon: IDependable): void {
    AddonOrdering.groupOf(networkingGroups, cluster).add(addon);
  }

  /** What must exist before add-ons whose pods need capacity (coredns): the capacity registered for `cluster`. */
  public static capacityOf(cluster: ICluster): IDependable {
    return AddonOrdering.groupOf(capacityGroups, cluster);
  }

  /** Registers a node group, Fargate profile or other capacity of `cluster`. */
  public static registerCapacity(cluster: ICluster, capacity: IDependable): void {
    AddonOrdering.groupOf(capacityGroups, cluster).add(capacity);
  }

  /** Whether any capacity was registered for `cluster`. */
  public static hasCapacity(cluster: ICluster): boolean {
    const group = capacityGroups.get(cluster);
    return group !== undefined && Dependable.of(group).dependencyRoots.length > 0;
  }

  private static groupOf(map: WeakMap<ICluster, DependencyGroup>, cluster: ICluster): DependencyGroup {
    let group = map.get(cluster);
    if (!group) {
      group = new DependencyGroup();
      map.set(cluster, group);
    }
    if (!wired.has(cluster)) {
      wired.add(cluster);
      Aspects.of(cluster.node.root).add(new CapacityWiring(cluster));
    }
    return group;
  }

  private constructor() {}
}

function isEntryOf(entry: IConstruct, cluster: ICluster): boolean {
  const resource = entry.node.defaultChild;
  return resource instanceof CfnAccessEntry && resource.clusterName === cluster.clusterName;
}

/** Finds the cluster's node groups (managed and self-managed) and Fargate profiles in the app and orders them. */
class CapacityWiring implements IAspect {
  private readonly seen = new WeakSet<IConstruct>();

  constructor(private readonly cluster: ICluster) {}

  public visit(node: IConstruct): void {
    if (this.seen.has(node)) return;
    if (node instanceof CfnNodegroup && node.clusterName === this.cluster.clusterName) {
      this.seen.add(node);
      node.node.addDependency(AddonOrdering.networkingAddonsOf(this.cluster));
      AddonOrdering.registerCapacity(this.cluster, node);
    } else if (node instanceof CfnFargateProfile && node.clusterName === this.cluster.clusterName) {
      this.seen.add(node);
      AddonOrdering.registerCapacity(this.cluster, node);
    } else if (node instanceof SelfManagedNodeGroup && isEntryOf(node.accessEntry, this.cluster)) {
      this.seen.add(node);
      node.autoScalingGroup.node.addDependency(AddonOrdering.networkingAddonsOf(this.cluster));
      AddonOrdering.registerCapacity(this.cluster, node.autoScalingGroup);
    }
  }
}
