import { CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AddonIdentityMode, Cluster, FargateCluster, KubernetesVersion, NodeTerminationHandler, SelfManagedNodeGroup } from '../../lib';
import { testApp } from '../validated-synth';

const types = ['m7i.large', 'm6i.large'].map((t) => new ec2.InstanceType(t));

function fixture() {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, outputConfigCommand: false });
  return { stack, cluster };
}

const asgId = (stack: Stack, g: SelfManagedNodeGroup) => stack.getLogicalId(g.autoScalingGroup.node.defaultChild as CfnResource);

describe('a cluster with self-managed Spot groups gets one termination handler in queue mode', () => {
  let stack: Stack;
  let template: Template;
  let spot: SelfManagedNodeGroup;
  let spot2: SelfManagedNodeGroup;
  let onDemand: SelfManagedNodeGroup;
  let nth: NodeTerminationHandler;
  beforeAll(() => {
    // GIVEN two Spot groups and an On-Demand group
    let cluster: Cluster;
    ({ stack, cluster } = fixture());
    spot = cluster.addSelfManagedNodeGroup('Spot', { instanceTypes: types, spot: {} });
    spot2 = cluster.addSelfManagedNodeGroup('Spot2', { instanceTypes: types, spot: { maxPrice: 0.1 } });
    onDemand = cluster.addSelfManagedNodeGroup('OnDemand');
    nth = NodeTerminationHandler.of(cluster)!;
    template = Template.fromStack(stack);
  });

  test('an SSE-SQS queue with 5-minute retention that only accepts TLS', () => {
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 300 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        Match.objectLike({ Effect: 'Allow', Action: Match.arrayWith(['sqs:SendMessage']), Principal: { Service: 'events.amazonaws.com' } }),
      ]) },
    });
  });

  test('EventBridge rules for Spot interruptions, rebalance, state changes, scheduled changes and this cluster\'s ASG terminations', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map((r: any) => r.Properties);
    const queueArn = stack.resolve(nth.queue.queueArn);
    expect(rules.every((r) => r.Targets.length === 1 && JSON.stringify(r.Targets[0].Arn) === JSON.stringify(queueArn))).toBe(true);
    expect(rules.map((r) => r.EventPattern['detail-type'][0]).sort()).toEqual([
      'AWS Health Event', 'EC2 Instance Rebalance Recommendation', 'EC2 Instance State-change Notification',
      'EC2 Instance-terminate Lifecycle Action', 'EC2 Spot Instance Interruption Warning',
    ]);
    const asgRule = rules.find((r) => r.EventPattern.source[0] === 'aws.autoscaling');
    expect(asgRule.EventPattern.detail.AutoScalingGroupName).toEqual([{ Ref: asgId(stack, spot) }, { Ref: asgId(stack, spot2) }]);
    const health = rules.find((r) => r.EventPattern.source[0] === 'aws.health');
    expect(health.EventPattern.detail).toEqual({ service: ['EC2'], eventTypeCategory: ['scheduledChange'] });
  });

  test('each Spot group gets a termination lifecycle hook and the per-cluster managed tag; the On-Demand group neither', () => {
    const hooks = Object.values(template.findResources('AWS::AutoScaling::LifecycleHook')).map((h: any) => h.Properties);
    expect(hooks).toHaveLength(2);
    for (const hook of hooks) {
      expect(hook).toMatchObject({ LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING', DefaultResult: 'CONTINUE', HeartbeatTimeout: 300 });
      expect(hook.NotificationTargetARN).toBeUndefined();
    }
    expect(hooks.map((h) => h.AutoScalingGroupName.Ref).sort()).toEqual([asgId(stack, spot), asgId(stack, spot2)].sort());
    const tagsOf = (g: SelfManagedNodeGroup) => template.toJSON().Resources[asgId(stack, g)].Properties.Tags as any[];
    expect(nth.managedTag).toMatch(/^aws-node-termination-handler\/cdk-eks-kit-[0-9a-f]{12}$/);
    expect(tagsOf(spot)).toContainEqual({ Key: nth.managedTag, Value: 'true', PropagateAtLaunch: true });
    expect(tagsOf(onDemand).map((t) => t.Key)).not.toContain(nth.managedTag);
  });

  test('its role (Pod Identity, kube-system/aws-node-termination-handler) has the README policy, scoped to the queue and the groups', () => {
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'kube-system', ServiceAccount: 'aws-node-termination-handler' });
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p: any) => p.Properties)
      .filter((p) => JSON.stringify(p.Roles) === JSON.stringify([stack.resolve(nth.role.roleName)]));
    const statements = policies.flatMap((p) => p.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['sqs:DeleteMessage', 'sqs:ReceiveMessage'], Resource: stack.resolve(nth.queue.queueArn) }));
    expect(statements).toContainEqual(expect.objectContaining({
      Action: 'autoscaling:CompleteLifecycleAction',
      Resource: expect.arrayContaining([spot, spot2].map((g) => stack.resolve(g.autoScalingGroup.autoScalingGroupArn))),
    }));
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeTags', 'ec2:DescribeInstances'], Resource: '*',
    }));
  });

  test('the chart runs in queue mode with the queue URL, the region and the managed tag, after the nodes it runs on', () => {
    const [release] = Object.values(template.findResources('Custom::CdkEksKitHelmRelease')) as any[];
    expect(release.Properties).toMatchObject({
      Release: 'aws-node-termination-handler', Namespace: 'kube-system',
      Chart: 'oci://public.ecr.aws/aws-ec2/helm/aws-node-termination-handler', Version: '0.27.6', Wait: true,
    });
    const values = JSON.stringify(stack.resolve(release.Properties.Values));
    for (const fragment of ['enableSqsTerminationDraining\\":true', 'checkTagBeforeDraining\\":true', `managedTag\\":\\"${nth.managedTag}`, 'replicas\\":2', 'AWS::Region']) {
      expect(values).toContain(fragment);
    }
    expect(values).toContain(stack.getLogicalId(nth.queue.node.defaultChild as CfnResource));
    expect(release.DependsOn).toEqual(expect.arrayContaining([asgId(stack, spot), asgId(stack, onDemand)]));
  });
});

