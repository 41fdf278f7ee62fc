import { Token } from 'aws-cdk-lib';
import { KubernetesVersion } from '../cluster/kubernetes-version';
import type { NodeGroupAmiType } from './ami-type';
import { CpuArchitecture } from './instance-types';
import { NodeAmiFamily } from './node-ami';

/**
 * The public SSM parameter holding the recommended EKS-optimized AMI ID for a family,
 * Kubernetes version and architecture.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id-bottlerocket.html
 */
export function eksAmiParameterName(family: NodeAmiFamily, version: KubernetesVersion, architecture: CpuArchitecture): string {
  switch (family) {
    case NodeAmiFamily.AL2023:
      return `/aws/service/eks/optimized-ami/${version.version}/amazon-linux-2023/${architecture}/standard/recommended/image_id`;
    case NodeAmiFamily.BOTTLEROCKET:
      return `/aws/service/bottlerocket/aws-k8s-${version.version}/${architecture}/latest/image_id`;
  }
}

/**
 * The public SSM parameter with the recommended image ID of an EKS-optimized AMI type for a
 * Kubernetes version, or undefined for CUSTOM and for types this library does not know.
 *
 * Paths, from the EKS User Guide:
 * - AL2023: `/aws/service/eks/optimized-ami/<k8s>/amazon-linux-2023/<x86_64|arm64>/<standard|nvidia|neuron>/recommended/image_id`
 *   (retrieve-ami-id)
 * - Bottlerocket: `/aws/service/bottlerocket/aws-k8s-<k8s>[-nvidia|-fips|-nvidia-fips]/<x86_64|arm64>/latest/image_id`
 *   (retrieve-ami-id-bottlerocket; the suffix is the Bottlerocket variant's flavor)
 * - Windows: `/aws/service/ami-windows-latest/Windows_Server-<2019|2022|2025>-English-<Core|Full>-EKS_Optimized-<k8s>/image_id`
 *   (retrieve-windows-ami-id)
 * - AL2 (Kubernetes 1.32 and older): `/aws/service/eks/optimized-ami/<k8s>/amazon-linux-2[-arm64|-gpu]/recommended/image_id`
 */
export function amiTypeParameterName(amiType: NodeGroupAmiType, version: KubernetesVersion): string | undefined {
  const value = amiType.value;
  if (Token.isUnresolved(value)) return undefined;
  const k8s = version.version;
  const al2023 = /^AL2023_(x86_64|ARM_64)_(STANDARD|NVIDIA|NEURON)$/.exec(value);
  if (al2023) {
    return `/aws/service/eks/optimized-ami/${k8s}/amazon-linux-2023/${arch(al2023[1])}/${al2023[2].toLowerCase()}/recommended/image_id`;
  }
  const bottlerocket = /^BOTTLEROCKET_(x86_64|ARM_64)(_NVIDIA)?(_FIPS)?$/.exec(value);
  if (bottlerocket) {
    const flavor = `${bottlerocket[2] ? '-nvidia' : ''}${bottlerocket[3] ? '-fips' : ''}`;
    return `/aws/service/bottlerocket/aws-k8s-${k8s}${flavor}/${arch(bottlerocket[1])}/latest/image_id`;
  }
  const windows = /^WINDOWS_(CORE|FULL)_(\d{4})_x86_64$/.exec(value);
  if (windows) {
    const edition = windows[1] === 'CORE' ? 'Core' : 'Full';
    return `/aws/service/ami-windows-latest/Windows_Server-${windows[2]}-English-${edition}-EKS_Optimized-${k8s}/image_id`;
  }
  const al2 = { AL2_x86_64: 'amazon-linux-2', AL2_ARM_64: 'amazon-linux-2-arm64', AL2_x86_64_GPU: 'amazon-linux-2-gpu' }[value];
  if (al2) return `/aws/service/eks/optimized-ami/${k8s}/${al2}/recommended/image_id`;
  return undefined;
}

function arch(apiArch: string): CpuArchitecture {
  return apiArch === 'ARM_64' ? 'arm64' : 'x86_64';
}
