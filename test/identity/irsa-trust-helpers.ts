/**
 * Parses an IRSA trust policy rendered as a JSON string (Fn::Join) the way IAM will read it,
 * with the deploy-time values replaced by placeholders: ISSUER for the OIDC issuer host,
 * PROVIDER_ARN for the OIDC provider ARN.
 */
export function renderedIrsaTrust(role: { [key: string]: any }): any {
  const [, parts] = role.Properties.AssumeRolePolicyDocument['Fn::Join'];
  const text = parts.map((part: unknown) => {
    if (typeof part === 'string') return part;
    return JSON.stringify(part).includes('OpenIdConnectIssuerUrl') ? 'ISSUER' : 'PROVIDER_ARN';
  }).join('');
  return JSON.parse(text);
}

/** The IRSA trust policy that lets only `<namespace>:<name>` assume the role. */
export function expectedIrsaTrust(namespace: string, name: string): any {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: 'PROVIDER_ARN' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'ISSUER:sub': `system:serviceaccount:${namespace}:${name}`, 'ISSUER:aud': 'sts.amazonaws.com' } },
    }],
  };
}
