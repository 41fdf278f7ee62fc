import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { FLEET, PlatformStage } from '../../examples/fleet';
import { exampleTemplate, testApp } from '../validated-synth';

// GIVEN the fleet, synthesized once with every other example: the built-in validator (errors
// fatal), AwsSolutions and EksKit checked every stack of every stage
const stacks = ['Network', 'Cluster', 'Workloads'] as const;

/** A `Fn::GetStackOutput` of the stack `stackName` (any output) — a weak cross-stack reference. */
function stackOutputOf(stackName: string, region: string) {
  return { 'Fn::GetStackOutput': { StackName: stackName, Region: region, OutputName: Match.stringLikeRegexp('^PublishOutput') } };
}

test('two accounts × two regions, three stacks each, all validated', () => {
  expect(FLEET.map((p) => [p.account, p.region])).toEqual([
    ['111111111111', 'eu-west-1'], ['111111111111', 'us-east-1'], ['222222222222', 'eu-west-1'], ['222222222222', 'us-east-1'],
  ]);
  for (const platform of FLEET) {
    for (const stack of stacks) expect(() => exampleTemplate(`Fleet/${platform.name}/${stack}`)).not.toThrow();
  }
});

describe('one platform (Prod-eu-west-1)', () => {
  let network: Template;
  let cluster: Template;
  let workloads: Template;
  beforeAll(() => {
    [network, cluster, workloads] = stacks.map((s) => exampleTemplate(`Fleet/Prod-eu-west-1/${s}`));
  });

  test('the stacks match their snapshots', () => {
    expect({ network: network.toJSON(), cluster: cluster.toJSON(), workloads: workloads.toJSON() }).toMatchSnapshot();
  });

  test('the VPC spans the three zones given, and the cluster stack uses its subnets by reference', () => {
    network.resourceCountIs('AWS::EC2::VPC', 1);
    for (const zone of ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']) {
      network.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: zone, Tags: Match.arrayWith([{ Key: 'kubernetes.io/role/internal-elb', Value: '1' }]) });
    }
    cluster.resourceCountIs('AWS::EC2::VPC', 0);
    cluster.hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ SubnetIds: [1, 2, 3].map(() => stackOutputOf('Prod-eu-west-1-Network', 'eu-west-1')) }),
    });
    // the applier (in the VPC: the endpoint is private) and the node group sit in the same subnets
    cluster.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', VpcConfig: Match.objectLike({ SubnetIds: Match.arrayWith([stackOutputOf('Prod-eu-west-1-Network', 'eu-west-1')]) }) });
    cluster.hasResourceProperties('AWS::EKS::Nodegroup', { Subnets: Match.arrayWith([stackOutputOf('Prod-eu-west-1-Network', 'eu-west-1')]) });
  });

  test('the workloads stack applies through the cluster stack\'s applier, which stays in the cluster stack', () => {
    workloads.resourceCountIs('AWS::Lambda::Function', 0);
    workloads.resourceCountIs('AWS::EKS::Cluster', 0);
    const viaApplier = { ServiceToken: stackOutputOf('Prod-eu-west-1-Cluster', 'eu-west-1') };
    workloads.hasResourceProperties('Custom::CdkEksKitManifest', { ...viaApplier, Manifest: Match.stringLikeRegexp('"name":"team-a".*"name":"team-b"') });
    const serviceAccount = Object.values(workloads.findResources('Custom::CdkEksKitManifest', { Properties: viaApplier }))
      .filter((r) => JSON.stringify(r).includes('\\"kind\\":\\"ServiceAccount\\"'));
    expect(serviceAccount).toHaveLength(1);
    workloads.hasResourceProperties('Custom::CdkEksKitHelmRelease', { ...viaApplier, Release: 'hello' });
    cluster.resourceCountIs('AWS::Lambda::Function', 2);
  });

  test('the IRSA role of the workloads stack trusts the OIDC provider of the cluster stack', () => {
    const [role] = Object.values(workloads.findResources('AWS::IAM::Role'));
    const trust: unknown[] = role.Properties.AssumeRolePolicyDocument['Fn::Join'][1];
    // the provider ARN (Federated) and the issuer (condition keys) come from the cluster stack's outputs
    expect(trust[0]).toMatch(/"Federated":"$/);
    expect(trust[1]).toEqual({ 'Fn::GetStackOutput': { StackName: 'Prod-eu-west-1-Cluster', Region: 'eu-west-1', OutputName: expect.stringMatching(/OidcProvider/) } });
    expect(JSON.stringify(trust)).toContain(':sub\\":\\"system:serviceaccount:team-a:reader');
    expect(JSON.stringify(trust)).toMatch(/OpenIdConnectIssuerUrl/);
  });

  test('the chart is an asset of the workloads stack that the applier\'s role in the cluster stack may read', () => {
    const key = (workloads.findResources('Custom::CdkEksKitHelmRelease') as Record<string, any>);
    const chartKey = Object.values(key)[0].Properties.ChartAsset.Key as string;
    cluster.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{
        Action: 's3:GetObject', Effect: 'Allow', Resource: `arn:aws:s3:::cdk-hnb659fds-assets-222222222222-eu-west-1/${chartKey}`,
      }]) },
    });
  });
});

