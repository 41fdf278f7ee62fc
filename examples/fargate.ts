import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { FargateCluster, FargateProfile, KubernetesVersion } from '../lib';

/**
 * A cluster without EC2 nodes: every pod runs on AWS Fargate. The default profile covers
 * `default` and `kube-system`; a second profile runs the pods of the `apps` namespace that
 * carry `compute: fargate`. `FargateCluster` installs the CoreDNS add-on with
 * `computeType: Fargate`, after the profiles, so DNS runs on Fargate too.
 */
export class FargateStack extends Stack {
  public readonly fargate: FargateCluster;
  public readonly apps: FargateProfile;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const admin = new iam.Role(this, 'ClusterAdmin', {
      assumedBy: new iam.AccountRootPrincipal(),
      description: 'Kubernetes cluster administrators (EKS access entry with AmazonEKSClusterAdminPolicy)',
    });
    this.fargate = new FargateCluster(this, 'Fargate', {
      version: KubernetesVersion.V1_35,
      admins: [admin],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.apps = this.fargate.cluster.addFargateProfile('Apps', {
      fargateProfileName: 'apps',
      selectors: [{ namespace: 'apps', labels: { compute: 'fargate' } }],
    });
  }
}
