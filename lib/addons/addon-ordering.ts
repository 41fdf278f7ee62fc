import { Annotations, Token } from 'aws-cdk-lib';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Dependable, DependencyGroup, IConstruct, IDependable } from 'constructs';
import { ClusterState } from '../cluster/cluster-state';
import type { ICluster } from '../cluster/cluster-types';
import { namespacePatternMatches } from '../compute/fargate-selector-rules';
import { registerNodeRole } from '../compute/node-role-registry';
import { KitValidationError } from '../errors';

/**
 * Which pods a registered capacity provider can run.
 *
 * Use `CapacityScope.nodes()` for EC2 nodes of any kind (managed and self-managed node
 * groups, Karpenter node pools, EKS Auto Mode) and `CapacityScope.fargate(namespaces)` for
 * Fargate profiles, which take only the pods their selectors match and run no DaemonSets.
 */
export class CapacityScope {
  /**
   * EC2 nodes: pods of every namespace, DaemonSets included (node groups, self-managed
   * nodes, Karpenter node pools, EKS Auto Mode).
   */
  public static nodes(): CapacityScope {
    return new CapacityScope(undefined);
  }

  /**
   * AWS Fargate: pods of the namespaces matching these patterns only, no DaemonSets.
   * Patterns may use the `*` (any run of characters) and `?` (one character) wildcards
   * Fargate profile selectors accept.
   *
   * @param namespacePatterns the namespaces (or patterns) of the profile's selectors
   * @see https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html#fargate-profile-wildcards
   */
  public static fargate(namespacePatterns: string[]): CapacityScope {
    return new CapacityScope([...namespacePatterns]);
  }

  /** The namespace patterns this capacity is limited to; undefined for every namespace. */
  public readonly namespacePatterns?: string[];
  /** Whether DaemonSet pods (and with them the Pod Identity agent) run on this capacity. */
  public readonly runsDaemonSets: boolean;

  private constructor(namespacePatterns: string[] | undefined) {
    this.namespacePatterns = namespacePatterns;
    this.runsDaemonSets = namespacePatterns === undefined;
  }

  /**
   * Whether pods of `namespace` can run on this capacity. A namespace or pattern that is a
   * token counts as a match (it cannot be compared at synth).
   */
  public coversNamespace(namespace: string): boolean {
    if (this.namespacePatterns === undefined || Token.isUnresolved(namespace)) return true;
    if (Token.isUnresolved(this.namespacePatterns)) return true;
    return this.namespacePatterns.some((pattern) => Token.isUnresolved(pattern) || namespacePatternMatches(pattern, namespace));
  }
}

/** How capacity is registered with {@link AddonOrdering.registerCapacity}. */
export interface CapacityOptions {
  /**
   * Which pods the capacity can run.
   * @default CapacityScope.nodes()
   */
  readonly scope?: CapacityScope;
  /**
   * Constructs this capacity is built on, which therefore must not wait for it, e.g. the
   * Karpenter controller's Helm chart for a Karpenter node pool: consumers that are (or are
   * inside, or contain) one of these skip this capacity instead of forming a cycle.
   * @default - none
   */
  readonly builtOn?: IConstruct[];
  /**
   * The IAM role of the nodes this capacity launches, so that cluster resources their pods
   * use through the node (e.g. a `ClusterFileSystem` mounted with IAM) can grant it access.
   * @default - none (Fargate profiles, or nodes whose role is registered elsewhere)
   */
  readonly nodeRole?: iam.IRole;
}

/** What happens at synth when a cluster of this app has no capacity for a consumer. */
export enum MissingCapacity {
  /** A synth error (the consumer could never become ready: e.g. a Helm chart that waits). */
  ERROR = 'ERROR',
  /** A warning (the consumer deploys, but stays degraded until capacity appears). */
  WARN = 'WARN',
  /** Nothing; only the ordering applies. */
  IGNORE = 'IGNORE',
}

/** What a consumer needs capacity for, for {@link AddonOrdering.waitForCapacity}. */
export interface CapacityRequirement {
  /**
   * The namespace of the consumer's pods. Only capacity that can run pods of it is waited
   * for (every EC2 node capacity, and Fargate profiles whose selectors match it).
   * @default - pods of any namespace: every registered capacity
   */
  readonly namespace?: string;
  /**
   * What happens at synth when a cluster of this app has no such capacity. Imported
   * clusters are never checked (they may have capacity this app does not know).
   * @default MissingCapacity.ERROR
   */
  readonly whenMissing?: MissingCapacity;
  /**
   * How the consumer is named in the error or warning, e.g. `the Helm chart 'web'`.
   * @default - its construct path
   */
  readonly description?: string;
  /**
   * What the user can do instead of adding capacity, appended to the message, e.g.
   * `or set 'wait: false'`.
   * @default - nothing beyond adding or registering capacity
   */
  readonly alternative?: string;
}

