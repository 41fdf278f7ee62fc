import { Annotations, Resource, Stack, Token } from 'aws-cdk-lib';
import { CfnAddon } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ClusterState } from '../cluster/cluster-state';
import { ICluster, IpFamily } from '../cluster/cluster-types';
import { defaultCredentials, podIdentityOnFargateProblems } from '../compute/fargate-cluster-state';
import { KitValidationError } from '../errors';
import { IrsaTrust } from '../identity/irsa-trust';
import { acknowledgeRequiredManagedPolicies } from '../nag/acknowledge';
import { AddonIdentity, AddonIdentityMode } from './addon-identity';
import { podIdentityAgentDependency } from '../compute/auto-mode/pod-identity-agent';
import { AddonOrdering, MissingCapacity } from './addon-ordering';
import { deepMerge } from './deep-merge';
import { AddonType } from './addon-type';
import { namespaceNameProblem } from '../identity/kubernetes-names';
import { ADDON_VERSION_TABLE, addonVersionProblem, defaultAddonVersion, describeKnownAddonVersions } from './addon-versions';
import { checkProps, Is } from '../validation/prop-check';
import { ADDON_PROPS } from '../validation/prop-specs';
import { ClusterRemoval } from '../cluster/removal';

/**
 * What EKS does when the add-on's settings conflict with values already on the cluster
 * (a self-managed install EKS made at cluster creation, or `kubectl edit`s since).
 * CloudFormation passes the same value on create and on update.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html
 */
export enum ResolveConflicts {
  /**
   * Replace conflicting values with the add-on's (configured) values. On create this takes
   * over the self-managed vpc-cni/kube-proxy/coredns EKS installed; on update it undoes
   * out-of-band edits. The library default: the stack is the source of truth.
   */
  OVERWRITE = 'OVERWRITE',
  /**
   * Keep values changed on the cluster; on update EKS keeps fields that were changed outside
   * the add-on. Use while migrating hand-tuned settings into `configuration`.
   */
  PRESERVE = 'PRESERVE',
  /** Change nothing that conflicts; the create or update fails when a conflict exists. */
  NONE = 'NONE',
}

/** Options of an {@link Addon}, for `cluster.addAddon(...)`. */
export interface AddonOptions {
  /**
   * The add-on build to install, e.g. `v1.21.1-eksbuild.8`; overrides the library's table.
   * @default - the build this library's version table lists for the cluster's Kubernetes
   * version; when it lists none, no version is sent and EKS installs its default build for the
   * cluster's version (a warning says so for add-ons the table tracks: a later cluster upgrade
   * then does not upgrade the add-on)
   */
  readonly version?: string;
  /**
   * The namespace to install the add-on into (`NamespaceConfig`), for add-ons that support a
   * custom namespace. Changing it replaces the add-on.
   * @default - the add-on's own namespace
   */
  readonly namespace?: string;
  /**
   * How conflicts with existing values are resolved on create and update.
   * @default ResolveConflicts.OVERWRITE
   */
  readonly resolveConflicts?: ResolveConflicts;
  /**
   * Keep the add-on's Kubernetes objects running when the add-on resource is deleted.
   * @default - true for vpc-cni, kube-proxy, coredns and eks-pod-identity-agent (deleting
   * them would cut pod networking or DNS); false otherwise
   */
  readonly preserveOnDelete?: boolean;
  /**
   * AWS credentials of the add-on's service account.
   * @default - AddonIdentity.podIdentity() for aws-ebs-csi-driver, aws-efs-csi-driver and
   * amazon-cloudwatch-observability (a new role with the AWS managed policies they need;
   * AddonIdentity.irsa() on a FargateCluster, whose pods cannot use Pod Identity);
   * AddonIdentity.none() for the others
   */
  readonly identity?: AddonIdentity;
  /**
   * Raw configuration values merged over the typed ones (objects merge key by key, other
   * values replace), for schema fields the typed options do not cover. EKS validates them
   * against the add-on's schema at deploy time.
   * @default - none
   */
  readonly additionalConfiguration?: { [key: string]: any };
  /**
   * Whether the add-on waits for capacity that can run its pods (node groups, Auto Mode,
   * Karpenter, or Fargate profiles matching its namespace): it is created after that capacity
   * and deleted before it, and a cluster without any gets a synth warning.
   * @default - true for every add-on except vpc-cni, kube-proxy and eks-pod-identity-agent
   * (which nodes need before they become Ready)
   */
  readonly waitForCapacity?: boolean;
}

