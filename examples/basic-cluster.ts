import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Cluster, KubernetesVersion } from '../lib';

/**
 * A new VPC and a cluster with one admin role.
 *
 * The admin role can be assumed by IAM principals of this account that are allowed
 * `sts:AssumeRole` on it; after deploy run the `ConfigCommand` output with `--role-arn`.
 */
export class BasicClusterStack extends Stack {
  public readonly cluster: Cluster;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const admin = new iam.Role(this, 'ClusterAdmin', {
      assumedBy: new iam.AccountRootPrincipal(),
      description: 'Kubernetes cluster administrators (EKS access entry with AmazonEKSClusterAdminPolicy)',
    });
    this.cluster = new Cluster(this, 'Cluster', {
      version: KubernetesVersion.V1_35,
      admins: [admin],
      // Examples are meant to be torn down with `cdk destroy`; the library default is RETAIN.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
