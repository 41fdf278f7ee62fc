import { Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  AccessPolicy, AuthenticationMode, Cluster, ClusterLoggingType, EndpointAccess, IpFamily,
  KitValidationError, KubernetesVersion, SupportType,
} from '../../lib';
import { testApp } from '../validated-synth';

function newStack(context: Record<string, unknown> = {}): Stack {
  return new Stack(testApp({ context }), 'Test');
}

describe('a cluster with defaults', () => {
  // GIVEN a cluster with only a version, synthesized once for all assertions below
  let stack: Stack;
  let cluster: Cluster;
  let template: Template;
  beforeAll(() => {
    stack = newStack();
    cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    template = Template.fromStack(stack);
  });

  test('has a private endpoint, API auth mode and no implicit admin', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Version: '1.35',
      ResourcesVpcConfig: { EndpointPublicAccess: false, EndpointPrivateAccess: true },
      AccessConfig: { AuthenticationMode: 'API', BootstrapClusterCreatorAdminPermissions: false },
      KubernetesNetworkConfig: { IpFamily: 'ipv4', ServiceIpv4Cidr: '172.20.0.0/16' },
    });
    template.resourceCountIs('AWS::EKS::AccessEntry', 0);
  });

  test('encrypts Secrets with a new rotating KMS key the cluster role may use', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::EKS::Cluster', {
      EncryptionConfig: [{ Provider: { KeyArn: { 'Fn::GetAtt': [stack.getLogicalId(cluster.secretsEncryptionKey.node.defaultChild as kms.CfnKey), 'Arn'] } }, Resources: ['secrets'] }],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({
        Action: ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt'],
      })] },
      Roles: [{ Ref: stack.getLogicalId(cluster.role.node.defaultChild as iam.CfnRole) }],
    });
  });

  test('sends all five log types to a log group with retention, created before the cluster', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Logging: { ClusterLogging: { EnabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].map((type) => ({ Type: type })) } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^/aws/eks/Test-Cluster-[0-9A-F]{8}/cluster$'),
      RetentionInDays: 90,
    });
    template.hasResource('AWS::EKS::Cluster', {
      DependsOn: Match.arrayWith([stack.getLogicalId(cluster.logGroup.node.defaultChild as logs.CfnLogGroup)]),
      DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain',
    });
  });

  test('the cluster role trusts eks.amazonaws.com and has only AmazonEKSClusterPolicy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{
        Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole',
      }] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonEKSClusterPolicy']] }],
    });
  });

  test('creates a VPC whose subnets carry the load-balancer discovery tags, control plane in private subnets', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::EC2::Subnet', {
      MapPublicIpOnLaunch: true, Tags: Match.arrayWith([{ Key: 'kubernetes.io/role/elb', Value: '1' }]),
    });
    template.hasResourceProperties('AWS::EC2::Subnet', {
      MapPublicIpOnLaunch: false, Tags: Match.arrayWith([{ Key: 'kubernetes.io/role/internal-elb', Value: '1' }]),
    });
    const privateSubnetIds = (cluster.vpc.privateSubnets).map((s) => stack.resolve(s.subnetId));
    template.hasResourceProperties('AWS::EKS::Cluster', { ResourcesVpcConfig: { SubnetIds: privateSubnetIds } });
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  test('outputs the cluster name and the update-kubeconfig command', () => {
    template.hasOutput('*', { Value: { Ref: stack.getLogicalId(cluster.resource) } });
    template.hasOutput('*', { Value: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^aws eks update-kubeconfig --name ')])] } });
  });

  test('creates no OIDC provider until asked', () => {
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
  });

  test('exposes the EKS-created security group, endpoint, CA data, issuer and ARN', () => {
    const logicalId = stack.getLogicalId(cluster.resource);
    expect(stack.resolve(cluster.clusterSecurityGroupId)).toEqual({ 'Fn::GetAtt': [logicalId, 'ClusterSecurityGroupId'] });
    expect(stack.resolve(cluster.clusterEndpoint)).toEqual({ 'Fn::GetAtt': [logicalId, 'Endpoint'] });
    expect(stack.resolve(cluster.clusterCertificateAuthorityData)).toEqual({ 'Fn::GetAtt': [logicalId, 'CertificateAuthorityData'] });
    expect(stack.resolve(cluster.clusterOpenIdConnectIssuerUrl)).toEqual({ 'Fn::GetAtt': [logicalId, 'OpenIdConnectIssuerUrl'] });
    expect(stack.resolve(cluster.clusterArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'Arn'] });
    expect(stack.resolve(cluster.connections.securityGroups[0].securityGroupId)).toEqual({ 'Fn::GetAtt': [logicalId, 'ClusterSecurityGroupId'] });
  });
});

