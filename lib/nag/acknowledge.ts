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

/**
 * A resolved resource value as cdk-nag writes it in a finding ID (`<Logical.Arn>`,
 * `arn:<AWS::Partition>:...`), for acknowledging one AwsSolutions-IAM5 finding exactly.
 */
export function nagResourceText(value: any): string {
  if (typeof value === 'string') return value;
  if (value?.Ref) return `<${value.Ref}>`;
  if (value?.['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
  if (value?.['Fn::Join']) return value['Fn::Join'][1].map(nagResourceText).join(value['Fn::Join'][0]);
  return JSON.stringify(value);
}
