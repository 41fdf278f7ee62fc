/**
 * The bench scenarios written with cdk-eks-kit. The endpoint is public and private, as in
 * aws-cdk-lib's default, so that the platform is the same (our default, a private endpoint,
 * moves the kubectl applier into the VPC). Small manifests are plain `cluster.addManifest`
 * calls: the library batches them by default (they share custom resources instead of one each).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  AddonIdentity, AddonType, CapacityType, Cluster, EndpointAccess, HelmChartSource, KubernetesVersion,
  NodeGroupAmiType,
} from '../../lib';
import {
  FARGATE_NAMESPACE, HELM_CHART, ON_DEMAND_X86, SELF_MANAGED, SERVICE_ACCOUNTS, SPOT_GRAVITON, STANDARD_MANIFEST_COUNT,
  smallManifests,
} from './common';

function newCluster(stack: Stack): Cluster {
  return new Cluster(stack, 'Cluster', {
    version: KubernetesVersion.V1_29,
    // EKS extended support for 1.29 ended on 2026-03-23; the bench only synthesizes.
    allowEndOfSupportVersion: true,
    endpointAccess: EndpointAccess.PUBLIC_AND_PRIVATE,
  });
}

function addManifests(cluster: Cluster, count: number): void {
  smallManifests(count).forEach((obj, i) => cluster.addManifest(`Manifest${i}`, obj));
}

/** The standard platform (docs/benchmarks.md describes it). */
export function oursStandard(app: App): Stack {
  const stack = new Stack(app, 'OursStandard');
  const cluster = newCluster(stack);

  cluster.addNodeGroup('OnDemandX86', {
    instanceTypes: ON_DEMAND_X86.instanceTypes.map((t) => new ec2.InstanceType(t)),
    amiType: NodeGroupAmiType.AL2023_X86_64_STANDARD,
    capacityType: CapacityType.ON_DEMAND,
    minSize: ON_DEMAND_X86.minSize,
    maxSize: ON_DEMAND_X86.maxSize,
  });
  cluster.addNodeGroup('SpotGraviton', {
    instanceTypes: SPOT_GRAVITON.instanceTypes.map((t) => new ec2.InstanceType(t)),
    amiType: NodeGroupAmiType.AL2023_ARM_64_STANDARD,
    capacityType: CapacityType.SPOT,
    minSize: SPOT_GRAVITON.minSize,
    maxSize: SPOT_GRAVITON.maxSize,
  });
  cluster.addSelfManagedNodeGroup('SelfManaged', {
    instanceTypes: [new ec2.InstanceType(SELF_MANAGED.instanceType)],
    minSize: SELF_MANAGED.minSize,
    maxSize: SELF_MANAGED.maxSize,
  });
  cluster.addFargateProfile('Fargate', { selectors: [{ namespace: FARGATE_NAMESPACE }] });

  for (const sa of SERVICE_ACCOUNTS) {
    cluster.addServiceAccount(sa.id, { name: sa.name, namespace: sa.namespace });
  }

  cluster.addAddon('VpcCni', AddonType.vpcCni());
  cluster.addAddon('CoreDns', AddonType.coreDns());
  cluster.addAddon('KubeProxy', AddonType.kubeProxy());
  // IRSA, as in the aws-cdk-lib versions (our default for EBS CSI is EKS Pod Identity).
  cluster.addAddon('EbsCsi', AddonType.ebsCsiDriver(), { identity: AddonIdentity.irsa() });

  addManifests(cluster, STANDARD_MANIFEST_COUNT);
  cluster.addHelmChart('MetricsServer', {
    source: HelmChartSource.fromRepository(HELM_CHART.repository, HELM_CHART.chart),
    version: HELM_CHART.version,
    namespace: HELM_CHART.namespace,
    release: HELM_CHART.release,
  });
  return stack;
}

/** One cluster and `count` small manifests in one stack. */
export function oursScaling(app: App, count: number): Stack {
  const stack = new Stack(app, `OursScaling${count}`);
  addManifests(newCluster(stack), count);
  return stack;
}
