import { Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Cluster, FargateProfile, FargateProfileOptions, KubernetesVersion } from '../../lib';
import { testApp } from '../validated-synth';

function fixture() {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, outputConfigCommand: false });
  return { stack, cluster };
}

describe('three profiles on one cluster', () => {
  let stack: Stack;
  let cluster: Cluster;
  let profiles: FargateProfile[];
  let template: Template;
  beforeAll(() => {
    // GIVEN
    ({ stack, cluster } = fixture());
    // WHEN
    profiles = [
      cluster.addFargateProfile('Apps', { selectors: [{ namespace: 'apps', labels: { tier: 'web' } }], fargateProfileName: 'apps', tags: { team: 'web' } }),
      cluster.addFargateProfile('Jobs', { selectors: [{ namespace: 'jobs' }] }),
      cluster.addFargateProfile('Ops', { selectors: [{ namespace: 'ops' }, { namespace: 'monitoring' }] }),
    ];
    template = Template.fromStack(stack);
  });

  test('each is a native profile in the private subnets with its selectors', () => {
    template.resourceCountIs('AWS::EKS::FargateProfile', 3);
    template.hasResourceProperties('AWS::EKS::FargateProfile', {
      ClusterName: stack.resolve(cluster.clusterName),
      FargateProfileName: 'apps',
      Selectors: [{ Namespace: 'apps', Labels: [{ Key: 'tier', Value: 'web' }] }],
      Subnets: stack.resolve(cluster.vpc.privateSubnets.map((s) => s.subnetId)),
      PodExecutionRoleArn: stack.resolve(profiles[0].podExecutionRole.roleArn),
      Tags: [{ Key: 'team', Value: 'web' }],
    });
    expect(profiles[0].fargateProfileName).toBe('apps');
  });

  test('they deploy one after another, each after the cluster', () => {
    const ids = profiles.map((p) => stack.resolve(p.resource.logicalId));
    const resources = template.toJSON().Resources;
    const clusterId = stack.resolve(cluster.resource.logicalId);
    const profileIds = (deps: string[]) => deps.filter((d) => ids.includes(d));
    expect(resources[ids[0]].DependsOn).toContain(clusterId);
    expect(profileIds(resources[ids[0]].DependsOn)).toEqual([]);
    expect(resources[ids[1]].DependsOn).toEqual(expect.arrayContaining([ids[0], clusterId]));
    expect(resources[ids[2]].DependsOn).toEqual(expect.arrayContaining([ids[1], clusterId]));
    expect(resources[ids[2]].DependsOn).not.toContain(ids[0]);
  });

  test('the pod execution role trusts Fargate pods of this cluster only and has the Fargate policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'eks-fargate-pods.amazonaws.com' },
          Condition: {
            ArnLike: {
              'aws:SourceArn': {
                'Fn::Join': ['', [
                  'arn:', { Ref: 'AWS::Partition' }, ':eks:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' },
                  ':fargateprofile/', stack.resolve(cluster.clusterName), '/*',
                ]],
              },
            },
          },
        }],
      },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy']] }],
    });
  });
});

test('profiles of two clusters are chained per cluster only', () => {
  // GIVEN
  const { stack, cluster } = fixture();
  const other = new Cluster(stack, 'Other', { version: KubernetesVersion.V1_35, outputConfigCommand: false });
  // WHEN
  const a = cluster.addFargateProfile('A', { selectors: [{ namespace: 'a' }] });
  const b = other.addFargateProfile('B', { selectors: [{ namespace: 'b' }] });
  // THEN
  const resources = Template.fromStack(stack).toJSON().Resources;
  const profilesIn = (deps: string[]) => deps.filter((d) => resources[d].Type === 'AWS::EKS::FargateProfile' || resources[d].Type === 'AWS::EKS::Cluster');
  expect(profilesIn(resources[stack.resolve(b.resource.logicalId)].DependsOn)).toEqual([stack.resolve(other.resource.logicalId)]);
  expect(profilesIn(resources[stack.resolve(a.resource.logicalId)].DependsOn)).toEqual([stack.resolve(cluster.resource.logicalId)]);
});

