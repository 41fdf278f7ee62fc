import { Token } from 'aws-cdk-lib';
import type { OidcIdentityProviderOptions } from './oidc-identity-provider';

/**
 * Rules of an OIDC identity provider configuration (not part of the public API), from the EKS
 * API reference (API_OidcIdentityProviderConfigRequest / API_OidcIdentityProviderConfig):
 * the issuer URL begins with https://, path components are allowed but no query; prefixes must
 * not contain `system:`; required-claim keys are 1–63 and values 1–253 characters.
 */
/** Problems of the options (empty when valid); tokens are never judged. */
export function oidcProviderProblems(o: OidcIdentityProviderOptions, configName: string): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(o.issuerUrl)) {
    let url: URL | undefined;
    try {
      url = new URL(o.issuerUrl);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || !url.hostname) {
      problems.push(`'issuerUrl' is '${o.issuerUrl}'; it must be an https:// URL (the token's 'iss' claim)`);
    } else if (url.search || url.hash || o.issuerUrl.includes('?') || o.issuerUrl.includes('#')) {
      problems.push(`'issuerUrl' is '${o.issuerUrl}'; an OIDC issuer URL has no query or fragment`);
    } else if (/\/\.well-known\//.test(url.pathname)) {
      problems.push(`'issuerUrl' is '${o.issuerUrl}'; give the issuer, the level below .well-known/openid-configuration`);
    }
  }
  if (!Token.isUnresolved(o.clientId) && o.clientId.trim() === '') problems.push("'clientId' is empty");
  if (!Token.isUnresolved(configName) && configName.trim() === '') problems.push("'configName' is empty");
  for (const prop of ['usernamePrefix', 'groupsPrefix'] as const) {
    const value = o[prop];
    if (value !== undefined && !Token.isUnresolved(value) && value.includes('system:')) {
      problems.push(`'${prop}' is '${value}'; EKS refuses prefixes containing 'system:'`);
    }
  }
  if (o.requiredClaims && !Token.isUnresolved(o.requiredClaims)) {
    for (const [key, value] of Object.entries(o.requiredClaims)) {
      if (!Token.isUnresolved(key) && (key.length < 1 || key.length > 63)) problems.push(`'requiredClaims' key '${key}' must be 1–63 characters`);
      if (!Token.isUnresolved(value) && (value.length < 1 || value.length > 253)) problems.push(`'requiredClaims.${key}' must be 1–253 characters`);
    }
  }
  return problems;
}