describe('a cluster with every option set', () => {
  let stack: Stack;
  let template: Template;
  beforeAll(() => {
    stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/16') });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const sg = new ec2.SecurityGroup(stack, 'Extra', { vpc });
    const admin = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    const user = new iam.User(stack, 'Ops');
    const cluster = new Cluster(stack, 'Cluster', {
      version: KubernetesVersion.V1_34,
      clusterName: 'prod-cluster_1',
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      endpointAccess: EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom('203.0.113.0/24'),
      clusterLogging: [ClusterLoggingType.AUDIT],
      logRetention: logs.RetentionDays.ONE_YEAR,
      secretsEncryptionKey: key,
      authenticationMode: AuthenticationMode.API_AND_CONFIG_MAP,
      admins: [admin, user],
      upgradePolicy: SupportType.STANDARD,
      deletionProtection: true,
      serviceIpv4Cidr: '192.168.0.0/16',
      removalPolicy: RemovalPolicy.DESTROY,
      securityGroups: [sg],
      tags: { team: 'platform' },
      outputConfigCommand: false,
    });
    cluster.grantAccess('Viewer', new iam.ArnPrincipal('arn:aws:iam::123456789012:role/viewer'), [AccessPolicy.view(['apps', 'team-*'])]);
    template = Template.fromStack(stack);
  });

  test('passes every option to AWS::EKS::Cluster', () => {
    template.hasResource('AWS::EKS::Cluster', {
      DeletionPolicy: 'Delete',
      Properties: {
        Name: 'prod-cluster_1',
        Version: '1.34',
        ResourcesVpcConfig: {
          EndpointPublicAccess: true, EndpointPrivateAccess: true, PublicAccessCidrs: ['203.0.113.0/24'],
          SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Extra'), 'GroupId'] }],
        },
        Logging: { ClusterLogging: { EnabledTypes: [{ Type: 'audit' }] } },
        AccessConfig: { AuthenticationMode: 'API_AND_CONFIG_MAP' },
        UpgradePolicy: { SupportType: 'STANDARD' },
        DeletionProtection: true,
        KubernetesNetworkConfig: { IpFamily: 'ipv4', ServiceIpv4Cidr: '192.168.0.0/16' },
        Tags: [{ Key: 'team', Value: 'platform' }],
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/eks/prod-cluster_1/cluster', RetentionInDays: 365 });
    template.resourceCountIs('AWS::KMS::Key', 1);
    expect(Object.keys(template.findOutputs('*'))).toHaveLength(0);
  });

  test('admins (roles and users) get cluster-admin access entries', () => {
    for (const principal of [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Admin'), 'Arn'] }, { 'Fn::GetAtt': [Match.stringLikeRegexp('^Ops'), 'Arn'] }]) {
      template.hasResourceProperties('AWS::EKS::AccessEntry', {
        // a Ref, so CloudFormation creates the entry after the cluster
        ClusterName: { Ref: Match.stringLikeRegexp('^Cluster') },
        PrincipalArn: principal,
        Type: 'STANDARD',
        AccessPolicies: [{ PolicyArn: Match.anyValue(), AccessScope: { Type: 'cluster' } }],
      });
    }
  });

  test('grantAccess creates a namespace-scoped access entry', () => {
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: 'arn:aws:iam::123456789012:role/viewer',
      AccessPolicies: [{
        PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSViewPolicy']] },
        AccessScope: { Type: 'namespace', Namespaces: ['apps', 'team-*'] },
      }],
    });
  });
});

test('the OIDC provider is created once, on first use, for sts.amazonaws.com', () => {
  const stack = newStack();
  const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
  expect(cluster.openIdConnectProvider).toBe(cluster.openIdConnectProvider);
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::OIDCProvider', {
    Url: { 'Fn::GetAtt': [stack.getLogicalId(cluster.resource), 'OpenIdConnectIssuerUrl'] },
    ClientIdList: ['sts.amazonaws.com'],
  });
});

