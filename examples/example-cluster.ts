import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AddonType, Cluster, ClusterProps, KubernetesVersion } from '../lib';

/** Options of {@link exampleClusterProps}. */
export interface ExampleClusterOptions {
  /**
   * Whether the example applies Kubernetes objects. No layer needs to be given for that: the
   * library picks the kubectl layer for the cluster's version (v36 for 1.35).
   */
  readonly kubectl: boolean;
}

/**
 * The cluster settings the examples share (see examples/basic-cluster.ts for them spelled out):
 * Kubernetes 1.35, an admin role that IAM principals of this account may assume (an access
 * entry with AmazonEKSClusterAdminPolicy), and `RemovalPolicy.DESTROY` so that `cdk destroy`
 * cleans up (the library default is RETAIN).
 */
export function exampleClusterProps(scope: Construct, _options: ExampleClusterOptions): ClusterProps {
  const admin = new iam.Role(scope, 'ClusterAdmin', {
    assumedBy: new iam.AccountRootPrincipal(),
    description: 'Kubernetes cluster administrators (EKS access entry with AmazonEKSClusterAdminPolicy)',
  });
  return {
    version: KubernetesVersion.V1_35,
    admins: [admin],
    removalPolicy: RemovalPolicy.DESTROY,
  };
}

/**
 * The three add-ons every node-based cluster runs (vpc-cni, kube-proxy, coredns), as EKS
 * managed add-ons at the versions of the library's table for the cluster's version.
 */
export function addCoreAddons(cluster: Cluster): void {
  cluster.addAddon('VpcCni', AddonType.vpcCni());
  cluster.addAddon('KubeProxy', AddonType.kubeProxy());
  cluster.addAddon('CoreDns', AddonType.coreDns());
}
