import { Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Cluster, EndpointAccess, KubernetesVersion, ServiceAccount, ServiceAccountCredentials } from '../../lib';
import { clusterStack } from '../kubectl/fixtures';
import { expectedIrsaTrust, renderedIrsaTrust } from './irsa-trust-helpers';
import { testApp } from '../validated-synth';

function manifests(template: Template): string[] {
  return Object.values(template.findResources('Custom::CdkEksKitManifest')).map((r: any) => JSON.stringify(r.Properties.Manifest));
}

describe('ServiceAccount with IRSA', () => {
  let template: Template;
  let sa: ServiceAccount;
  beforeAll(() => {
    // GIVEN a service account granted read access to a bucket
    const { stack, cluster } = clusterStack();
    sa = cluster.addServiceAccount('Reports', { name: 'reports', namespace: 'team-a', labels: { team: 'a' } });
    new s3.Bucket(stack, 'Bucket', { enforceSSL: true }).grantRead(sa);
    template = Template.fromStack(stack);
  });

  test('the role trusts the OIDC provider for team-a/reports only', () => {
    const role = template.findResources('AWS::IAM::Role');
    const [logicalId] = Object.keys(role).filter((id) => id.startsWith('ClusterReportsTrustRole'));
    expect(renderedIrsaTrust(role[logicalId])).toEqual(expectedIrsaTrust('team-a', 'reports'));
    template.resourceCountIs('Custom::AWSCDKCfnJson', 0);
  });

  test('the Kubernetes ServiceAccount is annotated with the role ARN and applied after the role', () => {
    const sam = manifests(template).find((m) => m.includes('ServiceAccount'))!;
    expect(sam).toContain('eks.amazonaws.com/role-arn');
    expect(sam).toMatch(/"Fn::GetAtt\\?"?:?\[?.*ClusterReportsTrustRole/);
    expect(sam).toContain('team-a');
    const resource = Object.values(template.findResources('Custom::CdkEksKitManifest')).find((r: any) => JSON.stringify(r.Properties.Manifest).includes('reports'))!;
    expect(resource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ClusterReportsTrustRole/)]));
  });

  test('grants work on the service account (its role gets the policy)', () => {
    expect(sa.role).toBeDefined();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['s3:GetObject*']) })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('^ClusterReportsTrustRole') }],
    });
  });
});

test('ServiceAccount with Pod Identity: an association and no annotation', () => {
  const { stack, cluster } = clusterStack();
  const sa = new ServiceAccount(stack, 'Worker', { cluster, name: 'worker', credentials: ServiceAccountCredentials.POD_IDENTITY });
  sa.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:ReceiveMessage'], resources: ['*'] }));
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'default', ServiceAccount: 'worker' });
  const sam = manifests(template).find((m) => m.includes('worker'))!;
  expect(sam).not.toContain('role-arn');
});

test('invalid names fail with the prop named; token names pass', () => {
  const { stack, cluster } = clusterStack();
  expect(() => new ServiceAccount(stack, 'Bad', { cluster, name: 'Bad_Name' })).toThrow(/'name' is "Bad_Name"/);
  expect(() => new ServiceAccount(stack, 'BadNs', { cluster, name: 'ok', namespace: 'NS' })).toThrow(/'namespace' is "NS"/);
  expect(() => new ServiceAccount(stack, 'Tok', { cluster, name: Lazy.string({ produce: () => 'X_' }), namespace: Lazy.string({ produce: () => 'Y' }) }))
    .not.toThrow();
});

test('a default name is derived from the id and is a valid Kubernetes name', () => {
  const { stack, cluster } = clusterStack();
  const sa = new ServiceAccount(stack, 'My_Worker', { cluster });
  expect(sa.serviceAccountName).toMatch(/^my-worker-[0-9a-f]{8}$/);
  expect(sa.serviceAccountNamespace).toBe('default');
});

test('works on an imported cluster that carries an OIDC provider and a kubectl provider attributes', () => {
  const stack = new Stack(testApp(), 'S');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = Cluster.fromClusterAttributes(stack, 'Imported', {
    clusterName: 'prod', vpc, clusterSecurityGroupId: 'sg-0123456789abcdef0', endpointAccess: EndpointAccess.PRIVATE, version: KubernetesVersion.V1_35,
    openIdConnectProvider: iam.OidcProviderNative.fromOidcProviderArn(stack, 'Oidc', 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC'),
    clusterOpenIdConnectIssuerUrl: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC',
  });
  new ServiceAccount(stack, 'App', { cluster, name: 'app', namespace: 'apps' });
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [{ Condition: { StringEquals: {
    'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:apps:app',
    'oidc.eks.us-east-1.amazonaws.com/id/ABC:aud': 'sts.amazonaws.com',
  } } }] } });
});

test('a service account takes a role of yours: Pod Identity associates it, IRSA annotates it', () => {
  const { stack, cluster } = clusterStack();
  const mine = iam.Role.fromRoleArn(stack, 'Mine', 'arn:aws:iam::111122223333:role/mine');
  const pod = cluster.addServiceAccount('Pod', { name: 'pod', credentials: ServiceAccountCredentials.POD_IDENTITY, role: mine });
  const irsa = cluster.addServiceAccount('Irsa', { name: 'irsa', role: mine });
  expect(pod.role).toBe(mine);
  expect(irsa.role).toBe(mine);
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ServiceAccount: 'pod', RoleArn: 'arn:aws:iam::111122223333:role/mine' });
  expect(manifests(template).some((m) => m.includes('arn:aws:iam::111122223333:role/mine') && m.includes('irsa'))).toBe(true);
  // no role was created for either
  expect(Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => /^Cluster(Pod|Irsa)/.test(id))).toEqual([]);
});
