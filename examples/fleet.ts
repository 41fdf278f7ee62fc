import { Environment, Stack, StackProps, Stage, StageProps, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { addCoreAddons, exampleClusterProps } from './example-cluster';
import { join } from 'path';
import { Cluster, HelmChart, HelmChartSource, ICluster, KubernetesManifest, ServiceAccount } from '../lib';

/** Properties of the {@link NetworkStack}. */
export interface NetworkStackProps extends StackProps {
  /**
   * The availability zones of the VPC, named explicitly so that synth needs no AZ lookup
   * (an environment-specific stack would otherwise ask the account for its zones).
   */
  readonly availabilityZones: string[];
  /** The VPC's CIDR block; distinct per region so that the VPCs can be peered later. */
  readonly cidr: string;
}

/** The network of one platform: a VPC that the cluster stack uses by reference. */
export class NetworkStack extends Stack {
  public readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: props.availabilityZones,
      natGateways: 1,
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 19 },
      ],
      flowLogs: { FlowLogs: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    // The same layout, flow logs and load-balancer subnet tags as the VPC a Cluster creates itself.
    for (const subnet of this.vpc.publicSubnets) Tags.of(subnet).add('kubernetes.io/role/elb', '1');
    for (const subnet of this.vpc.privateSubnets) Tags.of(subnet).add('kubernetes.io/role/internal-elb', '1');
  }
}

/** Properties of the {@link ClusterStack}. */
export interface ClusterStackProps extends StackProps {
  /** The VPC, from the network stack of the same stage. */
  readonly vpc: ec2.IVpc;
}

/** The cluster of one platform, with managed nodes and the core add-ons, in the network stack's VPC. */
export class ClusterStack extends Stack {
  public readonly cluster: Cluster;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, props);
    // Kubernetes 1.35, an admin role and DESTROY, as in every example; the VPC of the network stack.
    this.cluster = new Cluster(this, 'Cluster', { ...exampleClusterProps(this, { kubectl: true }), vpc: props.vpc });
    this.cluster.addNodeGroup('General', {
      instanceTypes: [new ec2.InstanceType('m7i.large')],
      minSize: 2,
      maxSize: 4,
      enableSsm: true,
    });
    addCoreAddons(this.cluster);
  }
}

/** Properties of the {@link WorkloadsStack}. */
export interface WorkloadsStackProps extends StackProps {
  /** The cluster, from the cluster stack of the same stage. */
  readonly cluster: ICluster;
  /** The team namespaces to create. */
  readonly teams: string[];
}

/**
 * What the platform team applies to every cluster of the fleet, in a stack of its own: team
 * namespaces, an IRSA service account and a local Helm chart. It uses the cluster, its OIDC
 * provider and its applier (the deploy-time kubectl handler, which lives in the cluster's
 * stack) by reference, so it can be deployed and rolled back on its own; the chart is an S3
 * asset of this stack that the applier's role is granted to read.
 */
export class WorkloadsStack extends Stack {
  public readonly namespaces: KubernetesManifest;
  public readonly serviceAccount: ServiceAccount;
  public readonly chart: HelmChart;

  constructor(scope: Construct, id: string, props: WorkloadsStackProps) {
    super(scope, id, props);
    this.namespaces = new KubernetesManifest(this, 'TeamNamespaces', {
      cluster: props.cluster,
      manifest: props.teams.map((team) => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: team,
          labels: {
            'pod-security.kubernetes.io/enforce': 'restricted',
            'example.com/region': Stack.of(this).region,
          },
        },
      })),
    });
    const [firstTeam] = props.teams;
    this.serviceAccount = new ServiceAccount(this, 'Reader', { cluster: props.cluster, name: 'reader', namespace: firstTeam });
    this.serviceAccount.node.addDependency(this.namespaces);
    this.chart = new HelmChart(this, 'Hello', {
      cluster: props.cluster,
      source: HelmChartSource.fromAsset(join(__dirname, 'charts', 'hello')),
      namespace: firstTeam,
      createNamespace: false,
      values: { message: `deployed by cdk-eks-kit to ${Stack.of(this).region}` },
    });
    this.chart.node.addDependency(this.namespaces);
  }
}

