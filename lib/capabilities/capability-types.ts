import type * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The kind of an EKS Capability (`AWS::EKS::Capability.Type`).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/capabilities.html
 */
export enum CapabilityType {
  /** Managed Argo CD (GitOps continuous deployment). */
  ARGOCD = 'ARGOCD',
  /** AWS Controllers for Kubernetes (AWS resources as Kubernetes objects). */
  ACK = 'ACK',
  /** Kube Resource Orchestrator (custom APIs composed of other resources). */
  KRO = 'KRO',
}

/** Options every EKS Capability construct takes. */
export interface CapabilityOptions {
  /**
   * The capability's name in the cluster (1–100 characters: letters, digits, '-' and '_').
   * Changing it replaces the capability.
   * @default - the type in lowercase: `argocd`, `ack` or `kro`
   */
  readonly capabilityName?: string;
  /**
   * The capability role. It must be in the cluster's account and trust
   * `capabilities.eks.amazonaws.com` for `sts:AssumeRole` and `sts:TagSession`.
   * @default - a new role with that trust and no permissions; grant them on `role`
   */
  readonly role?: iam.IRole;
}

/**
 * A built-in Argo CD role of the managed Argo CD capability.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/argocd-permissions.html
 */
export enum ArgoCdRole {
  /** Everything, including Argo CD settings, clusters and repositories. */
  ADMIN = 'ADMIN',
  /** Create and change applications; no Argo CD settings. */
  EDITOR = 'EDITOR',
  /** Read-only. */
  VIEWER = 'VIEWER',
}

/** The kind of an IAM Identity Center identity. */
export enum SsoIdentityType {
  /** An Identity Center user. */
  SSO_USER = 'SSO_USER',
  /** An Identity Center group. */
  SSO_GROUP = 'SSO_GROUP',
}

/** An IAM Identity Center user or group. */
export interface SsoIdentity {
  /** The user or group ID in the Identity Center identity store. */
  readonly id: string;
  /** User or group. */
  readonly type: SsoIdentityType;
}

/** Identity Center users and groups that get an Argo CD role. */
export interface ArgoCdRoleMapping {
  /** The Argo CD role. */
  readonly role: ArgoCdRole;
  /** The users and groups (at least one). */
  readonly identities: SsoIdentity[];
}

/** The IAM Identity Center instance that Argo CD signs users in with. */
export interface IdentityCenterConfig {
  /** The instance ARN, `arn:<partition>:sso:::instance/ssoins-…`. Changing it replaces the capability. */
  readonly instanceArn: string;
  /**
   * The Region of the instance. Changing it replaces the capability.
   * @default - the cluster's Region
   */
  readonly region?: string;
}
