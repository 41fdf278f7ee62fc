import type { IConstruct } from 'constructs';

const STATE = Symbol.for('cdk-eks-kit.ClusterState');

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
