import { NodeTaint } from './node-taint';
import { renderAl2023UserData, renderBottlerocketUserData } from './user-data';

/**
 * What a self-managed node needs to join a cluster, and how its kubelet is set up.
 * Strings may be tokens (cluster endpoint, CA); they are written as they are.
 */
export interface NodeBootstrapOptions {
  /** The cluster name. */
  readonly clusterName: string;
  /** The API server URL. */
  readonly apiServerEndpoint: string;
  /** The base64 certificate authority data. */
  readonly certificateAuthority: string;
  /**
   * The service CIDR of the cluster (IPv4, or the IPv6 one of an IPv6 cluster, e.g. the
   * cluster's `KubernetesNetworkConfig.ServiceIpv6Cidr` attribute); the cluster DNS address
   * is derived from it. Required for AL2023: nodeadm refuses a NodeConfig without
   * `spec.cluster.cidr` and does not look it up.
   * @default - none; only Bottlerocket works without it (it derives the DNS address itself)
   */
  readonly serviceCidr?: string;
  /**
   * Labels the kubelet registers the node with.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Taints the kubelet registers the node with.
   * @default - none
   */
  readonly taints?: NodeTaint[];
  /**
   * Maximum number of pods on the node.
   * @default - the AMI's value for the instance type
   */
  readonly maxPods?: number;
  /**
   * More kubelet settings. AL2023: `KubeletConfiguration` fields (camelCase, e.g.
   * `{ shutdownGracePeriod: '30s' }`); Bottlerocket: `settings.kubernetes` keys (kebab-case,
   * e.g. `{ 'image-gc-high-threshold-percent': 80 }`).
   * @default - none
   */
  readonly kubeletConfig?: { [key: string]: any };
}

/**
 * User data that joins a self-managed node to a cluster, for your own launch templates or
 * custom AMIs built on AL2023 or Bottlerocket. `SelfManagedNodeGroup` uses the same renderers.
 */
export class NodeUserData {
  /**
   * AL2023: a MIME multi-part document with a nodeadm `NodeConfig` (`node.eks.aws/v1alpha1`).
   * `serviceCidr` is required (nodeadm refuses a config without `spec.cluster.cidr`).
   * @see https://awslabs.github.io/amazon-eks-ami/nodeadm/
   */
  public static al2023(options: NodeBootstrapOptions): string {
    if (options.serviceCidr === undefined || options.serviceCidr === '') {
      throw new Error("NodeUserData.al2023: 'serviceCidr' is required; nodeadm refuses a NodeConfig without spec.cluster.cidr "
        + "('CIDR is missing in cluster configuration'). Pass cluster.serviceIpv4Cidr, or cluster.serviceIpv6Cidr on an IPv6 cluster.");
    }
    return renderAl2023UserData(options);
  }

  /**
   * Bottlerocket: TOML `settings.kubernetes` (cluster, DNS IP, max pods, labels, taints).
   * @see https://bottlerocket.dev/en/os/latest/api/settings/kubernetes/
   */
  public static bottlerocket(options: NodeBootstrapOptions): string {
    return renderBottlerocketUserData(options);
  }

  private constructor() {}
}
