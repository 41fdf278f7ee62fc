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

describe('PodIdentityAssociation: target role, session tags, session policy', () => {
  test('a cross-account target role: the association role may assume it, and the external ID is exposed', () => {
    // GIVEN a role in another account
    const stack = new Stack(testApp(), 'Stack');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    const target = iam.Role.fromRoleArn(stack, 'Target', 'arn:aws:iam::444455556666:role/data-reader');
    // WHEN
    const assoc = new PodIdentityAssociation(stack, 'Reader', {
      cluster, namespace: 'data', serviceAccount: 'reader', targetRole: target,
      sessionPolicy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::shared/*'] })] }),
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      TargetRoleArn: 'arn:aws:iam::444455556666:role/data-reader',
      DisableSessionTags: true,
      Policy: JSON.stringify({ Statement: [{ Action: 's3:GetObject', Effect: 'Allow', Resource: 'arn:aws:s3:::shared/*' }], Version: '2012-10-17' }),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession'], Effect: 'Allow', Resource: 'arn:aws:iam::444455556666:role/data-reader' }] },
      Roles: [{ Ref: stack.getLogicalId(assoc.role.node.defaultChild as iam.CfnRole) }],
    });
    expect(stack.resolve(assoc.externalId)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(assoc.resource), 'ExternalId'] });
  });

  test('a session policy with session tags left on is refused (EKS requires them disabled)', () => {
    const stack = new Stack(testApp(), 'Stack');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    const sessionPolicy = new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] });
    expect(() => new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'a', serviceAccount: 'a', sessionPolicy, disableSessionTags: false }))
      .toThrow(/EKS accepts a session policy only with session tags disabled.*\[PodIdentitySessionPolicy\]/);
  });

  test('an empty session policy is refused', () => {
    const stack = new Stack(testApp(), 'Stack');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    expect(() => new PodIdentityAssociation(stack, 'A', { cluster, namespace: 'a', serviceAccount: 'a', sessionPolicy: new iam.PolicyDocument() }))
      .toThrow(/'sessionPolicy' has no statements.*\[PodIdentitySessionPolicy\]/);
  });
});
