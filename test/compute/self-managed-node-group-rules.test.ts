import { Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Cluster, KubernetesVersion, NodeAmiFamily, SelfManagedNodeGroup, SelfManagedNodeGroupOptions, TaintEffect } from '../../lib';
import { kubeletLabelProblems } from '../../lib/compute/labels-taints-rules';
import { autoscalerTemplateTags, rollingUpdateFloor } from '../../lib/compute/self-managed-node-group-rules';
import { testApp } from '../validated-synth';

function fixture() {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, outputConfigCommand: false });
  return { stack, cluster };
}

function asgOf(stack: Stack, group: SelfManagedNodeGroup): any {
  return Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(group.autoScalingGroup.node.defaultChild as any)];
}

describe('labels the kubelet refuses to set on its own node (kubelet --node-labels validation)', () => {
  test.each([
    ['node-role.kubernetes.io/worker', false],
    ['app.kubernetes.io/name', false],
    ['example.k8s.io/x', false],
    ['k8s.io/x', false],
    ['kubernetes.io/role', false],
    ['node.kubernetes.io/lifecycle', true],
    ['team.node.kubernetes.io/x', true],
    ['kubelet.kubernetes.io/x', true],
    ['topology.kubernetes.io/zone', true],
    ['node.kubernetes.io/instance-type', true],
    ['kubernetes.io/arch', true],
    ['example.com/role', true],
    ['role', true],
  ])('%s allowed: %s', (key, allowed) => {
    expect(kubeletLabelProblems({ [key]: 'x' })).toHaveLength(allowed ? 0 : 1);
  });

  test('a self-managed group with node-role.kubernetes.io/* is a synth error (AL2023 and Bottlerocket); a token key passes', () => {
    const { cluster } = fixture();
    expect(() => cluster.addSelfManagedNodeGroup('A', { labels: { 'node-role.kubernetes.io/worker': '' } }))
      .toThrow(/label key 'node-role.kubernetes.io\/worker' is in the kubernetes.io\/k8s.io namespace, which the kubelet refuses.*kubectl label node.*\[NodeGroupLabels\]/);
    expect(() => cluster.addSelfManagedNodeGroup('B', { amiFamily: NodeAmiFamily.BOTTLEROCKET, labels: { 'app.kubernetes.io/name': 'x' } }))
      .toThrow(/\[NodeGroupLabels\]/);
    expect(() => cluster.addSelfManagedNodeGroup('C', { labels: { [Token.asString({ Ref: 'K' })]: 'x', 'node.kubernetes.io/lifecycle': 'spot' } })).not.toThrow();
  });

  test('managed node groups may carry them (EKS sets labels, not the kubelet)', () => {
    const { cluster } = fixture();
    expect(() => cluster.addNodeGroup('Managed', { labels: { 'node-role.kubernetes.io/worker': 'true' } })).not.toThrow();
  });
});

describe('cluster-autoscaler node-template tags stay within 128 characters', () => {
  test('a label whose tag key would be too long is skipped, with a warning', () => {
    const long = `team.platform.example.com/${'a'.repeat(63)}`;
    const { tags, skipped } = autoscalerTemplateTags({ short: 'x', [long]: 'y' }, [{ key: 'dedicated', value: 'gpu', effect: TaintEffect.NO_SCHEDULE }]);
    expect(tags).toEqual({
      'k8s.io/cluster-autoscaler/node-template/label/short': 'x',
      'k8s.io/cluster-autoscaler/node-template/taint/dedicated': 'gpu:NoSchedule',
    });
    expect(skipped).toEqual([long]);
    expect(Object.keys(tags).every((k) => k.length <= 128)).toBe(true);

    const { stack, cluster } = fixture();
    const group = cluster.addSelfManagedNodeGroup('Nodes', { labels: { short: 'x', [long]: 'y' } });
    const tagKeys = (asgOf(stack, group).Properties.Tags as any[]).map((t) => t.Key);
    expect(tagKeys).toContain('k8s.io/cluster-autoscaler/node-template/label/short');
    expect(tagKeys.filter((k) => k.length > 128)).toEqual([]);
    Annotations.fromStack(stack).hasWarning('/Stack/Cluster/Nodes', Match.stringLikeRegexp('no cluster-autoscaler node-template tag for'));
  });
});

describe('rolling updates never take a group below its capacity', () => {
  test.each<[{ minSize: number; desiredSize?: number; maxSize: number }, number, boolean]>([
    [{ minSize: 1, maxSize: 3 }, 1, false],
    [{ minSize: 2, desiredSize: 4, maxSize: 6 }, 4, false],
    [{ minSize: 0, maxSize: 3 }, 0, false],
    [{ minSize: 1, maxSize: 1 }, 0, true],
    [{ minSize: 3, maxSize: 3 }, 2, true],
  ])('%j → MinInstancesInService %d (capped: %s)', (size, floor, capped) => {
    expect(rollingUpdateFloor(size)).toEqual({ minInstancesInService: floor, capped });
  });

  test('a one-node group: the replacement is launched first, Auto Scaling processes that interfere are suspended', () => {
    const { stack, cluster } = fixture();
    const group = cluster.addSelfManagedNodeGroup('One', { minSize: 1, maxSize: 2 });
    expect(asgOf(stack, group).UpdatePolicy.AutoScalingRollingUpdate).toEqual({
      MaxBatchSize: 1,
      MinInstancesInService: 1,
      SuspendProcesses: ['HealthCheck', 'ReplaceUnhealthy', 'AZRebalance', 'AlarmNotification', 'ScheduledActions'],
    });
  });

  test('minSize = maxSize warns that there is no room for a replacement; a token size is left to CloudFormation', () => {
    const { stack, cluster } = fixture();
    cluster.addSelfManagedNodeGroup('Fixed', { minSize: 2, maxSize: 2 });
    const token = cluster.addSelfManagedNodeGroup('Token', { minSize: Token.asNumber({ Ref: 'Min' }), maxSize: 4 });
    expect(asgOf(stack, token).UpdatePolicy.AutoScalingRollingUpdate.MinInstancesInService).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/Stack/Cluster/Fixed', Match.stringLikeRegexp("'maxSize' \\(2\\) leaves no room to launch a replacement"));
  });
});

describe('Spot maximum price', () => {
  const spotGroup = (options: SelfManagedNodeGroupOptions) => {
    const { stack, cluster } = fixture();
    return { stack, group: cluster.addSelfManagedNodeGroup('Spot', { instanceTypes: [new ec2.InstanceType('m7i.large'), new ec2.InstanceType('m6i.large')], ...options }) };
  };

  test('becomes SpotMaxPrice of the instances distribution', () => {
    const { stack, group } = spotGroup({ spot: { maxPrice: 0.05 } });
    expect(asgOf(stack, group).Properties.MixedInstancesPolicy.InstancesDistribution.SpotMaxPrice).toBe('0.05');
  });

  test('zero or negative is an error; a token passes', () => {
    expect(() => spotGroup({ spot: { maxPrice: 0 } })).toThrow(/'spot.maxPrice' is 0; give the highest price per instance hour in USD.*\[NodeGroupSpot\]/);
    expect(() => spotGroup({ spot: { maxPrice: Token.asNumber({ Ref: 'Price' }) } })).not.toThrow();
  });
});
