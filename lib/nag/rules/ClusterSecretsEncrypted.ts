import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';

/** Kubernetes Secrets are envelope-encrypted with a KMS key the account controls. */
export function ClusterSecretsEncrypted(node: CfnResource): NagRuleResult {
  if (!(node instanceof CfnCluster)) return NagRuleCompliance.NOT_APPLICABLE;
  const configs: Array<{ provider?: { keyArn?: unknown } }> = Stack.of(node).resolve(node.encryptionConfig) ?? [];
  return configs.some((c) => c.provider?.keyArn !== undefined)
    ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
