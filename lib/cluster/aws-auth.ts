import { Annotations, Arn, CustomResource, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AddonOrdering } from '../addons/addon-ordering';
import { KitValidationError } from '../errors';
import { RESOURCE_TYPES } from '../kubectl/handler/resource-types';
import { ClusterState } from './cluster-state';
import { ClusterRemoval, RemovalKind } from './removal';
import { AuthenticationMode, type ICluster } from './cluster-types';

/** How an IAM role or user appears in Kubernetes through the aws-auth ConfigMap. */
export interface AwsAuthMappingOptions {
  /**
   * The Kubernetes user name. It may contain the authenticator's placeholders
   * `{{AccountID}}`, `{{SessionName}}`, `{{SessionNameRaw}}`, `{{AccessKeyID}}` and
   * `{{EC2PrivateDNSName}}`.
   * @default - the ARN of the role or user
   * @see https://github.com/kubernetes-sigs/aws-iam-authenticator#full-configuration-format
   */
  readonly username?: string;
  /**
   * The Kubernetes groups (bind them with RBAC; `system:masters` is cluster-admin).
   * @default - none
   */
  readonly groups?: string[];
}

/** A `mapRoles` row: an IAM role and its Kubernetes identity. */
export interface AwsAuthRoleMapping extends AwsAuthMappingOptions {
  /** The IAM role. Its ARN is written without the role's path, as EKS requires. */
  readonly role: iam.IRole;
}

/** A `mapUsers` row: an IAM user and its Kubernetes identity. */
export interface AwsAuthUserMapping extends AwsAuthMappingOptions {
  /** The IAM user. */
  readonly user: iam.IUser;
}

/** Rows of the aws-auth ConfigMap. */
export interface AwsAuthMappings {
  /**
   * IAM roles mapped to Kubernetes users and groups.
   * @default - none
   */
  readonly mapRoles?: AwsAuthRoleMapping[];
  /**
   * IAM users mapped to Kubernetes users and groups.
   * @default - none
   */
  readonly mapUsers?: AwsAuthUserMapping[];
  /**
   * AWS accounts whose IAM principals are all mapped to a user named after their ARN
   * (with no groups), as 12-digit account ids.
   * @default - none
   */
  readonly mapAccounts?: string[];
}

/** Properties of an {@link AwsAuth}. */
export interface AwsAuthProps extends AwsAuthMappings {
  /** The cluster; its authentication mode must be `API_AND_CONFIG_MAP` (or `CONFIG_MAP` for an imported cluster with its own applier). */
  readonly cluster: ICluster;
}

/** The placeholders the authenticator fills in (aws-iam-authenticator pkg/server/server.go `renderTemplate`). */
const PLACEHOLDERS = new Set(['AccountID', 'SessionName', 'SessionNameRaw', 'AccessKeyID', 'EC2PrivateDNSName']);

interface Row {
  readonly arn: string;
  readonly username: string;
  readonly groups: string[];
}

/**
 * Rows of the `aws-auth` ConfigMap (kube-system) that map IAM roles, users and accounts to
 * Kubernetes users and groups, for clusters in `API_AND_CONFIG_MAP` mode.
 *
 * The applier *merges* these rows into the ConfigMap at deploy time: the rows EKS writes for
 * managed node groups and Fargate profiles, and every row someone else wrote, stay as they
 * are; on update and delete only this resource's own rows are changed or removed. Writes use
 * the ConfigMap's resourceVersion and are retried on conflict, so a node role EKS adds at the
 * same moment is not lost. A row for an ARN that someone else already mapped differently
 * fails the deploy with a message, rather than being overwritten.
 *
 * One per cluster: use `AwsAuth.of(cluster)` (or `cluster.awsAuth`) and add rows to it.
 */
export class AwsAuth extends Construct {
  /** The aws-auth rows of `cluster`, created (under the cluster) on first use. */
  public static of(cluster: ICluster): AwsAuth {
    return ClusterState.of(cluster).peek<AwsAuth>(STATE_KEY) ?? new AwsAuth(cluster, 'AwsAuth', { cluster });
  }

  /** The custom resource that applies the rows. */
  public readonly resource: CustomResource;

  private readonly cluster: ICluster;
  private readonly roles: Row[] = [];
  private readonly users: Row[] = [];
  private readonly accounts: string[] = [];

  constructor(scope: Construct, id: string, props: AwsAuthProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster, RemovalKind.KUBERNETES);
    this.cluster = props.cluster;
    const state = ClusterState.of(props.cluster);
    const existing = state.peek<AwsAuth>(STATE_KEY);
    if (existing) {
      throw new KitValidationError(this, 'AwsAuthDuplicate',
        `the cluster already has aws-auth rows from ${existing.node.path}; each would overwrite the other's view of the ConfigMap. `
        + 'Add the rows there (AwsAuth.of(cluster).addRoleMapping(...)).');
    }
    state.slot(STATE_KEY, () => this);
    this.validateMode();

