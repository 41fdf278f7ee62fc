import type { Size } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { NodeClassSelector } from '../karpenter/node-class-selector';

/** Whether pod traffic leaving the VPC is source-NATed to the node's IP (`snatPolicy`). */
export enum SnatPolicy {
  /** SNAT with a random port (Auto Mode's default). */
  RANDOM = 'Random',
  /** No SNAT: pods keep their IPs (for private connectivity that routes pod IPs). */
  DISABLED = 'Disabled',
}

/** The default of Kubernetes network policy on Auto Mode nodes (`networkPolicy`). */
export enum NetworkPolicyDefault {
  /** Traffic is allowed unless a NetworkPolicy denies it (Auto Mode's default). */
  DEFAULT_ALLOW = 'DefaultAllow',
  /** Traffic is denied unless a NetworkPolicy allows it. */
  DEFAULT_DENY = 'DefaultDeny',
}

/** The nodes' ephemeral (root) storage (`ephemeralStorage`). */
export interface AutoModeEphemeralStorage {
  /**
   * The volume size (1–59000 GiB).
   * @default Size.gibibytes(80)
   */
  readonly size?: Size;
  /**
   * Provisioned IOPS (3000–16000).
   * @default 3000
   */
  readonly iops?: number;
  /**
   * Throughput in MiB/s (125–1000).
   * @default 125
   */
  readonly throughput?: number;
  /**
   * A customer managed KMS key for the volumes. This construct grants the cluster role the
   * key use and grant permissions EKS documents; the key must be symmetric.
   * @default - the account's default EBS key
   * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-kms.html
   */
  readonly kmsKey?: kms.IKey;
}

/** An extra CA bundle the nodes trust (`certificateBundles`). */
export interface AutoModeCertificateBundle {
  /** A name for the bundle. */
  readonly name: string;
  /** The PEM certificates, base64 encoded. */
  readonly data: string;
}

/** A forward proxy for the nodes (`advancedNetworking`). */
export interface AutoModeAdvancedNetworking {
  /**
   * The HTTPS proxy URL (at most 255 characters), e.g. `http://192.0.2.4:3128`.
   * @default - no proxy
   */
  readonly httpsProxy?: string;
  /**
   * Hosts and domains reached without the proxy (at most 50, each at most 255 characters);
   * include `169.254.169.254`, `.internal` and `.eks.amazonaws.com`.
   * @default - none
   */
  readonly noProxy?: string[];
  /**
   * Whether nodes get public IPv4 addresses.
   * @default - the subnet's setting
   */
  readonly associatePublicIpAddress?: boolean;
}

/**
 * Settings of an EKS Auto Mode `NodeClass` (eks.amazonaws.com/v1): node role, subnets and
 * security groups of nodes and pods, SNAT and network policy defaults, ephemeral storage and
 * tags of the instances Auto Mode launches.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html
 */
export interface AutoModeNodeClassOptions {
  /** The NodeClass's Kubernetes name (not `default`, which EKS owns). */
  readonly name: string;
  /**
   * The node IAM role. A role other than the cluster's Auto Mode node role gets an `EC2`
   * access entry with `AmazonEKSAutoNodePolicy` (EKS creates that entry only for the
   * cluster's node role).
   * @default - the cluster's Auto Mode node role
   */
  readonly role?: iam.IRole;
  /**
   * Subnets of the nodes.
   * @default - the cluster VPC's private subnets, by ID
   */
  readonly subnetSelector?: NodeClassSelector;
  /**
   * Security groups of the nodes.
   * @default - the cluster security group, by ID
   */
  readonly securityGroupSelector?: NodeClassSelector;
  /**
   * Separate subnets for pods; requires `podSecurityGroupSelector`.
   * @default - pods use the node's subnet
   */
  readonly podSubnetSelector?: NodeClassSelector;
  /**
   * Security groups of pods in `podSubnetSelector`'s subnets; requires `podSubnetSelector`.
   * @default - pods use the node's security groups
   */
  readonly podSecurityGroupSelector?: NodeClassSelector;
  /**
   * Source NAT of pod traffic leaving the VPC.
   * @default SnatPolicy.RANDOM
   */
  readonly snatPolicy?: SnatPolicy;
  /**
   * The default of network policy enforcement.
   * @default NetworkPolicyDefault.DEFAULT_ALLOW
   */
  readonly networkPolicy?: NetworkPolicyDefault;
  /**
   * Whether network policy decisions are logged.
   * @default false
   */
  readonly networkPolicyEventLogs?: boolean;
  /**
   * The nodes' ephemeral storage.
   * @default - 80 GiB, 3000 IOPS, 125 MiB/s, the default EBS key
   */
  readonly ephemeralStorage?: AutoModeEphemeralStorage;
  /**
   * Tags of the instances and their resources (not `kubernetes.io/cluster/*`,
   * `karpenter.sh/nodepool`, `karpenter.sh/nodeclaim`, `karpenter.sh/managed-by`,
   * `karpenter.sh/provisioner-name` or `eks.amazonaws.com/nodeclass`).
   * @default - none
   */
  readonly tags?: { [key: string]: string };
  /**
   * A forward proxy and public IP setting.
   * @default - no proxy
   */
  readonly advancedNetworking?: AutoModeAdvancedNetworking;
  /**
   * CA bundles the nodes trust (e.g. for a TLS-inspecting proxy).
   * @default - none
   */
  readonly certificateBundles?: AutoModeCertificateBundle[];
  /**
   * Raw fields merged over the rendered `spec`, for NodeClass fields the typed options do not
   * cover (e.g. `capacityReservationSelectorTerms`).
   * @default - none
   */
  readonly additionalSpec?: { [key: string]: any };
}
