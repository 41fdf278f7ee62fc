/**
 * The effect of a node taint.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export enum TaintEffect {
  /** Pods without a matching toleration are not scheduled on the node. */
  NO_SCHEDULE = 'NO_SCHEDULE',
  /** The scheduler tries to avoid the node for pods without a matching toleration. */
  PREFER_NO_SCHEDULE = 'PREFER_NO_SCHEDULE',
  /** Pods without a matching toleration are not scheduled and running ones are evicted. */
  NO_EXECUTE = 'NO_EXECUTE',
}

/** A Kubernetes taint put on every node of a group. */
export interface NodeTaint {
  /** The taint key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
  readonly key: string;
  /**
   * The taint value (at most 63 characters of a label value).
   * @default - no value
   */
  readonly value?: string;
  /** The taint effect. */
  readonly effect: TaintEffect;
}
