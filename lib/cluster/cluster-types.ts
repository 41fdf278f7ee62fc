import { IResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { AccessEntry } from './access-entry';
import type { AccessPolicy } from './access-policy';
import type { EndpointAccess } from './endpoint-access';
import type { KubernetesVersion } from './kubernetes-version';
import type { HelmChart, HelmChartOptions } from '../kubectl/helm-chart';
import type { IKubectlProvider } from '../kubectl/kubectl-provider';
import type { KubernetesManifest, KubernetesManifestOptions } from '../kubectl/kubernetes-manifest';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Size, Duration, RemovalPolicy } from 'aws-cdk-lib';

/**
 * How the cluster authenticates IAM principals.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
 */
export enum AuthenticationMode {
  /** EKS access entries only (the default of this library). */
  API = 'API',
  /** Access entries and the legacy `aws-auth` ConfigMap. */
  API_AND_CONFIG_MAP = 'API_AND_CONFIG_MAP',
  /**
   * The `aws-auth` ConfigMap only (EKS's original mode). EKS rejects access entries in it, and
   * the kubectl applier cannot get access, so a cluster of this app in this mode can have node
   * groups, Fargate profiles and add-ons but no manifests, charts, admins or grants (synth
   * errors say so). Prefer API_AND_CONFIG_MAP.
   */
  CONFIG_MAP = 'CONFIG_MAP',
}

/** The IP family of pod and service addresses. */
export enum IpFamily {
  /** IPv4 addresses. */
  IP_V4 = 'ipv4',
  /** IPv6 addresses (the VPC and subnets need IPv6 CIDR blocks). */
  IP_V6 = 'ipv6',
}

/**
 * What EKS does when a version leaves standard support.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/extended-support-control.html
 */
export enum SupportType {
  /** Auto-upgrade when standard support ends; no extended-support charges. */
  STANDARD = 'STANDARD',
  /** Stay on the version in extended support, at an extra cost per cluster hour. */
  EXTENDED = 'EXTENDED',
}

/** Control-plane log types sent to CloudWatch Logs. */
export enum ClusterLoggingType {
  /** Kubernetes API server logs. */
  API = 'api',
  /** Kubernetes audit logs. */
  AUDIT = 'audit',
  /** IAM authenticator logs. */
  AUTHENTICATOR = 'authenticator',
  /** Controller manager logs. */
  CONTROLLER_MANAGER = 'controllerManager',
  /** Scheduler logs. */
  SCHEDULER = 'scheduler',
}

/**
 * An EKS cluster, created by this app (`Cluster`) or imported (`Cluster.fromClusterAttributes`).
 *
 * Attributes an imported cluster was not given throw a clear error when a construct needs them.
 */
export interface ICluster extends IResource, ec2.IConnectable {
  /** The cluster name. */
  readonly clusterName: string;
  /** The cluster ARN. */
  readonly clusterArn: string;
  /** The Kubernetes API server endpoint URL. */
  readonly clusterEndpoint: string;
  /** The base64 certificate authority data of the API server. */
  readonly clusterCertificateAuthorityData: string;
  /** ID of the security group EKS creates for the control plane and managed nodes. */
  readonly clusterSecurityGroupId: string;
  /** The security group EKS creates for the control plane and managed nodes. */
  readonly clusterSecurityGroup: ec2.ISecurityGroup;
  /** The OIDC issuer URL of the cluster (`https://oidc.eks.<region>.amazonaws.com/id/<id>`). */
  readonly clusterOpenIdConnectIssuerUrl: string;
  /** The VPC the cluster runs in. */
  readonly vpc: ec2.IVpc;
  /** The Kubernetes version (undefined for imported clusters that did not state it). */
  readonly version?: KubernetesVersion;
  /** Who can reach the API endpoint (undefined for imported clusters that did not state it). */
  readonly endpointAccess?: EndpointAccess;
  /**
   * The service IPv4 CIDR (IPv4 clusters). Undefined when it is not known at synth: EKS picked
   * it (a VPC whose CIDR is a deploy-time value) or an import was not given it.
   */
  readonly serviceIpv4Cidr?: string;
  /**
   * The service IPv6 CIDR EKS assigned (IPv6 clusters): the cluster's
   * `KubernetesNetworkConfig.ServiceIpv6Cidr` attribute, or what an import was given.
   */
  readonly serviceIpv6Cidr?: string;
  /** The IP family of pods and services. */
  readonly ipFamily: IpFamily;
  /** The authentication mode (undefined for imported clusters that did not state it). */
  readonly authenticationMode?: AuthenticationMode;
  /**
   * The IAM OIDC identity provider for IRSA. Created on first access for a cluster of this
   * app; an imported cluster must have been given one.
   */
  readonly openIdConnectProvider: iam.IOidcProvider;

  /**
   * Gives an IAM role or user access to the cluster's Kubernetes API with access policies.
   *
   * @param id construct id of the access entry
   * @param principal an IAM role or user (or an `ArnPrincipal` of one)
   * @param accessPolicies the policies and scopes to grant
   */
  grantAccess(id: string, principal: iam.IPrincipal, accessPolicies: AccessPolicy[]): AccessEntry;

  // kubectl
  /**
   * The deploy-time applier of Kubernetes manifests and Helm charts, created on first use
   * (an imported cluster uses the one given in its attributes, or creates its own).
   */
  readonly kubectlProvider: IKubectlProvider;

