import { Arn, Aws, Token } from 'aws-cdk-lib';
import { AccessPolicyName } from './access-policy-name';

/** Whether an access policy applies to the whole cluster or to some namespaces. */
export enum AccessScopeType {
  /** Every namespace and the cluster-scoped resources. */
  CLUSTER = 'cluster',
  /** Only the listed namespaces. */
  NAMESPACE = 'namespace',
}

/**
 * An EKS access policy together with the scope it is granted on.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 */
export class AccessPolicy {
  /** `AmazonEKSClusterAdminPolicy` on the whole cluster (like `cluster-admin`). */
  public static clusterAdmin(): AccessPolicy {
    return AccessPolicy.fromName('AmazonEKSClusterAdminPolicy');
  }

  /**
   * `AmazonEKSAdminPolicy` (like the `admin` ClusterRole).
   * @param namespaces restrict to these namespaces; omit for the whole cluster
   */
  public static admin(namespaces?: string[]): AccessPolicy {
    return AccessPolicy.fromName('AmazonEKSAdminPolicy', namespaces);
  }

  /**
   * `AmazonEKSEditPolicy` (like the `edit` ClusterRole).
   * @param namespaces restrict to these namespaces; omit for the whole cluster
   */
  public static edit(namespaces?: string[]): AccessPolicy {
    return AccessPolicy.fromName('AmazonEKSEditPolicy', namespaces);
  }

  /**
   * `AmazonEKSViewPolicy` (like the `view` ClusterRole).
   * @param namespaces restrict to these namespaces; omit for the whole cluster
   */
  public static view(namespaces?: string[]): AccessPolicy {
    return AccessPolicy.fromName('AmazonEKSViewPolicy', namespaces);
  }

  /**
   * `AmazonEKSAdminViewPolicy`: list and read everything, Secrets included.
   * @param namespaces restrict to these namespaces; omit for the whole cluster
   */
  public static adminView(namespaces?: string[]): AccessPolicy {
    return AccessPolicy.of(AccessPolicyName.ADMIN_VIEW, namespaces);
  }

  /**
   * `AmazonEKSAutoNodePolicy` at cluster scope: what the node role of an EKS Auto Mode custom
   * NodeClass needs on its `EC2` access entry (EKS User Guide, "Create a Node Class").
   */
  public static autoNode(): AccessPolicy {
    return AccessPolicy.of(AccessPolicyName.AUTO_NODE);
  }

  /**
   * A policy of the typed catalogue, e.g. `AccessPolicy.of(AccessPolicyName.SECRET_READER, ['app'])`.
   * @param namespaces restrict to these namespaces; omit for the whole cluster
   */
  public static of(name: AccessPolicyName, namespaces?: string[]): AccessPolicy {
    return AccessPolicy.fromName(name.name, namespaces);
  }

  /**
   * Any EKS access policy by name, e.g. `AmazonEKSAdminViewPolicy`.
   * @param namespaces restrict to these namespaces; omit for the whole cluster
   */
  public static fromName(policyName: string, namespaces?: string[]): AccessPolicy {
    const arn = Arn.format({
      partition: Aws.PARTITION, service: 'eks', region: '', account: 'aws',
      resource: 'cluster-access-policy', resourceName: policyName,
    });
    const policy = new AccessPolicy(arn, namespaces, policyName);
    if (!Token.isUnresolved(policyName) && !/^[A-Za-z0-9]+$/.test(String(policyName))) {
      policy.inputProblems.push(`access policy name '${policyName}' is not an EKS access policy name (letters and digits, e.g. AmazonEKSViewPolicy)`);
    }
    return policy;
  }

  /**
   * Any EKS access policy by ARN (`arn:<partition>:eks::aws:cluster-access-policy/<name>`).
   * @param namespaces restrict to these namespaces; omit for the whole cluster
   */
  public static fromArn(policyArn: string, namespaces?: string[]): AccessPolicy {
    const name = Token.isUnresolved(policyArn) ? undefined : /cluster-access-policy\/([A-Za-z0-9]+)$/.exec(policyArn)?.[1];
    return new AccessPolicy(policyArn, namespaces, name);
  }

  /** The policy ARN. */
  public readonly policyArn: string;
  /** Cluster or namespace scope. */
  public readonly scopeType: AccessScopeType;
  /** Namespaces of a namespace-scoped policy (empty for cluster scope). */
  public readonly namespaces: string[];
  /** The policy name, when known at synth time. */
  public readonly policyName?: string;

  /** Problems found when the policy was made (reported by the construct that receives it). */
  private readonly inputProblems: string[] = [];

  private constructor(policyArn: string, namespaces?: string[], policyName?: string) {
    this.policyArn = policyArn;
    this.policyName = policyName !== undefined && !Token.isUnresolved(policyName) ? policyName : undefined;
    if (namespaces !== undefined && !Array.isArray(namespaces) && !Token.isUnresolved(namespaces)) {
      this.inputProblems.push(`'namespaces' must be a list of namespace names, got ${JSON.stringify(namespaces)}`);
      namespaces = [];
    }
    this.namespaces = namespaces ? [...namespaces] : [];
    this.scopeType = namespaces ? AccessScopeType.NAMESPACE : AccessScopeType.CLUSTER;
  }

  /**
   * Problems with this policy's input, as messages (empty when valid). Tokens are skipped.
   * @internal
   */
  public _problems(): string[] {
    const problems: string[] = [...this.inputProblems];
    if (this.namespaces.length > 1 && this.namespaces.some((ns) => !Token.isUnresolved(ns) && Token.isUnresolved([ns]))) {
      problems.push("'namespaces' combines a list token (a CommaDelimitedList parameter) with other namespaces; pass the list token alone");
    }
    if (!Token.isUnresolved(this.policyArn) && !/^arn:[a-z-]+:eks::aws:cluster-access-policy\/[A-Za-z0-9]+$/.test(this.policyArn)) {
      problems.push(`access policy ARN '${this.policyArn}' is not of the form arn:<partition>:eks::aws:cluster-access-policy/<PolicyName>`);
    }
    if (this.scopeType === AccessScopeType.NAMESPACE) {
      if (this.namespaces.length === 0) {
        problems.push(`a namespace-scoped access policy needs at least one namespace (omit 'namespaces' for cluster scope)`);
      }
      for (const ns of this.namespaces) {
        // A token, or the element of a list token (AccessPolicy.view(param.valueAsList)): known at deploy time.
        if (Token.isUnresolved([ns])) continue;
        if (!Token.isUnresolved(ns) && !/^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?|[a-z0-9][-a-z0-9]{0,61}\*)$/.test(ns)) {
          problems.push(`namespace '${ns}' is not a valid Kubernetes namespace name (lowercase RFC 1123 label, optionally ending in '*')`);
        }
      }
    }
    return problems;
  }
}
