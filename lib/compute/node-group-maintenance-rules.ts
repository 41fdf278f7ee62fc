import { Token } from 'aws-cdk-lib';
import type { CfnNodegroup } from 'aws-cdk-lib/aws-eks';
import type { NodeGroupAmiType } from './ami-type';
import { NodeGroupRepairOptions, NodeGroupWarmPool, WarmPoolState } from './node-group-maintenance';

// The rules below come from the EKS User Guide ("Warm pools", "Automatic node repair") and
// the AWS::EKS::Nodegroup registry schema (WarmPoolConfig.MaxGroupPreparedCapacity ≥ -1,
// MinSize ≥ 0, PoolState STOPPED|RUNNING|HIBERNATED; NodeRepairConfig counts ≥ 1,
// percentages 1–100, override MinRepairWaitTimeMins ≥ 1, RepairAction Replace|Reboot|NoAction).

const known = (n: number | undefined): n is number => n !== undefined && !Token.isUnresolved(n);

function wholeNumberProblem(name: string, value: number | undefined, min: number, max?: number): string | undefined {
  if (!known(value)) return undefined;
  if (Number.isInteger(value) && value >= min && (max === undefined || value <= max)) return undefined;
  return `'${name}' is ${value}; use a whole number ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}`;
}

/**
 * Problems of a warm pool for a node group with `amiType`.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/warm-pools-managed-node-groups.html#warm-pools-considerations
 */
export function warmPoolProblems(pool: NodeGroupWarmPool, amiType: NodeGroupAmiType): string[] {
  const problems: string[] = [];
  for (const p of [
    wholeNumberProblem('warmPool.minSize', pool.minSize, 0),
    wholeNumberProblem('warmPool.maxGroupPreparedCapacity', pool.maxGroupPreparedCapacity, -1),
  ]) if (p) problems.push(p);
  if (pool.enabled === false) return problems;
  if (amiType.family === 'CUSTOM') {
    problems.push("'warmPool' is set on a node group with a custom AMI; EKS warm pools support EKS optimized AMIs only. Use an EKS AMI type or remove 'warmPool'");
  }
  if (amiType.family === 'BOTTLEROCKET') {
    if (pool.poolState === WarmPoolState.HIBERNATED) {
      problems.push(`'warmPool.poolState' is HIBERNATED, which EKS does not support with Bottlerocket (${amiType.value}); use STOPPED or RUNNING`);
    }
    if (pool.reuseOnScaleIn === true) {
      problems.push(`'warmPool.reuseOnScaleIn' is true, which EKS does not support with Bottlerocket (${amiType.value}); remove it or use an AL2023 AMI type`);
    }
  }
  return problems;
}

/** The `WarmPoolConfig` of a warm pool. */
export function renderWarmPool(pool: NodeGroupWarmPool): CfnNodegroup.WarmPoolConfigProperty {
  return {
    enabled: pool.enabled ?? true,
    minSize: pool.minSize,
    maxGroupPreparedCapacity: pool.maxGroupPreparedCapacity,
    poolState: pool.poolState,
    reuseOnScaleIn: pool.reuseOnScaleIn,
  };
}

/**
 * Problems of a node repair configuration. Only counts and percentages the registry schema
 * bounds are checked; a condition or reason EKS does not know is only found at deploy time.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/node-repair.html#configure-node-repair-mng
 */
export function nodeRepairProblems(repair: NodeGroupRepairOptions): string[] {
  const problems: string[] = [];
  const pairs: Array<[string, number | undefined, string, number | undefined]> = [
    ['maxUnhealthyNodeThresholdCount', repair.maxUnhealthyNodeThresholdCount, 'maxUnhealthyNodeThresholdPercentage', repair.maxUnhealthyNodeThresholdPercentage],
    ['maxParallelNodesRepairedCount', repair.maxParallelNodesRepairedCount, 'maxParallelNodesRepairedPercentage', repair.maxParallelNodesRepairedPercentage],
  ];
  for (const [countName, count, percentName, percent] of pairs) {
    if (count !== undefined && percent !== undefined) {
      problems.push(`'nodeRepair.${countName}' and 'nodeRepair.${percentName}' are both set; EKS accepts one of them`);
    }
    const countProblem = wholeNumberProblem(`nodeRepair.${countName}`, count, 1);
    const percentProblem = wholeNumberProblem(`nodeRepair.${percentName}`, percent, 1, 100);
    if (countProblem) problems.push(countProblem);
    if (percentProblem) problems.push(percentProblem);
  }
  const seen = new Set<string>();
  for (const [i, o] of (repair.overrides ?? []).entries()) {
    const where = `'nodeRepair.overrides[${i}]'`;
    const minutes = o.minRepairWaitTime.toMinutes({ integral: false });
    if (!Token.isUnresolved(minutes) && (!Number.isInteger(minutes) || minutes < 1)) {
      problems.push(`${where}.minRepairWaitTime is ${o.minRepairWaitTime.toHumanString()}; use whole minutes, at least Duration.minutes(1)`);
    }
    if (!Token.isUnresolved(o.reason) && o.reason.trim() === '') {
      problems.push(`${where}.reason is empty; give the reason the node monitoring agent reports, e.g. 'NvidiaXID31Error'`);
    }
    if (!Token.isUnresolved(o.condition.name) && !Token.isUnresolved(o.reason)) {
      const key = `${o.condition.name}/${o.reason}`;
      if (seen.has(key)) problems.push(`${where} repeats condition ${o.condition.name} with reason ${o.reason}; give each pair one override`);
      seen.add(key);
    }
  }
  return problems;
}

/** The `NodeRepairConfig` of a repair configuration. */
export function renderNodeRepair(repair: NodeGroupRepairOptions): CfnNodegroup.NodeRepairConfigProperty {
  const overrides = repair.overrides ?? [];
  return {
    enabled: repair.enabled ?? true,
    maxUnhealthyNodeThresholdCount: repair.maxUnhealthyNodeThresholdCount,
    maxUnhealthyNodeThresholdPercentage: repair.maxUnhealthyNodeThresholdPercentage,
    maxParallelNodesRepairedCount: repair.maxParallelNodesRepairedCount,
    maxParallelNodesRepairedPercentage: repair.maxParallelNodesRepairedPercentage,
    nodeRepairConfigOverrides: overrides.length > 0 ? overrides.map((o) => ({
      nodeMonitoringCondition: o.condition.name,
      nodeUnhealthyReason: o.reason,
      minRepairWaitTimeMins: o.minRepairWaitTime.toMinutes(),
      repairAction: o.action,
    })) : undefined,
  };
}

/** Whether a repair configuration reacts to conditions only the node monitoring agent reports. */
export function needsNodeMonitoringAgent(repair: NodeGroupRepairOptions): boolean {
  return (repair.overrides ?? []).some((o) => !Token.isUnresolved(o.condition.name) && o.condition.reportedByAgent);
}
