import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cluster, EndpointAccess, HybridNodeCredentials, HybridNodeRole, KubernetesVersion } from '../../lib';
import { remoteNetworkProblems } from '../../lib/cluster/remote-network-config';
import { testApp } from '../validated-synth';

describe('remote networks (pure)', () => {
  test('accepts RFC 1918 blocks outside the VPC and the service CIDR', () => {
    expect(remoteNetworkProblems({ remoteNodeNetworks: ['192.168.0.0/16'], remotePodNetworks: ['172.16.0.0/16'] }, '10.0.0.0/16', '172.20.0.0/16'))
      .toEqual({ errors: [], warnings: [] });
  });

  test.each([
    [{ remoteNodeNetworks: ['8.8.8.0/24'] }, /'8.8.8.0\/24'; EKS needs RFC 1918 blocks/],
    [{ remoteNodeNetworks: ['10.0.0.0/7'] }, /EKS allows blocks from \/8 to \/32/],
    [{ remoteNodeNetworks: ['10.0.1.0/24'] }, /overlaps the VPC CIDR 10.0.0.0\/16/],
    [{ remoteNodeNetworks: ['172.20.5.0/24'] }, /overlaps the Kubernetes service CIDR 172.20.0.0\/16/],
    [{ remoteNodeNetworks: ['10.1.0.0/16', '10.1.128.0/17'] }, /block 10.1.0.0\/16 overlaps 'remoteNodeNetworks' block 10.1.128.0\/17/],
    [{ remoteNodeNetworks: ['not-a-cidr'] }, /'not-a-cidr', which is not an IPv4 CIDR/],
    [{ remoteNodeNetworks: [] }, /remoteNodeNetworks' is empty/],
  ])('refuses %o', (options, message) => {
    expect(remoteNetworkProblems(options, '10.0.0.0/16', '172.20.0.0/16').errors.join()).toMatch(message);
  });

  test('a pod network overlapping a node network is a warning; tokens are not judged', () => {
    expect(remoteNetworkProblems({ remoteNodeNetworks: ['10.1.0.0/16'], remotePodNetworks: ['10.1.2.0/24'] }).warnings).toHaveLength(1);
    const t = Lazy.string({ produce: () => '8.8.8.8/32' });
    expect(remoteNetworkProblems({ remoteNodeNetworks: [t], remotePodNetworks: Token.asList(Lazy.list({ produce: () => ['x'] })) }, t, t))
      .toEqual({ errors: [], warnings: [] });
  });
});

describe('a hybrid-nodes cluster', () => {
  test('sets RemoteNetworkConfig and admits HTTPS from the remote CIDRs on the cluster security group', () => {
    const stack = new Stack(testApp(), 'Test');
    const cluster = new Cluster(stack, 'Cluster', {
      version: KubernetesVersion.V1_35,
      remoteNetwork: { remoteNodeNetworks: ['192.168.100.0/24'], remotePodNetworks: ['192.168.64.0/20'] },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::Cluster', {
      RemoteNetworkConfig: { RemoteNodeNetworks: [{ Cidrs: ['192.168.100.0/24'] }], RemotePodNetworks: [{ Cidrs: ['192.168.64.0/20'] }] },
    });
    for (const cidr of ['192.168.100.0/24', '192.168.64.0/20']) {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        CidrIp: cidr, FromPort: 443, ToPort: 443, IpProtocol: 'tcp',
        GroupId: { 'Fn::GetAtt': [stack.getLogicalId(cluster.resource), 'ClusterSecurityGroupId'] },
      });
    }
  });

  test('is refused with a public-and-private endpoint (hybrid nodes need one or the other)', () => {
    const stack = new Stack(testApp(), 'Test');
    expect(() => new Cluster(stack, 'Cluster', {
      version: KubernetesVersion.V1_35, endpointAccess: EndpointAccess.PUBLIC_AND_PRIVATE,
      remoteNetwork: { remoteNodeNetworks: ['192.168.100.0/24'] },
    })).toThrow(/need a public or a private endpoint, not both.*\[ClusterRemoteNetwork\]/);
  });

  test('warns when node and pod networks overlap', () => {
    const stack = new Stack(testApp(), 'Test');
    new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, remoteNetwork: { remoteNodeNetworks: ['192.168.0.0/16'], remotePodNetworks: ['192.168.1.0/24'] } });
    Annotations.fromStack(stack).hasWarning('/Test/Cluster', Match.stringLikeRegexp('overlaps'));
  });
});

describe('HybridNodeRole', () => {
  test('SSM: trust for this account, the documented permissions and a HYBRID_LINUX entry without policies', () => {
    const stack = new Stack(testApp(), 'Test');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, remoteNetwork: { remoteNodeNetworks: ['192.168.100.0/24'] } });
    const hybrid = new HybridNodeRole(stack, 'Hybrid', { cluster });
    const template = Template.fromStack(stack);
    const roleId = stack.getLogicalId(hybrid.role.node.defaultChild as iam.CfnRole);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{
        Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
      }] },
      ManagedPolicyArns: [Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/AmazonEC2ContainerRegistryPullOnly'])] }),
        Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/AmazonSSMManagedInstanceCore'])] })],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Action: ['eks:DescribeCluster', 'eks:ListAccessEntries'], Resource: { 'Fn::GetAtt': [stack.getLogicalId(cluster.resource), 'Arn'] } }),
        Match.objectLike({ Action: 'ssm:DescribeInstanceInformation', Resource: '*' }),
      ]) },
    });
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      Type: 'HYBRID_LINUX', PrincipalArn: { 'Fn::GetAtt': [roleId, 'Arn'] }, AccessPolicies: Match.absent(),
    });
  });

  test('IAM Roles Anywhere: trust for the trust anchor with the certificate CN as session name', () => {
    const stack = new Stack(testApp(), 'Test');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    const anchor = 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
    new HybridNodeRole(stack, 'Hybrid', { cluster, credentials: HybridNodeCredentials.rolesAnywhere(anchor), podIdentity: true });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'rolesanywhere.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': anchor }, StringEquals: { 'sts:RoleSessionName': '${aws:PrincipalTag/x509Subject/CN}' } } },
        { Action: ['sts:SetSourceIdentity', 'sts:TagSession'], Effect: 'Allow', Principal: { Service: 'rolesanywhere.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': anchor } } },
      ] },
      ManagedPolicyArns: [Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/AmazonEC2ContainerRegistryPullOnly'])] })],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['eks-auth:AssumeRoleForPodIdentity']) })]) },
    });
    expect(() => HybridNodeCredentials.rolesAnywhere('arn:aws:iam::123456789012:role/x')).toThrow(/not an IAM Roles Anywhere trust anchor ARN/);
    expect(() => HybridNodeCredentials.rolesAnywhere(Lazy.string({ produce: () => 'x' }))).not.toThrow();
    void ec2;
  });
});
