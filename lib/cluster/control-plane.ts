import type { Duration } from 'aws-cdk-lib';

/**
 * The EKS Provisioned Control Plane tier: capacity reserved for the control plane instead of
 * scaling on demand. Every tier above `STANDARD` is billed per hour.
 *
 * Use a constant, or `ControlPlaneScalingTier.of('tier-16xl')` for a tier newer than this
 * release of the library.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/eks-provisioned-control-plane.html
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_ControlPlaneScalingConfig.html
 */
export class ControlPlaneScalingTier {
  /** The standard control plane, scaled by EKS on demand (no extra charge). */
  public static readonly STANDARD = new ControlPlaneScalingTier('standard');
  /** Provisioned tier XL. */
  public static readonly TIER_XL = new ControlPlaneScalingTier('tier-xl');
  /** Provisioned tier 2XL. */
  public static readonly TIER_2XL = new ControlPlaneScalingTier('tier-2xl');
  /** Provisioned tier 4XL. */
  public static readonly TIER_4XL = new ControlPlaneScalingTier('tier-4xl');
  /** Provisioned tier 8XL. */
  public static readonly TIER_8XL = new ControlPlaneScalingTier('tier-8xl');

  /** A tier by the value the EKS API expects, e.g. `tier-xl`. */
  public static of(tier: string): ControlPlaneScalingTier {
    return new ControlPlaneScalingTier(tier);
  }

  /** The value EKS expects (`ControlPlaneScalingConfig.Tier`). */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }

  public toString(): string {
    return this.value;
  }
}

/**
 * Which network path the Kubernetes API server uses for the calls it makes itself (admission
 * webhooks, OIDC discovery, aggregated API servers).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-egress.html
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html
 */
export class ControlPlaneEgressMode {
  /** EKS manages the egress path (the EKS default). */
  public static readonly AWS_MANAGED = new ControlPlaneEgressMode('AWS_MANAGED');
  /**
   * The API server's egress leaves through its network interfaces in the control-plane subnets,
   * so your route tables, NAT gateways, firewalls, security groups and VPC endpoints decide what
   * it can reach. One-way: EKS does not let a cluster go back to AWS_MANAGED.
   */
  public static readonly CUSTOMER_ROUTED = new ControlPlaneEgressMode('CUSTOMER_ROUTED');

  /** A mode by the value the EKS API expects. */
  public static of(mode: string): ControlPlaneEgressMode {
    return new ControlPlaneEgressMode(mode);
  }

  /** The value EKS expects (`ResourcesVpcConfig.ControlPlaneEgressMode`). */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }

  public toString(): string {
    return this.value;
  }
}

/**
 * How the scheduler's NodeResourcesFit plugin scores nodes.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_ScoringStrategy.html
 */
export enum SchedulerScoringType {
  /** Prefer the least allocated nodes: spreads pods (the Kubernetes default). */
  LEAST_ALLOCATED = 'LeastAllocated',
  /** Prefer the most allocated nodes: bin-packs pods so that empty nodes can be removed. */
  MOST_ALLOCATED = 'MostAllocated',
}

/** The port range of NodePort Services. */
export interface NodePortRange {
  /** The lowest port (1–65535). */
  readonly minPort: number;
  /** The highest port (1–65535, not below `minPort`). */
  readonly maxPort: number;
}

/**
 * Settings of the Kubernetes API server (`KubeApiServerConfig`); Kubernetes 1.31 or later.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_KubeApiServerConfigRequest.html
 */
export interface KubeApiServerSettings {
  /**
   * How long Kubernetes events are kept (`EventTtl`), sent in one unit (`90m`, `2h`, `45s`).
   * @default - the EKS default for the version
   */
  readonly eventTtl?: Duration;
  /**
   * The port range of NodePort Services (`ServiceNodePortRange`).
   * @default - the EKS default (30000–32767)
   */
  readonly serviceNodePortRange?: NodePortRange;
}

/**
 * Settings of the Kubernetes scheduler (`KubeSchedulerConfig`); Kubernetes 1.31 or later.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_ScoringStrategy.html
 */
