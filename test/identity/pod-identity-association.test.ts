import { Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Addon, AddonType, Cluster, KubernetesVersion, PodIdentityAssociation } from '../../lib';
import { testApp } from '../validated-synth';

describe('PodIdentityAssociation', () => {
  let template: Template;
  beforeAll(() => {
    // GIVEN a cluster with two associations, one with a role of its own
    const stack = new Stack(testApp(), 'Stack');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    const a = cluster.addPodIdentityAssociation('App', { namespace: 'team-a', serviceAccount: 'app' });
    a.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] }));
    const own = iam.Role.fromRoleArn(stack, 'Own', 'arn:aws:iam::111122223333:role/own');
    new PodIdentityAssociation(stack, 'Worker', { cluster, namespace: 'team-b', serviceAccount: 'worker', role: own });
    template = Template.fromStack(stack);
  });

  test('a native association for the service account with the created role', () => {
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: Match.anyValue(), Namespace: 'team-a', ServiceAccount: 'app',
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterAppRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'team-b', RoleArn: 'arn:aws:iam::111122223333:role/own' });
  });

  test('the role trusts pods.eks.amazonaws.com for AssumeRole and TagSession only, and grants work on it', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession'], Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' } }] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: [Match.objectLike({ Action: 's3:GetObject' })] } });
  });

  test('the pod identity agent add-on is added once and the associations wait for it', () => {
    const agents = template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'eks-pod-identity-agent' } });
    expect(Object.keys(agents)).toHaveLength(1);
    const agentId = Object.keys(agents)[0];
    for (const association of Object.values(template.findResources('AWS::EKS::PodIdentityAssociation'))) {
      expect(association.DependsOn).toContain(agentId);
    }
  });
});

test('the agent is created next to an imported cluster; one added explicitly first is reused', () => {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'c', version: KubernetesVersion.V1_35 });
  new PodIdentityAssociation(stack, 'First', { cluster, namespace: 'ns', serviceAccount: 'sa' });
  expect(cluster.node.tryFindChild('EksPodIdentityAgentAddon')).toBe(Addon.tryFind(cluster, 'eks-pod-identity-agent'));
  expect(Addon.tryFind(cluster, 'eks-pod-identity-agent')).toBeInstanceOf(Addon);
  const stack2 = new Stack(testApp(), 'Stack2');
  const cluster2 = new Cluster(stack2, 'Cluster', { version: KubernetesVersion.V1_35 });
  cluster2.addAddon('Agent', AddonType.podIdentityAgent(), { version: 'v1.3.10-eksbuild.3' });
  cluster2.addPodIdentityAssociation('A', { namespace: 'ns', serviceAccount: 'sa' });
  const t = Template.fromStack(stack2);
  expect(Object.keys(t.findResources('AWS::EKS::Addon'))).toEqual([expect.stringMatching(/^ClusterAgent/)]);
});

test('invalid names fail with the prop named; tokens pass', () => {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'c', version: KubernetesVersion.V1_35 });
  expect(() => new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'ns', serviceAccount: 'My_SA' }))
    .toThrow(/'serviceAccount' is "My_SA"/);
  expect(() => new PodIdentityAssociation(stack, 'B', { cluster, namespace: Lazy.string({ produce: () => 'NS' }), serviceAccount: 'sa' }))
    .not.toThrow();
});
