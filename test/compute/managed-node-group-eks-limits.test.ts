import { Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cluster, KubernetesVersion, ManagedNodeGroup, NodeGroupAmiType, NodeGroupOptions, TaintEffect } from '../../lib';
import { defaultInstanceType } from '../../lib/compute/ami-type-rules';
import { testApp } from '../validated-synth';

const it = (name: string) => new ec2.InstanceType(name);

function fixture() {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, outputConfigCommand: false });
  return { stack, cluster };
}

function nodegroup(stack: Stack, group: ManagedNodeGroup): any {
  return Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(group.resource)].Properties;
}

function launchTemplateData(stack: Stack, group: ManagedNodeGroup): any {
  const id = stack.resolve(group.launchTemplate!.launchTemplateId).Ref;
  return Template.fromStack(stack).toJSON().Resources[id].Properties.LaunchTemplateData;
}

describe('custom AMI (a launch template with an image): no Version, no ReleaseVersion (item 2)', () => {
  test('amiType CUSTOM: neither AmiType nor Version is sent', () => {
    const { stack, cluster } = fixture();
    const lt = new ec2.LaunchTemplate(stack, 'Lt', { machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-12345678' }) });
    const group = cluster.addNodeGroup('Custom', { amiType: NodeGroupAmiType.CUSTOM, launchTemplate: lt, instanceTypes: [it('m7i.large')] });
    const props = nodegroup(stack, group);
    expect(props.AmiType).toBeUndefined();
    expect(props.Version).toBeUndefined();
    expect(props.ReleaseVersion).toBeUndefined();
  });

  test('an image in the launch template makes the AMI type CUSTOM when none is given', () => {
    const { stack, cluster } = fixture();
    const lt = new ec2.LaunchTemplate(stack, 'Lt', { machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-12345678' }) });
    const group = cluster.addNodeGroup('Custom', { launchTemplate: lt });
    expect(group.amiType).toBe(NodeGroupAmiType.CUSTOM);
    expect(nodegroup(stack, group).Version).toBeUndefined();
  });

  test('releaseVersion with a custom AMI, and an image with a non-CUSTOM amiType, are errors', () => {
    const { stack, cluster } = fixture();
    const lt = new ec2.LaunchTemplate(stack, 'Lt', { machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-12345678' }) });
    expect(() => cluster.addNodeGroup('A', { launchTemplate: lt, releaseVersion: '1.35.0-20261110' }))
      .toThrow(/'releaseVersion' \(1.35.0-20261110\) cannot be combined with a custom AMI.*\[NodeGroupReleaseVersion\]/);
    expect(() => cluster.addNodeGroup('B', { launchTemplate: lt, amiType: NodeGroupAmiType.AL2023_X86_64_STANDARD }))
      .toThrow(/'launchTemplate' sets an image \(a custom AMI\) but 'amiType' is AL2023_x86_64_STANDARD.*\[NodeGroupAmiType\]/);
  });

  test('twins: releaseVersion on an EKS AMI, and a launch template without an image, still send Version', () => {
    const { stack, cluster } = fixture();
    const pinned = cluster.addNodeGroup('Pinned', { releaseVersion: '1.35.0-20261110' });
    const own = cluster.addNodeGroup('Own', { launchTemplate: new ec2.LaunchTemplate(stack, 'Plain', { requireImdsv2: true }) });
    expect(nodegroup(stack, pinned)).toMatchObject({ Version: '1.35', ReleaseVersion: '1.35.0-20261110' });
    expect(nodegroup(stack, own)).toMatchObject({ Version: '1.35', AmiType: 'AL2023_x86_64_STANDARD' });
  });
});

describe('Windows root volume (item 3)', () => {
  test('defaults to 50 GiB on /dev/sda1 (EKS: 50 GiB for Windows); Linux stays 20', () => {
    const { stack, cluster } = fixture();
    const win = cluster.addNodeGroup('Win', { amiType: NodeGroupAmiType.WINDOWS_CORE_2022_X86_64 });
    const linux = cluster.addNodeGroup('Linux');
    expect(launchTemplateData(stack, win).BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/sda1', Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 50, VolumeType: 'gp3' } },
    ]);
    expect(launchTemplateData(stack, linux).BlockDeviceMappings[0].Ebs.VolumeSize).toBe(20);
  });

  test('a diskSize below 50 for Windows is an error; 50 or more, and a token, pass', () => {
    const { cluster } = fixture();
    const win = NodeGroupAmiType.WINDOWS_FULL_2022_X86_64;
    expect(() => cluster.addNodeGroup('A', { amiType: win, diskSize: 30 }))
      .toThrow(/'diskSize' is 30 GiB, smaller than the 50 GiB root volume of the Windows AMI.*\[NodeGroupDiskSize\]/);
    expect(() => cluster.addNodeGroup('B', { amiType: win, diskSize: 80 })).not.toThrow();
    expect(() => cluster.addNodeGroup('C', { amiType: win, diskSize: Token.asNumber({ Ref: 'Disk' }) })).not.toThrow();
  });
});

describe('default instance types follow the AMI type (item 4)', () => {
  test.each<[NodeGroupAmiType, string | undefined]>([
    [NodeGroupAmiType.AL2023_X86_64_STANDARD, undefined],
    [NodeGroupAmiType.AL2023_ARM_64_STANDARD, 't4g.medium'],
    [NodeGroupAmiType.BOTTLEROCKET_ARM_64, 't4g.medium'],
    [NodeGroupAmiType.AL2023_ARM_64_NVIDIA, 'g5g.xlarge'],
    [NodeGroupAmiType.BOTTLEROCKET_ARM_64_NVIDIA, 'g5g.xlarge'],
    [NodeGroupAmiType.AL2023_X86_64_NVIDIA, 'g4dn.xlarge'],
    [NodeGroupAmiType.BOTTLEROCKET_X86_64_NVIDIA, 'g4dn.xlarge'],
    [NodeGroupAmiType.AL2023_X86_64_NEURON, 'inf2.xlarge'],
    [NodeGroupAmiType.WINDOWS_CORE_2022_X86_64, undefined],
    [NodeGroupAmiType.CUSTOM, undefined],
    [NodeGroupAmiType.of('FUTURE_TYPE'), undefined],
  ])('%s → %s', (amiType, expected) => {
    expect(defaultInstanceType(amiType)).toBe(expected);
  });

  test('an ARM AMI type without instance types sends a Graviton type, not EKS\'s t3.medium', () => {
    const { stack, cluster } = fixture();
    const arm = cluster.addNodeGroup('Arm', { amiType: NodeGroupAmiType.AL2023_ARM_64_STANDARD });
    const x86 = cluster.addNodeGroup('X86');
    const given = cluster.addNodeGroup('Given', { amiType: NodeGroupAmiType.AL2023_ARM_64_STANDARD, instanceTypes: [it('m7g.large')] });
    expect(nodegroup(stack, arm).InstanceTypes).toEqual(['t4g.medium']);
    expect(nodegroup(stack, x86).InstanceTypes).toBeUndefined();
    expect(nodegroup(stack, given).InstanceTypes).toEqual(['m7g.large']);
  });

  test('no default when the user launch template sets an instance type', () => {
    const { stack, cluster } = fixture();
    const lt = new ec2.LaunchTemplate(stack, 'Lt', { instanceType: it('m7g.large') });
    const group = cluster.addNodeGroup('Arm', { amiType: NodeGroupAmiType.AL2023_ARM_64_STANDARD, launchTemplate: lt });
    expect(() => cluster.addNodeGroup('Both', { launchTemplate: lt, instanceTypes: [it('m7g.large')] }))
      .toThrow(/'instanceTypes' cannot be combined with a 'launchTemplate' that sets an instance type/);
    expect(nodegroup(stack, group).InstanceTypes).toBeUndefined();
  });

  test('p2 with an NVIDIA AMI is an error (EKS does not support P2); g7 with the AL2023 NVIDIA AMI warns', () => {
    const { stack, cluster } = fixture();
    expect(() => cluster.addNodeGroup('P2', { instanceTypes: [it('p2.xlarge')] }))
      .toThrow(/p2\.xlarge with 'amiType' AL2023_x86_64_NVIDIA: P2 instances are not supported on Amazon EKS: they need NVIDIA driver 470/);
    expect(() => cluster.addNodeGroup('P2Rocket', { instanceTypes: [it('p2.xlarge')], amiType: NodeGroupAmiType.BOTTLEROCKET_X86_64_NVIDIA }))
      .toThrow(/P2 instances are not supported/);
    cluster.addNodeGroup('G7', { instanceTypes: [it('g7.2xlarge')] });
    cluster.addNodeGroup('G6', { instanceTypes: [it('g6.xlarge')] });
    Annotations.fromStack(stack).hasWarning('/Stack/Cluster/G7', Match.stringLikeRegexp('G7 GPUs need NVIDIA driver 595 or later'));
    Annotations.fromStack(stack).hasNoWarning('/Stack/Cluster/G6', Match.anyValue());
  });
});

describe("the EKS API's own limits fail at synth (item 5)", () => {
  const add = (options: NodeGroupOptions) => () => fixture().cluster.addNodeGroup('Nodes', options);
  const long = (n: number) => 'a'.repeat(n);
  const types = (n: number) => Array.from({ length: n }, (_, i) => it(`m${5 + (i % 3)}.${['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'][i % 7]}`));

  test.each<[string, NodeGroupOptions, RegExp]>([
    ['a 64-character name', { nodegroupName: long(64) }, /'nodegroupName' is 'a{64}' \(64 characters\); EKS allows 1 to 63.*\[NodeGroupName\]/],
    ['a name starting with -', { nodegroupName: '-nodes' }, /'nodegroupName' is '-nodes'; EKS allows letters, digits, '-' and '_'/],
    ['a name with a dot', { nodegroupName: 'web.nodes' }, /'nodegroupName' is 'web.nodes'/],
    ['21 instance types', { instanceTypes: types(21) }, /'instanceTypes' lists 21 instance types; EKS allows at most 20.*\[NodeGroupInstanceTypes\]/],
    ['a label key over 63 characters with its prefix', { labels: { [`example.com/${long(60)}`]: 'x' } }, /label key 'example\.com\/a{60}' has 72 characters; EKS allows at most 63.*\[NodeGroupLabels\]/],
    ['an empty label value', { labels: { tier: '' } }, /label 'tier' value '' has 0 characters; EKS allows 1 to 63/],
    ['a taint key over 63 characters', { taints: [{ key: `example.com/${long(55)}`, effect: TaintEffect.NO_SCHEDULE }] }, /taint key 'example\.com\/a{55}' has 67 characters.*\[NodeGroupTaints\]/],
  ])('%s', (_, options, message) => {
    expect(add(options)).toThrow(message);
  });

  test.each<[string, NodeGroupOptions]>([
    ['63-character name twin', { nodegroupName: long(63) }],
    ['name with _ and - twin', { nodegroupName: 'web_nodes-1' }],
    ['token name twin', { nodegroupName: Token.asString({ Ref: 'Name' }) }],
    ['20 instance types twin', { instanceTypes: types(20) }],
    ['63-character label key twin', { labels: { [`example.com/${long(51)}`]: 'x' } }],
    ['token label twin', { labels: { tier: Token.asString({ Ref: 'Tier' }) } }],
  ])('%s passes', (_, options) => {
    expect(add(options)).not.toThrow();
  });

  test('a launch template with an instance profile (L2 role), subnet, Spot options, hibernation or shutdown behavior is an error', () => {
    const { stack, cluster } = fixture();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const withRole = new ec2.LaunchTemplate(stack, 'WithRole', { role });
    expect(() => cluster.addNodeGroup('A', { launchTemplate: withRole }))
      .toThrow(/'launchTemplate' sets an IAM instance profile \(an L2 LaunchTemplate renders one for 'role'.*EKS refuses these.*\[NodeGroupLaunchTemplate\]/);
    const spot = new ec2.LaunchTemplate(stack, 'Spot', { spotOptions: {}, hibernationConfigured: true, instanceInitiatedShutdownBehavior: ec2.InstanceInitiatedShutdownBehavior.TERMINATE });
    expect(() => cluster.addNodeGroup('B', { launchTemplate: spot }))
      .toThrow(/instance market options \(Spot: use 'capacityType: CapacityType.SPOT'\); hibernation options; a shutdown behavior/);
    const withSubnet = new ec2.LaunchTemplate(stack, 'WithSubnet', {});
    (withSubnet.node.defaultChild as ec2.CfnLaunchTemplate).launchTemplateData = { networkInterfaces: [{ deviceIndex: 0, subnetId: 'subnet-1' }] };
    expect(() => cluster.addNodeGroup('C', { launchTemplate: withSubnet })).toThrow(/a subnet in its network interfaces \(use the node group's 'vpcSubnets'\)/);
    // An imported template's content is unknown: not checked.
    const imported = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Imported', { launchTemplateId: 'lt-1', versionNumber: '1' });
    expect(() => cluster.addNodeGroup('D', { launchTemplate: imported })).not.toThrow();
  });
});
