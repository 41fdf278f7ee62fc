import { Construct } from 'constructs';
import { Addon, AddonOptions } from '../addons/addon';
import { AddonType, CoreDnsComputeType, CoreDnsOptions } from '../addons/addon-type';
import { Cluster, ClusterProps } from '../cluster/cluster';
import { markFargateCluster } from './fargate-cluster-state';
import { FargateLogging, FargateLoggingOptions } from './fargate-logging';
import { FargateProfile, FargateProfileOptions } from './fargate-profile';

/** Properties of a {@link FargateCluster}. */
export interface FargateClusterProps extends ClusterProps {
  /**
   * The default profile.
   * @default - a profile for the `default` and `kube-system` namespaces
   */
  readonly defaultProfile?: FargateProfileOptions;
  /**
   * Settings of the CoreDNS add-on; `computeType` is always FARGATE here.
   * @default - the add-on's defaults (2 replicas)
   */
  readonly coreDns?: CoreDnsOptions;
  /**
   * Version pin, conflict resolution and raw configuration of the CoreDNS add-on.
   * @default - the library's version table, ResolveConflicts.OVERWRITE
   */
  readonly coreDnsAddonOptions?: AddonOptions;
  /**
   * Log the pods' container logs through the Fargate log router (see {@link FargateLogging});
   * CoreDNS then starts after the configuration is in place.
   * @default - no Fargate logging
   */
  readonly logging?: FargateLoggingOptions;
}

/**
 * A cluster whose pods run on AWS Fargate: a {@link Cluster}, a default Fargate profile for
 * the `default` and `kube-system` namespaces, and the CoreDNS add-on configured with
 * `computeType: Fargate` (created after the profiles, so its pods are scheduled on Fargate
 * instead of staying Pending). Add more profiles with `cluster.addFargateProfile()`.
 */
export class FargateCluster extends Construct {
  /** The cluster. */
  public readonly cluster: Cluster;
  /** The default Fargate profile. */
  public readonly defaultProfile: FargateProfile;
  /** The CoreDNS add-on, running on Fargate. */
  public readonly coreDns: Addon;
  /** The Fargate logging (with `logging`). */
  public readonly logging?: FargateLogging;

  constructor(scope: Construct, id: string, props: FargateClusterProps) {
    super(scope, id);
    const { defaultProfile, coreDns, coreDnsAddonOptions, logging, ...clusterProps } = props;
    this.cluster = new Cluster(this, 'Cluster', clusterProps);
    // Its add-ons and controllers default to IRSA: Fargate pods cannot use EKS Pod Identity.
    markFargateCluster(this.cluster);
    this.defaultProfile = this.cluster.addFargateProfile('DefaultProfile', defaultProfile ?? {
      selectors: [{ namespace: 'default' }, { namespace: 'kube-system' }],
    });
    this.coreDns = this.cluster.addAddon('CoreDns',
      AddonType.coreDns({ ...coreDns, computeType: CoreDnsComputeType.FARGATE }), coreDnsAddonOptions);
    if (logging) {
      // EKS applies the logging configuration to pods started after it exists.
      this.logging = new FargateLogging(this, 'Logging', { ...logging, cluster: this.cluster });
      this.coreDns.node.addDependency(this.logging.manifest);
    }
  }
}
