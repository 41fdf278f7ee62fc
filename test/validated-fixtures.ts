/**
 * Unit-test stacks that must pass the full validation (aws-cdk-lib's CloudFormation validator
 * with errors fatal, AwsSolutions, EksKit). They are synthesized in the same app as the example
 * stacks (`exampleTemplate()` in ./validated-synth), once per source state, instead of paying
 * the validator's start-up in every test file. A test reads its stack back with
 * `exampleTemplate(fixturePath('<Name>'))`; a finding fails that one synthesis and so every
 * test that reads a template, with the finding in the message.
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  AddonIdentity, AddonType, Cluster, ClusterAutoscaler, ClusterFileSystem, CoreDnsComputeType, FargateCluster,
  FargateLogDestination, KubernetesVersion,
} from '../lib';

/** The construct path of a fixture stack in the validated app. */
export function fixturePath(name: keyof typeof FIXTURES): string {
  return `Fixture-${name}`;
}

/** Adds every fixture stack to the app (test/validated-synth.ts, with the example stacks). */
export function addFixtureStacks(app: Construct): void {
  for (const [name, build] of Object.entries(FIXTURES)) build(app, fixturePath(name as keyof typeof FIXTURES));
}

const FIXTURES = {
  /** Every typed add-on, IRSA and Pod Identity roles, an EFS file system (test/addons/addons-validated.test.ts). */
  Addons(app: Construct, id: string): void {
    const stack = new Stack(app, id);
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, removalPolicy: RemovalPolicy.DESTROY });
    cluster.addAddon('VpcCni', AddonType.vpcCni({ enableNetworkPolicy: true }), { identity: AddonIdentity.irsa() });
    cluster.addAddon('KubeProxy', AddonType.kubeProxy());
    const dns = cluster.addAddon('CoreDns', AddonType.coreDns({ computeType: CoreDnsComputeType.FARGATE }));
    Validations.of(dns).acknowledge({ id: 'Annotation::cdk-eks-kit:addonWithoutCapacity', reason: 'this test checks resources only; the examples add capacity' });
    cluster.addAddon('Ebs', AddonType.ebsCsiDriver());
    cluster.addAddon('Efs', AddonType.efsCsiDriver());
    cluster.addAddon('CloudWatch', AddonType.cloudWatchObservability());
    cluster.addAddon('MetricsServer', AddonType.metricsServer());
    cluster.addPodIdentityAssociation('App', { namespace: 'app', serviceAccount: 'app' });
    new ClusterFileSystem(stack, 'Shared', { cluster, removalPolicy: RemovalPolicy.DESTROY });
  },

  /** A node group and the Cluster Autoscaler (test/addons/cluster-autoscaler.test.ts). */
  Autoscaler(app: Construct, id: string): void {
    const stack = new Stack(app, id);
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, clusterName: 'demo' });
    cluster.addNodeGroup('Nodes', { instanceTypes: [new ec2.InstanceType('m7i.large')] });
    new ClusterAutoscaler(stack, 'Autoscaler', { cluster });
  },

  /** Fargate logging to CloudWatch Logs and Kinesis, with process logs (test/compute/fargate-logging.test.ts). */
  FargateLogging(app: Construct, id: string): void {
    const stack = new Stack(app, id, { env: { account: '111122223333', region: 'eu-west-1' } });
    const fargate = new FargateCluster(stack, 'Fargate', {
      version: KubernetesVersion.V1_35,
      logging: { processLogs: true, destinations: [
        FargateLogDestination.cloudWatchLogs(),
        FargateLogDestination.kinesis(new kinesis.Stream(stack, 'Stream', { encryption: kinesis.StreamEncryption.MANAGED })),
        FargateLogDestination.cloudWatchLogs({ logGroup: logs.LogGroup.fromLogGroupName(stack, 'Shared', '/platform/fargate'), match: 'kube.*_apps_*' }),
      ] },
    });
    fargate.cluster.addFargateProfile('Apps', { selectors: [{ namespace: 'apps' }] });
  },

  /** The default removal policy on a cluster, a node group and a manifest (test/cluster/removal-validated.test.ts). */
  Retained(app: Construct, id: string): void {
    const stack = new Stack(app, id);
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    cluster.addNodeGroup('Nodes');
    cluster.addManifest('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
  },
};