describe('support calendar', () => {
  test('a version in extended support warns about the cost', () => {
    const stack = newStack({ 'cdk-eks-kit:supportCalendarDate': '2026-11-25' });
    new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_32 });
    Annotations.fromStack(stack).hasWarning('/Test/Cluster', Match.stringLikeRegexp('1.32 left EKS standard support on 2026-03-23'));
  });

  test('a version past extended support is an error unless acknowledged', () => {
    expect(() => new Cluster(newStack(), 'Cluster', { version: KubernetesVersion.V1_29 }))
      .toThrow(/Test\/Cluster: 'version' is 1.29, whose EKS extended support ended on 2026-03-23.*allowEndOfSupportVersion/);
    const stack = newStack();
    new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_29, allowEndOfSupportVersion: true });
    Annotations.fromStack(stack).hasWarning('/Test/Cluster', Match.stringLikeRegexp('past the end of EKS extended support'));
  });

  test('the date is injectable: 1.35 is fine today and past support in 2028', () => {
    expect(() => new Cluster(newStack({ 'cdk-eks-kit:supportCalendarDate': '2028-04-01' }), 'Cluster', { version: KubernetesVersion.V1_35 }))
      .toThrow(/extended support ended on 2028-03-27/);
    const stack = newStack();
    new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    Annotations.fromStack(stack).hasNoWarning('/Test/Cluster', Match.anyValue());
  });

  test('standard support ending within 90 days warns', () => {
    const stack = newStack({ 'cdk-eks-kit:supportCalendarDate': '2026-11-25' });
    new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_34 });
    Annotations.fromStack(stack).hasWarning('/Test/Cluster', Match.stringLikeRegexp('1.34 leaves EKS standard support on 2026-12-02 \\(in 7 day'));
  });

  test('a version newer than the calendar warns', () => {
    const stack = newStack();
    new Cluster(stack, 'Cluster', { version: KubernetesVersion.of('1.38') });
    Annotations.fromStack(stack).hasWarning('/Test/Cluster', Match.stringLikeRegexp('not in this library'));
  });
});

