import { Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Cluster, EndpointAccess, HelmChartSource, KubectlProvider, KubernetesVersion } from '../../lib';
import { chooseKubectlLayer, shippedLayerFor } from '../../lib/kubectl/kubectl-layer';
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

  test('the handler is Node.js with the v29 layer, 1 GiB, a 14-minute timeout, in the private subnets and a security group of its own', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x', Architectures: ['x86_64'], Handler: 'index.handler', MemorySize: 1024, Timeout: 840,
      Layers: [{ Ref: Match.stringLikeRegexp('KubectlLayer') }],
      VpcConfig: {
        SubnetIds: [{ Ref: Match.stringLikeRegexp('PrivateSubnet1') }, { Ref: Match.stringLikeRegexp('PrivateSubnet2') }],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('KubectlProviderHandlerSecurityGroup'), 'GroupId'] }],
      },
      Environment: { Variables: { CLUSTER_NAME: Match.anyValue(), CLUSTER_ENDPOINT: { 'Fn::GetAtt': [Match.anyValue(), 'Endpoint'] } } },
    });
    template.hasResourceProperties('AWS::Lambda::LayerVersion', { Description: Match.stringLikeRegexp('kubectl 1.29') });
  });

  test('the handler\'s security group is admitted to the cluster security group on 443 only; it is not the EKS-owned group', () => {
    const sg = Object.keys(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('kubectl applier') } }));
    expect(sg).toHaveLength(1);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: Match.stringLikeRegexp('kubectl applier'), SecurityGroupIngress: Match.absent() });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'ClusterSecurityGroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [sg[0], 'GroupId'] },
      IpProtocol: 'tcp', FromPort: 443, ToPort: 443,
    });
    // manifests depend on the provider, so the rule (and the group) go only after their deletes
    const ingress = Object.keys(template.findResources('AWS::EC2::SecurityGroupIngress', { Properties: { Description: 'kubectl applier to the Kubernetes API' } }))[0];
    const manifest = Object.values(template.findResources('Custom::CdkEksKitManifest'))[0] as any;
    expect(manifest.DependsOn).toEqual(expect.arrayContaining([ingress, sg[0]]));
  });

  test('the handler role may only describe this cluster and read its own access entry (plus ENI management in the VPC)', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('HandlerRole'),
      PolicyDocument: { Statement: Match.arrayWith([
        { Action: 'eks:DescribeCluster', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
      ]) },
    });
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('HandlerRole') } });
    const actions = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat()));
    expect(actions.filter((a: string) => a.startsWith('eks:'))).toEqual(['eks:DescribeCluster', 'eks:DescribeAccessEntry', 'eks:ListAssociatedAccessPolicies']);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('HandlerRole'),
      PolicyDocument: { Statement: Match.arrayWith([{
        Action: ['eks:DescribeAccessEntry', 'eks:ListAssociatedAccessPolicies'], Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('KubectlProviderAccessEntry'), 'AccessEntryArn'] },
      }]) },
    });
    expect(actions.some((a: string) => a === '*' || a.startsWith('s3:'))).toBe(false);
  });

  test('the handler role gets its own access entry with cluster-admin, created after the cluster', () => {
    template.hasResource('AWS::EKS::AccessEntry', {
      Properties: {
        PrincipalArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('KubectlProviderHandlerRole'), 'Arn'] },
        AccessPolicies: [{ PolicyArn: Match.anyValue(), AccessScope: { Type: 'cluster' } }],
      },
      // The cluster, and the VPC's internet routes (like everything of the applier).
      DependsOn: Match.arrayWith([Object.keys(template.findResources('AWS::EKS::Cluster'))[0]]),
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

test('memory and timeout are configurable; the timeout is 3–14 minutes', () => {
  const { stack, cluster } = clusterStack({ kubectlMemory: Size.gibibytes(2), kubectlTimeout: Duration.minutes(10) });
  cluster.addManifest('Ns', ns);
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { MemorySize: 2048, Timeout: 600 });
  const bad = clusterStack({ kubectlTimeout: Duration.minutes(15) });
  expect(() => bad.cluster.addManifest('Ns', ns)).toThrow(/'kubectlTimeout' is 900 seconds; use 3–14 minutes/);
});

describe('kubectl layer by cluster version', () => {
  /** The layer descriptions of the stack (each layer package states its kubectl and Helm versions there). */
  function layerDescription(stack: Stack): string[] {
    const layers = Template.fromStack(stack).findResources('AWS::Lambda::LayerVersion');
    return Object.values(layers).map((l: any) => l.Properties.Description);
  }

  test.each([
    ['1.32', 'v33', /kubectl 1\.33\.\d+; \/opt\/helm\/helm 4\./], ['1.33', 'v33', /kubectl 1\.33\.\d+;/], ['1.34', 'v33', /kubectl 1\.33\.\d+;/],
    ['1.35', 'v36', /kubectl 1\.36\.\d+; \/opt\/helm\/helm 4\./], ['1.36', 'v36', /kubectl 1\.36\.\d+;/], ['1.37', 'v36', /kubectl 1\.36\.\d+;/],
  ])('a %s cluster applies manifests with no layer given: the %s layer, within one minor', (version, pkg, description) => {
    // GIVEN a cluster on a live EKS version and no layer props
    const stack = new Stack(testApp(), 'S');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.of(version) });
    // WHEN a manifest is added
    cluster.addManifest('Ns', ns);
    // THEN exactly one layer, the shipped one whose kubectl is within one minor of the cluster
    const provider = cluster.kubectlProvider as KubectlProvider;
    expect(provider.kubectlLayerPackage).toBe(`@aws-cdk/lambda-layer-kubectl-${pkg}`);
    expect(Math.abs(Number(pkg.slice(1)) - KubernetesVersion.of(version).minor)).toBeLessThanOrEqual(1);
    const descriptions = layerDescription(stack);
    expect(descriptions).toHaveLength(1);
    expect(descriptions[0]).toMatch(description);
  });

  test('only the chosen layer package is loaded (so only its zip is staged)', () => {
    const loaded = () => Object.keys(require.cache).filter((k) => /lambda-layer-kubectl-v\d+/.test(k))
      .map((k) => /lambda-layer-kubectl-(v\d+)/.exec(k)![1]);
    jest.isolateModules(() => {
      const lib = require('../../lib');
      const stack = new Stack(testApp(), 'S');
      expect(loaded()).toEqual([]);
      new lib.Cluster(stack, 'Cluster', { version: lib.KubernetesVersion.V1_37 }).addManifest('Ns', ns);
      expect(new Set(loaded())).toEqual(new Set(['v36']));
    });
  });

  test('1.31 (between the shipped layers) fails, naming the package to install', () => {
    const { cluster } = clusterStack({ version: KubernetesVersion.V1_31 });
    expect(() => cluster.addManifest('Ns', ns))
      .toThrow(/S\/Cluster\/KubectlProvider: the cluster runs Kubernetes 1.31, and none of the kubectl layers this library ships \(v29, v33, v36\).*Install @aws-cdk\/lambda-layer-kubectl-v31 .*KubectlV31Layer.*\[KubectlVersionSkew\]/);
  });

  test('a day-0 version works with a user-supplied layer', () => {
    const stack = new Stack(testApp(), 'S');
    const layer = lambda.LayerVersion.fromLayerVersionArn(stack, 'L', 'arn:aws:lambda:us-east-1:123456789012:layer:kubectl38:1');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.of('1.38'), kubectlLayer: layer, kubectlVersion: KubernetesVersion.of('1.38') });
    cluster.addManifest('Ns', ns);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Layers: ['arn:aws:lambda:us-east-1:123456789012:layer:kubectl38:1'] });
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::LayerVersion', 0);
    const noLayer = new Cluster(new Stack(testApp(), 'T'), 'Cluster', { version: KubernetesVersion.of('1.38') });
    expect(() => noLayer.addManifest('Ns', ns)).toThrow(/Install @aws-cdk\/lambda-layer-kubectl-v38/);
  });

  test("a layer without its kubectl version fails; a skewed one names the shipped layer to use instead", () => {
    const stack = new Stack(testApp(), 'S');
    const layer = lambda.LayerVersion.fromLayerVersionArn(stack, 'L', 'arn:aws:lambda:us-east-1:123456789012:layer:kubectl35:1');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, kubectlLayer: layer });
    expect(() => cluster.addManifest('Ns', ns)).toThrow(/'kubectlLayer' is given without 'kubectlVersion'.*\[KubectlVersionMissing\]/);
    const skewed = new Cluster(new Stack(testApp(), 'T'), 'Cluster', { version: KubernetesVersion.V1_33, kubectlLayer: layer, kubectlVersion: KubernetesVersion.V1_35 });
    expect(() => skewed.addManifest('Ns', ns))
      .toThrow(/kubectl 1.35, which serves clusters 1.34–1.36. Leave 'kubectlLayer' and 'kubectlVersion' out: this library then uses @aws-cdk\/lambda-layer-kubectl-v33/);
  });

  test('kubectlVersion alone selects a shipped layer', () => {
    const stack = new Stack(testApp(), 'S');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_34, kubectlVersion: KubernetesVersion.of('1.33') });
    cluster.addManifest('Ns', ns);
    expect((cluster.kubectlProvider as KubectlProvider).kubectlLayerPackage).toBe('@aws-cdk/lambda-layer-kubectl-v33');
    const other = new Cluster(new Stack(testApp(), 'T'), 'Cluster', { version: KubernetesVersion.V1_35, kubectlVersion: KubernetesVersion.V1_35 });
    expect(() => other.addManifest('Ns', ns)).toThrow(/'kubectlVersion' is 1.35 without a 'kubectlLayer'.*1.29, 1.33, 1.36.*\[KubectlVersionNotShipped\]/);
  });

  test('an imported cluster without a version needs one (or a layer)', () => {
    const stack = new Stack(testApp(), 'S');
    const imported = Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'c', endpointAccess: EndpointAccess.PUBLIC });
    expect(() => imported.addManifest('Ns', ns)).toThrow(/Kubernetes version is unknown.*pass 'version' to Cluster.fromClusterAttributes\(\).*\[KubectlClusterVersionUnknown\]/);
    const v30 = Cluster.fromClusterAttributes(stack, 'Old', { clusterName: 'old', endpointAccess: EndpointAccess.PUBLIC, version: KubernetesVersion.V1_30 });
    v30.addManifest('Ns', ns);
    expect((v30.kubectlProvider as KubectlProvider).kubectlLayerPackage).toBe('@aws-cdk/lambda-layer-kubectl-v29');
  });

  test('the choice rule: closest shipped layer within one minor, newer on a tie', () => {
    const pick = (minor: number) => shippedLayerFor(minor)?.kubectlMinor;
    expect([28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38].map(pick)).toEqual([29, 29, 29, undefined, 33, 33, 33, 36, 36, 36, undefined]);
    expect(chooseKubectlLayer(KubernetesVersion.V1_36, false, undefined).shipped?.helmMajor).toBe(4);
    expect(chooseKubectlLayer(KubernetesVersion.V1_30, false, undefined).shipped?.helmMajor).toBe(3);
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
  template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Environment: { Variables: Match.objectEquals({ CLUSTER_NAME: 'prod', URL_SUFFIX: { Ref: 'AWS::URLSuffix' }, HANDLER_ROLE_ARN: Match.anyValue() }) } });
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
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Lambda::Function', {
    Handler: 'index.handler',
    VpcConfig: { SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ImportedKubectlProviderHandlerSecurityGroup'), 'GroupId'] }], SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcPrivateSubnet2') }] },
    Environment: { Variables: { CLUSTER_ENDPOINT: 'https://ABC.gr7.us-east-1.eks.amazonaws.com', CLUSTER_CA_DATA: 'Q0E=' } },
  });
  template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0123456789abcdef0', FromPort: 443, ToPort: 443 });
});

