import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import { NagRuleCompliance, NagRuleResult, NagRules } from 'cdk-nag';

/** The cluster authenticates through access entries only, not the aws-auth ConfigMap. */
export function ClusterApiAuthenticationMode(node: CfnResource): NagRuleResult {
  if (!(node instanceof CfnCluster)) return NagRuleCompliance.NOT_APPLICABLE;
  const access = Stack.of(node).resolve(node.accessConfig) ?? {};
  const mode = NagRules.resolveIfPrimitive(node, access.authenticationMode);
  return mode === 'API' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
