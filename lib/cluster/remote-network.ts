/**
 * The on-premises networks of EKS Hybrid Nodes (`RemoteNetworkConfig` of the cluster). It can
 * be added, changed or removed after the cluster exists.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-networking.html
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteNodeNetwork.html
 */
export interface RemoteNetworkOptions {
  /**
   * IPv4 CIDR blocks the hybrid nodes' addresses come from: within RFC 1918, /8 to /32, not
   * overlapping the VPC or the Kubernetes service CIDR, routed to the VPC (VPN, Direct Connect,
   * transit gateway). The cluster security group admits HTTPS from them.
   */
  readonly remoteNodeNetworks: string[];
  /**
   * IPv4 CIDR blocks of pods on hybrid nodes (from your CNI, e.g. Cilium or Calico), needed when
   * webhooks run on hybrid nodes; same rules as `remoteNodeNetworks`.
   * @default - none
   */
  readonly remotePodNetworks?: string[];
}
