import { Resource, Stack, Token } from 'aws-cdk-lib';
import { CfnAddon } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ClusterState } from '../cluster/cluster-state';
import { ICluster, IpFamily } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { IrsaTrust } from '../identity/irsa-trust';
import { acknowledgeRequiredManagedPolicies } from '../nag/acknowledge';
import { AddonIdentity, AddonIdentityMode } from './addon-identity';
import { AddonOrdering, MissingCapacity } from './addon-ordering';
import { AddonType } from './addon-type';
import { addonVersionProblem, defaultAddonVersion, describeKnownAddonVersions } from './addon-versions';

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
   * The add-on build to install, e.g. `v1.21.1-eksbuild.7`; overrides the library's table.
   * @default - the build this library's version table lists for the cluster's Kubernetes
   * version (a synth error lists the known builds when the table has none)
   */
  readonly version?: string;
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
   * amazon-cloudwatch-observability (a new role with the AWS managed policies they need);
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

/** The add-ons of one cluster by EKS name (state of the cluster object). */
function addonsOf(cluster: ICluster): Map<string, Addon> {
  return ClusterState.of(cluster).slot('addon:byName', () => new Map<string, Addon>());
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
  /** The installed add-on build. */
  public readonly addonVersion: string;
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
    const type = props.addon;
    const cluster = props.cluster;
    this.addonName = type.name;
    this.registerOnce(cluster);

    this.addonVersion = this.resolveVersion(cluster, props.version);
    this.configurationValues = this.renderConfiguration(type, props.additionalConfiguration);
    const identity = props.identity ?? (type.podIdentityByDefault ? AddonIdentity.podIdentity() : AddonIdentity.none());
    this.role = this.createRole(cluster, type, identity);

    this.resource = new CfnAddon(this, 'Resource', {
      clusterName: cluster.clusterName,
      addonName: type.name,
      addonVersion: this.addonVersion,
      configurationValues: this.configurationValues ? Stack.of(this).toJsonString(this.configurationValues) : undefined,
      resolveConflicts: props.resolveConflicts ?? ResolveConflicts.OVERWRITE,
      preserveOnDelete: props.preserveOnDelete ?? type.preservedByDefault,
      serviceAccountRoleArn: identity.mode === AddonIdentityMode.IRSA ? this.role?.roleArn : undefined,
      podIdentityAssociations: identity.mode === AddonIdentityMode.POD_IDENTITY && this.role && type.serviceAccount
        ? [{ roleArn: this.role.roleArn, serviceAccount: type.serviceAccount.name }] : undefined,
    });
    this.addonArn = this.resource.attrArn;
    // The cluster must be ACTIVE first. Its name is often a literal, so say so explicitly
    // (a cluster of this app has its CfnCluster as default child; an imported one has none).
    const cfnCluster = cluster.node.defaultChild;
    if (cfnCluster) this.resource.node.addDependency(cfnCluster);

    if (identity.mode === AddonIdentityMode.POD_IDENTITY && type.name !== 'eks-pod-identity-agent') {
      this.node.addDependency(Addon.podIdentityAgentOf(cluster));
    }
    if (type.isNetworking) AddonOrdering.registerNetworkingAddon(cluster, this);
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

  private resolveVersion(cluster: ICluster, pinned?: string): string {
    if (pinned !== undefined) {
      if (!Token.isUnresolved(pinned)) {
        const problem = addonVersionProblem(pinned);
        if (problem) throw new KitValidationError(this, 'AddonVersion', problem);
      }
      return pinned;
    }
    if (!cluster.version) {
      throw new KitValidationError(this, 'AddonVersion',
        `the cluster's Kubernetes version is unknown (imported without 'version'), so no default build of '${this.addonName}' can be chosen; `
        + `pass 'version' (known builds: ${describeKnownAddonVersions(this.addonName)}) or give the import a 'version'.`);
    }
    const found = defaultAddonVersion(this.addonName, cluster.version.version);
    if (!found) {
      throw new KitValidationError(this, 'AddonVersion',
        `this library's version table has no build of '${this.addonName}' for Kubernetes ${cluster.version.version} `
        + `(known: ${describeKnownAddonVersions(this.addonName)}); pass 'version' with a build that `
        + `\`aws eks describe-addon-versions --addon-name ${this.addonName} --kubernetes-version ${cluster.version.version}\` lists.`);
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

  private createRole(cluster: ICluster, type: AddonType, identity: AddonIdentity): iam.IRole | undefined {
    if (identity.mode === AddonIdentityMode.NONE) return undefined;
    const sa = type.serviceAccount;
    if (!sa) {
      throw new KitValidationError(this, 'AddonIdentity',
        `the add-on '${type.name}' has no service account known to this library, so it cannot get a role; use AddonIdentity.none(), `
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
      : new IrsaTrust(this, 'Trust', { cluster, namespace: sa.namespace, serviceAccountName: sa.name }).createRole('Role', roleProps);
    acknowledgeRequiredManagedPolicies(role, sa.managedPolicies,
      `AWS documents these managed policies as the permissions the ${type.name} add-on needs; they are the only policies on this role.`);
    return role;
  }
}

function deepMerge(base: { [key: string]: any }, over: { [key: string]: any }): { [key: string]: any } {
  const out: { [key: string]: any } = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Token.isUnresolved(value);
}
