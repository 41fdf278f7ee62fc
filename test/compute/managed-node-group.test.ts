import { Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  CapacityType, Cluster, IpFamily, KubernetesVersion, ManagedNodeGroup, NodeGroupAmiType, NodeGroupOptions, TaintEffect,
} from '../../lib';
import { testApp } from '../validated-synth';

const it = (name: string) => new ec2.InstanceType(name);

function fixture(version = KubernetesVersion.V1_35) {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version, outputConfigCommand: false });
  return { stack, cluster };
}

function addGroup(options: NodeGroupOptions, version?: KubernetesVersion) {
  const { cluster } = fixture(version);
  return () => cluster.addNodeGroup('Nodes', options);
}

describe('a default managed node group', () => {
  let stack: Stack;
  let cluster: Cluster;
  let group: ManagedNodeGroup;
  let template: Template;
  beforeAll(() => {
    // GIVEN
    ({ stack, cluster } = fixture());
    // WHEN
    group = cluster.addNodeGroup('Nodes');
    template = Template.fromStack(stack);
  });

  test('is a native nodegroup on the cluster version with AL2023, private subnets and 1/2/3 nodes', () => {
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      ClusterName: stack.resolve(cluster.clusterName),
      Version: '1.35',
      AmiType: 'AL2023_x86_64_STANDARD',
      ScalingConfig: { MinSize: 1, DesiredSize: 2, MaxSize: 3 },
      Subnets: stack.resolve(cluster.vpc.privateSubnets.map((s) => s.subnetId)),
      ForceUpdateEnabled: false,
      NodeRole: stack.resolve(group.role.roleArn),
    });
  });

  test('is created after the cluster', () => {
    const [id] = Object.keys(template.findResources('AWS::EKS::Nodegroup'));
    expect(template.toJSON().Resources[id].DependsOn).toContain(stack.resolve(cluster.resource.logicalId));
  });

  test('the node role is trusted by EC2 and has the three policies nodes need to join', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }] },
      ManagedPolicyArns: ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonEKS_CNI_Policy'].map((name) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]],
      })),
    });
  });

  test('the generated launch template requires IMDSv2 with hop limit 1 and an encrypted gp3 root volume', () => {
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: {
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 20, DeleteOnTermination: true } }],
        UserData: Match.absent(),
        SecurityGroupIds: Match.absent(),
      },
    });
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      LaunchTemplate: {
        Id: stack.resolve(group.launchTemplate!.launchTemplateId),
        Version: stack.resolve(group.launchTemplate!.versionNumber),
      },
      DiskSize: Match.absent(),
    });
  });
});

