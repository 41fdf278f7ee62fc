import { Annotations, Aws, CfnOutput, Duration, Names, RemovalPolicy, Resource, Size, Tags, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Addon, AddonOptions } from '../addons/addon';
import { AddonType } from '../addons/addon-type';
import { FargateProfile, FargateProfileOptions } from '../compute/fargate-profile';
import { ManagedNodeGroup, NodeGroupOptions } from '../compute/managed-node-group';
import { SelfManagedNodeGroup, SelfManagedNodeGroupOptions } from '../compute/self-managed-node-group';
import { KitValidationError } from '../errors';
import { PodIdentityAssociation, PodIdentityAssociationOptions } from '../identity/pod-identity-association';
import { ServiceAccount, ServiceAccountOptions } from '../identity/service-account';
import { acknowledgeRequiredManagedPolicies } from '../nag/acknowledge';
import { AccessEntry } from './access-entry';
import { AccessPolicy } from './access-policy';
import { AwsAuth, AwsAuthMappings } from './aws-auth';
import {
  AuthenticationMode, ClusterAttributes, ClusterLoggingType, ICluster, IpFamily, SupportType,
} from './cluster-types';
import { ConfigMapMode } from './config-map-mode';
import { clusterNameProblem, defaultServiceCidr, publicCidrProblems, serviceCidrProblem } from './cluster-validation';
import { ControlPlaneOptions } from './control-plane';
import { applyAutoMode, autoModeEnabled } from '../compute/auto-mode/auto-mode-config';
import type { AutoModeOptions } from '../compute/auto-mode/auto-mode-options';
import { applyControlPlaneOptions } from './control-plane-config';
import { RemoteNetworkOptions } from './remote-network';
import { applyRemoteNetwork } from './remote-network-config';
import { EndpointAccess } from './endpoint-access';
import { ImportedCluster } from './imported-cluster';
import { KubernetesVersion } from './kubernetes-version';
import { principalArnOf } from './principal-arn';
import { principalKey } from './principal-key';
import { ClusterRemoval } from './removal';
import { SupportCalendar, supportFindings } from './support-calendar';
import { cdk8sObjects } from '../kubectl/cdk8s';
import { HelmChart, HelmChartOptions } from '../kubectl/helm-chart';
import { IKubectlProvider, KubectlProvider, KubectlProviderOptions } from '../kubectl/kubectl-provider';
import { KubernetesManifest, KubernetesManifestOptions } from '../kubectl/kubernetes-manifest';
import { checkProps, mixedListTokenProblem, tagProblems, wrapErrors } from '../validation/prop-check';
import { CLUSTER_PROPS } from '../validation/prop-specs';

const DEFAULT_VPC_CIDR = '10.0.0.0/16';

