import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { exampleClusterProps } from './example-cluster';
import { FargateCluster, FargateProfile } from '../lib';

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
    this.fargate = new FargateCluster(this, 'Fargate', exampleClusterProps(this, { kubectl: false }));
    this.apps = this.fargate.cluster.addFargateProfile('Apps', {
      fargateProfileName: 'apps',
      selectors: [{ namespace: 'apps', labels: { compute: 'fargate' } }],
    });
  }
}