    const provider = props.cluster.kubectlProvider;
    const stack = Stack.of(this);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPES.awsAuth,
      properties: {
        MapRoles: Lazy.string({ produce: () => stack.toJsonString(this.roles) }),
        MapUsers: Lazy.string({ produce: () => stack.toJsonString(this.users) }),
        MapAccounts: Lazy.string({ produce: () => stack.toJsonString(this.accounts) }),
      },
    });
    this.resource.node.addDependency(provider);
    // Written after the cluster's node groups and Fargate profiles exist (and removed before
    // they go), so EKS and the applier do not edit the ConfigMap at the same time.
    this.resource.node.addDependency(AddonOrdering.capacityOf(props.cluster));

    for (const m of props.mapRoles ?? []) this.addRoleMapping(m.role, m);
    for (const m of props.mapUsers ?? []) this.addUserMapping(m.user, m);
    for (const a of props.mapAccounts ?? []) this.addAccount(a);
  }

  /**
   * Maps an IAM role to a Kubernetes user name and groups (a `mapRoles` row).
   * @param role the IAM role
   * @param options its user name and groups
   */
  public addRoleMapping(role: iam.IRole, options: AwsAuthMappingOptions = {}): void {
    const arn = roleArnWithoutPath(role);
    this.addRow(this.roles, 'mapRoles', arn, options);
  }

  /**
   * Maps an IAM user to a Kubernetes user name and groups (a `mapUsers` row).
   * @param user the IAM user
   * @param options its user name and groups
   */
  public addUserMapping(user: iam.IUser, options: AwsAuthMappingOptions = {}): void {
    this.addRow(this.users, 'mapUsers', user.userArn, options);
  }

  /**
   * Maps every IAM principal of an AWS account (a `mapAccounts` entry).
   * @param accountId the 12-digit account id
   */
  public addAccount(accountId: string): void {
    if (!Token.isUnresolved(accountId)) {
      if (!/^\d{12}$/.test(accountId)) {
        throw new KitValidationError(this, 'AwsAuthAccount', `'mapAccounts' contains '${accountId}'; an AWS account id is 12 digits.`);
      }
      if (this.accounts.includes(accountId)) {
        throw new KitValidationError(this, 'AwsAuthDuplicateRow', `'mapAccounts' lists account ${accountId} twice.`);
      }
    }
    this.accounts.push(accountId);
  }

  private addRow(rows: Row[], section: string, arn: string, options: AwsAuthMappingOptions): void {
    const username = options.username ?? arn;
    const groups = [...(options.groups ?? [])];
    this.validateUsername(section, username);
    for (const group of groups) {
      if (!Token.isUnresolved(group) && group.trim() === '') {
        throw new KitValidationError(this, 'AwsAuthGroup', `'${section}' has an empty group name for ${describe(arn)}.`);
      }
    }
    if (!Token.isUnresolved(arn) && rows.some((r) => !Token.isUnresolved(r.arn) && r.arn.toLowerCase() === arn.toLowerCase())) {
      throw new KitValidationError(this, 'AwsAuthDuplicateRow',
        `'${section}' maps ${arn} twice; aws-auth has one row per ARN (the authenticator keeps the last). Give it one row with all its groups.`);
    }
    rows.push({ arn, username, groups });
  }

  private validateUsername(section: string, username: string): void {
    if (Token.isUnresolved(username)) return;
    if (username.trim() === '') {
      throw new KitValidationError(this, 'AwsAuthUsername', `'${section}' has an empty 'username'; omit it to use the ARN.`);
    }
    for (const m of username.matchAll(/\{\{([^}]*)\}\}/g)) {
      if (!PLACEHOLDERS.has(m[1])) {
        throw new KitValidationError(this, 'AwsAuthUsername',
          `'${section}' username '${username}' uses the placeholder '{{${m[1]}}}'; the authenticator knows only `
          + `${[...PLACEHOLDERS].map((p) => `{{${p}}}`).join(', ')} (others stay as literal text).`);
      }
    }
  }

  private validateMode(): void {
    const mode = this.cluster.authenticationMode;
    if (mode === AuthenticationMode.API) {
      throw new KitValidationError(this, 'AwsAuthMode',
        "the cluster's 'authenticationMode' is API, in which EKS ignores the aws-auth ConfigMap. Grant access with access entries "
        + "(cluster.grantAccess), or create the cluster with AuthenticationMode.API_AND_CONFIG_MAP (EKS cannot add the ConfigMap method to an API cluster later).");
    }
    if (mode === undefined) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:awsAuthModeUnknown',
        "The imported cluster's 'authenticationMode' is unknown; aws-auth rows take effect only in CONFIG_MAP and API_AND_CONFIG_MAP mode. Pass 'authenticationMode' to Cluster.fromClusterAttributes().");
    }
  }
}

const STATE_KEY = 'aws-auth:singleton';

/**
 * The role's ARN without its path: the authenticator matches the role of an assumed-role
 * session, whose ARN carries no path, so EKS requires `arn:…:role/<name>` in mapRoles
 * (EKS User Guide, "aws-auth ConfigMap": "The role ARN can't include a path").
 */
export function roleArnWithoutPath(role: iam.IRole): string {
  const arn = role.roleArn;
  if (!Token.isUnresolved(arn)) {
    return arn.replace(/^(arn:[^:]+:iam::[^:]*:role\/)(?:.*\/)?([^/]+)$/, '$1$2');
  }
  return Arn.format({ service: 'iam', region: '', account: role.env.account, resource: 'role', resourceName: role.roleName }, Stack.of(role));
}

function describe(arn: string): string {
  return Token.isUnresolved(arn) ? 'a principal' : arn;
}
