import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { addCoreAddons, exampleClusterProps } from './example-cluster';
import {
  AccessPolicy, AddonType, ArgoCdCapability, ArgoCdRole, Cluster, ControlPlaneScalingTier, FargateLogging, HybridNodeRole,
  KroCapability, NodeGroupAmiType, OidcIdentityProvider, PodIdentityAssociation, SsoIdentityType, SupportType,
} from '../lib';

/**
 * A 2026 platform cluster with the newer EKS features, all as native CloudFormation:
 *
 * - control plane: a provisioned scaling tier, zonal shift, automatic rollback of a failed
 *   version upgrade, standard support only (no extended-support charges: EKS upgrades the
 *   cluster when standard support ends) and deletion protection (the library's default with
 *   its default removal policy, `RETAIN_ON_UPDATE_OR_DELETE`; spelled out here);
 * - EKS Capabilities: managed Argo CD (users sign in with IAM Identity Center) with an
 *   Application, and kro;
 * - EKS Hybrid Nodes: remote node and pod networks, and the nodes' IAM role (SSM hybrid
 *   activations) with its `HYBRID_LINUX` access entry;
 * - an OIDC identity provider for people (`oidc:` users and groups), next to access entries;
 * - cross-account EKS Pod Identity: pods assume a role here that chains to a role in a data
 *   account;
 * - Bottlerocket FIPS nodes, the node monitoring agent and Fargate logging to CloudWatch Logs.
 *
 * The Identity Center instance and the data account come from context
 * (`-c identityCenterInstanceArn=… -c dataAccountId=…`); the defaults are placeholders.
 */
export class Platform2026Stack extends Stack {
  public readonly cluster: Cluster;
  public readonly argoCd: ArgoCdCapability;
  public readonly hybridNodes: HybridNodeRole;
  public readonly reports: PodIdentityAssociation;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const identityCenterArn = this.node.tryGetContext('identityCenterInstanceArn') ?? 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
    const dataAccount = this.node.tryGetContext('dataAccountId') ?? '222233334444';

    // The examples' version and admin role, but the library's default removal policy
    // (RETAIN_ON_UPDATE_OR_DELETE) instead of the examples' DESTROY.
    const { removalPolicy: _destroy, ...shared } = exampleClusterProps(this, { kubectl: true });
    this.cluster = new Cluster(this, 'Cluster', {
      ...shared,
      upgradePolicy: SupportType.STANDARD,
      deletionProtection: true,
      controlPlane: {
        scalingTier: ControlPlaneScalingTier.TIER_XL,
        zonalShift: true,
        rollbackTimeout: Duration.hours(2),
      },
      // On-premises machines and their pods (RFC 1918, outside the VPC's 10.0.0.0/16).
      remoteNetwork: { remoteNodeNetworks: ['172.16.0.0/18'], remotePodNetworks: ['172.16.64.0/18'] },
    });
    addCoreAddons(this.cluster);
    this.cluster.addAddon('PodIdentityAgent', AddonType.podIdentityAgent());
    this.cluster.addAddon('NodeMonitoring', AddonType.nodeMonitoringAgent());
    this.cluster.addNodeGroup('Nodes', {
      amiType: NodeGroupAmiType.BOTTLEROCKET_ARM_64_FIPS,
      instanceTypes: [new ec2.InstanceType('m7g.large')],
      minSize: 2, maxSize: 6,
      enableNodeAutoRepair: true,
    });
    this.cluster.addFargateProfile('Batch', { selectors: [{ namespace: 'batch' }] });
    new FargateLogging(this, 'FargateLogging', { cluster: this.cluster });

    // Auditors (an existing role, e.g. of an IAM Identity Center permission set) read everything
    // but Secrets, in every namespace: an access policy of the catalogue.
    const auditors = iam.Role.fromRoleName(this, 'Auditors', 'platform-auditors');
    this.cluster.grantAccess('Auditors', auditors, [AccessPolicy.adminView()]);

    // People sign in through the company's OIDC issuer; RBAC binds the prefixed groups.
    new OidcIdentityProvider(this, 'CorporateSso', {
      cluster: this.cluster,
      issuerUrl: 'https://login.example.com/oauth2',
      clientId: 'kubernetes',
      usernameClaim: 'email',
      usernamePrefix: 'oidc:',
      groupsClaim: 'groups',
      groupsPrefix: 'oidc:',
    });

    this.argoCd = new ArgoCdCapability(this, 'ArgoCd', {
      cluster: this.cluster,
      identityCenter: { instanceArn: identityCenterArn },
      rbacRoleMappings: [{ role: ArgoCdRole.ADMIN, identities: [{ id: 'platform-team-group-id', type: SsoIdentityType.SSO_GROUP }] }],
    });
    this.argoCd.registerCluster('InCluster');
    this.argoCd.addApplication('Guestbook', {
      repoUrl: 'https://github.com/argoproj/argocd-example-apps',
      path: 'guestbook',
      destinationNamespace: 'guestbook',
      createNamespace: true,
    });
    new KroCapability(this, 'Kro', { cluster: this.cluster });

    this.hybridNodes = new HybridNodeRole(this, 'HybridNodes', { cluster: this.cluster, podIdentity: true });

    // The reports service account assumes a role here, which chains to the data account's role.
    const dataReader = iam.Role.fromRoleArn(this, 'DataReader', `arn:${this.partition}:iam::${dataAccount}:role/reports-reader`, { mutable: false });
    this.reports = this.cluster.addPodIdentityAssociation('Reports', {
      namespace: 'reports',
      serviceAccount: 'reports',
      targetRole: dataReader,
    });
  }
}
