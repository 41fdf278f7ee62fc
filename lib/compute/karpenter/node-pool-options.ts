import type { Duration, Size } from 'aws-cdk-lib';
import type { NodeTaint } from '../node-taint';
import type { NodeRequirement } from './node-requirement';

/**
 * A wait or lifetime of a node pool that may also be `Never` (Karpenter's duration strings).
 */
export class NodePoolDuration {
  /** Never: nodes do not expire, or underutilized nodes are not consolidated. */
  public static readonly NEVER = new NodePoolDuration(undefined);

  /** A duration, rendered as a Go duration string such as `720h` or `1m30s`. */
  public static of(duration: Duration): NodePoolDuration {
    return new NodePoolDuration(duration);
  }

  /** The duration; undefined for NEVER. */
  public readonly duration?: Duration;

  private constructor(duration: Duration | undefined) {
    this.duration = duration;
  }
}

/**
 * Which nodes consolidation may remove or replace (`disruption.consolidationPolicy`).
 *
 * @see https://karpenter.sh/docs/concepts/disruption/#consolidation
 */
export enum ConsolidationPolicy {
  /** Only empty nodes (no pods but DaemonSets). */
  WHEN_EMPTY = 'WhenEmpty',
  /** Empty nodes and nodes whose pods fit elsewhere (the default of Karpenter and Auto Mode). */
  WHEN_EMPTY_OR_UNDERUTILIZED = 'WhenEmptyOrUnderutilized',
  /** Like WHEN_EMPTY_OR_UNDERUTILIZED, but only when the saving outweighs the disruption (Karpenter 1.14 CRDs). */
  BALANCED = 'Balanced',
}

/** A reason for disrupting nodes that a disruption budget can be limited to. */
export enum DisruptionReason {
  /** Consolidation of underutilized nodes. */
  UNDERUTILIZED = 'Underutilized',
  /** Removal of empty nodes. */
  EMPTY = 'Empty',
  /** Replacement of nodes that drifted from the pool or node class (e.g. a new AMI). */
  DRIFTED = 'Drifted',
}

/**
 * A limit on how many nodes of the pool may be disrupted at once, optionally only in a
 * time window and for some reasons. Several active budgets: the most restrictive wins.
 */
export interface DisruptionBudget {
  /** Nodes that may be disrupted at once: a count (`'2'`) or a percentage (`'10%'`); `'0'` blocks disruption. */
  readonly nodes: string;
  /**
   * When the budget starts to apply, as a cron expression in UTC (e.g. `'0 9 * * mon-fri'`)
   * or a macro such as `'@daily'`; requires `duration`.
   * @default - always active
   */
  readonly schedule?: string;
  /**
   * How long the budget applies after each `schedule` hit (whole minutes); requires `schedule`.
   * @default - always active
   */
  readonly duration?: Duration;
  /**
   * The disruption reasons the budget limits.
   * @default - all reasons
   */
  readonly reasons?: DisruptionReason[];
}

/** How Karpenter or Auto Mode may remove and replace the pool's nodes (`spec.disruption`). */
export interface NodePoolDisruption {
  /**
   * Which nodes consolidation considers.
   * @default ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED
   */
  readonly consolidationPolicy?: ConsolidationPolicy;
  /**
   * How long a node must be empty or underutilized before it is consolidated.
   * @default NodePoolDuration.of(Duration.seconds(0)) (Karpenter's default)
   */
  readonly consolidateAfter?: NodePoolDuration;
  /**
   * Disruption budgets (at most 50).
   * @default - one budget of 10% of the nodes
   */
  readonly budgets?: DisruptionBudget[];
}

/** Upper bounds on what the pool may provision in total (`spec.limits`). */
export interface NodePoolLimits {
  /**
   * Total vCPUs of the pool's nodes.
   * @default - no limit
   */
  readonly cpu?: number;
  /**
   * Total memory of the pool's nodes.
   * @default - no limit
   */
  readonly memory?: Size;
  /**
   * Number of nodes (the only limit a static pool accepts).
   * @default - no limit
   */
  readonly nodes?: number;
  /**
   * Other resources as Kubernetes quantities, e.g. `{ 'nvidia.com/gpu': '8' }`.
   * @default - none
   */
  readonly resources?: { [resource: string]: string };
}

/**
 * The settings of a node pool (karpenter.sh/v1 `NodePool`), shared by self-managed Karpenter
 * and EKS Auto Mode.
 *
 * @see https://karpenter.sh/docs/concepts/nodepools/
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html
 */
export interface NodePoolOptions {
  /**
   * The NodePool's Kubernetes name (a DNS subdomain). Renaming creates a new pool and removes
   * the old one, whose nodes are drained.
   */
  readonly name: string;
  /**
   * Which instances the pool may launch; ANDed (at most 100).
   * @default - none: any instance type the node class allows, On-Demand, amd64 (the defaults
   * Karpenter and Auto Mode apply)
   */
  readonly requirements?: NodeRequirement[];
  /**
   * Labels of the pool's nodes.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the pool's nodes.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Taints of the pool's nodes; only pods that tolerate them are scheduled there.
   * @default - none
   */
  readonly taints?: NodeTaint[];
  /**
   * Taints present only while a node starts, expected to be removed by a DaemonSet.
   * @default - none
   */
  readonly startupTaints?: NodeTaint[];
  /**
   * How long a node lives before it is replaced. EKS Auto Mode allows at most 21 days.
   * @default - Karpenter: 720 hours; Auto Mode: 336 hours
   */
  readonly expireAfter?: NodePoolDuration;
  /**
   * How long draining a node may take before its pods are deleted (bypassing PDBs).
   * @default - Karpenter: no limit; Auto Mode: 24 hours
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Upper bounds on the pool's total resources.
   * @default - no limits
   */
  readonly limits?: NodePoolLimits;
  /**
   * Consolidation and disruption budgets.
   * @default - consolidate empty or underutilized nodes at once; one 10% budget
   */
  readonly disruption?: NodePoolDisruption;
  /**
   * Priority among pools that fit a pod (1–100; higher first). Not with `replicas`.
   * @default - 0 (unweighted)
   */
  readonly weight?: number;
  /**
   * A static pool: keep exactly this many nodes regardless of pods (only `limits.nodes` and
   * no `weight`; consolidation does not apply). A pool cannot switch between static and
   * dynamic later: changing this to or from undefined is rejected by the cluster at deploy.
   * @default - a dynamic pool that scales with pending pods
   * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-static-capacity.html
   */
  readonly replicas?: number;
  /**
   * Raw fields merged over the rendered `spec` (objects merge key by key), for NodePool
   * fields the typed options do not cover.
   * @default - none
   */
  readonly additionalSpec?: { [key: string]: any };
}
