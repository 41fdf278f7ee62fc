import { IResource, Lazy, Resource, Token } from 'aws-cdk-lib';
import { CfnAccessEntry } from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { KitValidationError } from '../errors';
import { accessPolicyTypeProblem } from './access-entry-rules';
import { AccessPolicy } from './access-policy';
import { ClusterState } from './cluster-state';
import { checkProps, Is } from '../validation/prop-check';
import { ACCESS_ENTRY_PROPS } from '../validation/prop-specs';
import { AuthenticationMode, type ICluster } from './cluster-types';
import { ConfigMapMode } from './config-map-mode';
import { ClusterRemoval } from './removal';

/** An EKS access entry. */
export interface IAccessEntry extends IResource {
  /** The ARN of the access entry. */
  readonly accessEntryArn: string;
}

/**
 * The kind of principal an access entry is for.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
 */
export enum AccessEntryType {
  /** An IAM user or role used by people or tools. */
  STANDARD = 'STANDARD',
  /** The node role of self-managed Linux (or Bottlerocket) nodes. */
  EC2_LINUX = 'EC2_LINUX',
  /** The node role of self-managed Windows nodes. */
  EC2_WINDOWS = 'EC2_WINDOWS',
  /**
   * The node role of nodes created by EKS Auto Mode for a custom NodeClass (takes
   * `AccessPolicy.autoNode()`, nothing else).
   */
  EC2 = 'EC2',
  /** The pod execution role of Fargate pods (EKS creates these entries for Fargate profiles itself). */
  FARGATE_LINUX = 'FARGATE_LINUX',
  /** The node role of EKS Hybrid Nodes. */
  HYBRID_LINUX = 'HYBRID_LINUX',
  /**
   * The role of Amazon SageMaker HyperPod nodes that join the cluster.
   * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html
   */
  HYPERPOD_LINUX = 'HYPERPOD_LINUX',
}

/** Properties of an {@link AccessEntry}. */
export interface AccessEntryProps {
  /** The cluster the principal gets access to. */
  readonly cluster: ICluster;
  /** ARN of the IAM role or user. */
  readonly principalArn: string;
  /**
   * Access policies to associate, each with its scope. An EC2 entry takes only
   * `AccessPolicy.autoNode()`; EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX, HYBRID_LINUX and
   * HYPERPOD_LINUX entries take none (EKS rejects them).
   * @default - none
   */
  readonly accessPolicies?: AccessPolicy[];
  /**
   * The kind of principal.
   * @default AccessEntryType.STANDARD
   */
  readonly type?: AccessEntryType;
  /**
   * Kubernetes groups the principal is put in, for your own RBAC bindings.
   * Not allowed for the EC2_* types.
   * @default - none
   */
  readonly kubernetesGroups?: string[];
  /**
   * Kubernetes user name of the principal.
   * @default - EKS derives one from the principal ARN
   */
  readonly username?: string;
}

/**
 * Grants an IAM principal access to the Kubernetes API of a cluster through an EKS access
 * entry (native `AWS::EKS::AccessEntry`), with cluster- or namespace-scoped access policies.
 * Further policies can be added with `addAccessPolicies()` until synthesis.
 */
export class AccessEntry extends Resource implements IAccessEntry {
  /** Imports an access entry by ARN. */
  public static fromAccessEntryArn(scope: Construct, id: string, accessEntryArn: string): IAccessEntry {
    class Import extends Resource implements IAccessEntry {
      public readonly accessEntryArn = accessEntryArn;
    }
    return new Import(scope, id);
  }

  public readonly accessEntryArn: string;
  /** The principal's ARN. */
  public readonly principalArn: string;
  private readonly type: AccessEntryType;
  private readonly policies: AccessPolicy[] = [];

  constructor(scope: Construct, id: string, props: AccessEntryProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster); // lib/cluster/removal.ts
    checkProps(this, props, { ...ACCESS_ENTRY_PROPS, type: Is.enumOf(AccessEntryType, 'AccessEntryType') });
    this.type = props.type ?? AccessEntryType.STANDARD;
    this.principalArn = props.principalArn;
    if (props.cluster.authenticationMode === AuthenticationMode.CONFIG_MAP) {
      throw new KitValidationError(this, 'AccessEntryConfigMap', ConfigMapMode.accessEntryProblem());
    }
    this.validateGroups(props.kubernetesGroups);
    this.validateUsername(props.username);
    this.validatePrincipal(props.principalArn);

