import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { AddonIdentityMode, Cluster, ClusterAutoscaler, ClusterAutoscalerExpander, KubernetesVersion } from '../../lib';
import { RESOURCE_TYPES } from '../../lib/kubectl/handler/resource-types';
import { fixturePath } from '../validated-fixtures';
import { exampleTemplate, testApp } from '../validated-synth';

function fixture(version = KubernetesVersion.V1_35, clusterName: string = 'demo', autoMode = false) {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version, clusterName, outputConfigCommand: false, autoMode: autoMode ? {} : undefined });
  cluster.addNodeGroup('Nodes', { instanceTypes: [new ec2.InstanceType('m7i.large')] });
  return { stack, cluster };
}

function idOf(stack: Stack, c: IConstruct): string {
  let node: IConstruct = c;
  while (node.node.defaultChild) node = node.node.defaultChild;
  return stack.getLogicalId(node as any);
}

describe('a default Cluster Autoscaler', () => {
  let stack: Stack;
  let ca: ClusterAutoscaler;
  let template: Template;
  beforeAll(() => {
    const f = fixture();
    stack = f.stack;
    ca = new ClusterAutoscaler(stack, 'Autoscaler', { cluster: f.cluster });
    template = Template.fromStack(stack);
  });

  test('the chart of kubernetes/autoscaler at the release of the cluster’s minor version, auto-discovering the cluster’s groups', () => {
    const chart = template.toJSON().Resources[idOf(stack, ca.chart)].Properties;
    expect(chart).toEqual(expect.objectContaining({
      Release: 'cluster-autoscaler', Chart: 'cluster-autoscaler', Repository: 'https://kubernetes.github.io/autoscaler', Version: '9.59.0', Namespace: 'kube-system',
    }));
    expect(ca.imageTag).toBe('v1.35.2');
    const values = JSON.stringify(chart.Values);
    for (const part of ['\\"cloudProvider\\":\\"aws\\"', '\\"autoDiscovery\\":{\\"clusterName\\":\\"demo\\"}', '\\"tag\\":\\"v1.35.2\\"',
      '\\"expander\\":\\"least-waste\\"', '\\"balance-similar-node-groups\\":true', '\\"scale-down-unneeded-time\\":\\"10m\\"',
      '\\"serviceAccount\\":{\\"create\\":true,\\"name\\":\\"cluster-autoscaler\\"}']) {
      expect(values).toContain(part);
    }
  });

  test('Pod Identity for kube-system/cluster-autoscaler; changes only to groups tagged for this cluster', () => {
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'kube-system', ServiceAccount: 'cluster-autoscaler' });
    const policy = Object.values(template.findResources('AWS::IAM::Policy'))
      .find((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([stack.resolve(ca.role.roleName)]))!;
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements[2]).toEqual(expect.objectContaining({
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Condition: { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/demo': 'owned' } },
    }));
    expect(statements[1]).toEqual(expect.objectContaining({
      Action: 'eks:DescribeNodegroup',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':nodegroup/demo/*/*']] },
    }));
  });

  test('waits for capacity in kube-system (it runs on the node groups it scales)', () => {
    expect(template.toJSON().Resources[idOf(stack, ca.chart)].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ClusterNodes/)]));
    expect(Object.keys(template.findResources(RESOURCE_TYPES.helm))).toHaveLength(1);
  });
});

describe('options and validation', () => {
  test('IRSA, expander and scale-down time', () => {
    const { stack, cluster } = fixture();
    const ca = new ClusterAutoscaler(stack, 'Autoscaler', {
      cluster, credentials: AddonIdentityMode.IRSA, expander: ClusterAutoscalerExpander.PRIORITY, scaleDownUnneededTime: Duration.minutes(5),
    });
    const values = JSON.stringify(Template.fromStack(stack).toJSON().Resources[idOf(stack, ca.chart)].Properties.Values);
    expect(values).toContain('\\"expander\\":\\"priority\\"');
    expect(values).toContain('\\"scale-down-unneeded-time\\":\\"5m\\"');
    expect(values).toContain('\\"create\\":false');
    Template.fromStack(stack).resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
  });

  test('a Kubernetes minor without a known release needs imageTag; a tag of another minor warns', () => {
    const a = fixture(KubernetesVersion.V1_37);
    expect(() => new ClusterAutoscaler(a.stack, 'Autoscaler', { cluster: a.cluster }))
      .toThrow(/no Cluster Autoscaler release for Kubernetes 1.37.*pass 'imageTag'.*\[ClusterAutoscalerVersion\]/);
    const b = fixture(KubernetesVersion.V1_37);
    expect(new ClusterAutoscaler(b.stack, 'Autoscaler', { cluster: b.cluster, imageTag: 'v1.37.0' }).imageTag).toBe('v1.37.0');
    const c = fixture();
    new ClusterAutoscaler(c.stack, 'Autoscaler', { cluster: c.cluster, imageTag: 'v1.36.1' });
    Annotations.fromStack(c.stack).hasWarning('/Stack/Autoscaler', Match.stringLikeRegexp("not of the cluster's Kubernetes 1.35"));
    const d = fixture();
    expect(() => new ClusterAutoscaler(d.stack, 'Autoscaler', { cluster: d.cluster, imageTag: 'latest' })).toThrow(/\[ClusterAutoscalerImageTag\]/);
  });

  test('a token cluster name is refused; on Auto Mode it warns', () => {
    const a = fixture(KubernetesVersion.V1_35, Lazy.string({ produce: () => 'x' }));
    expect(() => new ClusterAutoscaler(a.stack, 'Autoscaler', { cluster: a.cluster })).toThrow(/\[ClusterAutoscalerClusterName\]/);
    const b = fixture(KubernetesVersion.V1_35, 'demo', true);
    new ClusterAutoscaler(b.stack, 'Autoscaler', { cluster: b.cluster });
    Annotations.fromStack(b.stack).hasWarning('/Stack/Autoscaler', Match.stringLikeRegexp('Auto Mode scales its own nodes'));
  });
});

test('passes the CloudFormation validator, AwsSolutions and EksKit', () => {
  // The fixture 'Autoscaler' (test/validated-fixtures.ts), synthesized with the examples;
  // exampleTemplate() throws on any finding that is not acknowledged with a reason.
  expect(exampleTemplate(fixturePath('Autoscaler')).findResources(RESOURCE_TYPES.helm)).not.toEqual({});
});