describe('options', () => {
  test('Graviton Spot group with labels, taints, update config, repair, release version and tags', () => {
    // GIVEN
    const { stack, cluster } = fixture();
    // WHEN
    cluster.addNodeGroup('Spot', {
      instanceTypes: [it('m7g.large'), it('c7g.large')],
      capacityType: CapacityType.SPOT,
      minSize: 0, maxSize: 10,
      diskSize: 50,
      labels: { 'lifecycle': 'spot' },
      taints: [{ key: 'spot', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
      maxUnavailablePercentage: 25,
      enableNodeAutoRepair: true,
      releaseVersion: '1.35.0-20261110',
      forceUpdate: true,
      enableSsm: true,
      tags: { team: 'data' },
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      AmiType: 'AL2023_ARM_64_STANDARD',
      CapacityType: 'SPOT',
      InstanceTypes: ['m7g.large', 'c7g.large'],
      ScalingConfig: { MinSize: 0, DesiredSize: 2, MaxSize: 10 },
      Labels: { lifecycle: 'spot' },
      Taints: [{ Key: 'spot', Value: 'true', Effect: 'NO_SCHEDULE' }],
      UpdateConfig: { MaxUnavailablePercentage: 25 },
      NodeRepairConfig: { Enabled: true },
      ReleaseVersion: '1.35.0-20261110',
      ForceUpdateEnabled: true,
      Tags: { team: 'data' },
    });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: {
        BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ VolumeSize: 50 }) })],
        TagSpecifications: Match.arrayWith([
          { ResourceType: 'instance', Tags: Match.arrayWith([{ Key: 'team', Value: 'data' }]) },
          { ResourceType: 'volume', Tags: Match.arrayWith([{ Key: 'team', Value: 'data' }]) },
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }]),
    });
  });

  test('Bottlerocket sizes its data volume', () => {
    const { stack, cluster } = fixture();
    cluster.addNodeGroup('Br', { amiType: NodeGroupAmiType.BOTTLEROCKET_X86_64, diskSize: 40 });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { BlockDeviceMappings: [Match.objectLike({ DeviceName: '/dev/xvdb', Ebs: Match.objectLike({ VolumeSize: 40 }) })] },
    });
  });

  test("the user's launch template and node role are used as they are", () => {
    const { stack, cluster } = fixture();
    const launchTemplate = new ec2.LaunchTemplate(stack, 'Lt', { requireImdsv2: true });
    const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const group = cluster.addNodeGroup('Mine', { launchTemplate, nodeRole });
    const template = Template.fromStack(stack);
    expect(group.role).toBe(nodeRole);
    template.resourceCountIs('AWS::EC2::LaunchTemplate', 1);
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      LaunchTemplate: { Id: stack.resolve(launchTemplate.launchTemplateId), Version: stack.resolve(launchTemplate.versionNumber) },
      NodeRole: stack.resolve(nodeRole.roleArn),
    });
  });

  test('remoteAccess drops the generated launch template, with a warning', () => {
    const { stack, cluster } = fixture();
    const sg = new ec2.SecurityGroup(stack, 'Bastion', { vpc: cluster.vpc });
    const group = cluster.addNodeGroup('Ssh', { remoteAccess: { sshKeyName: 'ops', sourceSecurityGroups: [sg] }, diskSize: 30 });
    const template = Template.fromStack(stack);
    expect(group.launchTemplate).toBeUndefined();
    template.resourceCountIs('AWS::EC2::LaunchTemplate', 0);
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      RemoteAccess: { Ec2SshKey: 'ops', SourceSecurityGroups: [stack.resolve(sg.securityGroupId)] },
      DiskSize: 30,
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Cluster/Ssh', Match.stringLikeRegexp('remoteAccess.*IMDSv1'));
  });

  test('an IPv6 cluster gets no IPv4 CNI policy on the node role, and a warning', () => {
    const stack = new Stack(testApp(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { ipProtocol: ec2.IpProtocol.DUAL_STACK, natGateways: 1 });
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, vpc, ipFamily: IpFamily.IP_V6 });
    cluster.addNodeGroup('V6');
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('managed node group') } });
    expect(JSON.stringify(roles)).not.toContain('AmazonEKS_CNI_Policy');
    Annotations.fromStack(stack).hasWarning('/Stack/Cluster/V6', Match.stringLikeRegexp('IPv6 CNI policy'));
  });

  test('an imported cluster without a version leaves the version to EKS', () => {
    const stack = new Stack(testApp(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 1 });
    const cluster = Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'legacy', vpc });
    new ManagedNodeGroup(stack, 'Nodes', { cluster });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Nodegroup', { ClusterName: 'legacy', Version: Match.absent() });
  });

  test('a GPU AMI on non-GPU instances warns', () => {
    const { stack, cluster } = fixture();
    cluster.addNodeGroup('Gpu', { instanceTypes: [it('m7i.large')], amiType: NodeGroupAmiType.AL2023_X86_64_NVIDIA });
    Annotations.fromStack(stack).hasWarning('/Stack/Cluster/Gpu', Match.stringLikeRegexp('built for nvidia accelerators'));
  });

  test('an existing node group can be imported by name', () => {
    const stack = new Stack(testApp(), 'Stack');
    expect(ManagedNodeGroup.fromNodegroupName(stack, 'Existing', 'workers').nodegroupName).toBe('workers');
  });

  test('GPU instances default to the NVIDIA AMI', () => {
    const { stack, cluster } = fixture();
    cluster.addNodeGroup('Gpu', { instanceTypes: [it('g6.xlarge')] });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Nodegroup', { AmiType: 'AL2023_x86_64_NVIDIA' });
  });
});

