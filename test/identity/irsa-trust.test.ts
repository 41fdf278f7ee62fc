import { Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cluster, IrsaTrust, KubernetesVersion } from '../../lib';
import { testApp } from '../validated-synth';

describe('IrsaTrust on a cluster of this app (issuer known at deploy time)', () => {
  let template: Template;
  beforeAll(() => {
    // GIVEN a cluster and a role trusted for one service account
    const stack = new Stack(testApp(), 'Stack');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    const trust = new IrsaTrust(stack, 'Trust', { cluster, namespace: 'team-a', serviceAccountName: 'app' });
    trust.createRole('Role');
    template = Template.fromStack(stack);
  });

  test('no custom resource (CfnJson) and no Lambda function is needed', () => {
    template.resourceCountIs('Custom::AWSCDKCfnJson', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
  });

  test('the trust policy, rendered as a JSON string, allows web identity for team-a/app and the STS audience only', () => {
    const role = Object.values(template.findResources('AWS::IAM::Role')).find((r) => r.Properties.AssumeRolePolicyDocument['Fn::Join'])!;
    const [separator, parts] = role.Properties.AssumeRolePolicyDocument['Fn::Join'];
    expect(separator).toBe('');
    // Render the tokens as placeholders and parse the JSON the way IAM will.
    const issuer = { 'Fn::Select': [1, { 'Fn::Split': ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^Cluster/), 'OpenIdConnectIssuerUrl'] }] }] };
    const text = parts.map((p: unknown) => (typeof p === 'string' ? p : JSON.stringify(p).includes('OpenIdConnectIssuerUrl') ? 'ISSUER' : 'PROVIDER_ARN')).join('');
    expect(JSON.parse(text)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: 'PROVIDER_ARN' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'ISSUER:sub': 'system:serviceaccount:team-a:app', 'ISSUER:aud': 'sts.amazonaws.com' } },
      }],
    });
    expect(parts.filter((p: unknown) => typeof p !== 'string')).toEqual([
      { Ref: expect.stringMatching(/^ClusterOidcProvider/) }, issuer, issuer,
    ]);
  });
});

describe('IrsaTrust on an imported cluster with a literal issuer', () => {
  test('plain StringEquals keys that include the /id/ path, no custom resource', () => {
    const stack = new Stack(testApp(), 'Stack');
    const cluster = Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: 'c',
      openIdConnectProvider: iam.OidcProviderNative.fromOidcProviderArn(stack, 'Oidc', 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/XYZ'),
      clusterOpenIdConnectIssuerUrl: 'https://oidc.eks.us-east-1.amazonaws.com/id/XYZ',
    });
    const trust = new IrsaTrust(stack, 'Trust', { cluster, namespace: 'kube-system', serviceAccountName: 'sa' });
    expect(trust.issuer).toBe('oidc.eks.us-east-1.amazonaws.com/id/XYZ');
    trust.createRole('Role');
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::AWSCDKCfnJson', 0);
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [{
      Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/XYZ' },
      Condition: { StringEquals: {
        'oidc.eks.us-east-1.amazonaws.com/id/XYZ:sub': 'system:serviceaccount:kube-system:sa',
        'oidc.eks.us-east-1.amazonaws.com/id/XYZ:aud': 'sts.amazonaws.com',
      } },
    }] } });
  });

  test('an imported cluster without an OIDC provider fails with the attribute named', () => {
    const stack = new Stack(testApp(), 'Stack');
    const cluster = Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'c', clusterOpenIdConnectIssuerUrl: 'https://oidc.example/id/1' });
    expect(() => new IrsaTrust(stack, 'Trust', { cluster, namespace: 'ns', serviceAccountName: 'sa' }))
      .toThrow(/was not given 'openIdConnectProvider'/);
  });

  test('invalid namespace or service account names fail; tokens pass', () => {
    const stack = new Stack(testApp(), 'Stack');
    const cluster = Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: 'c', openIdConnectProvider: iam.OidcProviderNative.fromOidcProviderArn(stack, 'Oidc', 'arn:aws:iam::1:oidc-provider/o/id/1'),
    });
    expect(() => new IrsaTrust(stack, 'A', { cluster, namespace: 'Team_A', serviceAccountName: 'sa' }))
      .toThrow(/'namespace' is "Team_A"; a namespace name is 1–63 lowercase letters/);
    expect(() => new IrsaTrust(stack, 'B', { cluster, namespace: 'ns', serviceAccountName: '-sa' }))
      .toThrow(/'serviceAccountName' is "-sa"/);
    expect(() => new IrsaTrust(stack, 'C', { cluster, namespace: Lazy.string({ produce: () => 'X' }), serviceAccountName: Lazy.string({ produce: () => '-' }) }))
      .not.toThrow();
  });
});
