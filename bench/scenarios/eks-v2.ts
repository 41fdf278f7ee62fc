/**
 * The bench scenarios written with aws-cdk-lib's `aws-eks-v2`: managed node groups as
 * capacity (not Auto Mode), the kubectl provider on with the kubectl v29 layer (and its
 * default AWS CLI layer).
 */
import { KubectlV29Layer } from '@aws-cdk/lambda-layer-kubectl-v29';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import {
  EBS_CSI_SERVICE_ACCOUNT, FARGATE_NAMESPACE, HELM_CHART, ON_DEMAND_X86, SELF_MANAGED, SERVICE_ACCOUNTS,
  SPOT_GRAVITON, STANDARD_MANIFEST_COUNT, irsaRoleForServiceAccount, smallManifests,
} from './common';

function newCluster(stack: Stack): eks.Cluster {
  return new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_29,
    defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
    defaultCapacity: 0,
    kubectlProviderOptions: { kubectlLayer: new KubectlV29Layer(stack, 'KubectlLayer') },
  });
}

function addManifests(cluster: eks.Cluster, count: number): void {
  smallManifests(count).forEach((obj, i) => cluster.addManifest(`Manifest${i}`, obj));
}

/** The standard platform (docs/benchmarks.md describes it). */
export function eksV2Standard(app: App): Stack {
  const stack = new Stack(app, 'EksV2Standard');
  const cluster = newCluster(stack);

  cluster.addNodegroupCapacity('OnDemandX86', {
    instanceTypes: ON_DEMAND_X86.instanceTypes.map((t) => new ec2.InstanceType(t)),
    amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
    capacityType: eks.CapacityType.ON_DEMAND,
    minSize: ON_DEMAND_X86.minSize,
    maxSize: ON_DEMAND_X86.maxSize,
  });
  cluster.addNodegroupCapacity('SpotGraviton', {
    instanceTypes: SPOT_GRAVITON.instanceTypes.map((t) => new ec2.InstanceType(t)),
    amiType: eks.NodegroupAmiType.AL2023_ARM_64_STANDARD,
    capacityType: eks.CapacityType.SPOT,
    minSize: SPOT_GRAVITON.minSize,
    maxSize: SPOT_GRAVITON.maxSize,
  });
  cluster.addAutoScalingGroupCapacity('SelfManaged', {
    instanceType: new ec2.InstanceType(SELF_MANAGED.instanceType),
    minCapacity: SELF_MANAGED.minSize,
    maxCapacity: SELF_MANAGED.maxSize,
  });
  cluster.addFargateProfile('Fargate', { selectors: [{ namespace: FARGATE_NAMESPACE }] });

  for (const sa of SERVICE_ACCOUNTS) {
    cluster.addServiceAccount(sa.id, { name: sa.name, namespace: sa.namespace, identityType: eks.IdentityType.IRSA });
  }

  for (const addonName of ['vpc-cni', 'coredns', 'kube-proxy']) {
    new eks.Addon(stack, `Addon-${addonName}`, { cluster, addonName });
  }
  const ebsRole = irsaRoleForServiceAccount(stack, 'EbsCsiRole', cluster.openIdConnectProvider, EBS_CSI_SERVICE_ACCOUNT);
  const ebs = new eks.Addon(stack, 'Addon-aws-ebs-csi-driver', { cluster, addonName: 'aws-ebs-csi-driver' });
  // The L2 Addon has no service-account role prop; set it on its L1.
  (ebs.node.defaultChild as CfnResource).addPropertyOverride('ServiceAccountRoleArn', ebsRole.roleArn);

  addManifests(cluster, STANDARD_MANIFEST_COUNT);
  cluster.addHelmChart('MetricsServer', HELM_CHART);
  return stack;
}

/** One cluster and `count` small manifests in one stack. */
export function eksV2Scaling(app: App, count: number): Stack {
  const stack = new Stack(app, `EksV2Scaling${count}`);
  addManifests(newCluster(stack), count);
  return stack;
}