test('the profile name of a generated profile comes from its ARN', () => {
  const { stack, cluster } = fixture();
  const profile = cluster.addFargateProfile('P', { selectors: [{ namespace: 'p' }] });
  expect(stack.resolve(profile.fargateProfileName)).toEqual({
    'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [stack.resolve(profile.resource.logicalId), 'Arn'] }] }],
  });
  Template.fromStack(stack).hasResourceProperties('AWS::EKS::FargateProfile', { FargateProfileName: Match.absent() });
});

describe('synth-time errors', () => {
  const add = (options: FargateProfileOptions) => {
    const { cluster } = fixture();
    return () => cluster.addFargateProfile('P', options);
  };
  const ns = (n: number) => Array.from({ length: n }, (_, i) => ({ namespace: `ns${i}` }));
  const labels = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, 'v']));

  test.each<[string, FargateProfileOptions, RegExp]>([
    ['no selectors', { selectors: [] }, /'selectors' has 0 entries; a Fargate profile takes 1 to 5.*\[FargateSelectors\]/],
    ['six selectors', { selectors: ns(6) }, /'selectors' has 6 entries; a Fargate profile takes 1 to 5/],
    ['six labels', { selectors: [{ namespace: 'a', labels: labels(6) }] }, /'selectors\[0\]\.labels' has 6 labels \(l0, l1, l2, l3, l4, l5\); a selector takes at most 5/],
    ['empty namespace', { selectors: [{ namespace: '' }] }, /'selectors\[0\]\.namespace' is ''; a Kubernetes namespace has 1 to 63 lowercase/],
    ['uppercase namespace', { selectors: [{ namespace: 'Apps' }] }, /'selectors\[0\]\.namespace' is 'Apps'/],
    ['regex in a namespace', { selectors: [{ namespace: 'prod-[a-z]+' }] }, /'selectors\[0\]\.namespace' is 'prod-\[a-z\]\+'.*wildcards '\*' and '\?'/],
    ['bad selector label', { selectors: [{ namespace: 'a', labels: { 'app name': 'x' } }] }, /'selectors\[0\]\.labels': label key 'app name'/],
    ['public subnets', { selectors: ns(1), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, /'vpcSubnets' selects public subnets; Fargate pods run only in private subnets.*\[FargateSubnets\]/],
  ])('%s', (_, options, message) => {
    expect(add(options)).toThrow(message);
  });

  test('a selection without subnets is an error', () => {
    expect(add({ selectors: ns(1), vpcSubnets: { availabilityZones: ['nowhere-1z'] } })).toThrow(/'vpcSubnets' selects no subnets.*\[FargateSubnets\]/);
  });

  test.each<[string, FargateProfileOptions]>([
    ['five selectors with five labels twin', { selectors: [...ns(4), { namespace: 'x', labels: labels(5) }] }],
    ['token namespace twin', { selectors: [{ namespace: Token.asString({ Ref: 'Ns' }) }] }],
    ['token selector label twin', { selectors: [{ namespace: 'a', labels: { [Token.asString({ Ref: 'K' })]: Token.asString({ Ref: 'V' }) } }] }],
    ['private subnets twin', { selectors: ns(1), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }],
    ['wildcard namespaces (EKS: * and ? in any position)', { selectors: [{ namespace: 'prod-*' }, { namespace: '*dev' }, { namespace: 'frontend*?' }, { namespace: '*' }] }],
    ['wildcard label key and value', { selectors: [{ namespace: 'apps', labels: { 'key?': 'value?', 'app.kubernetes.io/*': '*' } }] }],
  ])('%s passes', (_, options) => {
    expect(add(options)).not.toThrow();
  });
});