  /**
   * Applies Kubernetes objects at deploy time.
   * @param id construct id of the manifest
   * @param manifest the objects
   */
  addManifest(id: string, ...manifest: Record<string, any>[]): KubernetesManifest;

  /**
   * Installs a Helm chart at deploy time.
   * @param id construct id of the chart
   * @param options chart source, version, values and install options
   */
  addHelmChart(id: string, options: HelmChartOptions): HelmChart;

  /**
   * Applies a cdk8s `Chart` (cdk8s is an optional peer dependency): its objects become
   * one manifest.
   * @param id construct id of the manifest
   * @param chart a cdk8s Chart
   * @param options manifest options
   */
  addCdk8sChart(id: string, chart: Construct, options?: KubernetesManifestOptions): KubernetesManifest;
}

/** Attributes of an existing cluster, for `Cluster.fromClusterAttributes`. */
export interface ClusterAttributes {
  /** The cluster name. */
  readonly clusterName: string;
  /**
   * The API server endpoint URL.
   * @default - constructs that need it (self-managed nodes, kubectl) fail with a clear error
   */
  readonly clusterEndpoint?: string;
  /**
   * The base64 certificate authority data.
   * @default - constructs that need it fail with a clear error
   */
  readonly clusterCertificateAuthorityData?: string;
  /**
   * The cluster security group ID created by EKS.
   * @default - constructs that need it fail with a clear error
   */
  readonly clusterSecurityGroupId?: string;
  /**
   * The VPC of the cluster.
   * @default - constructs that need it fail with a clear error
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The IAM OIDC provider of the cluster, for IRSA.
   * @default - IRSA service accounts fail with a clear error
   */
  readonly openIdConnectProvider?: iam.IOidcProvider;
  /**
   * The OIDC issuer URL.
   * @default - derived from `openIdConnectProvider` when given
   */
  readonly clusterOpenIdConnectIssuerUrl?: string;
  /**
   * The Kubernetes version. The kubectl applier's layer is chosen from it.
   * @default - constructs that pick versions from it (add-ons, node AMIs, the kubectl layer) need it passed explicitly
   */
  readonly version?: KubernetesVersion;
  /**
   * Who can reach the API endpoint; decides where the kubectl applier runs.
   * @default - unknown
   */
  readonly endpointAccess?: EndpointAccess;
  /**
   * The service IPv4 CIDR (`aws eks describe-cluster --query cluster.kubernetesNetworkConfig.serviceIpv4Cidr`).
   * @default - unknown; self-managed AL2023 nodes then fail at synth, since nodeadm needs it
   */
  readonly serviceIpv4Cidr?: string;
  /**
   * The service IPv6 CIDR of an IPv6 cluster (`...kubernetesNetworkConfig.serviceIpv6Cidr`).
   * @default - unknown; self-managed AL2023 nodes of an IPv6 import then fail at synth
   */
  readonly serviceIpv6Cidr?: string;
  /**
   * The IP family.
   * @default IpFamily.IP_V4
   */
  readonly ipFamily?: IpFamily;
  /**
   * The authentication mode.
   * @default - unknown
   */
  readonly authenticationMode?: AuthenticationMode;
  /**
   * What CloudFormation does with what this app attaches to the imported cluster (node groups,
   * add-ons, access entries, Kubernetes objects, …) when the stack is deleted or they are
   * removed from it; see `ClusterProps.removalPolicy`.
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
   */
  readonly removalPolicy?: RemovalPolicy;

  // kubectl
  /**
   * An existing kubectl provider for this cluster (for example from the stack that created
   * the cluster: `KubectlProvider.fromKubectlProviderAttributes`).
   * @default - a new provider is created in this scope on first use; it needs 'endpointAccess'
   * (and 'vpc' plus 'clusterSecurityGroupId' when the endpoint is private). Without
   * 'clusterEndpoint' and 'clusterCertificateAuthorityData' the handler reads them with
   * eks:DescribeCluster at deploy time.
   */
  readonly kubectlProvider?: IKubectlProvider;
  /**
   * A kubectl layer for a provider created for this imported cluster (requires
   * `kubectlVersion`).
   * @default - chosen by `version` from the layers this library ships (v29, v33, v36); without
   * `version` a provider cannot be created
   */
  readonly kubectlLayer?: lambda.ILayerVersion;
  /**
   * The kubectl version in `kubectlLayer`; without a layer, which shipped layer to use.
   * @default - the shipped layer closest to `version`
   */
  readonly kubectlVersion?: KubernetesVersion;
  /**
   * Memory of a provider created for this imported cluster.
   * @default Size.gibibytes(1)
   */
  readonly kubectlMemory?: Size;
  /**
   * Timeout of a provider created for this imported cluster (3–14 minutes).
   * @default Duration.minutes(14)
   */
  readonly kubectlTimeout?: Duration;
  /**
   * Subnets of a provider created for this imported cluster, when it runs in the VPC.
   * @default - the VPC's private subnets with egress, else its isolated subnets
   */
  readonly kubectlSubnets?: ec2.SubnetSelection;
  /**
   * Security groups of a provider created for this imported cluster, when it runs in the VPC;
   * they must reach the cluster security group on TCP 443.
   * @default - a security group of its own, admitted to 'clusterSecurityGroupId' on 443
   */
  readonly kubectlSecurityGroups?: ec2.ISecurityGroup[];
}