/** Properties of a {@link Cluster}. */
export interface ClusterProps {
  /** The Kubernetes version of the control plane. */
  readonly version: KubernetesVersion;
  /**
   * Name of the cluster.
   * @default - a name unique to this construct's path (at most 100 characters)
   */
  readonly clusterName?: string;
  /**
   * The VPC to place the cluster in.
   * @default - a new VPC: up to 3 AZs (2 when the stack has no region set), a public and a
   * private subnet per AZ, one NAT gateway, VPC flow logs to CloudWatch Logs
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets for the control plane's network interfaces; they must span at least 2 AZs.
   * @default - the VPC's private subnets (isolated ones when it has no private subnets with egress)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Who can reach the Kubernetes API endpoint.
   * @default EndpointAccess.PRIVATE
   */
  readonly endpointAccess?: EndpointAccess;
  /**
   * Control-plane log types sent to CloudWatch Logs.
   * @default - all five: api, audit, authenticator, controllerManager, scheduler
   */
  readonly clusterLogging?: ClusterLoggingType[];
  /**
   * How long control-plane logs, and the flow logs of the VPC this construct creates, are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * KMS key for envelope encryption of Kubernetes Secrets.
   * @default - a new customer-managed key with yearly rotation
   */
  readonly secretsEncryptionKey?: kms.IKey;
  /**
   * How IAM principals authenticate: access entries (`API`), access entries and the aws-auth
   * ConfigMap (`API_AND_CONFIG_MAP`, see `awsAuth`), or aws-auth only (`CONFIG_MAP`, which
   * allows no applier, admins or grants; see {@link AuthenticationMode.CONFIG_MAP}).
   * @default AuthenticationMode.API
   */
  readonly authenticationMode?: AuthenticationMode;
  /**
   * Whether the identity that deploys the stack becomes cluster admin. Off by default:
   * name admins in `admins` instead. EKS requires it in `CONFIG_MAP` mode.
   * @default - false; true in `CONFIG_MAP` mode
   */
  readonly bootstrapClusterCreatorAdminPermissions?: boolean;
  /**
   * Rows of the aws-auth ConfigMap (IAM roles, users and accounts mapped to Kubernetes users
   * and groups), merged in by the applier; `API_AND_CONFIG_MAP` only. More rows can be added
   * with `cluster.awsAuth`.
   * @default - no rows of this app (EKS still writes those of managed node groups and Fargate)
   */
  readonly awsAuth?: AwsAuthMappings;
  /**
   * IAM roles or users granted `AmazonEKSClusterAdminPolicy` through access entries.
   * @default - none
   */
  readonly admins?: iam.IPrincipal[];
  /**
   * What EKS does when the version leaves standard support.
   * @default - EKS's default (EXTENDED: the cluster stays on the version, with extended-support charges)
   */
  readonly upgradePolicy?: SupportType;
  /**
   * Whether EKS refuses to delete the cluster until this is turned off (`DeletionProtection`
   * on `AWS::EKS::Cluster`): a stack delete, a replacement or `aws eks delete-cluster` fails
   * while it is on.
   * @default - true, unless `removalPolicy` is `RemovalPolicy.DESTROY`
   */
  readonly deletionProtection?: boolean;
  /**
   * IP family of pods and services.
   * @default IpFamily.IP_V4
   */
  readonly ipFamily?: IpFamily;
  /**
   * CIDR block for Kubernetes service IPs (IPv4 only): RFC 1918, /12–/24, outside the VPC.
   * @default - what EKS would pick, stated explicitly: 172.20.0.0/16 when the VPC CIDR is in
   * 10.0.0.0/8, else 10.100.0.0/16 (left to EKS when the VPC CIDR is a token; self-managed
   * AL2023 nodes then need it set, since nodeadm requires the service CIDR)
   */
  readonly serviceIpv4Cidr?: string;
  /**
   * What CloudFormation does with the cluster and everything attached to it — the VPC this
   * construct creates, roles, key and log groups, node groups, Fargate profiles, add-ons,
   * access entries, and the Kubernetes objects the applier applied — when the stack is deleted
   * or they are removed from it. `RETAIN_ON_UPDATE_OR_DELETE` and `RETAIN` keep a working
   * platform (only the applier's own function, role and access entry are deleted; a replaced
   * node group or manifest is still removed); `DESTROY` deletes everything, in dependency
   * order. `RETAIN_ON_UPDATE_OR_DELETE` also lets the rollback of a failed first deployment
   * delete what it created. Override parts with `RemovalPolicies.of(scope).apply(...)`.
   * `SNAPSHOT` is not supported.
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Additional security groups for the control-plane network interfaces (at most 5).
   * @default - only the cluster security group EKS creates
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * Tags for the cluster and every resource this construct creates.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
  /**
   * Whether to emit CloudFormation outputs with the cluster name and the
   * `aws eks update-kubeconfig` command.
   * @default true
   */
  readonly outputConfigCommand?: boolean;
  /**
   * Deploy a Kubernetes version that is past the end of EKS extended support (EKS rejects
   * new clusters on it). Set only for clusters that already exist on that version.
   * @default false
   */
  readonly allowEndOfSupportVersion?: boolean;
  /**
   * Control-plane options: zonal shift, Provisioned Control Plane tier, version rollback
   * window, upgrade-insight override, egress mode and API server / scheduler / controller
   * manager settings.
   * @default - EKS defaults for all of them
   */
  readonly controlPlane?: ControlPlaneOptions;
  /**
   * EKS Auto Mode: EKS runs the nodes (built-in and custom node pools), block storage, load
   * balancing, pod networking, DNS and the Pod Identity agent. Opt-in; its three switches
   * (compute, block storage, load balancing) are always set together.
   * @default - no Auto Mode
   * @see https://docs.aws.amazon.com/eks/latest/userguide/automode.html
   */
  readonly autoMode?: AutoModeOptions;
  /**
   * The on-premises node (and pod) networks of EKS Hybrid Nodes; the cluster security group
   * then admits HTTPS from them. Needs an IPv4 cluster and a public or a private endpoint
   * (not both).
   * @default - no hybrid nodes
   */
  readonly remoteNetwork?: RemoteNetworkOptions;

