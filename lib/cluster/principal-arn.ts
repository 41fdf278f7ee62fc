import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { KitValidationError } from '../errors';

/**
 * The ARN of an IAM role or user given as a principal: an `IRole`, an `IUser` or an
 * `ArnPrincipal`. Anything else (service or account principals) cannot hold an access entry.
 */
export function principalArnOf(scope: IConstruct, prop: string, principal: iam.IPrincipal): string {
  const candidate = principal as unknown as { roleArn?: string; userArn?: string; arn?: string };
  if (typeof candidate.roleArn === 'string') return candidate.roleArn;
  if (typeof candidate.userArn === 'string') return candidate.userArn;
  // The account root (AccountRootPrincipal, or an ARN ending in ':root') is no role or user: EKS rejects it.
  const root = principal instanceof iam.AccountRootPrincipal || (principal instanceof iam.ArnPrincipal && /:root$/.test(principal.arn));
  if (!root && principal instanceof iam.ArnPrincipal && (Token.isUnresolved(principal.arn) || /:iam::\d{12}:(role|user)\//.test(principal.arn))) {
    return principal.arn;
  }
  throw new KitValidationError(scope, 'AccessPrincipal',
    `'${prop}' got ${principal.toString()}; only IAM roles and users (iam.IRole, iam.IUser or an ArnPrincipal of a role/user ARN) can be given cluster access.`);
}
