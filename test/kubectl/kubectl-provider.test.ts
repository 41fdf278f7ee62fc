import { Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Cluster, EndpointAccess, HelmChartSource, KubectlProvider, KubernetesVersion } from '../../lib';
import { kubectlSkewProblem } from '../../lib/kubectl/kubectl-layer';
import { testApp } from '../validated-synth';
import { clusterStack } from './fixtures';

const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } };

describe('a private cluster with a manifest', () => {
  // GIVEN a cluster with the default (private) endpoint and one manifest
  let template: Template;
  let stack: Stack;
  beforeAll(() => {
    const built = clusterStack();
    stack = built.stack;
    built.cluster.addManifest('Ns', ns);
    built.cluster.addManifest('Ns2', { ...ns, metadata: { name: 'b' } });
    template = Template.fromStack(stack);
  });

  test('one provider: the handler and the framework function, whatever the number of manifests', () => {
    template.resourceCountIs('AWS::Lambda::Function', 2);
  });

  test('the handler is Node.js with the v29 layer, 1 GiB, a 14-minute timeout, in the private subnets and the cluster security group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x', Architectures: ['x86_64'], Handler: 'index.handler', MemorySize: 1024, Timeout: 840,
      Layers: [{ Ref: Match.stringLikeRegexp('KubectlLayer') }],
      VpcConfig: {
        SubnetIds: [{ Ref: Match.stringLikeRegexp('PrivateSubnet1') }, { Ref: Match.stringLikeRegexp('PrivateSubnet2') }],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.anyValue(), 'ClusterSecurityGroupId'] }],
      },
      Environment: { Variables: { CLUSTER_NAME: Match.anyValue(), CLUSTER_ENDPOINT: { 'Fn::GetAtt': [Match.anyValue(), 'Endpoint'] } } },
    });
    template.hasResourceProperties('AWS::Lambda::LayerVersion', { Description: Match.stringLikeRegexp('kubectl 1.29') });
  });

  test('the handler role may only describe this cluster (plus ENI management in the VPC)', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('HandlerRole'),
      PolicyDocument: { Statement: Match.arrayWith([
        { Action: 'eks:DescribeCluster', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
      ]) },
    });
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('HandlerRole') } });
    const actions = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat()));
    expect(actions.filter((a: string) => a.startsWith('eks:'))).toEqual(['eks:DescribeCluster']);
    expect(actions.some((a: string) => a === '*' || a.startsWith('s3:'))).toBe(false);
  });

  test('the handler role gets its own access entry with cluster-admin, created after the cluster', () => {
    template.hasResource('AWS::EKS::AccessEntry', {
      Properties: {
        PrincipalArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('KubectlProviderHandlerRole'), 'Arn'] },
        AccessPolicies: [{ PolicyArn: Match.anyValue(), AccessScope: { Type: 'cluster' } }],
      },
      DependsOn: [Object.keys(template.findResources('AWS::EKS::Cluster'))[0]],
    });
  });

  test('manifests depend on the access entry and the handler role policy, so deletes run before they go', () => {
    const manifest = Object.values(template.findResources('Custom::CdkEksKitManifest'))[0] as any;
    const accessEntry = Object.keys(template.findResources('AWS::EKS::AccessEntry')).find((k) => k.includes('KubectlProvider'));
    expect(manifest.DependsOn).toEqual(expect.arrayContaining([accessEntry, expect.stringMatching(/HandlerRoleDefaultPolicy/)]));
  });
});

test('a public endpoint puts the handler outside the VPC', () => {
  const { stack, cluster } = clusterStack({ endpointAccess: EndpointAccess.PUBLIC_AND_PRIVATE });
  cluster.addManifest('Ns', ns);
  const fns = Template.fromStack(stack).findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
  expect(Object.values(fns)[0]).not.toHaveProperty('Properties.VpcConfig');
});

test('a public endpoint restricted by CIDR keeps the handler in the VPC', () => {
  const { stack, cluster } = clusterStack({ endpointAccess: EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom('203.0.113.0/24') });
  cluster.addManifest('Ns', ns);
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', VpcConfig: Match.anyValue() });
});

test('no provider is created for a cluster that applies nothing', () => {
  const { stack } = clusterStack();
  Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 0);
});

test('memory and timeout are configurable; the timeout is 1–14 minutes', () => {
  const { stack, cluster } = clusterStack({ kubectlMemory: Size.gibibytes(2), kubectlTimeout: Duration.minutes(10) });
  cluster.addManifest('Ns', ns);
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { MemorySize: 2048, Timeout: 600 });
  const bad = clusterStack({ kubectlTimeout: Duration.minutes(15) });
  expect(() => bad.cluster.addManifest('Ns', ns)).toThrow(/'kubectlTimeout' is 900 seconds; use 1–14 minutes/);
});