  // kubectl
  /**
   * A Lambda layer with kubectl and helm for the deploy-time applier, for a version this
   * library ships no layer for (e.g. a day-0 `KubernetesVersion.of('1.38')`). Requires
   * `kubectlVersion`.
   * @default - chosen by `version`: `@aws-cdk/lambda-layer-kubectl-v33` for 1.32–1.34,
   * `-v36` for 1.35–1.37 (`-v29` for 1.28–1.30); only the chosen layer is staged as an asset
   */
  readonly kubectlLayer?: lambda.ILayerVersion;
  /**
   * The kubectl version in `kubectlLayer` (required with it), checked against `version`.
   * Without `kubectlLayer` it selects one of the shipped layers (1.29, 1.33, 1.36).
   * @default - the shipped layer closest to `version`
   */
  readonly kubectlVersion?: KubernetesVersion;
  /**
   * Memory of the applier function.
   * @default Size.gibibytes(1)
   */
  readonly kubectlMemory?: Size;
  /**
   * Timeout of the applier function, 3–14 minutes; Helm and reads may wait up to this
   * minus 2 minutes.
   * @default Duration.minutes(14)
   */
  readonly kubectlTimeout?: Duration;
  /**
   * Subnets of the applier when it runs in the VPC (private endpoint).
   * @default - the private subnets with egress, else the isolated subnets
   */
  readonly kubectlSubnets?: ec2.SubnetSelection;
  /**
   * Security groups of the applier when it runs in the VPC; they must reach the cluster
   * security group on TCP 443.
   * @default - a security group of its own, admitted to the cluster security group on 443
   */
  readonly kubectlSecurityGroups?: ec2.ISecurityGroup[];
}

/**
 * An Amazon EKS cluster: a native `AWS::EKS::Cluster` with its IAM role, KMS secrets
 * encryption, control-plane logging, access entries and (by default) its own VPC.
 *
 * Defaults: private endpoint, all control-plane logs, Secrets encrypted with a rotating key,
 * authentication mode API, no implicit admin.
 */