/** Properties of a {@link PlatformStage}. */
export interface PlatformStageProps extends StageProps {
  /** Account and region of the platform; both must be given (a fleet is environment-specific). */
  readonly env: Required<Pick<Environment, 'account' | 'region'>>;
  /** The availability zones of the region to use (at least 2). */
  readonly availabilityZones: string[];
  /** The VPC's CIDR block. */
  readonly cidr: string;
}

/**
 * One platform of the fleet, deployed as a unit: a network stack, a cluster stack that uses
 * its VPC, and a workloads stack that applies Kubernetes objects through the cluster stack's
 * applier. Instantiate it once per account and region (or add it to a CDK Pipeline wave).
 *
 * Deploy and destroy a stage as a whole (`cdk deploy 'Fleet/Prod-eu-west-1/*'`): the CLI
 * deploys Network → Cluster → Workloads and destroys in the reverse order. With this
 * repository's `@aws-cdk/core:defaultCrossStackReferences: weak` the stacks read each other's
 * outputs with `Fn::GetStackOutput`, which CloudFormation resolves at deploy time without an
 * export, so nothing stops the cluster stack from being deleted while the workloads stack still
 * uses its applier. A new chart version also changes the applier role's policy in the cluster
 * stack (it may read exactly that S3 object), so do not deploy the workloads stack alone
 * (`--exclusively`) after changing the chart.
 */
export class PlatformStage extends Stage {
  public readonly network: NetworkStack;
  public readonly platform: ClusterStack;
  public readonly workloads: WorkloadsStack;

  constructor(scope: Construct, id: string, props: PlatformStageProps) {
    super(scope, id, props);
    // The zones as the context value the CLI would otherwise look up in the account (and cache
    // in cdk.context.json), so that synth stays offline: aws-cdk-lib's Vpc checks given zones
    // against the stack's zones. Set before any stack is added to the stage.
    this.node.setContext(`availability-zones:account=${props.env.account}:region=${props.env.region}`, props.availabilityZones);
    this.network = new NetworkStack(this, 'Network', { availabilityZones: props.availabilityZones, cidr: props.cidr });
    this.platform = new ClusterStack(this, 'Cluster', { vpc: this.network.vpc });
    this.workloads = new WorkloadsStack(this, 'Workloads', { cluster: this.platform.cluster, teams: ['team-a', 'team-b'] });
  }
}

/** Accounts and regions of the example fleet (the account ids are placeholders). */
export const FLEET: { name: string; account: string; region: string; availabilityZones: string[]; cidr: string }[] = [
  { name: 'Staging-eu-west-1', account: '111111111111', region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'], cidr: '10.10.0.0/16' },
  { name: 'Staging-us-east-1', account: '111111111111', region: 'us-east-1', availabilityZones: ['us-east-1a', 'us-east-1b'], cidr: '10.20.0.0/16' },
  { name: 'Prod-eu-west-1', account: '222222222222', region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], cidr: '10.30.0.0/16' },
  { name: 'Prod-us-east-1', account: '222222222222', region: 'us-east-1', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], cidr: '10.40.0.0/16' },
];

/**
 * The fleet: the same platform in two accounts (staging, prod) × two regions, each a
 * {@link PlatformStage} under the construct `Fleet` (`cdk synth` writes one nested cloud
 * assembly per stage: `cdk.out/assembly-Fleet-Prod-eu-west-1/`).
 *
 * To deliver it with CDK Pipelines instead, create the stages in the pipeline's stack and add
 * them (`pipeline.addStage(new PlatformStage(pipelineStack, 'Prod-eu-west-1', {...}))`, or a
 * wave per account); test/examples/fleet.test.ts synthesizes that. It is not part of this
 * example app because the pipeline's own generated roles bring AwsSolutions-IAM5 findings
 * (wildcards in five CodePipeline/CodeBuild policies) that the examples would have to
 * acknowledge, and the examples pass cdk-nag with no acknowledgement of their own.
 */
export class Fleet extends Construct {
  public readonly stages: PlatformStage[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.stages = FLEET.map((p) => new PlatformStage(this, p.name, {
      env: { account: p.account, region: p.region },
      availabilityZones: p.availabilityZones,
      cidr: p.cidr,
    }));
  }
}
