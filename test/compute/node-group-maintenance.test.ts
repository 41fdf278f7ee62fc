import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  AddonType, Cluster, KubernetesVersion, NodeGroupAmiType, NodeGroupOptions, NodeGroupUpdateStrategy, NodeMonitoringCondition,
  NodeRepairAction, WarmPoolState,
} from '../../lib';
import { nodeRepairProblems, renderNodeRepair, warmPoolProblems } from '../../lib/compute/node-group-maintenance-rules';
import { testApp } from '../validated-synth';

function fixture() {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, outputConfigCommand: false });
  return { stack, cluster };
}

function nodegroupProps(options: NodeGroupOptions): Record<string, any> {
  const { stack, cluster } = fixture();
  cluster.addNodeGroup('Nodes', options);
  const groups = Template.fromStack(stack).findResources('AWS::EKS::Nodegroup');
  return Object.values(groups)[0].Properties;
}

const tokenNumber = () => Token.asNumber(Lazy.number({ produce: () => 3 }));

describe('warm pools', () => {
  test('render as WarmPoolConfig, enabled unless said otherwise, with the registry schema’s upper-case pool state', () => {
    // WHEN
    const props = nodegroupProps({ warmPool: { minSize: 1, maxGroupPreparedCapacity: 4, poolState: WarmPoolState.STOPPED, reuseOnScaleIn: true } });
    // THEN
    expect(props.WarmPoolConfig).toEqual({ Enabled: true, MinSize: 1, MaxGroupPreparedCapacity: 4, PoolState: 'STOPPED', ReuseOnScaleIn: true });
  });

  test('no warm pool by default; enabled: false renders a removal', () => {
    expect(nodegroupProps({}).WarmPoolConfig).toBeUndefined();
    expect(nodegroupProps({ warmPool: { enabled: false } }).WarmPoolConfig).toEqual({ Enabled: false });
  });

  test('Bottlerocket cannot hibernate or reuse instances on scale-in (EKS User Guide, warm pool considerations)', () => {
    expect(warmPoolProblems({ poolState: WarmPoolState.HIBERNATED }, NodeGroupAmiType.BOTTLEROCKET_X86_64))
      .toEqual([expect.stringMatching(/'warmPool.poolState' is HIBERNATED.*Bottlerocket \(BOTTLEROCKET_x86_64\); use STOPPED or RUNNING/)]);
    expect(warmPoolProblems({ reuseOnScaleIn: true }, NodeGroupAmiType.BOTTLEROCKET_ARM_64))
      .toEqual([expect.stringMatching(/'warmPool.reuseOnScaleIn' is true/)]);
    // AL2023 may do both; a removal is never refused.
    expect(warmPoolProblems({ poolState: WarmPoolState.HIBERNATED, reuseOnScaleIn: true }, NodeGroupAmiType.AL2023_X86_64_STANDARD)).toEqual([]);
    expect(warmPoolProblems({ enabled: false, poolState: WarmPoolState.HIBERNATED }, NodeGroupAmiType.BOTTLEROCKET_X86_64)).toEqual([]);
  });

  test('custom AMIs cannot have warm pools', () => {
    expect(warmPoolProblems({}, NodeGroupAmiType.CUSTOM)).toEqual([expect.stringMatching(/EKS optimized AMIs only/)]);
  });

  test('sizes follow the registry schema (MinSize ≥ 0, MaxGroupPreparedCapacity ≥ -1); tokens pass', () => {
    expect(warmPoolProblems({ minSize: -1, maxGroupPreparedCapacity: -2 }, NodeGroupAmiType.AL2023_X86_64_STANDARD)).toEqual([
      "'warmPool.minSize' is -1; use a whole number of at least 0",
      "'warmPool.maxGroupPreparedCapacity' is -2; use a whole number of at least -1",
    ]);
    expect(warmPoolProblems({ minSize: 0, maxGroupPreparedCapacity: -1 }, NodeGroupAmiType.AL2023_X86_64_STANDARD)).toEqual([]);
    expect(warmPoolProblems({ minSize: tokenNumber(), maxGroupPreparedCapacity: tokenNumber() }, NodeGroupAmiType.AL2023_X86_64_STANDARD)).toEqual([]);
  });

  test('a refused warm pool is a synth error naming the group', () => {
    const { cluster } = fixture();
    expect(() => cluster.addNodeGroup('Nodes', {
      amiType: NodeGroupAmiType.BOTTLEROCKET_X86_64, warmPool: { poolState: WarmPoolState.HIBERNATED },
    })).toThrow(/Stack\/Cluster\/Nodes: 'warmPool.poolState' is HIBERNATED.*\[NodeGroupWarmPool\]/);
  });
});