describe('synth-time errors', () => {
  const token = Token.asNumber({ Ref: 'Size' });
  const lt = () => ec2.LaunchTemplate.fromLaunchTemplateAttributes(new Stack(), 'Lt', { launchTemplateId: 'lt-1234', versionNumber: '3' });

  test.each<[string, NodeGroupOptions, RegExp]>([
    ['arch mismatch', { instanceTypes: [it('m7g.large')], amiType: NodeGroupAmiType.AL2023_X86_64_STANDARD }, /'amiType' is AL2023_x86_64_STANDARD \(x86_64\) but 'instanceTypes' are arm64.*\[NodeGroupAmiType\]/],
    ['mixed arch', { instanceTypes: [it('m7g.large'), it('m7i.large')] }, /'instanceTypes' mixes CPU architectures: m7g\.large \(arm64\), m7i\.large \(x86_64\)/],
    ['AL2 on 1.35', { amiType: NodeGroupAmiType.AL2_X86_64 }, /'amiType' is AL2_x86_64, but EKS supports Amazon Linux 2 AMI types only up to Kubernetes 1\.32/],
    ['min > max', { minSize: 4, maxSize: 2 }, /'minSize' \(4\) is greater than 'maxSize' \(2\).*\[NodeGroupSize\]/],
    ['desired < min', { minSize: 2, desiredSize: 1, maxSize: 3 }, /'desiredSize' \(1\) is less than 'minSize' \(2\)/],
    ['desired > max', { desiredSize: 5, maxSize: 4 }, /'desiredSize' \(5\) is greater than 'maxSize' \(4\)/],
    ['max 0', { minSize: 0, desiredSize: 0, maxSize: 0 }, /'maxSize' is 0; a node group needs room for at least 1 node/],
    ['negative min', { minSize: -1 }, /'minSize' is -1/],
    ['diskSize with launch template', { launchTemplate: lt(), diskSize: 50 }, /'diskSize' \(50\) cannot be combined with 'launchTemplate'; EKS rejects it/],
    ['remoteAccess with launch template', { launchTemplate: lt(), remoteAccess: { sshKeyName: 'k' } }, /'remoteAccess' cannot be combined with 'launchTemplate'/],
    ['diskSize out of range', { diskSize: 0 }, /'diskSize' is 0; use a whole number of GiB from 1 to 16384/],
    ['CUSTOM without launch template', { amiType: NodeGroupAmiType.CUSTOM }, /'amiType' is CUSTOM but no 'launchTemplate' is given/],
    ['bad label', { labels: { 'bad key': 'v' } }, /'labels': label key 'bad key'.*\[NodeGroupLabels\]/],
    ['bad taint value', { taints: [{ key: 'k', value: 'a b', effect: TaintEffect.NO_SCHEDULE }] }, /'taints': taint 'k' value 'a b'.*\[NodeGroupTaints\]/],
    ['bad taint key', { taints: [{ key: 'Bad.Prefix/k', effect: TaintEffect.NO_SCHEDULE }] }, /'taints': taint key 'Bad\.Prefix\/k'/],
    ['both update settings', { maxUnavailable: 1, maxUnavailablePercentage: 10 }, /'maxUnavailable' and 'maxUnavailablePercentage' are both set/],
    ['maxUnavailable > maxSize', { maxUnavailable: 7, maxSize: 5 }, /'maxUnavailable' is 7 but 'maxSize' is 5; use 1–5/],
    ['ssm with own role', { enableSsm: true, nodeRole: iam.Role.fromRoleArn(new Stack(), 'R', 'arn:aws:iam::123456789012:role/n') }, /'enableSsm' applies to the generated node role only/],
  ])('%s', (_, options, message) => {
    expect(addGroup(options)).toThrow(message);
  });

  test('a launch template without ID or name is rejected', () => {
    const nameless = { versionNumber: '1' } as unknown as ec2.ILaunchTemplate;
    expect(addGroup({ launchTemplate: nameless })).toThrow(/'launchTemplate' has neither an ID nor a name.*\[NodeGroupLaunchTemplate\]/);
  });

  test('subnets: none selected, or a VPC without private subnets, are errors; public ones warn', () => {
    // GIVEN
    const stack = new Stack(testApp(), 'Stack');
    const publicOnly = new ec2.Vpc(stack, 'PublicVpc', { natGateways: 0, subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
    const imported = Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'legacy', vpc: publicOnly });
    // THEN
    expect(() => new ManagedNodeGroup(stack, 'Default', { cluster: imported }))
      .toThrow(/the cluster's VPC has no private subnets; pass 'vpcSubnets'.*\[NodeSubnets\]/);
    expect(() => new ManagedNodeGroup(stack, 'NoAz', { cluster: imported, vpcSubnets: { availabilityZones: ['nowhere-1z'] } }))
      .toThrow(/'vpcSubnets' selects no subnets.*\[NodeSubnets\]/);
    new ManagedNodeGroup(stack, 'Public', { cluster: imported, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    Annotations.fromStack(stack).hasWarning('/Stack/Public', Match.stringLikeRegexp("'vpcSubnets' selects public subnets"));
  });

  test.each<[string, NodeGroupOptions]>([
    ['token min > max twin', { minSize: token, maxSize: 2 }],
    ['token desired twin', { minSize: 2, desiredSize: token, maxSize: 3 }],
    ['token max twin', { minSize: 4, maxSize: token }],
    ['token instance type twin', { instanceTypes: [it(Token.asString({ Ref: 'Type' }))], amiType: NodeGroupAmiType.AL2023_ARM_64_STANDARD }],
    ['token diskSize twin', { diskSize: token }],
    ['token label twin', { labels: { [Token.asString({ Ref: 'K' })]: Token.asString({ Ref: 'V' }) } }],
    ['token taint twin', { taints: [{ key: Token.asString({ Ref: 'K' }), value: Token.asString({ Ref: 'V' }), effect: TaintEffect.NO_SCHEDULE }] }],
    ['token maxUnavailable twin', { maxUnavailable: token, maxSize: 5 }],
    ['AL2 on 1.32 twin', { amiType: NodeGroupAmiType.AL2_X86_64 }],
  ])('%s passes', (_, options) => {
    expect(addGroup(options, options.amiType === NodeGroupAmiType.AL2_X86_64 ? KubernetesVersion.V1_32 : undefined)).not.toThrow();
  });
});
