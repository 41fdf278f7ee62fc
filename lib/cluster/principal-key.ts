import { createHash } from 'crypto';
import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct, Node } from 'constructs';

/**
 * A stable key for an IAM role or user given in a list (e.g. `admins`), used as the
 * construct id of what is created for it, so that reordering, inserting or removing list
 * members never changes the logical id of the others.
 *
 * Why it matters: an `AWS::EKS::AccessEntry` is identified by (ClusterName, PrincipalArn) and
 * replaced create-then-delete (registry schema `aws-eks-accessentry.json`:
 * `primaryIdentifier`, `replacementStrategy: create_then_delete`), so a logical-id change
 * makes CloudFormation create a second entry for a principal that still has one, which EKS
 * rejects (ResourceInUseException) and the deploy fails.
 *
 * - A literal role or user name (from a literal ARN, `Role.fromRoleArn`, `Role.fromRoleName`):
 *   `role-<name>` / `user-<name>`. Paths are dropped (IAM names are unique per account
 *   whatever the path) and so is the account, so switching between the import helpers keeps
 *   the key.
 * - Otherwise, a principal that is a construct (`new iam.Role(...)`): its construct path within
 *   its stack, `/` written as `.` (a role that moves is a new role anyway, with a new ARN).
 * - Otherwise (an `ArnPrincipal` of a token): a hash of the token's CloudFormation expression.
 */
export function principalKey(scope: IConstruct, principal: iam.IPrincipal, arn: string): string {
  const literal = literalPrincipalName(principal, arn);
  if (literal) return `${literal.kind}-${literal.name}`;
  const node = (principal as unknown as { node?: unknown }).node;
  if (node instanceof Node) {
    const stackPath = Stack.of(principal as unknown as IConstruct).node.path;
    const relative = node.path.startsWith(`${stackPath}/`) ? node.path.slice(stackPath.length + 1) : node.path;
    return relative.replace(/\//g, '.');
  }
  const expression = JSON.stringify(Stack.of(scope).resolve(arn));
  return `arn-${createHash('sha256').update(expression).digest('hex').slice(0, 12)}`;
}

/** The kind and name of a role or user whose name is known at synth time. */
export function literalPrincipalName(principal: iam.IPrincipal, arn: string): { kind: 'role' | 'user'; name: string } | undefined {
  if (!Token.isUnresolved(arn)) {
    const match = /^arn:[^:]+:iam::[^:]*:(role|user)\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (match) return { kind: match[1] as 'role' | 'user', name: match[2] };
  }
  const candidate = principal as unknown as { roleName?: unknown; userName?: unknown };
  if (typeof candidate.roleName === 'string' && !Token.isUnresolved(candidate.roleName)) return { kind: 'role', name: candidate.roleName };
  if (typeof candidate.userName === 'string' && !Token.isUnresolved(candidate.userName)) return { kind: 'user', name: candidate.userName };
  return undefined;
}
