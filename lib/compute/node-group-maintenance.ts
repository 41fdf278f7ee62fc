import type { Duration } from 'aws-cdk-lib';

/**
 * The state warm-pool instances wait in (`WarmPoolConfig.PoolState`).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/warm-pools-managed-node-groups.html
 */
export enum WarmPoolState {
  /** Stopped instances: only their EBS volumes are billed. EKS's default. */
  STOPPED = 'STOPPED',
  /** Running instances: fastest to join, billed as running instances. */
  RUNNING = 'RUNNING',
  /**
   * Hibernated instances (memory saved to the root volume). Only instance types that support
   * hibernation; not with Bottlerocket AMIs.
   */
  HIBERNATED = 'HIBERNATED',
}

/**
 * A native EC2 Auto Scaling warm pool of a managed node group (`WarmPoolConfig`): instances
 * that have already booted wait in the pool and join the cluster quickly on scale-out.
 *
 * EKS rules (checked at synth): EKS optimized AMIs only (no custom AMI); with Bottlerocket
 * neither `HIBERNATED` nor `reuseOnScaleIn`.
 *
 * Removing this setting from a node group leaves EKS's current warm pool in place (EKS keeps
 * the value of a field an update omits): deploy once with `enabled: false` to remove it.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/warm-pools-managed-node-groups.html
 */
export interface NodeGroupWarmPool {
  /**
   * Whether the warm pool exists; `false` removes one that was created earlier.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Instances kept in the warm pool at least (AWS suggests starting at 10–20% of peak).
   * @default 0
   */
  readonly minSize?: number;
  /**
   * The most instances in the warm pool and the node group together; `-1` means the node
   * group's `maxSize`.
   * @default - EC2 Auto Scaling's default: the group's maximum size
   */
  readonly maxGroupPreparedCapacity?: number;
  /**
   * The state instances wait in.
   * @default WarmPoolState.STOPPED
   */
  readonly poolState?: WarmPoolState;
  /**
   * Return instances to the warm pool on scale-in instead of terminating them (not with
   * Bottlerocket AMIs).
   * @default false
   */
  readonly reuseOnScaleIn?: boolean;
}

/** What node auto repair does when an override matches (`RepairAction`). */
export enum NodeRepairAction {
  /** Terminate the node and let the group replace it. */
  REPLACE = 'Replace',
  /** Reboot the node (managed node groups only). */
  REBOOT = 'Reboot',
  /** Do nothing for this condition and reason. */
  NO_ACTION = 'NoAction',
}

/**
 * A node condition reported by the kubelet or the EKS node monitoring agent
 * (`NodeMonitoringCondition` of a repair override). Use a constant, or `of()` for a
 * condition newer than this release of the library.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/node-health.html
 */
export class NodeMonitoringCondition {
  /** GPU or Neuron hardware health (node monitoring agent). */
  public static readonly ACCELERATED_HARDWARE_READY = new NodeMonitoringCondition('AcceleratedHardwareReady');
  /** containerd and the kubelet (node monitoring agent). */
  public static readonly CONTAINER_RUNTIME_READY = new NodeMonitoringCondition('ContainerRuntimeReady');
  /** Kernel errors and resource exhaustion (node monitoring agent). */
  public static readonly KERNEL_READY = new NodeMonitoringCondition('KernelReady');
  /** Interfaces, routing and the VPC CNI (node monitoring agent). */
  public static readonly NETWORKING_READY = new NodeMonitoringCondition('NetworkingReady');
  /** Disks, file systems and I/O (node monitoring agent). */
  public static readonly STORAGE_READY = new NodeMonitoringCondition('StorageReady');
  /** The kubelet's own `Ready` condition. */
  public static readonly READY = new NodeMonitoringCondition('Ready');
  /** The kubelet's `DiskPressure` condition (not repaired unless overridden). */
  public static readonly DISK_PRESSURE = new NodeMonitoringCondition('DiskPressure');
  /** The kubelet's `MemoryPressure` condition (not repaired unless overridden). */
  public static readonly MEMORY_PRESSURE = new NodeMonitoringCondition('MemoryPressure');

  /** A condition by name, e.g. `NodeMonitoringCondition.of('NetworkingReady')`. */
  public static of(name: string): NodeMonitoringCondition {
    return new NodeMonitoringCondition(name);
  }

  /** The condition type as EKS names it. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** Whether only the node monitoring agent reports this condition (not the kubelet itself). */
  public get reportedByAgent(): boolean {
    return !KUBELET_CONDITIONS.includes(this.name);
  }
}

const KUBELET_CONDITIONS = ['Ready', 'DiskPressure', 'MemoryPressure', 'PIDPressure'];

/**
 * A repair override: for nodes whose `condition` has been unhealthy for `reason` at least
 * `minRepairWaitTime`, take `action` instead of EKS's default.
 */
export interface NodeRepairOverride {
  /** The node condition. */
  readonly condition: NodeMonitoringCondition;
  /** The reason the node monitoring agent reports, e.g. `NvidiaXID31Error` or `IPAMDNotRunning`. */
  readonly reason: string;
  /** How long the condition must last before the node is repaired (whole minutes, at least 1). */
  readonly minRepairWaitTime: Duration;
  /** What to do. */
  readonly action: NodeRepairAction;
}

/**
 * Node auto repair of a managed node group (`NodeRepairConfig`), with its safety limits.
 * Each pair (threshold, parallelism) takes a count or a percentage, not both.
 *
 * Without the `eks-node-monitoring-agent` add-on only the kubelet's `Ready` condition (and
 * deleted nodes) trigger repairs; with it also kernel, networking, storage, container-runtime
 * and accelerator conditions. Linux nodes only.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/node-repair.html
 */
export interface NodeGroupRepairOptions {
  /**
   * Whether node auto repair is on.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Repairs stop while more than this many nodes are unhealthy (at least 1).
   * @default - EKS's default: repairs stop when the group has more than 5 nodes and more than 20% are unhealthy
   */
  readonly maxUnhealthyNodeThresholdCount?: number;
  /**
   * Repairs stop while more than this percentage of nodes is unhealthy (1–100).
   * @default - EKS's default (20%)
   */
  readonly maxUnhealthyNodeThresholdPercentage?: number;
  /**
   * The most nodes repaired at the same time (at least 1).
   * @default - EKS's default
   */
  readonly maxParallelNodesRepairedCount?: number;
  /**
   * The most nodes repaired at the same time, as a percentage of the unhealthy nodes (1–100).
   * @default - EKS's default
   */
  readonly maxParallelNodesRepairedPercentage?: number;
  /**
   * Per-condition overrides of the repair action and wait time.
   * @default - EKS's defaults (replace after 30 minutes; accelerator conditions after 10)
   */
  readonly overrides?: NodeRepairOverride[];
}

/**
 * How a managed node group replaces nodes during a version or launch-template update
 * (`UpdateConfig.UpdateStrategy`).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html
 */
export enum NodeGroupUpdateStrategy {
  /** New nodes first, then the old ones are drained and terminated (capacity never drops). EKS's default. */
  DEFAULT = 'DEFAULT',
  /**
   * Old nodes are drained and terminated first, then replaced, so capacity never exceeds the
   * group's size (scarce or costly instances such as GPUs). Capacity drops during the update.
   */
  MINIMAL = 'MINIMAL',
}