/** Properties of an {@link Addon}. */
export interface AddonProps extends AddonOptions {
  /** The cluster to install the add-on on. */
  readonly cluster: ICluster;
  /** Which add-on, with its typed configuration. */
  readonly addon: AddonType;
}

/**
 * The add-ons of an EKS cluster by name, shared by every cluster object naming it (a second
 * import of the cluster must neither install an add-on twice nor miss the agent).
 */
function addonsOf(cluster: ICluster): Map<string, Addon> {
  return ClusterState.shared(cluster).slot('addon:byName', () => new Map<string, Addon>());
}

/**
 * The Pod Identity associations of an EKS cluster by `namespace/serviceAccount` (EKS allows
 * one per service account), shared with PodIdentityAssociation. Values are construct paths.
 * @internal
 */
export function podIdentityAssociationsOf(cluster: ICluster): Map<string, string> {
  return ClusterState.shared(cluster).slot('pod-identity:byServiceAccount', () => new Map<string, string>());
}

/**
 * An EKS managed add-on (native `AWS::EKS::Addon`) with a pinned version, typed configuration
 * validated at synth, explicit conflict resolution and, when it calls AWS APIs, its own IAM
 * role through Pod Identity or IRSA.
 *
 * Ordering: vpc-cni, kube-proxy and eks-pod-identity-agent join
 * `AddonOrdering.networkingAddonsOf(cluster)` (node groups depend on it); every other add-on
 * waits for the capacity that can run its pods (`AddonOrdering.waitForCapacity`).
 */
export class Addon extends Resource {
  /**
   * The `eks-pod-identity-agent` add-on of the cluster: the one already added, or a new one
   * (with default options) created next to the cluster. One per cluster.
   */
  public static podIdentityAgentOf(cluster: ICluster): Addon {
    const existing = addonsOf(cluster).get('eks-pod-identity-agent');
    if (existing) return existing;
    return new Addon(cluster, 'EksPodIdentityAgentAddon', { cluster, addon: AddonType.podIdentityAgent() });
  }

  /** The add-on already added to `cluster` under `name`, if any. */
  public static tryFind(cluster: ICluster, name: string): Addon | undefined {
    return addonsOf(cluster).get(name);
  }

  /** The EKS add-on name. */
  public readonly addonName: string;
  /** The installed add-on build; undefined when EKS picks its default build. */
  public readonly addonVersion?: string;
  /** The add-on ARN. */
  public readonly addonArn: string;
  /** The IAM role of the add-on's service account, when it has one. */
  public readonly role?: iam.IRole;
  /** The configuration values sent to EKS (undefined when none). */
  public readonly configurationValues?: { [key: string]: any };
  /** The underlying CloudFormation resource. */
  public readonly resource: CfnAddon;

  constructor(scope: Construct, id: string, props: AddonProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster); // lib/cluster/removal.ts
    checkProps(this, props, { ...ADDON_PROPS, resolveConflicts: Is.enumOf(ResolveConflicts, 'ResolveConflicts') });
    const type = props.addon;
    const cluster = props.cluster;
    this.addonName = type.name;
    this.registerOnce(cluster);

    const nsProblem = props.namespace !== undefined ? namespaceNameProblem('namespace', props.namespace) : undefined;
    if (nsProblem) throw new KitValidationError(this, 'AddonNamespace', `${nsProblem}.`);
    this.configurationValues = this.renderConfiguration(type, props.additionalConfiguration);
    this.addonVersion = this.resolveVersion(cluster, props.version);
    const identity = props.identity ?? defaultIdentity(cluster, type);
    this.role = this.createRole(cluster, type, identity, props.namespace);

