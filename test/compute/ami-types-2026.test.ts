import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Cluster, KubernetesVersion, NodeAmiFamily, NodeGroupAmiType, SelfManagedNodeGroup } from '../../lib';
import { amiTypeParameterName } from '../../lib/compute/ami-parameters';
import { testApp } from '../validated-synth';

const V = KubernetesVersion.V1_35;

describe('SSM parameters of the EKS-optimized AMI types', () => {
  test.each([
    [NodeGroupAmiType.AL2023_X86_64_STANDARD, '/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id'],
    [NodeGroupAmiType.AL2023_ARM_64_NVIDIA, '/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/arm64/nvidia/recommended/image_id'],
    [NodeGroupAmiType.AL2023_X86_64_NEURON, '/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/neuron/recommended/image_id'],
    [NodeGroupAmiType.BOTTLEROCKET_ARM_64, '/aws/service/bottlerocket/aws-k8s-1.35/arm64/latest/image_id'],
    [NodeGroupAmiType.BOTTLEROCKET_X86_64_NVIDIA, '/aws/service/bottlerocket/aws-k8s-1.35-nvidia/x86_64/latest/image_id'],
    [NodeGroupAmiType.BOTTLEROCKET_X86_64_FIPS, '/aws/service/bottlerocket/aws-k8s-1.35-fips/x86_64/latest/image_id'],
    [NodeGroupAmiType.BOTTLEROCKET_ARM_64_NVIDIA_FIPS, '/aws/service/bottlerocket/aws-k8s-1.35-nvidia-fips/arm64/latest/image_id'],
    [NodeGroupAmiType.WINDOWS_CORE_2025_X86_64, '/aws/service/ami-windows-latest/Windows_Server-2025-English-Core-EKS_Optimized-1.35/image_id'],
    [NodeGroupAmiType.WINDOWS_FULL_2022_X86_64, '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-EKS_Optimized-1.35/image_id'],
  ])('%s', (type, path) => {
    expect(amiTypeParameterName(type, V)).toBe(path);
  });

  test('AL2 paths for the versions that still had AL2; nothing for CUSTOM or unknown types', () => {
    expect(amiTypeParameterName(NodeGroupAmiType.AL2_X86_64_GPU, KubernetesVersion.V1_32)).toBe('/aws/service/eks/optimized-ami/1.32/amazon-linux-2-gpu/recommended/image_id');
    expect(amiTypeParameterName(NodeGroupAmiType.CUSTOM, V)).toBeUndefined();
    expect(amiTypeParameterName(NodeGroupAmiType.of('SOMETHING_NEW'), V)).toBeUndefined();
  });

  test('the 2026 constants carry their family, architecture and accelerator', () => {
    expect([NodeGroupAmiType.BOTTLEROCKET_ARM_64_NVIDIA_FIPS.family, NodeGroupAmiType.BOTTLEROCKET_ARM_64_NVIDIA_FIPS.architecture, NodeGroupAmiType.BOTTLEROCKET_ARM_64_NVIDIA_FIPS.accelerated])
      .toEqual(['BOTTLEROCKET', 'arm64', true]);
    expect(NodeGroupAmiType.of('WINDOWS_FULL_2025_x86_64')).toBe(NodeGroupAmiType.WINDOWS_FULL_2025_X86_64);
  });
});

describe('a self-managed group with an amiType', () => {
  function fixture() {
    const stack = new Stack(testApp(), 'Stack');
    return { stack, cluster: new Cluster(stack, 'Cluster', { version: V, outputConfigCommand: false }) };
  }

  test('reads the variant AMI from its SSM parameter at deploy time and bootstraps its family', () => {
    const { stack, cluster } = fixture();
    new SelfManagedNodeGroup(stack, 'Fips', { cluster, amiType: NodeGroupAmiType.BOTTLEROCKET_X86_64_FIPS, instanceTypes: [new ec2.InstanceType('m7i.large')] });
    const params = Template.fromStack(stack).toJSON().Parameters;
    expect(Object.values(params).map((p: any) => p.Default)).toContain('/aws/service/bottlerocket/aws-k8s-1.35-fips/x86_64/latest/image_id');
  });

  test('refuses Windows, AL2 and a clashing amiFamily; checks the architecture', () => {
    const { stack, cluster } = fixture();
    expect(() => new SelfManagedNodeGroup(stack, 'Win', { cluster, amiType: NodeGroupAmiType.WINDOWS_CORE_2025_X86_64 }))
      .toThrow(/'amiType' is WINDOWS_CORE_2025_x86_64; self-managed node groups bootstrap AL2023 and Bottlerocket AMI types only.*\[NodeGroupAmiType\]/);
    expect(() => new SelfManagedNodeGroup(stack, 'Al2', { cluster, amiType: NodeGroupAmiType.AL2_X86_64 })).toThrow(/\[NodeGroupAmiType\]/);
    expect(() => new SelfManagedNodeGroup(stack, 'Clash', { cluster, amiType: NodeGroupAmiType.AL2023_X86_64_NVIDIA, amiFamily: NodeAmiFamily.BOTTLEROCKET }))
      .toThrow(/is AL2023, but 'amiFamily' is BOTTLEROCKET/);
    expect(() => new SelfManagedNodeGroup(stack, 'Arch', { cluster, amiType: NodeGroupAmiType.AL2023_ARM_64_STANDARD, instanceTypes: [new ec2.InstanceType('m7i.large')] }))
      .toThrow(/AL2023_ARM_64_STANDARD \(arm64\) but 'instanceTypes' are x86_64/);
  });
});
