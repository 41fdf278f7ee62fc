import { CfnResource } from 'aws-cdk-lib';
import { NagRuleResult } from 'cdk-nag';
import * as rules from './rules';

/**
 * The rules of the `EksKit` pack, for packs of your own. Each is a pure function of one
 * CloudFormation resource that returns cdk-nag's result (`NOT_APPLICABLE` for other resource
 * types). In `applyRule`, pass the rule id with `ruleSuffixOverride`, e.g.
 * `{ rule: EksKitRules.clusterSecretsEncrypted, ruleSuffixOverride: 'ClusterSecretsEncrypted', ... }`.
 */
export class EksKitRules {
  /** Kubernetes Secrets are envelope-encrypted with a KMS key (`ClusterSecretsEncrypted`). */
  public static clusterSecretsEncrypted(node: CfnResource): NagRuleResult {
    return rules.ClusterSecretsEncrypted(node);
  }

  /** The cluster authenticates through access entries only, not aws-auth (`ClusterApiAuthenticationMode`). */
  public static clusterApiAuthenticationMode(node: CfnResource): NagRuleResult {
    return rules.ClusterApiAuthenticationMode(node);
  }

  /** The cluster's creator is not silently made cluster admin (`ClusterNoCreatorAdmin`). */
  public static clusterNoCreatorAdmin(node: CfnResource): NagRuleResult {
    return rules.ClusterNoCreatorAdmin(node);
  }

  /** A public API endpoint is limited to an allow-list without 0.0.0.0/0 (`ClusterPublicEndpointRestricted`). */
  public static clusterPublicEndpointRestricted(node: CfnResource): NagRuleResult {
    return rules.ClusterPublicEndpointRestricted(node);
  }

  /** Managed node groups have no SSH remote access (`NodegroupNoRemoteAccess`). */
  public static nodegroupNoRemoteAccess(node: CfnResource): NagRuleResult {
    return rules.NodegroupNoRemoteAccess(node);
  }

  private constructor() {}
}
