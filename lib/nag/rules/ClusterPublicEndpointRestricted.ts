import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import { NagRuleCompliance, NagRuleResult, NagRules } from 'cdk-nag';

/** A public API endpoint, if on, is limited to an allow-list that does not include 0.0.0.0/0. */
export function ClusterPublicEndpointRestricted(node: CfnResource): NagRuleResult {
  if (!(node instanceof CfnCluster)) return NagRuleCompliance.NOT_APPLICABLE;
  const vpcConfig = Stack.of(node).resolve(node.resourcesVpcConfig) ?? {};
  // EKS turns the public endpoint on when the property is absent.
  const isPublic = NagRules.resolveIfPrimitive(node, vpcConfig.endpointPublicAccess) ?? true;
  if (isPublic === false) return NagRuleCompliance.COMPLIANT;
  const cidrs: unknown[] = vpcConfig.publicAccessCidrs ?? [];
  if (cidrs.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  return cidrs.some((cidr) => NagRules.resolveIfPrimitive(node, cidr) === '0.0.0.0/0')
    ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}
