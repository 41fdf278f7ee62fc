import * as iam from 'aws-cdk-lib/aws-iam';

/** How an add-on identity gets its credentials. */
export enum AddonIdentityMode {
  /** No role of its own (the add-on uses the node role, or calls no AWS API). */
  NONE = 'NONE',
  /** EKS Pod Identity: a role trusted by `pods.eks.amazonaws.com`, associated by the add-on. */
  POD_IDENTITY = 'POD_IDENTITY',
  /** IAM roles for service accounts: a role trusted by the cluster's OIDC provider. */
  IRSA = 'IRSA',
}

/**
 * Which AWS credentials an add-on's service account gets.
 *
 * `AddonIdentity.podIdentity()` is the default for add-ons that call AWS APIs (EBS/EFS CSI,
 * CloudWatch): no OIDC provider is needed and the role trust names no cluster.
 */
export class AddonIdentity {
  /** A new (or the given) role associated through EKS Pod Identity. */
  public static podIdentity(role?: iam.IRole): AddonIdentity {
    return new AddonIdentity(AddonIdentityMode.POD_IDENTITY, role);
  }

  /**
   * A new (or the given) role for IRSA. A given role must already trust the cluster's OIDC
   * provider for the add-on's service account.
   */
  public static irsa(role?: iam.IRole): AddonIdentity {
    return new AddonIdentity(AddonIdentityMode.IRSA, role);
  }

  /** No role: the add-on runs with the node role's permissions (or needs none). */
  public static none(): AddonIdentity {
    return new AddonIdentity(AddonIdentityMode.NONE, undefined);
  }

  /** How credentials are obtained. */
  public readonly mode: AddonIdentityMode;
  /** The role to use; undefined means a role is created with the add-on's managed policies. */
  public readonly role?: iam.IRole;

  private constructor(mode: AddonIdentityMode, role?: iam.IRole) {
    this.mode = mode;
    this.role = role;
  }
}