test('a stage needs no context lookup: the zones are given, so synth stays offline', () => {
  const app = testApp();
  const stage = new PlatformStage(app, 'One', { env: { account: '333333333333', region: 'eu-central-1' }, availabilityZones: ['eu-central-1a', 'eu-central-1b'], cidr: '10.0.0.0/16' });
  const assembly = stage.synth();
  expect(assembly.manifest.missing).toBeUndefined();
  expect(assembly.stacks.map((s) => [s.stackName, s.environment.account, s.environment.region])).toEqual([
    ['One-Network', '333333333333', 'eu-central-1'], ['One-Cluster', '333333333333', 'eu-central-1'], ['One-Workloads', '333333333333', 'eu-central-1'],
  ]);
  expect(Stack.of(stage.platform.cluster).stackName).toBe('One-Cluster');
});

test('a PlatformStage deploys from a CDK Pipeline: its stacks in dependency order, into the target account', () => {
  // GIVEN a pipeline in a tooling account that deploys one platform to another account
  const app = testApp();
  const tooling = new Stack(app, 'Delivery', { env: { account: '999999999999', region: 'eu-west-1' } });
  const pipeline = new pipelines.CodePipeline(tooling, 'Pipeline', {
    crossAccountKeys: true,
    synth: new pipelines.ShellStep('Synth', {
      input: pipelines.CodePipelineSource.connection('example-org/platform', 'main', {
        connectionArn: 'arn:aws:codeconnections:eu-west-1:999999999999:connection/00000000-0000-0000-0000-000000000000',
      }),
      commands: ['npm ci', 'npx cdk synth'],
    }),
  });
  const [platform] = FLEET;
  pipeline.addStage(new PlatformStage(tooling, platform.name, {
    env: { account: platform.account, region: platform.region }, availabilityZones: platform.availabilityZones, cidr: platform.cidr,
  }));
  // WHEN it is synthesized
  const template = Template.fromStack(tooling);
  // THEN the pipeline stage prepares and deploys Network, then Cluster, then Workloads, in the target account
  const [codePipeline] = Object.values(template.findResources('AWS::CodePipeline::Pipeline'));
  const stage = codePipeline.Properties.Stages.find((s: { Name: string }) => s.Name === platform.name);
  const deploys = stage.Actions.filter((a: { Name: string }) => a.Name.endsWith('.Deploy'))
    .sort((a: { RunOrder: number }, b: { RunOrder: number }) => a.RunOrder - b.RunOrder)
    .map((a: { Name: string; Configuration: { StackName: string } }) => a.Configuration.StackName);
  expect(deploys).toEqual([`${platform.name}-Network`, `${platform.name}-Cluster`, `${platform.name}-Workloads`]);
  expect(JSON.stringify(stage)).toContain(`:iam::${platform.account}:role/cdk-hnb659fds-deploy-role-${platform.account}-${platform.region}`);
});
