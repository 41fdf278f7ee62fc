import { Token } from 'aws-cdk-lib';

/**
 * Fargate selector rules (pure; not part of the public API).
 *
 * Besides the characters Kubernetes allows, EKS accepts the wildcards `*` (none, one or more
 * characters) and `?` (exactly one character) in selector namespaces, label keys and label
 * values, in any position; no other pattern syntax.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html#fargate-profile-wildcards
 */

/** Whether a selector namespace pattern matches a namespace. */
export function namespacePatternMatches(pattern: string, namespace: string): boolean {
  const source = pattern.split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(namespace);
}

/**
 * The string with each wildcard replaced by one letter, so that the Kubernetes name rules can
 * check the rest (`prod-*` → `prod-x`, `*dev` → `xdev`). Tokens are returned unchanged.
 */
export function withoutWildcards(s: string): string {
  return Token.isUnresolved(s) ? s : s.replace(/[*?]/g, 'x');
}
