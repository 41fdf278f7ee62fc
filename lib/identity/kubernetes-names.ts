import { Token } from 'aws-cdk-lib';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A problem with a Kubernetes namespace name (an RFC 1123 label, at most 63 characters),
 * or undefined when it is valid or a token.
 */
export function namespaceNameProblem(prop: string, name: string): string | undefined {
  if (Token.isUnresolved(name)) return undefined;
  if (name.length > 63 || !DNS_LABEL.test(name)) {
    return `'${prop}' is "${name}"; a namespace name is 1–63 lowercase letters, digits or '-', starting and ending with a letter or digit`;
  }
  return undefined;
}

/**
 * A problem with a Kubernetes object name (an RFC 1123 subdomain, at most 253 characters),
 * or undefined when it is valid or a token.
 */
export function objectNameProblem(prop: string, name: string): string | undefined {
  if (Token.isUnresolved(name)) return undefined;
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return `'${prop}' is "${name}"; a Kubernetes object name is 1–253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}