/** One registered capacity provider. */
interface CapacityEntry {
  readonly capacity: IDependable;
  readonly scope: CapacityScope;
  readonly builtOn: IConstruct[];
}

/** The ordering state of one cluster, kept on the cluster object (ClusterState). */
class OrderingState {
  public readonly networking = new DependencyGroup();
  public readonly storageDrivers = new DependencyGroup();
  public readonly capacity: CapacityEntry[] = [];

  /** The capacity that pods of `namespace` (any namespace when undefined) can run on, minus what `consumer` builds. */
  public entriesFor(namespace: string | undefined, consumer?: IConstruct): CapacityEntry[] {
    return this.capacity.filter((entry) => (namespace === undefined || entry.scope.coversNamespace(namespace))
      && !(consumer && entry.builtOn.some((base) => related(base, consumer))));
  }
}

const STATE_KEY = 'addon-ordering:state';

/**
 * The per-cluster ordering between networking add-ons, capacity, and everything whose pods
 * need capacity. All of it is state of the cluster object (an imported cluster has its own),
 * registered explicitly by the constructs involved and evaluated at synth, so that capacity
 * and its consumers may be created in any order.
 *
 * - **Networking**: `vpc-cni`, `kube-proxy` and `eks-pod-identity-agent` register with
 *   `registerNetworkingAddon`; node capacity depends on `networkingAddonsOf(cluster)`, so that
 *   nodes become Ready with the configured CNI and pods get Pod Identity credentials.
 * - **Capacity**: `ManagedNodeGroup`, `SelfManagedNodeGroup` and `FargateProfile` register
 *   themselves as capacity of the cluster object they were given, with a `CapacityScope`
 *   (EC2 nodes run pods of every namespace; a Fargate profile only the namespaces its
 *   selectors match). Other capacity providers (EKS Auto Mode, Karpenter node pools, node
 *   groups made from the L1 `CfnNodegroup`) call `registerCapacity` themselves.
 * - **Consumers**: add-ons that run pods and Helm charts that wait call `waitForCapacity`:
 *   they are created after (and deleted before) the capacity that can run their pods, and a
 *   cluster of this app without such capacity is a synth error or warning.
 */
export class AddonOrdering {
  /** What node capacity of `cluster` must depend on: the networking add-ons added to it (possibly none). */
  public static networkingAddonsOf(cluster: ICluster): IDependable {
    return AddonOrdering.state(cluster).networking;
  }

  /** Adds a networking add-on of `cluster` (called by `Addon`). */
  public static registerNetworkingAddon(cluster: ICluster, addon: IDependable): void {
    AddonOrdering.state(cluster).networking.add(addon);
  }

  /**
   * What manifests with persistent volume claims of `cluster` depend on: its CSI driver
   * add-ons (possibly none). On delete the claims go first, while the drivers still run and
   * can release the volumes and access points behind them.
   */
  public static storageDriversOf(cluster: ICluster): IDependable {
    return AddonOrdering.state(cluster).storageDrivers;
  }

  /** Adds a storage (CSI) driver of `cluster` (called by `Addon` for `*-csi-driver` add-ons). */
  public static registerStorageDriver(cluster: ICluster, driver: IDependable): void {
    AddonOrdering.state(cluster).storageDrivers.add(driver);
  }

  /**
   * Registers capacity of `cluster`: something pods can be scheduled on once it exists
   * (a node group, a Fargate profile, an Auto Mode cluster, a Karpenter node pool).
   *
   * @param cluster the cluster object the capacity was given
   * @param capacity what consumers depend on (e.g. the `CfnNodegroup`)
   * @param options which pods it runs, and what it is built on
   */
  public static registerCapacity(cluster: ICluster, capacity: IDependable, options: CapacityOptions = {}): void {
    AddonOrdering.state(cluster).capacity.push({
      capacity,
      scope: options.scope ?? CapacityScope.nodes(),
      builtOn: [...(options.builtOn ?? [])],
    });
    if (options.nodeRole) registerNodeRole(cluster, options.nodeRole);
  }

  /** Every capacity registered for `cluster` (evaluated at synth). */
  public static capacityOf(cluster: ICluster): IDependable {
    return AddonOrdering.capacityFor(cluster);
  }