    this.resource = new CfnAddon(this, 'Resource', {
      clusterName: cluster.clusterName,
      addonName: type.name,
      addonVersion: this.addonVersion,
      configurationValues: this.configurationValues ? Stack.of(this).toJsonString(this.configurationValues) : undefined,
      resolveConflicts: props.resolveConflicts ?? ResolveConflicts.OVERWRITE,
      preserveOnDelete: props.preserveOnDelete ?? type.preservedByDefault,
      namespaceConfig: props.namespace !== undefined ? { namespace: props.namespace } : undefined,
      serviceAccountRoleArn: identity.mode === AddonIdentityMode.IRSA ? this.role?.roleArn : undefined,
      podIdentityAssociations: identity.mode === AddonIdentityMode.POD_IDENTITY && this.role && type.serviceAccount
        ? [{ roleArn: this.role.roleArn, serviceAccount: type.serviceAccount.name }] : undefined,
    });
    if (identity.mode === AddonIdentityMode.POD_IDENTITY && this.role && type.serviceAccount) {
      const key = `${type.serviceAccount.namespace}/${type.serviceAccount.name}`;
      const associations = podIdentityAssociationsOf(cluster);
      const existing = associations.get(key);
      if (existing) {
        throw new KitValidationError(this, 'PodIdentityDuplicate', `'identity' gives the service account ${key} a Pod Identity association, but ${existing} `
          + 'already associates a role with it on this cluster; EKS allows one association per service account. Keep one of them.');
      }
      associations.set(key, this.node.path);
    }
    this.addonArn = this.resource.attrArn;
    // The cluster must be ACTIVE first. Its name is often a literal, so say so explicitly
    // (a cluster of this app has its CfnCluster as default child; an imported one has none).
    const cfnCluster = cluster.node.defaultChild;
    if (cfnCluster) this.resource.node.addDependency(cfnCluster);

