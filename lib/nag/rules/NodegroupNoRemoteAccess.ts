import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnNodegroup } from 'aws-cdk-lib/aws-eks';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';

/** Managed nodes are reached through SSM Session Manager, not SSH remote access. */
export function NodegroupNoRemoteAccess(node: CfnResource): NagRuleResult {
  if (!(node instanceof CfnNodegroup)) return NagRuleCompliance.NOT_APPLICABLE;
  return Stack.of(node).resolve(node.remoteAccess) === undefined
    ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
