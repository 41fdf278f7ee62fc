import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM4 finding for the AWS managed policies that AWS
 * itself requires on a role (for example `AmazonEKSClusterPolicy` on the cluster role).
 * Only the named policies are acknowledged; any other managed policy still reports.
 */
export function acknowledgeRequiredManagedPolicies(role: IConstruct, policyNames: string[], reason: string): void {
  Validations.of(role).acknowledge(...policyNames.map((name) => ({
    id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
    reason,
  })));
}