    if (identity.mode === AddonIdentityMode.POD_IDENTITY && type.name !== 'eks-pod-identity-agent') {
      // Not on EKS Auto Mode, whose nodes run the agent.
      this.node.addDependency(podIdentityAgentDependency(cluster));
      this.node.addValidation({ validate: () => podIdentityOnFargateProblems(this, cluster, `the '${type.name}' add-on`) });
    }
    if (type.isNetworking) AddonOrdering.registerNetworkingAddon(cluster, this);
    // PVC users are deleted before the CSI drivers that release their volumes.
    if (/-csi-driver$/.test(type.name)) AddonOrdering.registerStorageDriver(cluster, this);
    if (props.waitForCapacity ?? type.needsCapacity) {
      AddonOrdering.waitForCapacity(this, cluster, {
        namespace: type.podNamespace,
        whenMissing: MissingCapacity.WARN,
        description: `the '${this.addonName}' add-on`,
        alternative: "or set 'waitForCapacity: false' (without capacity the add-on stays DEGRADED and its create can time out)",
      });
    }
  }

  private registerOnce(cluster: ICluster): void {
    const byName = addonsOf(cluster);
    const existing = byName.get(this.addonName);
    if (existing) {
      throw new KitValidationError(this, 'AddonDuplicate',
        `the add-on '${this.addonName}' is already installed on this cluster by ${existing.node.path}; EKS allows one per cluster. Configure that one instead.`);
    }
    byName.set(this.addonName, this);
  }

  private resolveVersion(cluster: ICluster, pinned?: string): string | undefined {
    if (pinned !== undefined) {
      if (!Token.isUnresolved(pinned)) {
        const problem = addonVersionProblem(pinned);
        if (problem) throw new KitValidationError(this, 'AddonVersion', problem);
      }
      return pinned;
    }
    const tracked = ADDON_VERSION_TABLE[this.addonName] !== undefined;
    const found = cluster.version ? defaultAddonVersion(this.addonName, cluster.version.version) : undefined;
    if (!found && tracked) {
      // Not an error: EKS installs its default build for the cluster's version (CreateAddon
      // without addonVersion). But nothing in the template changes when the cluster is upgraded.
      Annotations.of(this).addWarningV2('cdk-eks-kit:addonVersionFromEks',
        `this library's version table has no build of '${this.addonName}' for ${cluster.version ? `Kubernetes ${cluster.version.version}` : 'a cluster of unknown version'} `
        + `(known: ${describeKnownAddonVersions(this.addonName)}), so EKS installs its default build and a later cluster upgrade will not upgrade the add-on. `
        + `Pin 'version' with a build that \`aws eks describe-addon-versions --addon-name ${this.addonName}${cluster.version ? ` --kubernetes-version ${cluster.version.version}` : ''}\` lists, `
        + 'or refresh the table (scripts/refresh-addon-versions.js).');
    }
    return found;
  }

  private renderConfiguration(type: AddonType, additional?: { [key: string]: any }): { [key: string]: any } | undefined {
    const rendered = type.renderConfiguration();
    if (rendered.problems.length > 0) {
      throw new KitValidationError(this, 'AddonConfiguration', `${rendered.problems.join('; ')}.`);
    }
    if (additional !== undefined && (typeof additional !== 'object' || Array.isArray(additional) || additional === null)) {
      throw new KitValidationError(this, 'AddonConfiguration', "'additionalConfiguration' must be an object of configuration values.");
    }
    const merged = deepMerge(rendered.values ?? {}, additional ?? {});
    return Object.keys(merged).length > 0 ? merged : undefined;
  }

  private createRole(cluster: ICluster, type: AddonType, identity: AddonIdentity, namespace?: string): iam.IRole | undefined {
    if (identity.mode === AddonIdentityMode.NONE) return undefined;
    const sa = type.serviceAccount;
    if (!sa) {
      throw new KitValidationError(this, 'AddonIdentity',
        `'identity' asks for a role, but the add-on '${type.name}' has no service account known to this library; use AddonIdentity.none(), `
        + 'or AddonType.custom(name, values, serviceAccount) for an add-on whose service account you know.');
    }
    if (type.name === 'vpc-cni' && cluster.ipFamily === IpFamily.IP_V6 && !identity.role) {
      throw new KitValidationError(this, 'AddonIdentity',
        "the cluster is IPv6, but AmazonEKS_CNI_Policy grants IPv4 permissions only; pass a role with the IPv6 CNI permissions to 'identity'.");
    }
    if (identity.role) return identity.role;

    const roleProps = {
      managedPolicies: sa.managedPolicies.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
      description: `Role of the ${type.name} EKS add-on (${sa.namespace}/${sa.name})`,
    };
    const role = identity.mode === AddonIdentityMode.POD_IDENTITY
      // EKS Pod Identity assumes the role with session tags (sts:AssumeRole + sts:TagSession).
      ? new iam.Role(this, 'Role', { ...roleProps, assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags() })
      // A custom namespace moves the add-on's service account with it.
      : new IrsaTrust(this, 'Trust', { cluster, namespace: namespace ?? sa.namespace, serviceAccountName: sa.name }).createRole('Role', roleProps);
    acknowledgeRequiredManagedPolicies(role, sa.managedPolicies,
      `AWS documents these managed policies as the permissions the ${type.name} add-on needs; they are the only policies on this role.`);
    return role;
  }
}

/**
 * The identity an add-on gets unless told: Pod Identity for those that call AWS APIs, IRSA on
 * a FargateCluster (Fargate pods cannot use Pod Identity), none otherwise.
 */
function defaultIdentity(cluster: ICluster, type: AddonType): AddonIdentity {
  if (!type.podIdentityByDefault) return AddonIdentity.none();
  return defaultCredentials(cluster) === AddonIdentityMode.IRSA ? AddonIdentity.irsa() : AddonIdentity.podIdentity();
}