    const resource = new CfnAccessEntry(this, 'Resource', {
      clusterName: props.cluster.clusterName,
      principalArn: props.principalArn,
      type: this.type,
      kubernetesGroups: props.kubernetesGroups,
      username: props.username,
      accessPolicies: this.lazyPolicies(),
    });
    this.accessEntryArn = resource.attrAccessEntryArn;
    this.addAccessPolicies(props.accessPolicies ?? []);
    this.registerPrincipal(props.cluster, props.principalArn);
  }

  /** Associates more access policies with this entry. */
  public addAccessPolicies(policies: AccessPolicy[]): void {
    for (const policy of policies) {
      const typeProblem = accessPolicyTypeProblem(this.type, policy);
      if (typeProblem) throw new KitValidationError(this, 'AccessEntryPolicyType', `'accessPolicies': ${typeProblem}.`);
      const problems = policy._problems();
      if (problems.length > 0) {
        throw new KitValidationError(this, 'AccessPolicy', `'accessPolicies': ${problems.join('; ')}.`);
      }
      if (this.policies.some((p) => p.policyArn === policy.policyArn)) {
        throw new KitValidationError(this, 'AccessPolicyDuplicate',
          `'accessPolicies' lists ${Token.isUnresolved(policy.policyArn) ? 'a policy' : `'${policy.policyArn}'`} twice; EKS associates each policy `
          + 'with an entry once. Give it one scope listing all its namespaces.');
      }
      this.policies.push(policy);
    }
  }

  /** The access policies associated so far (a copy). */
  public get accessPolicies(): AccessPolicy[] {
    return [...this.policies];
  }

  private lazyPolicies() {
    return Lazy.any({
      produce: () => this.policies.length === 0 ? undefined : this.policies.map((p) => ({
        policyArn: p.policyArn,
        accessScope: p.namespaces.length > 0
          ? { type: p.scopeType, namespaces: p.namespaces }
          : { type: p.scopeType },
      })),
    }, { omitEmptyArray: true });
  }

  private validateGroups(groups?: string[]): void {
    if (groups && groups.length > 0 && this.type !== AccessEntryType.STANDARD) {
      throw new KitValidationError(this, 'AccessEntryGroups',
        `'kubernetesGroups' cannot be set on an access entry of type ${this.type}; EKS assigns node groups itself.`);
    }
    for (const group of groups ?? []) {
      if (!Token.isUnresolved(group) && group.startsWith('system:')) {
        throw new KitValidationError(this, 'AccessEntryGroups',
          `'kubernetesGroups' contains '${group}'; EKS rejects group names starting with 'system:'. Use an access policy (e.g. AccessPolicy.clusterAdmin()) instead.`);
      }
      if (group === '') {
        throw new KitValidationError(this, 'AccessEntryGroups', "'kubernetesGroups' contains an empty group name; give each group the name its RoleBindings use.");
      }
    }
  }

  /** https://docs.aws.amazon.com/eks/latest/userguide/set-custom-username.html: reserved prefixes. */
  private validateUsername(username?: string): void {
    if (username === undefined || Token.isUnresolved(username)) return;
    const reserved = ['system:', 'eks:', 'aws:', 'amazon:', 'iam:'].find((p) => username.startsWith(p));
    if (username === '' || reserved) {
      throw new KitValidationError(this, 'AccessEntryUsername', `'username' is '${username}'; `
        + (reserved ? `EKS rejects usernames starting with '${reserved}' (reserved: system:, eks:, aws:, amazon:, iam:).` : 'omit it to let EKS derive one from the principal.'));
    }
  }

  /**
   * A second entry for the same principal (the same ARN, or the same token for a role of this
   * app) would fail at deploy time with ResourceInUseException; fail at synth instead.
   */
  private registerPrincipal(cluster: ICluster, arn: string): void {
    // Shared by every cluster object naming this EKS cluster: a second import of it must not bypass the check.
    const entries = ClusterState.shared(cluster).slot('access-entry:byPrincipal', () => new Map<string, AccessEntry>());
    const existing = entries.get(arn);
    if (existing) {
      throw new KitValidationError(this, 'AccessEntryDuplicate',
        `'principalArn' already has an access entry on this cluster (${existing.node.path}); EKS allows one entry per principal. `
        + 'Add the policies to that entry with addAccessPolicies() instead.');
    }
    entries.set(arn, this);
  }

  private validatePrincipal(arn: string): void {
    if (Token.isUnresolved(arn)) return;
    if (!/^arn:[a-z-]+:iam::\d{12}:(role|user)\/.+$/.test(arn)) {
      throw new KitValidationError(this, 'AccessEntryPrincipal',
        `'principalArn' is '${arn}'; it must be the ARN of an IAM role or user (arn:<partition>:iam::<account>:role/<name>). `
        + 'Use the IAM role ARN, not an assumed-role (STS) ARN.');
    }
  }
}