  /**
   * The capacity that can run pods of `namespace` (evaluated at synth): every EC2 node
   * capacity, and the Fargate profiles whose selectors match the namespace.
   *
   * @param cluster the cluster
   * @param namespace the pods' namespace; every registered capacity when not given
   * @param consumer the construct that will depend on it; capacity built on it is left out
   */
  public static capacityFor(cluster: ICluster, namespace?: string, consumer?: IConstruct): IDependable {
    const state = AddonOrdering.state(cluster);
    const dependable: IDependable = {};
    Dependable.implement(dependable, {
      get dependencyRoots() {
        return state.entriesFor(namespace, consumer).flatMap((entry) => Dependable.of(entry.capacity).dependencyRoots);
      },
    });
    return dependable;
  }

  /**
   * Whether `cluster` has registered capacity that can run pods of `namespace` (any
   * namespace when not given).
   *
   * @param cluster the cluster
   * @param namespace the pods' namespace
   */
  public static hasCapacity(cluster: ICluster, namespace?: string): boolean {
    return AddonOrdering.state(cluster).entriesFor(namespace).length > 0;
  }

  /**
   * Whether the only capacity registered for `cluster` is Fargate (there is some, and none
   * of it runs DaemonSets), as on a `FargateCluster` without node groups.
   */
  public static hasOnlyFargateCapacity(cluster: ICluster): boolean {
    const capacity = AddonOrdering.state(cluster).capacity;
    return capacity.length > 0 && capacity.every((entry) => !entry.scope.runsDaemonSets);
  }

  /**
   * Makes `consumer` wait for the capacity that can run its pods: it is created after, and
   * deleted before, that capacity. At synth, a cluster of this app without such capacity is
   * an error (or a warning, see `whenMissing`).
   *
   * @param consumer the construct whose pods need capacity
   * @param cluster the cluster they run on
   * @param requirement namespace, and what a missing capacity means
   */
  public static waitForCapacity(consumer: IConstruct, cluster: ICluster, requirement: CapacityRequirement = {}): void {
    consumer.node.addDependency(AddonOrdering.capacityFor(cluster, requirement.namespace, consumer));
    const whenMissing = requirement.whenMissing ?? MissingCapacity.ERROR;
    if (whenMissing === MissingCapacity.IGNORE) return;
    // Checked at synth, after every node group and Fargate profile had the chance to register.
    consumer.node.addValidation({
      validate: () => {
        // Only clusters of this app: an imported cluster has capacity this app does not know.
        if (!(cluster.node.defaultChild instanceof CfnCluster)) return [];
        const state = AddonOrdering.state(cluster);
        if (state.entriesFor(requirement.namespace, consumer).length > 0) return [];
        const message = missingCapacityMessage(consumer, cluster, requirement, state.capacity.length > 0);
        if (whenMissing === MissingCapacity.WARN) {
          Annotations.of(consumer).addWarningV2('cdk-eks-kit:addonWithoutCapacity', message);
          return [];
        }
        return [new KitValidationError(consumer, 'NoCapacity', message).message];
      },
    });
  }

  private static state(cluster: ICluster): OrderingState {
    return ClusterState.of(cluster).slot(STATE_KEY, () => new OrderingState());
  }

  private constructor() {}
}

function missingCapacityMessage(consumer: IConstruct, cluster: ICluster, requirement: CapacityRequirement, hasSome: boolean): string {
  const what = requirement.description ?? consumer.node.path;
  const ns = requirement.namespace;
  const where = ns === undefined ? '' : ` in namespace '${ns}'`;
  const found = hasSome && ns !== undefined
    ? `its only capacity is Fargate profiles whose selectors do not match '${ns}'`
    : 'no node group, self-managed node group, Auto Mode, Karpenter node pool or Fargate profile is registered for it';
  return `${what} needs capacity for its pods${where}, but the cluster ${cluster.node.path} has none: ${found}, so its pods would stay Pending. `
    + `Add capacity (e.g. cluster.addNodeGroup(...)${ns !== undefined ? `, or a Fargate profile selecting '${ns}'` : ''})`
    + (requirement.alternative ? `, ${requirement.alternative}` : '')
    + ', or register capacity this library does not create with AddonOrdering.registerCapacity().';
}

/** Whether `a` is `b`, or one contains the other in the construct tree. */
function related(a: IConstruct, b: IConstruct): boolean {
  return a === b || a.node.scopes.includes(b) || b.node.scopes.includes(a);
}
