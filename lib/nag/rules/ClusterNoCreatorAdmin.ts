import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import { NagRuleCompliance, NagRuleResult, NagRules } from 'cdk-nag';

/**
 * The identity that creates the cluster is not silently made cluster admin
 * (`BootstrapClusterCreatorAdminPermissions` is true when unset).
 */
export function ClusterNoCreatorAdmin(node: CfnResource): NagRuleResult {
  if (!(node instanceof CfnCluster)) return NagRuleCompliance.NOT_APPLICABLE;
  const access = Stack.of(node).resolve(node.accessConfig) ?? {};
  const bootstrap = NagRules.resolveIfPrimitive(node, access.bootstrapClusterCreatorAdminPermissions);
  return bootstrap === false ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
