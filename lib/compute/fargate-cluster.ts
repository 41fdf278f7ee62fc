import { Construct } from 'constructs';
import { Cluster, ClusterProps } from '../cluster/cluster';
import { FargateProfile, FargateProfileOptions } from './fargate-profile';

/** Properties of a {@link FargateCluster}. */
export interface FargateClusterProps extends ClusterProps {
  /**
   * The default profile.
   * @default - a profile for the `default` and `kube-system` namespaces
   */
  readonly defaultProfile?: FargateProfileOptions;
}

/**
 * A cluster whose pods run on AWS Fargate: a {@link Cluster} plus a default Fargate profile
 * for the `default` and `kube-system` namespaces. Add more with `cluster.addFargateProfile()`.
 *
 * CoreDNS runs on Fargate only once it is configured for Fargate (the CoreDNS add-on with
 * `computeType: Fargate`); until then its pods stay Pending on a cluster without EC2 nodes.
 */
export class FargateCluster extends Construct {
  /** The cluster. */
  public readonly cluster: Cluster;
  /** The default Fargate profile. */
  public readonly defaultProfile: FargateProfile;

  constructor(scope: Construct, id: string, props: FargateClusterProps) {
    super(scope, id);
    const { defaultProfile, ...clusterProps } = props;
    this.cluster = new Cluster(this, 'Cluster', clusterProps);
    this.defaultProfile = this.cluster.addFargateProfile('DefaultProfile', defaultProfile ?? {
      selectors: [{ namespace: 'default' }, { namespace: 'kube-system' }],
    });
  }
}