export interface KubeSchedulerSettings {
  /**
   * The NodeResourcesFit scoring strategy.
   * @default - the EKS default (LeastAllocated)
   */
  readonly scoringStrategy?: SchedulerScoringType;
  /**
   * Weights (1–100) of the resources the strategy scores, by resource name, e.g.
   * `{ cpu: 1, memory: 1 }` or `{ 'nvidia.com/gpu': 10 }`; at most 100 entries.
   * @default - the EKS default (cpu and memory, weight 1 each)
   */
  readonly resourceWeights?: { [resourceName: string]: number };
}

/**
 * Settings of the Kubernetes controller manager (`KubeControllerManagerConfig`); Kubernetes
 * 1.31 or later.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_PodGcControllerConfig.html
 */
export interface KubeControllerManagerSettings {
  /**
   * How many terminated pods may exist before the pod garbage collector deletes them
   * (`PodGcControllerConfig.TerminatedPodGcThreshold`).
   * @default - the EKS default for the version
   */
  readonly terminatedPodGcThreshold?: number;
  /**
   * How often the horizontal pod autoscaler re-evaluates its targets
   * (`HorizontalPodAutoscalerControllerConfig.HorizontalPodAutoscalerSyncPeriod`), sent in one unit.
   * @default - the EKS default (15 seconds)
   */
  readonly horizontalPodAutoscalerSyncPeriod?: Duration;
}

/**
 * Control-plane options of a {@link Cluster} (`controlPlane` prop). None of them replaces the
 * cluster when changed; each change is a separate cluster update (EKS runs one update of a
 * cluster at a time, so change one of them per deployment).
 */
export interface ControlPlaneOptions {
  /**
   * Let Amazon Application Recovery Controller shift traffic away from an impaired
   * Availability Zone (zonal shift and zonal autoshift, `ZonalShiftConfig.Enabled`).
   * @default - off (EKS default)
   * @see https://docs.aws.amazon.com/eks/latest/userguide/zone-shift.html
   */
  readonly zonalShift?: boolean;
  /**
   * The Provisioned Control Plane tier (`ControlPlaneScalingConfig.Tier`). Tiers above
   * STANDARD are billed per hour.
   * @default - ControlPlaneScalingTier.STANDARD (EKS default)
   */
  readonly scalingTier?: ControlPlaneScalingTier;
  /**
   * How long a version rollback may run before EKS cancels it (`RollbackConfig.TimeoutMinutes`,
   * whole minutes from 2 hours to 7 days). A rollback returns the control plane (and Auto Mode
   * nodes) to the previous minor version within 7 days of an in-place upgrade; add-ons and
   * node groups are not rolled back.
   * @default - 12 hours (EKS default)
   * @see https://docs.aws.amazon.com/eks/latest/userguide/rollback-cluster.html
   */
  readonly rollbackTimeout?: Duration;
  /**
   * Upgrade the Kubernetes version even when EKS upgrade insights report blocking findings
   * (`Force`). Set it only for the deployment that must push through a known finding, then
   * remove it: it skips the readiness checks that protect workloads from removed APIs.
   * @default false
   * @see https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html
   */
  readonly forceUpgrade?: boolean;
  /**
   * The egress path of the API server's own calls (`ResourcesVpcConfig.ControlPlaneEgressMode`).
   * CUSTOMER_ROUTED cannot be undone on the same cluster, and the control-plane subnets need a
   * route (NAT gateway, transit gateway, firewall) to everything the API server calls.
   * @default - ControlPlaneEgressMode.AWS_MANAGED (EKS default)
   */
  readonly egressMode?: ControlPlaneEgressMode;
  /**
   * Kubernetes API server settings (Kubernetes 1.31 or later).
   * @default - EKS defaults
   */
  readonly apiServer?: KubeApiServerSettings;
  /**
   * Kubernetes scheduler settings (Kubernetes 1.31 or later).
   * @default - EKS defaults
   */
  readonly scheduler?: KubeSchedulerSettings;
  /**
   * Kubernetes controller manager settings (Kubernetes 1.31 or later).
   * @default - EKS defaults
   */
  readonly controllerManager?: KubeControllerManagerSettings;
}