describe('node repair', () => {
  const override = {
    condition: NodeMonitoringCondition.ACCELERATED_HARDWARE_READY, reason: 'NvidiaXID31Error',
    minRepairWaitTime: Duration.minutes(15), action: NodeRepairAction.NO_ACTION,
  };

  test('renders thresholds, parallelism and overrides as NodeRepairConfig', () => {
    const props = nodegroupProps({
      nodeRepair: { maxUnhealthyNodeThresholdPercentage: 10, maxParallelNodesRepairedCount: 3, overrides: [override] },
    });
    expect(props.NodeRepairConfig).toEqual({
      Enabled: true,
      MaxUnhealthyNodeThresholdPercentage: 10,
      MaxParallelNodesRepairedCount: 3,
      NodeRepairConfigOverrides: [{
        NodeMonitoringCondition: 'AcceleratedHardwareReady', NodeUnhealthyReason: 'NvidiaXID31Error', MinRepairWaitTimeMins: 15, RepairAction: 'NoAction',
      }],
    });
  });

  test('enableNodeAutoRepair keeps rendering as before, and cannot be combined with nodeRepair', () => {
    expect(nodegroupProps({ enableNodeAutoRepair: true }).NodeRepairConfig).toEqual({ Enabled: true });
    const { cluster } = fixture();
    expect(() => cluster.addNodeGroup('Nodes', { enableNodeAutoRepair: true, nodeRepair: {} }))
      .toThrow(/'enableNodeAutoRepair' and 'nodeRepair' are both set.*\[NodeGroupNodeRepair\]/);
  });

  test('a count and a percentage of the same limit are exclusive; counts ≥ 1, percentages 1–100', () => {
    expect(nodeRepairProblems({ maxUnhealthyNodeThresholdCount: 2, maxUnhealthyNodeThresholdPercentage: 10 }))
      .toEqual(["'nodeRepair.maxUnhealthyNodeThresholdCount' and 'nodeRepair.maxUnhealthyNodeThresholdPercentage' are both set; EKS accepts one of them"]);
    expect(nodeRepairProblems({ maxParallelNodesRepairedCount: 0, maxUnhealthyNodeThresholdPercentage: 101 })).toEqual([
      "'nodeRepair.maxUnhealthyNodeThresholdPercentage' is 101; use a whole number from 1 to 100",
      "'nodeRepair.maxParallelNodesRepairedCount' is 0; use a whole number of at least 1",
    ]);
    expect(nodeRepairProblems({ maxParallelNodesRepairedPercentage: 2.5 })).toEqual([expect.stringMatching(/is 2.5; use a whole number from 1 to 100/)]);
    expect(nodeRepairProblems({ maxParallelNodesRepairedCount: tokenNumber(), maxUnhealthyNodeThresholdPercentage: tokenNumber() })).toEqual([]);
  });

  test('overrides wait whole minutes (≥ 1), name a reason, and each condition/reason pair once', () => {
    expect(nodeRepairProblems({ overrides: [{ ...override, minRepairWaitTime: Duration.seconds(90) }] }))
      .toEqual(["'nodeRepair.overrides[0]'.minRepairWaitTime is 1 minute 30 seconds; use whole minutes, at least Duration.minutes(1)"]);
    expect(nodeRepairProblems({ overrides: [{ ...override, reason: ' ' }] })).toEqual([expect.stringMatching(/reason is empty/)]);
    expect(nodeRepairProblems({ overrides: [override, { ...override, action: NodeRepairAction.REPLACE }] }))
      .toEqual([expect.stringMatching(/'nodeRepair.overrides\[1\]' repeats condition AcceleratedHardwareReady with reason NvidiaXID31Error/)]);
    expect(nodeRepairProblems({ overrides: [{ ...override, minRepairWaitTime: Duration.minutes(tokenNumber()), reason: Lazy.string({ produce: () => 'x' }) }] })).toEqual([]);
    expect(renderNodeRepair({ enabled: false }).enabled).toBe(false);
  });

  test('agent-reported conditions without the eks-node-monitoring-agent add-on warn; with it, or for Ready, they do not', () => {
    // GIVEN
    const { stack, cluster } = fixture();
    cluster.addNodeGroup('Gpu', { nodeRepair: { overrides: [override] } });
    cluster.addNodeGroup('Plain', {
      nodeRepair: { overrides: [{ ...override, condition: NodeMonitoringCondition.READY, reason: 'KubeletNotReady' }] },
    });
    // THEN
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('eks-node-monitoring-agent'));
    expect(warnings.map((w) => w.id)).toEqual(['/Stack/Cluster/Gpu']);

    const other = fixture();
    other.cluster.addNodeGroup('Gpu', { nodeRepair: { overrides: [override] } });
    other.cluster.addAddon('NodeMonitoringAgent', AddonType.custom('eks-node-monitoring-agent'), { version: 'v1.4.0-eksbuild.1' });
    Annotations.fromStack(other.stack).hasNoWarning('*', Match.stringLikeRegexp('eks-node-monitoring-agent'));
  });

  test('repair on Windows nodes warns that EKS repairs Linux nodes only', () => {
    const { stack, cluster } = fixture();
    cluster.addNodeGroup('Win', {
      amiType: NodeGroupAmiType.WINDOWS_CORE_2022_X86_64, instanceTypes: [new ec2.InstanceType('m7i.large')], enableNodeAutoRepair: true,
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Cluster/Win', Match.stringLikeRegexp('available on Linux only'));
  });
});

describe('update strategy', () => {
  test('MINIMAL alone comes with EKS’s default of one node at a time, stated explicitly', () => {
    expect(nodegroupProps({ updateStrategy: NodeGroupUpdateStrategy.MINIMAL }).UpdateConfig).toEqual({ MaxUnavailable: 1, UpdateStrategy: 'MINIMAL' });
  });

  test('with a percentage it keeps the percentage only', () => {
    expect(nodegroupProps({ updateStrategy: NodeGroupUpdateStrategy.DEFAULT, maxUnavailablePercentage: 25 }).UpdateConfig)
      .toEqual({ MaxUnavailablePercentage: 25, UpdateStrategy: 'DEFAULT' });
  });

  test('no UpdateConfig when nothing is set (templates of existing groups do not change)', () => {
    expect(nodegroupProps({}).UpdateConfig).toBeUndefined();
  });
});