describe('kubectl version skew', () => {
  test('a 1.35 cluster without a layer fails, naming the package to install', () => {
    const { cluster } = clusterStack({ version: KubernetesVersion.V1_35 });
    expect(() => cluster.addManifest('Ns', ns)).toThrow(/Install @aws-cdk\/lambda-layer-kubectl-v35 .*KubectlV35Layer.*KubernetesVersion.V1_35/);
  });

  test('a 1.35 cluster with its own layer and version uses that layer', () => {
    const stack = new Stack(testApp(), 'S');
    const layer = lambda.LayerVersion.fromLayerVersionArn(stack, 'L', 'arn:aws:lambda:us-east-1:123456789012:layer:kubectl35:1');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, kubectlLayer: layer, kubectlVersion: KubernetesVersion.V1_35 });
    cluster.addManifest('Ns', ns);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:kubectl35:1'] });
  });

  test('a layer without its kubectl version fails', () => {
    const stack = new Stack(testApp(), 'S');
    const layer = lambda.LayerVersion.fromLayerVersionArn(stack, 'L', 'arn:aws:lambda:us-east-1:123456789012:layer:kubectl35:1');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, kubectlLayer: layer });
    expect(() => cluster.addManifest('Ns', ns)).toThrow(/'kubectlLayer' is given without 'kubectlVersion'/);
  });

  test('the skew rule: kubectl serves one minor version either side', () => {
    expect(kubectlSkewProblem(KubernetesVersion.V1_28, undefined)).toBeUndefined();
    expect(kubectlSkewProblem(KubernetesVersion.V1_30, undefined)).toBeUndefined();
    expect(kubectlSkewProblem(KubernetesVersion.V1_31, undefined)).toMatch(/built-in @aws-cdk\/lambda-layer-kubectl-v29 .*1.28–1.30.*lambda-layer-kubectl-v31/);
    expect(kubectlSkewProblem(KubernetesVersion.V1_33, KubernetesVersion.V1_35)).toMatch(/kubectl 1.35, which serves clusters 1.34–1.36/);
    expect(kubectlSkewProblem(KubernetesVersion.V1_34, KubernetesVersion.V1_35)).toBeUndefined();
    expect(kubectlSkewProblem(undefined, undefined)).toBeUndefined();
  });
});

describe('isolated subnets', () => {
  function isolatedCluster(withEndpoints: boolean) {
    const stack = new Stack(testApp(), 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      natGateways: 0, maxAzs: 2, restrictDefaultSecurityGroup: false,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    if (withEndpoints) vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const { cluster } = clusterStack({ vpc }, stack);
    cluster.addManifest('Ns', ns);
    return stack;
  }

  test('without an S3 endpoint synth fails and names the endpoint to add', () => {
    expect(() => Template.fromStack(isolatedCluster(false))).toThrow(/isolated subnets .* no s3 VPC endpoint.*GatewayVpcEndpointAwsService.S3/);
  });

  test('with an S3 gateway endpoint it synthesizes (the endpoint and CA are known, no EKS or STS endpoint needed)', () => {
    expect(() => Template.fromStack(isolatedCluster(true))).not.toThrow();
  });
});

test('an imported cluster creates its own provider from attributes, or uses a given one', () => {
  const stack = new Stack(testApp(), 'S');
  const imported = Cluster.fromClusterAttributes(stack, 'Imported', {
    clusterName: 'prod', endpointAccess: EndpointAccess.PUBLIC, version: KubernetesVersion.V1_29,
  });
  imported.addManifest('Ns', ns);
  const shared = KubectlProvider.fromKubectlProviderAttributes(stack, 'Shared', { serviceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider' });
  const other = Cluster.fromClusterAttributes(stack, 'Other', { clusterName: 'other', kubectlProvider: shared });
  other.addManifest('Ns', ns);
  const unknown = Cluster.fromClusterAttributes(stack, 'Unknown', { clusterName: 'x', version: KubernetesVersion.V1_29 });
  expect(() => unknown.addManifest('Ns', ns)).toThrow(/'endpointAccess' is unknown/);

  const template = Template.fromStack(stack);
  // endpoint unknown: the handler reads it with eks:DescribeCluster
  template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Environment: { Variables: Match.objectEquals({ CLUSTER_NAME: 'prod', URL_SUFFIX: { Ref: 'AWS::URLSuffix' } }) } });
  template.hasResourceProperties('Custom::CdkEksKitManifest', { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider' });
  template.resourceCountIs('AWS::Lambda::Function', 2);
});

test('a token timeout is not validated, and charts may then wait as long as the longest timeout allows', () => {
  const { cluster } = clusterStack({ kubectlTimeout: Duration.seconds(Lazy.number({ produce: () => 900 })) });
  expect(() => cluster.addManifest('Ns', ns)).not.toThrow();
  expect(cluster.kubectlProvider.maxOperationTimeout.toSeconds()).toBe(720);
});

test('an imported private cluster puts its applier in the given VPC and cluster security group', () => {
  const stack = new Stack(testApp(), 'S');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: false });
  const imported = Cluster.fromClusterAttributes(stack, 'Imported', {
    clusterName: 'prod', endpointAccess: EndpointAccess.PRIVATE, version: KubernetesVersion.V1_29,
    vpc, clusterSecurityGroupId: 'sg-0123456789abcdef0',
    clusterEndpoint: 'https://ABC.gr7.us-east-1.eks.amazonaws.com', clusterCertificateAuthorityData: 'Q0E=',
  });
  imported.addHelmChart('Chart', { source: HelmChartSource.fromOci('oci://public.ecr.aws/x/y'), version: '1.0.0' });
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
    Handler: 'index.handler',
    VpcConfig: { SecurityGroupIds: ['sg-0123456789abcdef0'], SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcPrivateSubnet2') }] },
    Environment: { Variables: { CLUSTER_ENDPOINT: 'https://ABC.gr7.us-east-1.eks.amazonaws.com', CLUSTER_CA_DATA: 'Q0E=' } },
  });
});
