import { Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
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
    new iam.Role(stack, 'Role', { assumedBy: trust.principal });
    template = Template.fromStack(stack);
  });

  test('the role trusts the cluster OIDC provider with web identity, conditions from a CfnJson', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: { Ref: Match.stringLikeRegexp('^ClusterOidcProvider') } },
        Condition: { StringEquals: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TrustConditions'), 'Value'] } },
      }] },
    });
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
  });

  test('both condition keys are the issuer without https:// plus :sub and :aud', () => {
    const value = Object.values(template.findResources('Custom::AWSCDKCfnJson'))[0].Properties.Value;
    const issuer = { 'Fn::Select': [1, { 'Fn::Split': ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^Cluster'), 'OpenIdConnectIssuerUrl'] }] }] };
    expect(value).toEqual({ 'Fn::Join': ['', ['{"', expect.anything(), ':sub":"system:serviceaccount:team-a:app","', expect.anything(), ':aud":"sts.amazonaws.com"}']] });
    Template.fromJSON({ Resources: { X: { Type: 'T', Properties: { V: value['Fn::Join'][1][1] } } } }).hasResourceProperties('T', { V: issuer });
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
    new iam.Role(stack, 'Role', { assumedBy: trust.principal });
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