describe('synth-time errors', () => {
  test.each([
    ['-starts-with-dash', /'clusterName' is '-starts-with-dash'; EKS allows letters, digits/],
    ['has space', /'clusterName' is 'has space'/],
    ['x'.repeat(101), /\(101 characters\); EKS allows 1–100 characters/],
  ])('cluster name %s is rejected', (clusterName, message) => {
    expect(() => new Cluster(newStack(), 'Cluster', { version: KubernetesVersion.V1_35, clusterName })).toThrow(message);
  });

  test('a token cluster name is not validated', () => {
    const stack = newStack();
    expect(() => new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, clusterName: Lazy.string({ produce: () => '-whatever' }) })).not.toThrow();
  });

  test('errors are KitValidationErrors naming the construct', () => {
    try {
      new Cluster(newStack(), 'Cluster', { version: KubernetesVersion.V1_35, clusterName: 'a b' });
      fail('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(KitValidationError);
      expect((e as KitValidationError).code).toBe('ClusterName');
      expect((e as KitValidationError).constructPath).toBe('Test/Cluster');
    }
  });

  test('subnets in one AZ are rejected', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(() => new Cluster(stack, 'Cluster', {
      version: KubernetesVersion.V1_35, vpc, vpcSubnets: { subnets: [vpc.privateSubnets[0]] },
    })).toThrow(/'vpcSubnets' selects 1 subnet\(s\) in 1 availability zone\(s\); EKS needs subnets in at least 2 AZs/);
  });

  test('a VPC without private subnets needs explicit vpcSubnets', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, vpc })).toThrow(/'vpc' has no private subnets/);
  });

  test.each([
    ['300.0.0.0/8', /'300.0.0.0\/8' is not an IPv4 CIDR block/],
    ['10.0.0.0', /'10.0.0.0' is not an IPv4 CIDR block/],
  ])('public endpoint CIDR %s is rejected', (cidr, message) => {
    expect(() => new Cluster(newStack(), 'Cluster', {
      version: KubernetesVersion.V1_35, endpointAccess: EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(cidr),
    })).toThrow(message);
  });

  test('a token public endpoint CIDR is not validated', () => {
    expect(() => new Cluster(newStack(), 'Cluster', {
      version: KubernetesVersion.V1_35, endpointAccess: EndpointAccess.PUBLIC.onlyFrom(Lazy.string({ produce: () => 'x' })),
    })).not.toThrow();
  });

  test('public CIDRs on a private endpoint are rejected', () => {
    expect(() => new Cluster(newStack(), 'Cluster', {
      version: KubernetesVersion.V1_35, endpointAccess: EndpointAccess.PRIVATE.onlyFrom('203.0.113.0/24'),
    })).toThrow(/'endpointAccess' is PRIVATE but lists public CIDRs/);
  });

  test.each([
    ['172.16.0.0/8', /prefix between \/12 and \/24/],
    ['100.64.0.0/16', /within 10.0.0.0\/8, 172.16.0.0\/12 or 192.168.0.0\/16/],
    ['10.0.0.0/16', /overlaps the VPC CIDR 10.0.0.0\/16/],
    ['banana', /'serviceIpv4Cidr' is 'banana'/],
  ])('service CIDR %s is rejected', (serviceIpv4Cidr, message) => {
    expect(() => new Cluster(newStack(), 'Cluster', { version: KubernetesVersion.V1_35, serviceIpv4Cidr })).toThrow(message);
  });

  test('IPv6 needs a VPC of the user', () => {
    expect(() => new Cluster(newStack(), 'Cluster', { version: KubernetesVersion.V1_35, ipFamily: IpFamily.IP_V6 }))
      .toThrow(/'ipFamily' is IP_V6 but no 'vpc' was given/);
    // The check used to read the field before it was assigned, so serviceIpv4Cidr was silently dropped.
    const v6Stack = newStack();
    const v6Vpc = ec2.Vpc.fromVpcAttributes(v6Stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['a', 'b'], privateSubnetIds: ['s-1', 's-2'] });
    expect(() => new Cluster(v6Stack, 'Cluster', { version: KubernetesVersion.V1_35, ipFamily: IpFamily.IP_V6, vpc: v6Vpc, serviceIpv4Cidr: '172.20.0.0/16' }))
      .toThrow(/'serviceIpv4Cidr' applies to IP_V4 clusters only.*\[ClusterServiceCidr\]/);
  });

  test('more than five control-plane security groups', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const groups = [1, 2, 3, 4, 5, 6].map((i) => new ec2.SecurityGroup(stack, `Sg${i}`, { vpc }));
    expect(() => new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, vpc, securityGroups: groups }))
      .toThrow(/'securityGroups' lists 6 security groups; EKS allows at most 5/);
    expect(() => new Cluster(stack, 'Five', { version: KubernetesVersion.V1_35, vpc, securityGroups: groups.slice(0, 5) })).not.toThrow();
  });

  test('a service principal cannot be an admin', () => {
    expect(() => new Cluster(newStack(), 'Cluster', {
      version: KubernetesVersion.V1_35, admins: [new iam.ServicePrincipal('ec2.amazonaws.com')],
    })).toThrow(/'admins\[0\]' got .*only IAM roles and users/);
  });
});

describe('KubernetesVersion', () => {
  test('of() accepts 1.x and rejects anything else', () => {
    expect(KubernetesVersion.of('1.36').minor).toBe(36);
    // Invalid versions are rejected by the construct that receives them, with its path and prop.
    expect(KubernetesVersion.of('1.3x')._problem).toMatch(/'1.3x' is not a Kubernetes minor version; use the form '1.<minor>'/);
    expect(() => new Cluster(new Stack(testApp(), 'V'), 'C', { version: KubernetesVersion.of('2.0') }))
      .toThrow(/^V\/C: 'version' is a KubernetesVersion; expected a valid version, but KubernetesVersion.of\(\): '2.0' is not a Kubernetes minor version.* \[PropType\]$/);
    expect(KubernetesVersion.of(Lazy.string({ produce: () => '1.30' }))._problem).toMatch(/must be a literal/);
  });

  test('compares versions', () => {
    expect(KubernetesVersion.V1_33.isAtLeast(KubernetesVersion.V1_33)).toBe(true);
    expect(KubernetesVersion.V1_32.isAtLeast(KubernetesVersion.V1_33)).toBe(false);
  });
});