describe('opting in and out', () => {
  test('nodeTerminationHandler: false on a Spot group: no handler; true on an On-Demand group: one', () => {
    const { stack, cluster } = fixture();
    cluster.addSelfManagedNodeGroup('Spot', { instanceTypes: types, spot: {}, nodeTerminationHandler: false });
    expect(NodeTerminationHandler.of(cluster)).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::SQS::Queue', 0);

    const other = fixture();
    other.cluster.addSelfManagedNodeGroup('OnDemand', { nodeTerminationHandler: true });
    Template.fromStack(other.stack).resourceCountIs('AWS::AutoScaling::LifecycleHook', 1);
  });

  test('created first with options (IRSA) it is the one the groups join; a second one is an error', () => {
    const { stack, cluster } = fixture();
    const nth = new NodeTerminationHandler(stack, 'Nth', { cluster, credentials: AddonIdentityMode.IRSA, replicas: 1 });
    cluster.addSelfManagedNodeGroup('Spot', { instanceTypes: types, spot: {} });
    expect(NodeTerminationHandler.of(cluster)).toBe(nth);
    expect(() => new NodeTerminationHandler(stack, 'Again', { cluster })).toThrow(/already has a node termination handler \(Stack\/Nth\).*\[NodeTerminationHandlerDuplicate\]/);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
    const [release] = Object.values(template.findResources('Custom::CdkEksKitHelmRelease')) as any[];
    expect(JSON.stringify(stack.resolve(release.Properties.Values))).toContain('eks.amazonaws.com/role-arn');
  });

  test('on a FargateCluster the handler defaults to IRSA (Pod Identity does not work for Fargate pods)', () => {
    const stack = new Stack(testApp(), 'Stack');
    const fargate = new FargateCluster(stack, 'Fargate', { version: KubernetesVersion.V1_35, outputConfigCommand: false });
    fargate.cluster.addSelfManagedNodeGroup('Spot', { instanceTypes: types, spot: {} });
    Template.fromStack(stack).resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
  });
});
