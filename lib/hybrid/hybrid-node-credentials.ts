import { Token } from 'aws-cdk-lib';

/** How on-premises hybrid nodes get temporary IAM credentials. */
export enum HybridCredentialSource {
  /** AWS Systems Manager hybrid activations. */
  SSM = 'SSM',
  /** IAM Roles Anywhere with X.509 certificates from your PKI. */
  ROLES_ANYWHERE = 'ROLES_ANYWHERE',
}

/**
 * The credential provider of EKS Hybrid Nodes: use one, not both. SSM hybrid activations need
 * no PKI; IAM Roles Anywhere suits sites that already issue certificates.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-creds.html
 */
export class HybridNodeCredentials {
  /** SSM hybrid activations: the role trusts `ssm.amazonaws.com` for this account. */
  public static ssm(): HybridNodeCredentials {
    return new HybridNodeCredentials(HybridCredentialSource.SSM);
  }

  /**
   * IAM Roles Anywhere: the role trusts `rolesanywhere.amazonaws.com` for sessions from this
   * trust anchor whose session name is the certificate's common name (the node name nodeadm uses).
   *
   * @param trustAnchorArn the Roles Anywhere trust anchor (`arn:<partition>:rolesanywhere:<region>:<account>:trust-anchor/<id>`)
   */
  public static rolesAnywhere(trustAnchorArn: string): HybridNodeCredentials {
    if (!Token.isUnresolved(trustAnchorArn) && !/^arn:[a-z-]+:rolesanywhere:[a-z0-9-]+:\d{12}:trust-anchor\/[0-9a-f-]+$/.test(trustAnchorArn)) {
      throw new Error(`HybridNodeCredentials.rolesAnywhere: '${trustAnchorArn}' is not an IAM Roles Anywhere trust anchor ARN `
        + '(arn:<partition>:rolesanywhere:<region>:<account>:trust-anchor/<id>).');
    }
    return new HybridNodeCredentials(HybridCredentialSource.ROLES_ANYWHERE, trustAnchorArn);
  }

  /** The credential source. */
  public readonly source: HybridCredentialSource;
  /** The trust anchor ARN (Roles Anywhere only). */
  public readonly trustAnchorArn?: string;

  private constructor(source: HybridCredentialSource, trustAnchorArn?: string) {
    this.source = source;
    this.trustAnchorArn = trustAnchorArn;
  }
}
