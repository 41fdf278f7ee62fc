import { Annotations, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import type { Construct } from 'constructs';
import { KitValidationError } from '../errors';
import { AuthenticationMode, IpFamily } from './cluster-types';
import { cidrsOverlap, parseIpv4Cidr } from './cluster-validation';
import type { EndpointAccess } from './endpoint-access';
import type { RemoteNetworkOptions } from './remote-network';

/**
 * Checks and renders of the `remoteNetwork` prop of a Cluster (not part of the public API).
 *
 * Sources:
 * - Each CIDR within an IPv4 RFC 1918 range, /8 to /32, not overlapping the VPC CIDR blocks or the
 *   Kubernetes service range: EKS API_RemoteNodeNetwork / API_RemotePodNetwork and the
 *   CloudFormation reference (RemoteNodeNetwork, RemotePodNetwork).
 * - A hybrid-nodes cluster uses IPv4, authentication mode API or API_AND_CONFIG_MAP, and either a
 *   public or a private endpoint but not both (the endpoint would resolve to addresses the
 *   on-premises nodes cannot use): EKS User Guide, hybrid-nodes-cluster-create, "Considerations".
 * - Hybrid nodes reach the control plane on TCP 443: the cluster security group admits the
 *   remote node and pod CIDRs (hybrid-nodes-networking).
 */

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** Problems of the CIDR lists (empty when valid); tokens are skipped. */
export function remoteNetworkProblems(o: RemoteNetworkOptions, vpcCidr?: string, serviceCidr?: string): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!Token.isUnresolved(o.remoteNodeNetworks) && o.remoteNodeNetworks.length === 0) {
    errors.push("'remoteNetwork.remoteNodeNetworks' is empty; list the CIDR blocks of the hybrid nodes");
  }
  const literal = (prop: string, list: string[] | undefined) => (list && !Token.isUnresolved(list) ? list : [])
    .filter((c) => !Token.isUnresolved(c)).map((cidr) => ({ prop, cidr }));
  const all = [...literal('remoteNodeNetworks', o.remoteNodeNetworks), ...literal('remotePodNetworks', o.remotePodNetworks)];
  const valid: { prop: string; cidr: string }[] = [];
  for (const { prop, cidr } of all) {
    const parsed = parseIpv4Cidr(cidr);
    if (!parsed) {
      errors.push(`'remoteNetwork.${prop}' contains '${cidr}', which is not an IPv4 CIDR block such as 10.80.0.0/16`);
      continue;
    }
    if (parsed[1] < 8) {
      errors.push(`'remoteNetwork.${prop}' contains '${cidr}'; EKS allows blocks from /8 to /32`);
      continue;
    }
    if (!RFC1918.some((range) => parsed[1] >= parseIpv4Cidr(range)![1] && cidrsOverlap(range, cidr))) {
      errors.push(`'remoteNetwork.${prop}' contains '${cidr}'; EKS needs RFC 1918 blocks (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`);
      continue;
    }
    for (const [what, other] of [['the VPC CIDR', vpcCidr], ['the Kubernetes service CIDR', serviceCidr]] as const) {
      if (other && !Token.isUnresolved(other) && parseIpv4Cidr(other) && cidrsOverlap(cidr, other)) {
        errors.push(`'remoteNetwork.${prop}' block ${cidr} overlaps ${what} ${other}; on-premises networks must be outside both`);
      }
    }
    for (const earlier of valid) {
      if (cidrsOverlap(earlier.cidr, cidr)) {
        (earlier.prop === prop ? errors : warnings).push(`'remoteNetwork.${earlier.prop}' block ${earlier.cidr} overlaps '${prop}' block ${cidr}`);
      }
    }
    valid.push({ prop, cidr });
  }
  return { errors, warnings };
}

/** The CfnCluster property. */
export function renderRemoteNetwork(o: RemoteNetworkOptions): CfnCluster.RemoteNetworkConfigProperty {
  return {
    remoteNodeNetworks: [{ cidrs: [...o.remoteNodeNetworks] }],
    remotePodNetworks: o.remotePodNetworks && o.remotePodNetworks.length > 0 ? [{ cidrs: [...o.remotePodNetworks] }] : undefined,
  };
}

/** Validates the `remoteNetwork` prop against the cluster, sets it and opens HTTPS from the remote CIDRs. */
export function applyRemoteNetwork(cluster: Construct & {
  readonly resource: CfnCluster; readonly clusterSecurityGroup: ec2.ISecurityGroup; readonly ipFamily: IpFamily;
  readonly authenticationMode?: AuthenticationMode; readonly endpointAccess?: EndpointAccess; readonly serviceIpv4Cidr?: string;
}, options: RemoteNetworkOptions | undefined, vpcCidr: string | undefined): void {
  if (!options) return;
  const { errors, warnings } = remoteNetworkProblems(options, vpcCidr, cluster.serviceIpv4Cidr);
  if (cluster.ipFamily !== IpFamily.IP_V4) errors.push("EKS Hybrid Nodes need an IPv4 cluster; 'ipFamily' is IP_V6");
  if ((cluster.authenticationMode as string) === 'CONFIG_MAP') {
    errors.push("EKS Hybrid Nodes need 'authenticationMode' API or API_AND_CONFIG_MAP");
  }
  if (cluster.endpointAccess?.publicAccess && cluster.endpointAccess.privateAccess) {
    errors.push("EKS Hybrid Nodes need a public or a private endpoint, not both: with PUBLIC_AND_PRIVATE the endpoint resolves to "
      + "addresses on-premises nodes cannot reach. Use EndpointAccess.PRIVATE (over VPN or Direct Connect) or EndpointAccess.PUBLIC");
  }
  if (errors.length > 0) throw new KitValidationError(cluster, 'ClusterRemoteNetwork', `${errors.join('; ')}.`);
  for (const warning of warnings) {
    Annotations.of(cluster).addWarningV2('cdk-eks-kit:remoteNetworkOverlap', `${warning}; node and pod networks of hybrid nodes are normally disjoint.`);
  }
  cluster.resource.remoteNetworkConfig = renderRemoteNetwork(options);
  for (const cidr of [...options.remoteNodeNetworks, ...(options.remotePodNetworks ?? [])]) {
    cluster.clusterSecurityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), 'EKS Hybrid Nodes to the Kubernetes API');
  }
}