test('kubectlSubnets and kubectlSecurityGroups place the applier; an empty list of groups is refused', () => {
  const stack = new Stack(testApp(), 'S');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: false,
    subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }, { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, { name: 'Ops', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }] });
  const mine = new ec2.SecurityGroup(stack, 'Mine', { vpc });
  const { cluster } = clusterStack({ vpc, kubectlSubnets: { subnetGroupName: 'Ops' }, kubectlSecurityGroups: [mine] }, stack);
  cluster.addManifest('Ns', ns);
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Lambda::Function', {
    Handler: 'index.handler',
    VpcConfig: { SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'GroupId'] }], SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcOpsSubnet1') }, { Ref: Match.stringLikeRegexp('VpcOpsSubnet2') }] },
  });
  // the user's groups get no rule from the library, and no group of its own is created
  expect(template.findResources('AWS::EC2::SecurityGroupIngress', { Properties: { Description: 'kubectl applier to the Kubernetes API' } })).toEqual({});
  expect(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('kubectl applier') } })).toEqual({});
  const { cluster: empty } = clusterStack({ kubectlSecurityGroups: [] });
  expect(() => empty.addManifest('Ns', ns)).toThrow(/'kubectlSecurityGroups' is an empty list/);
});

test('an imported private cluster without a cluster security group needs one (or kubectlSecurityGroups)', () => {
  const stack = new Stack(testApp(), 'S');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: false });
  const imported = Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'prod', endpointAccess: EndpointAccess.PRIVATE, version: KubernetesVersion.V1_29, vpc });
  expect(() => imported.addManifest('Ns', ns)).toThrow(/has no 'clusterSecurityGroupId'; pass it, or pass 'kubectlSecurityGroups'/);
  const mine = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Mine', 'sg-0aaaabbbbccccdddd');
  const other = Cluster.fromClusterAttributes(stack, 'Other', { clusterName: 'prod2', endpointAccess: EndpointAccess.PRIVATE, version: KubernetesVersion.V1_29, vpc, kubectlSecurityGroups: [mine] });
  other.addManifest('Ns', ns);
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Environment: { Variables: { CLUSTER_NAME: 'prod2' } }, VpcConfig: { SecurityGroupIds: ['sg-0aaaabbbbccccdddd'] } });
});