export class Cluster extends Resource implements ICluster {
  /** Imports an existing cluster so that other constructs can attach to it. */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: ClusterAttributes): ICluster {
    return new ImportedCluster(scope, id, attrs);
  }

  public readonly clusterName: string;
  public readonly clusterArn: string;
  public readonly clusterEndpoint: string;
  public readonly clusterCertificateAuthorityData: string;
  public readonly clusterSecurityGroupId: string;
  public readonly clusterSecurityGroup: ec2.ISecurityGroup;
  public readonly clusterOpenIdConnectIssuerUrl: string;
  public readonly vpc: ec2.IVpc;
  public readonly version?: KubernetesVersion;
  public readonly endpointAccess?: EndpointAccess;
  public readonly serviceIpv4Cidr?: string;
  public readonly serviceIpv6Cidr?: string;
  public readonly ipFamily: IpFamily;
  public readonly authenticationMode?: AuthenticationMode;
  public readonly connections: ec2.Connections;
  /**
   * The IAM role EKS uses to manage the cluster: `AmazonEKSClusterPolicy`, with Auto Mode also
   * the compute, block storage, load balancing and networking policies.
   */
  public readonly role: iam.IRole;
  /** The node role of the Auto Mode built-in node pools (undefined without them). */
  public readonly autoModeNodeRole?: iam.IRole;
  /** The key that encrypts Kubernetes Secrets. */
  public readonly secretsEncryptionKey: kms.IKey;
  /** The log group receiving control-plane logs (`/aws/eks/<name>/cluster`). */
  public readonly logGroup: logs.ILogGroup;
  /** The subnets of the control-plane network interfaces. */
  public readonly controlPlaneSubnets: ec2.ISubnet[];
  /** The underlying CloudFormation resource. */
  public readonly resource: CfnCluster;

  private _openIdConnectProvider?: iam.IOidcProvider;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    checkProps(this, props, CLUSTER_PROPS);
    this.version = props.version;
    this.endpointAccess = props.endpointAccess ?? EndpointAccess.PRIVATE;
    this.ipFamily = props.ipFamily ?? IpFamily.IP_V4;
    this.authenticationMode = props.authenticationMode ?? AuthenticationMode.API;
    const physicalName = props.clusterName ?? Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    const removalPolicy = props.removalPolicy ?? ClusterRemoval.DEFAULT_POLICY;
    if (!ClusterRemoval.isSupported(removalPolicy)) {
      throw new KitValidationError(this, 'ClusterRemovalPolicy',
        "'removalPolicy' is SNAPSHOT, which none of a cluster's resource types supports; use RETAIN_ON_UPDATE_OR_DELETE (the default), RETAIN or DESTROY.");
    }
    // One policy for the cluster and everything attached to it (lib/cluster/removal.ts).
    ClusterRemoval.setPolicy(this, removalPolicy);
    ClusterRemoval.attach(this, this);
    const logTypes = props.clusterLogging ?? Object.values(ClusterLoggingType);

    this.validateName(physicalName);
    this.validateVersionSupport(props.version, props.allowEndOfSupportVersion ?? false, props.upgradePolicy);
    this.validateEndpointAccess(this.endpointAccess);
    if ((props.securityGroups?.length ?? 0) > 5) {
      throw new KitValidationError(this, 'ClusterSecurityGroups',
        `'securityGroups' lists ${props.securityGroups!.length} security groups; EKS allows at most 5 on the control plane.`);
    }
    if (props.vpc === undefined && this.ipFamily === IpFamily.IP_V6) {
      throw new KitValidationError(this, 'ClusterIpFamily',
        "'ipFamily' is IP_V6 but no 'vpc' was given; the default VPC is IPv4-only. Pass a VPC with IPv6 CIDR blocks.");
    }
    if (props.serviceIpv4Cidr !== undefined && this.ipFamily === IpFamily.IP_V6) {
      throw new KitValidationError(this, 'ClusterServiceCidr', "'serviceIpv4Cidr' applies to IP_V4 clusters only; remove it or use IpFamily.IP_V4.");
    }

    this.vpc = props.vpc ?? this.createVpc(props.logRetention ?? logs.RetentionDays.THREE_MONTHS);
    // An imported VPC may not know its CIDR (its getter throws): EKS then picks the service CIDR.
    const vpcCidr = props.vpc ? knownVpcCidr(props.vpc) : DEFAULT_VPC_CIDR;
    if (props.serviceIpv4Cidr !== undefined) {
      const problem = serviceCidrProblem(props.serviceIpv4Cidr, vpcCidr);
      if (problem) throw new KitValidationError(this, 'ClusterServiceCidr', problem);
    }
    // Stated explicitly (EKS's own choice) so node bootstrap (nodeadm) can be given it.
    this.serviceIpv4Cidr = this.ipFamily === IpFamily.IP_V4
      ? props.serviceIpv4Cidr ?? (vpcCidr === undefined ? undefined : defaultServiceCidr(vpcCidr)) : undefined;
    this.controlPlaneSubnets = this.selectControlPlaneSubnets(props.vpcSubnets);

    this.role = new iam.Role(this, 'Role', {
      // The EKS User Guide's cluster role trust: sts:AssumeRole, plus sts:TagSession with Auto Mode only.
      assumedBy: autoModeEnabled(props.autoMode)
        ? new iam.ServicePrincipal('eks.amazonaws.com').withSessionTags() : new iam.ServicePrincipal('eks.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSClusterPolicy')],
      description: `EKS cluster role of ${this.node.path}`,
    });
    acknowledgeRequiredManagedPolicies(this.role, ['AmazonEKSClusterPolicy'],
      'EKS requires AmazonEKSClusterPolicy on the cluster role; it is the only policy attached.');

    this.secretsEncryptionKey = props.secretsEncryptionKey ?? new kms.Key(this, 'SecretsKey', {
      description: `Encrypts Kubernetes Secrets of EKS cluster ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.secretsEncryptionKey.grant(this.role, 'kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant');

    const logGroup = new logs.LogGroup(this, 'ControlPlaneLogs', {
      logGroupName: `/aws/eks/${physicalName}/cluster`,
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy,
    });
    this.logGroup = logGroup;

    this.resource = new CfnCluster(this, 'Resource', {
      name: physicalName,
      version: this.version.version,
      roleArn: this.role.roleArn,
      resourcesVpcConfig: {
        subnetIds: this.controlPlaneSubnets.map((s) => s.subnetId),
        securityGroupIds: props.securityGroups?.map((sg) => sg.securityGroupId),
        endpointPublicAccess: this.endpointAccess.publicAccess,
        endpointPrivateAccess: this.endpointAccess.privateAccess,
        // Off: an empty list, so that making a public cluster private also clears its old
        // allow-list (CloudFormation leaves an omitted property as it was on update).
        publicAccessCidrs: !this.endpointAccess.publicAccess ? []
          : this.endpointAccess.publicCidrs.length > 0 ? this.endpointAccess.publicCidrs : undefined,
      },
      logging: logTypes.length > 0
        ? { clusterLogging: { enabledTypes: logTypes.map((type) => ({ type })) } } : undefined,
      encryptionConfig: [{ provider: { keyArn: this.secretsEncryptionKey.keyArn }, resources: ['secrets'] }],
      accessConfig: {
        authenticationMode: this.authenticationMode,
        bootstrapClusterCreatorAdminPermissions: this.bootstrapCreatorAdmin(props.bootstrapClusterCreatorAdminPermissions),
      },
      kubernetesNetworkConfig: { ipFamily: this.ipFamily, serviceIpv4Cidr: this.serviceIpv4Cidr },
      upgradePolicy: props.upgradePolicy ? { supportType: props.upgradePolicy } : undefined,
      deletionProtection: this.deletionProtection(props.deletionProtection, removalPolicy),
    });
    Validations.of(this.resource).acknowledge({
      id: 'CloudFormation-Validate::W9009',
      reason: "EncryptionConfig.Resources ['secrets'] is deprecated in the registry schema but remains the value the EKS API documents; kept so envelope encryption is explicit.",
    });
    applyControlPlaneOptions(this, props.controlPlane, this.version);
    this.autoModeNodeRole = applyAutoMode(this, this.resource, this.role, props.autoMode);
    this.resource.applyRemovalPolicy(removalPolicy);
    this.resource.node.addDependency(logGroup);
    // The role's KMS grant must exist before EKS validates the key.
    this.resource.node.addDependency(this.role);

    // A reference, not the literal name, so everything using it depends on the cluster.
    this.clusterName = this.resource.ref;
    this.clusterArn = this.resource.attrArn;
    this.clusterEndpoint = this.resource.attrEndpoint;
    this.clusterCertificateAuthorityData = this.resource.attrCertificateAuthorityData;
    this.clusterSecurityGroupId = this.resource.attrClusterSecurityGroupId;
    this.clusterOpenIdConnectIssuerUrl = this.resource.attrOpenIdConnectIssuerUrl;
    // The only service-CIDR attribute CloudFormation returns; node bootstrap needs it (nodeadm).
    this.serviceIpv6Cidr = this.ipFamily === IpFamily.IP_V6 ? this.resource.attrKubernetesNetworkConfigServiceIpv6Cidr : undefined;
    this.clusterSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'ClusterSecurityGroup', this.clusterSecurityGroupId);
    this.connections = new ec2.Connections({
      securityGroups: [this.clusterSecurityGroup, ...(props.securityGroups ?? [])],
    });
    applyRemoteNetwork(this, props.remoteNetwork, vpcCidr);

    this.addAdmins(props.admins ?? []);
    const tagProblemList = tagProblems('tags', props.tags);
    if (tagProblemList.length > 0) throw new KitValidationError(this, 'ClusterTags', `${tagProblemList.join('; ')}.`);
    for (const [key, value] of Object.entries(props.tags ?? {})) {
      Tags.of(this).add(key, value);
    }
    if (props.outputConfigCommand ?? true) {
      new CfnOutput(this, 'ClusterNameOutput', { value: this.clusterName, description: 'EKS cluster name' });
      new CfnOutput(this, 'ConfigCommand', {
        value: `aws eks update-kubeconfig --name ${this.clusterName} --region ${Aws.REGION}`,
        description: 'Writes a kubeconfig entry for this cluster',
      });
    }
    this.kubectlOptions = { kubectlLayer: props.kubectlLayer, kubectlVersion: props.kubectlVersion, kubectlMemory: props.kubectlMemory, kubectlTimeout: props.kubectlTimeout, kubectlSubnets: props.kubectlSubnets, kubectlSecurityGroups: props.kubectlSecurityGroups };
    if (props.awsAuth) {
      const awsAuth = this.awsAuth;
      for (const m of props.awsAuth.mapRoles ?? []) awsAuth.addRoleMapping(m.role, m);
      for (const m of props.awsAuth.mapUsers ?? []) awsAuth.addUserMapping(m.user, m);
      for (const a of props.awsAuth.mapAccounts ?? []) awsAuth.addAccount(a);
    }
  }

  /**
   * The IAM OIDC identity provider for IRSA (`AWS::IAM::OIDCProvider`), created on first use.
   */
  public get openIdConnectProvider(): iam.IOidcProvider {
    if (!this._openIdConnectProvider) {
      this._openIdConnectProvider = new iam.OidcProviderNative(this, 'OidcProvider', {
        url: this.clusterOpenIdConnectIssuerUrl,
        clientIds: ['sts.amazonaws.com'],
      });
    }
    return this._openIdConnectProvider;
  }

  /**
   * Access entries of `admins`, keyed by principal (see principalKey) so that reordering or
   * removing admins leaves the logical ids of the others unchanged.
   */
  private addAdmins(admins: iam.IPrincipal[]): void {
    if (admins.length > 0 && this.authenticationMode === AuthenticationMode.CONFIG_MAP) {
      throw new KitValidationError(this, 'ClusterConfigMapAdmins', `'admins' needs access entries, but ${ConfigMapMode.accessEntryProblem()}`);
    }
    const seen = new Map<string, number>();
    for (const [i, admin] of admins.entries()) {
      const key = principalKey(this, admin, principalArnOf(this, `admins[${i}]`, admin));
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new KitValidationError(this, 'ClusterAdminDuplicate',
          `'admins[${i}]' and 'admins[${earlier}]' are both the ${key.replace('-', " '")}'; an access entry is keyed by the role or user name. `
          + 'Remove the duplicate, or give one of them (e.g. a same-named role of another account) its own id with '
          + "cluster.grantAccess(id, principal, [AccessPolicy.clusterAdmin()]).");
      }
      seen.set(key, i);
      this.grantAccess(`Admin-${key}`, admin, [AccessPolicy.clusterAdmin()]);
    }
  }

  public grantAccess(id: string, principal: iam.IPrincipal, accessPolicies: AccessPolicy[]): AccessEntry {
    return new AccessEntry(this, id, {
      cluster: this,
      principalArn: principalArnOf(this, 'principal', principal),
      accessPolicies,
    });
  }

  // ---- compute: node groups and Fargate profiles (lib/compute) ----

  /** Adds an EKS managed node group (AL2023 by default) whose version follows the cluster's. */
  public addNodeGroup(id: string, options: NodeGroupOptions = {}): ManagedNodeGroup {
    return new ManagedNodeGroup(this, id, { ...options, cluster: this });
  }

  /** Adds an Auto Scaling group of self-managed nodes that join this cluster. */
  public addSelfManagedNodeGroup(id: string, options: SelfManagedNodeGroupOptions = {}): SelfManagedNodeGroup {
    return new SelfManagedNodeGroup(this, id, { ...options, cluster: this });
  }

  /** Adds a Fargate profile; profiles of a cluster are created one after another. */
  public addFargateProfile(id: string, options: FargateProfileOptions): FargateProfile {
    return new FargateProfile(this, id, { ...options, cluster: this });
  }


  // ---- kubectl applier: manifests, Helm charts, patches (lib/kubectl) ----

  private _kubectlProvider?: IKubectlProvider;
  private kubectlOptions: KubectlProviderOptions = {};

  /** The deploy-time applier of this cluster, created on first use. */
  public get kubectlProvider(): IKubectlProvider {
    if (!this._kubectlProvider) {
      if (this.authenticationMode === AuthenticationMode.CONFIG_MAP) {
        throw new KitValidationError(this, 'ClusterConfigMapApplier', ConfigMapMode.applierProblem());
      }
      this._kubectlProvider = new KubectlProvider(this, 'KubectlProvider', { cluster: this, ...this.kubectlOptions });
    }
    return this._kubectlProvider;
  }

  /**
   * The cluster's rows in the aws-auth ConfigMap (`API_AND_CONFIG_MAP` clusters), created on
   * first use: `cluster.awsAuth.addRoleMapping(role, { groups: ['ops'] })`.
   */
  public get awsAuth(): AwsAuth {
    return AwsAuth.of(this);
  }

  /** Applies Kubernetes objects at deploy time (see {@link KubernetesManifest}). */
  public addManifest(id: string, ...manifest: Record<string, any>[]): KubernetesManifest {
    return new KubernetesManifest(this, id, { cluster: this, manifest });
  }

  /** Installs a Helm chart at deploy time (see {@link HelmChart}). */
  public addHelmChart(id: string, options: HelmChartOptions): HelmChart {
    return new HelmChart(this, id, { cluster: this, ...options });
  }

  /** Applies the objects of a cdk8s `Chart` as one manifest. */
  public addCdk8sChart(id: string, chart: Construct, options: KubernetesManifestOptions = {}): KubernetesManifest {
    return new KubernetesManifest(this, id, { cluster: this, manifest: cdk8sObjects(this, chart), ...options });
  }


  // ---- identity and add-ons (lib/identity, lib/addons) ----

  /**
   * Installs an EKS managed add-on, e.g. `cluster.addAddon('VpcCni', AddonType.vpcCni({ enableNetworkPolicy: true }))`.
   *
   * @param id construct id of the add-on
   * @param addon which add-on, with its typed configuration
   * @param options version pin, conflict resolution, identity, raw configuration
   */
  public addAddon(id: string, addon: AddonType, options: AddonOptions = {}): Addon {
    return new Addon(this, id, { ...options, cluster: this, addon });
  }

  /**
   * Gives the pods of a service account an IAM role through EKS Pod Identity (adds the
   * `eks-pod-identity-agent` add-on if the cluster has none).
   *
   * @param id construct id of the association
   * @param options namespace, service account and (optionally) the role
   */
  public addPodIdentityAssociation(id: string, options: PodIdentityAssociationOptions): PodIdentityAssociation {
    return new PodIdentityAssociation(this, id, { ...options, cluster: this });
  }

  /**
   * A Kubernetes ServiceAccount with its own IAM role (IRSA by default): the role trusts the
   * cluster's OIDC provider for exactly this account, and the account is annotated with it.
   *
   * @param id construct id of the service account
   * @param options name, namespace and how credentials are given
   */
  public addServiceAccount(id: string, options: ServiceAccountOptions = {}): ServiceAccount {
    return new ServiceAccount(this, id, { ...options, cluster: this });
  }


  private createVpc(retention: logs.RetentionDays): ec2.Vpc {
    // Our own group, so that flow logs are kept as long as control-plane logs (the VPC's default
    // group keeps them two years) and follow the cluster's removal policy.
    const flowLogs = new logs.LogGroup(this, 'VpcFlowLogs', { retention });
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(DEFAULT_VPC_CIDR),
      maxAzs: 3,
      natGateways: 1,
      // No Lambda-backed custom resource per VPC; nothing of ours uses the default group.
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 19 },
      ],
      flowLogs: { FlowLogs: { trafficType: ec2.FlowLogTrafficType.REJECT, destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    });
    // Load-balancer subnet discovery (AWS Load Balancer Controller and the in-tree controller).
    for (const subnet of vpc.publicSubnets) Tags.of(subnet).add('kubernetes.io/role/elb', '1');
    for (const subnet of vpc.privateSubnets) Tags.of(subnet).add('kubernetes.io/role/internal-elb', '1');
    return vpc;
  }

  private selectControlPlaneSubnets(selection?: ec2.SubnetSelection): ec2.ISubnet[] {
    let chosen = selection;
    if (!chosen) {
      if (this.vpc.privateSubnets.length > 0) chosen = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
      else if (this.vpc.isolatedSubnets.length > 0) chosen = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
      else {
        throw new KitValidationError(this, 'ClusterSubnets',
          "'vpc' has no private subnets; pass 'vpcSubnets' to choose the control-plane subnets explicitly.");
      }
    }
    const selected = wrapErrors(this, 'ClusterSubnets', 'vpcSubnets', () => this.vpc.selectSubnets(chosen));
    const azs = new Set(selected.subnets.map((s) => s.availabilityZone));
    // Subnets from a list token (a CommaDelimitedList parameter) have unknown zones.
    if (selected.subnets.length > 0 && azs.size < 2 && !Token.isUnresolved(selected.subnetIds)) {
      throw new KitValidationError(this, 'ClusterSubnetAzs',
        `'vpcSubnets' selects ${selected.subnets.length} subnet(s) in ${azs.size} availability zone(s); EKS needs subnets in at least 2 AZs.`);
    }
    if (selected.subnets.length === 0 && !Token.isUnresolved(selected.subnetIds)) {
      throw new KitValidationError(this, 'ClusterSubnets', "'vpcSubnets' selects no subnets; EKS needs subnets in at least 2 AZs.");
    }
    return selected.subnets;
  }

  /** On unless the cluster is meant to be destroyed with the stack. */
  private deletionProtection(given: boolean | undefined, removalPolicy: RemovalPolicy): boolean {
    const destroy = removalPolicy === RemovalPolicy.DESTROY;
    if (given === true && destroy) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:deletionProtectionBlocksDestroy',
        "'deletionProtection' is true and 'removalPolicy' is DESTROY: deleting the stack fails at the cluster until deletion protection is turned off (deploy once with deletionProtection: false).");
    }
    return given ?? !destroy;
  }

  /** EKS refuses CONFIG_MAP clusters without the creator as admin (InvalidParameterException). */
  private bootstrapCreatorAdmin(given: boolean | undefined): boolean {
    if (this.authenticationMode !== AuthenticationMode.CONFIG_MAP) return given ?? false;
    if (given === false) {
      throw new KitValidationError(this, 'ClusterConfigMapBootstrap',
        "'bootstrapClusterCreatorAdminPermissions' is false but 'authenticationMode' is CONFIG_MAP; EKS rejects that combination "
        + '("bootstrapClusterCreatorAdminPermissions must be true if cluster authentication mode is set to CONFIG_MAP"). '
        + 'Omit it, or use AuthenticationMode.API_AND_CONFIG_MAP.');
    }
    return true;
  }

  private validateName(name: string): void {
    const problem = clusterNameProblem(name);
    if (problem) throw new KitValidationError(this, 'ClusterName', problem);
  }

  private validateEndpointAccess(access: EndpointAccess): void {
    if (access._restricted && access.publicCidrs.length === 0) {
      throw new KitValidationError(this, 'ClusterEndpointCidrs',
        "'endpointAccess' is restricted with onlyFrom() but no CIDR blocks were given, which would leave the public endpoint open to 0.0.0.0/0. "
        + 'Pass the CIDRs (onlyFrom(...cidrs)), or use EndpointAccess.PRIVATE.');
    }
    const mixed = mixedListTokenProblem('endpointAccess', access.publicCidrs);
    if (mixed) throw new KitValidationError(this, 'ClusterEndpointCidrs', `${mixed}.`);
    if (access.publicAccess && access.publicCidrs.includes('0.0.0.0/0')) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:endpointOpenToInternet',
        "'endpointAccess' allows 0.0.0.0/0, i.e. the whole internet, to reach the public Kubernetes API endpoint. "
        + 'List the networks that need it with onlyFrom(...), or use EndpointAccess.PRIVATE.');
    }
    if (!access.publicAccess && access.publicCidrs.length > 0) {
      throw new KitValidationError(this, 'ClusterEndpointCidrs',
        "'endpointAccess' is PRIVATE but lists public CIDRs; use EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...) to allow-list CIDRs.");
    }
    const problems = publicCidrProblems(access.publicCidrs);
    if (problems.length > 0) {
      throw new KitValidationError(this, 'ClusterEndpointCidrs', `'endpointAccess': ${problems.join('; ')}.`);
    }
  }

  private validateVersionSupport(kubernetesVersion: KubernetesVersion, allowEnded: boolean, upgradePolicy?: SupportType): void {
    const pinned = this.node.tryGetContext(SupportCalendar.CONTEXT_KEY);
    const findings = supportFindings(kubernetesVersion.version, typeof pinned === 'string' ? pinned : undefined,
      new Date().toISOString().slice(0, 10), allowEnded, upgradePolicy === SupportType.STANDARD);
    if (findings.error) throw new KitValidationError(this, 'ClusterVersionEndOfSupport', findings.error);
    for (const w of findings.warnings) Annotations.of(this).addWarningV2(`cdk-eks-kit:${w.id}`, w.message);
  }
}

/**
 * The cluster's name as a literal when it is known at synth time (for checks such as label
 * length); `clusterName` itself is a reference so that dependents wait for the cluster.
 * @internal
 */
export function literalClusterName(cluster: ICluster): string | undefined {
  const name = cluster instanceof Cluster ? cluster.resource.name : cluster.clusterName;
  return name === undefined || Token.isUnresolved(name) ? undefined : name;
}

/** The VPC's CIDR, or undefined when an imported VPC was not given one. */
function knownVpcCidr(vpc: ec2.IVpc): string | undefined {
  try {
    return vpc.vpcCidrBlock;
  } catch {
    return undefined;
  }
}
