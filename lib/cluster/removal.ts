import { Aspects, CfnDeletionPolicy, CfnResource, IAspect, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ClusterState } from './cluster-state';

/** What a construct attached to a cluster is, for the removal policy it gets. */
export enum RemovalKind {
  /** AWS resources the cluster, its nodes or its workloads need (VPC, roles, node groups, add-ons, access entries, …). */
  INFRASTRUCTURE = 'infrastructure',
  /** A Kubernetes object the applier manages (manifest, Helm release, patch, aws-auth rows). */
  KUBERNETES = 'kubernetes',
}

/** The DeletionPolicy and UpdateReplacePolicy a resource gets. */
export interface RemovalAttributes {
  readonly deletionPolicy: CfnDeletionPolicy;
  readonly updateReplacePolicy: CfnDeletionPolicy;
}

/**
 * Resource types that hold state a replacement must not destroy: under a retaining policy
 * their old copy is kept when CloudFormation replaces them (UpdateReplacePolicy Retain).
 * Everything else is replaced normally (a replaced node group or manifest must not linger).
 */
const STATEFUL_TYPES = new Set(['AWS::EKS::Cluster', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::EFS::FileSystem']);

const POLICY_KEY = 'removal:policy';
const EXEMPT = Symbol.for('cdk-eks-kit.RemovalExempt');

/**
 * One removal policy for a cluster and everything attached to it (not part of the public API).
 *
 * A stack delete under the default (`RETAIN_ON_UPDATE_OR_DELETE`) or `RETAIN` leaves a working
 * platform: CloudFormation skips the delete of every resource the cluster, its nodes and its
 * workloads need — the VPC this library created (subnets, routes, NAT gateway, flow logs), the
 * cluster role and key, node groups and their roles and launch templates, Fargate profiles,
 * add-ons, access entries, Pod Identity associations, IRSA roles — and of every Kubernetes
 * object the applier applied (manifests, Helm releases, patches, aws-auth rows), so those are
 * not deleted from the cluster either. Only the applier itself (its function, role, log groups
 * and access entry) is deleted. With `RETAIN_ON_UPDATE_OR_DELETE`, the rollback of a failed
 * first deployment still deletes what it created.
 *
 * With `DESTROY` everything is deleted, in the order the dependencies give: Kubernetes objects
 * first (they depend on the applier, so its function, role and routes outlive them; objects
 * behind the AWS Load Balancer Controller before its chart, which waits for their load
 * balancers), then node groups and add-ons, then the cluster, then its log group, key, role
 * and VPC.
 *
 * Each construct calls `ClusterRemoval.attach(this, cluster, kind)`; an aspect applies the
 * cluster's policy to the CloudFormation resources in its scope at synthesis (so resources
 * added later are covered). It runs before `RemovalPolicies.of(scope).apply(...)` (priority
 * MUTATING), so users can still override any part of the tree that way.
 */
export class ClusterRemoval {
  /** The policy when none is given. */
  public static readonly DEFAULT_POLICY = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;

  /** Records the removal policy of `cluster` (a Cluster, or an imported cluster). */
  public static setPolicy(cluster: IConstruct, policy: RemovalPolicy): void {
    const slot = ClusterState.of(cluster).slot(POLICY_KEY, () => ({ policy }));
    slot.policy = policy;
  }

  /** The removal policy of `cluster`. */
  public static policyOf(cluster: IConstruct): RemovalPolicy {
    return ClusterState.of(cluster).peek<{ policy: RemovalPolicy }>(POLICY_KEY)?.policy ?? ClusterRemoval.DEFAULT_POLICY;
  }

  /**
   * Gives the resources in `scope` the removal policy of `cluster` (or `policy`, when the
   * construct has a removal policy of its own), as `kind`.
   */
  public static attach(scope: IConstruct, cluster: IConstruct, kind: RemovalKind = RemovalKind.INFRASTRUCTURE, policy?: RemovalPolicy): void {
    // Before the MUTATING priority of RemovalPolicies (200), so that it can override this.
    Aspects.of(scope).add(new RemovalAspect(cluster, kind, policy), { priority: 100 });
  }

  /** Leaves the resources under `scope` (the applier) out of every cluster's policy: they are deleted with the stack. */
  public static exempt(scope: IConstruct): void {
    Object.defineProperty(scope, EXEMPT, { value: true, enumerable: false });
  }

  /** The DeletionPolicy and UpdateReplacePolicy of a resource of `type` under `policy`. */
  public static attributes(policy: RemovalPolicy, type: string, kind: RemovalKind): RemovalAttributes {
    if (policy === RemovalPolicy.DESTROY) {
      return { deletionPolicy: CfnDeletionPolicy.DELETE, updateReplacePolicy: CfnDeletionPolicy.DELETE };
    }
    const deletionPolicy = policy === RemovalPolicy.RETAIN ? CfnDeletionPolicy.RETAIN : CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE;
    const keepReplaced = kind === RemovalKind.INFRASTRUCTURE && STATEFUL_TYPES.has(type);
    return { deletionPolicy, updateReplacePolicy: keepReplaced ? CfnDeletionPolicy.RETAIN : CfnDeletionPolicy.DELETE };
  }

  /** Whether `policy` can be applied to a cluster (`SNAPSHOT` exists for few resource types, none of a cluster's). */
  public static isSupported(policy: RemovalPolicy): boolean {
    return policy !== RemovalPolicy.SNAPSHOT;
  }

  private constructor() {}
}

class RemovalAspect implements IAspect {
  constructor(private readonly cluster: IConstruct, private readonly kind: RemovalKind, private readonly policy?: RemovalPolicy) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || isExempt(node)) return;
    const policy = this.policy ?? ClusterRemoval.policyOf(this.cluster);
    const wanted = ClusterRemoval.attributes(policy, node.cfnResourceType, this.kind);
    const options = node.cfnOptions;
    // Delete is CloudFormation's default: leave an unset attribute unset, so templates only
    // say what differs from it.
    if (options.deletionPolicy !== undefined || wanted.deletionPolicy !== CfnDeletionPolicy.DELETE) {
      options.deletionPolicy = wanted.deletionPolicy;
    }
    if (options.updateReplacePolicy !== undefined || wanted.updateReplacePolicy !== CfnDeletionPolicy.DELETE) {
      options.updateReplacePolicy = wanted.updateReplacePolicy;
    }
    if (wanted.deletionPolicy !== CfnDeletionPolicy.DELETE && wanted.updateReplacePolicy === CfnDeletionPolicy.DELETE) {
      // cfn-lint W3011 ("both are needed to protect the resource") flags exactly this, on purpose:
      // kept when the stack is deleted, but a replaced node group or manifest must not linger.
      const reason = 'Deliberate: retained on stack delete so that the platform keeps working, but replaced normally '
        + '(a replaced node group, launch template or manifest must not linger); see cdk-eks-kit lib/cluster/removal.ts.';
      Validations.of(node).acknowledge({ id: 'CloudFormation-Validate::W3011', reason });
      const metadata = node.getMetadata('cfn-lint') as { config?: { ignore_checks?: string[] } } | undefined;
      const ignored = metadata?.config?.ignore_checks ?? [];
      if (!ignored.includes('W3011')) node.addMetadata('cfn-lint', { ...metadata, config: { ...metadata?.config, ignore_checks: [...ignored, 'W3011'] } });
    }
  }
}

function isExempt(node: IConstruct): boolean {
  return node.node.scopes.some((s) => (s as unknown as { [EXEMPT]?: boolean })[EXEMPT] === true);
}
