import { Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

const STATE = Symbol.for('cdk-eks-kit.ClusterState');
const SHARED = Symbol.for('cdk-eks-kit.ClusterState.shared');

/**
 * State that belongs to one cluster object (a `Cluster`, or one `ImportedCluster`) and that
 * several constructs share: its access entries by principal, its add-ons by name, the last
 * Fargate profile of its chain, its ordering groups, …
 *
 * It lives on the cluster object itself (a non-enumerable symbol property), not in a
 * module-level registry, so two apps, two stacks or two imports never see each other's state.
 * Each kind of state is a named slot created on first use.
 *
 * Not part of the public API (not exported from lib/index.ts).
 */
export class ClusterState {
  /** The state of `cluster`, created on first use. */
  public static of(cluster: IConstruct): ClusterState {
    const holder = cluster as unknown as { [STATE]?: ClusterState };
    let state = holder[STATE];
    if (!state) {
      state = new ClusterState();
      Object.defineProperty(holder, STATE, { value: state, enumerable: false, configurable: false, writable: false });
    }
    return state;
  }

  /**
   * The state shared by every cluster object of this app that names the same EKS cluster: a
   * `Cluster` and the imports of it by name, or one cluster imported twice. Use it for the
   * checks EKS and Kubernetes make per cluster (one access entry per principal, one add-on per
   * name, one object per identity), which a second cluster object must not bypass.
   *
   * Cluster objects name the same cluster when their names are the same literal and their
   * stacks the same account and region; in environment-agnostic stacks only within one stack
   * (two such stacks may deploy to different accounts). A cluster whose name is a token shares
   * with nothing but itself. The registry lives on the app (the construct tree's root), not in
   * a module-level map, so two apps never see each other's clusters.
   */
  public static shared(cluster: IConstruct): ClusterState {
    const key = ClusterState.identityOf(cluster);
    if (key === undefined) return ClusterState.of(cluster);
    const root = cluster.node.root as unknown as { [SHARED]?: Map<string, ClusterState> };
    let registry = root[SHARED];
    if (!registry) {
      registry = new Map();
      Object.defineProperty(root, SHARED, { value: registry, enumerable: false, configurable: false, writable: false });
    }
    let state = registry.get(key);
    if (!state) {
      state = new ClusterState();
      registry.set(key, state);
    }
    return state;
  }

  /** `account/region|name`, or `stack path|name` in an environment-agnostic stack; undefined for a token name. */
  private static identityOf(cluster: IConstruct): string | undefined {
    // A Cluster of this app: the literal name of its CfnCluster (its clusterName is a reference).
    const resource = cluster.node.defaultChild as { cfnResourceType?: string; name?: unknown } | undefined;
    const name = resource?.cfnResourceType === 'AWS::EKS::Cluster' ? resource.name : (cluster as unknown as { clusterName?: unknown }).clusterName;
    if (typeof name !== 'string' || Token.isUnresolved(name)) return undefined;
    const stack = Stack.of(cluster);
    const env = Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region) ? `stack:${stack.node.path}` : `${stack.account}/${stack.region}`;
    return `${env}|${name}`;
  }

  private readonly slots = new Map<string, unknown>();

  private constructor() {}

  /**
   * The slot named `key`, created with `init` on first use. Use one key per kind of state,
   * named after the module that owns it, e.g. `'access-entry:byPrincipal'`.
   */
  public slot<T>(key: string, init: () => T): T {
    if (!this.slots.has(key)) this.slots.set(key, init());
    return this.slots.get(key) as T;
  }

  /** The slot named `key` if it was created. */
  public peek<T>(key: string): T | undefined {
    return this.slots.get(key) as T | undefined;
  }
}
