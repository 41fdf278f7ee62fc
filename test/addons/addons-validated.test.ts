import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AddonIdentity, AddonType, Cluster, ClusterFileSystem, CoreDnsComputeType, KubernetesVersion,
} from '../../lib';
import { synthValidated } from '../validated-synth';

// GIVEN a cluster with every typed add-on, IRSA and Pod Identity roles and an EFS file system,
// synthesized with the CloudFormation validator (errors fatal) and cdk-nag AwsSolutions
let template: Template;
beforeAll(() => {
  template = synthValidated((app) => {
    const stack = new Stack(app, 'Addons');
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
    return [stack];
  }).get('Addons')!;
});

test('every add-on synthesizes, passes the CloudFormation validator and AwsSolutions', () => {
  template.resourceCountIs('AWS::EKS::Addon', 8);
  template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 1);
  template.resourceCountIs('AWS::EFS::FileSystem', 1);
});
