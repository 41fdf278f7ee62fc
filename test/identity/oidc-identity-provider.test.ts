import { Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Cluster, KubernetesVersion, OidcIdentityProvider } from '../../lib';
import { oidcProviderProblems } from '../../lib/identity/oidc-provider-rules';
import { testApp } from '../validated-synth';

function setup() {
  const stack = new Stack(testApp(), 'Test');
  return { stack, cluster: new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 }) };
}

describe('OidcIdentityProvider', () => {
  test('renders an oidc IdentityProviderConfig with claims and prefixes, after the cluster', () => {
    const { stack, cluster } = setup();
    new OidcIdentityProvider(stack, 'Okta', {
      cluster, issuerUrl: 'https://example.okta.com/oauth2/default', clientId: 'kubernetes',
      usernameClaim: 'email', groupsClaim: 'groups', groupsPrefix: 'oidc:', requiredClaims: { hd: 'example.com' },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::IdentityProviderConfig', {
      ClusterName: { Ref: stack.getLogicalId(cluster.resource) },
      Type: 'oidc',
      IdentityProviderConfigName: 'Okta',
      Oidc: {
        IssuerUrl: 'https://example.okta.com/oauth2/default', ClientId: 'kubernetes', UsernameClaim: 'email',
        GroupsClaim: 'groups', GroupsPrefix: 'oidc:', RequiredClaims: [{ Key: 'hd', Value: 'example.com' }],
      },
    });
  });

  test('several providers are associated one after another', () => {
    const { stack, cluster } = setup();
    const a = new OidcIdentityProvider(stack, 'A', { cluster, issuerUrl: 'https://a.example.com', clientId: 'k' });
    const b = new OidcIdentityProvider(stack, 'B', { cluster, issuerUrl: 'https://b.example.com', clientId: 'k' });
    const deps = Template.fromStack(stack).findResources('AWS::EKS::IdentityProviderConfig')[stack.getLogicalId(b.resource)].DependsOn;
    expect(deps).toContain(stack.getLogicalId(a.resource));
  });

  test('at most 10 per cluster, names unique', () => {
    const { stack, cluster } = setup();
    for (let i = 0; i < 10; i++) new OidcIdentityProvider(stack, `P${i}`, { cluster, issuerUrl: `https://p${i}.example.com`, clientId: 'k' });
    expect(() => new OidcIdentityProvider(stack, 'P10', { cluster, issuerUrl: 'https://x.example.com', clientId: 'k' }))
      .toThrow(/already has 10 OIDC identity providers.*EKS allows 10\. \[OidcIdentityProviderCount\]/);
    const other = setup();
    new OidcIdentityProvider(other.stack, 'A', { cluster: other.cluster, configName: 'corp', issuerUrl: 'https://a.example.com', clientId: 'k' });
    expect(() => new OidcIdentityProvider(other.stack, 'B', { cluster: other.cluster, configName: 'corp', issuerUrl: 'https://b.example.com', clientId: 'k' }))
      .toThrow(/'configName' 'corp' is already used.*\[OidcIdentityProviderDuplicate\]/);
  });

  test.each([
    ['http://example.com', /must be an https:\/\/ URL/],
    ['example.com', /must be an https:\/\/ URL/],
    ['https://example.com/?tenant=1', /no query or fragment/],
    ['https://example.com/.well-known/openid-configuration', /the level below .well-known/],
  ])('refuses issuer %s', (issuerUrl, message) => {
    expect(oidcProviderProblems({ issuerUrl, clientId: 'k' }, 'n').join()).toMatch(message);
  });

  test('refuses system: prefixes and over-long claims; accepts tokens', () => {
    expect(oidcProviderProblems({ issuerUrl: 'https://a.example.com', clientId: 'k', groupsPrefix: 'system:x', requiredClaims: { ['k'.repeat(64)]: 'v' } }, 'n').join('; '))
      .toMatch(/'groupsPrefix' is 'system:x'.*key 'k{64}' must be 1–63 characters/);
    const t = Lazy.string({ produce: () => 'x' });
    expect(oidcProviderProblems({ issuerUrl: t, clientId: t, usernamePrefix: t, groupsPrefix: t, requiredClaims: { a: t } }, t)).toEqual([]);
    const { stack, cluster } = setup();
    expect(() => new OidcIdentityProvider(stack, 'Bad', { cluster, issuerUrl: 'http://x', clientId: 'k' })).toThrow(/Test\/Bad: 'issuerUrl'.*\[OidcIdentityProvider\]/);
  });
});
