import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AccessPolicy, Cluster, IpFamily, KubernetesVersion } from '../../lib';
import { testApp } from '../validated-synth';

describe('Cluster.fromClusterAttributes', () => {
  test('needs only the name to grant access', () => {
    // GIVEN an imported cluster known by name only
    const stack = new Stack(testApp(), 'Test');
    const cluster = Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'existing' });
    // WHEN
    cluster.grantAccess('Ops', iam.Role.fromRoleArn(stack, 'Ops', 'arn:aws:iam::123456789012:role/ops'), [AccessPolicy.edit(['ops'])]);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: 'existing',
      PrincipalArn: 'arn:aws:iam::123456789012:role/ops',
      AccessPolicies: [{ AccessScope: { Type: 'namespace', Namespaces: ['ops'] } }],
    });
    expect(stack.resolve(cluster.clusterArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':cluster/existing']],
    });
    expect(cluster.ipFamily).toBe(IpFamily.IP_V4);
  });

  test('returns the attributes it was given', () => {
    const stack = new Stack(testApp(), 'Test');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['a', 'b'] });
    const oidc = iam.OidcProviderNative.fromOidcProviderArn(stack, 'Oidc',
      'arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC');
    const cluster = Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: 'existing', clusterEndpoint: 'https://x.eks.amazonaws.com', clusterCertificateAuthorityData: 'Q0E=',
      clusterSecurityGroupId: 'sg-123', vpc, openIdConnectProvider: oidc, version: KubernetesVersion.V1_35,
    });
    expect(cluster.clusterEndpoint).toBe('https://x.eks.amazonaws.com');
    expect(cluster.clusterCertificateAuthorityData).toBe('Q0E=');
    expect(cluster.clusterSecurityGroup.securityGroupId).toBe('sg-123');
    expect(cluster.connections.securityGroups).toHaveLength(1);
    expect(cluster.vpc).toBe(vpc);
    expect(cluster.openIdConnectProvider).toBe(oidc);
    expect(cluster.clusterOpenIdConnectIssuerUrl).toBe('https://oidc.eks.eu-west-1.amazonaws.com/id/ABC');
    expect(cluster.version).toBe(KubernetesVersion.V1_35);
  });

  test('a missing attribute is a clear error when something needs it', () => {
    const stack = new Stack(testApp(), 'Test');
    const cluster = Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'existing' });
    expect(() => cluster.clusterEndpoint).toThrow(/Test\/Imported: this imported cluster was not given 'clusterEndpoint'.*fromClusterAttributes/);
    expect(() => cluster.vpc).toThrow(/not given 'vpc'/);
    expect(() => cluster.openIdConnectProvider).toThrow(/not given 'openIdConnectProvider'/);
  });
});
