import { Token } from 'aws-cdk-lib';
import { KubernetesVersion } from '../cluster/kubernetes-version';
import { NodeGroupAmiType } from './ami-type';
import { InstanceTypeInfo, commonArchitecture, describeArchitectures } from './instance-types';

const AL2_LAST_MINOR = 32;

/**
 * The AMI type EKS users want for these instance types: AL2023 with the right architecture
 * and, for GPU or Neuron instances, the matching accelerated variant.
 */
export function defaultAmiType(infos: InstanceTypeInfo[]): NodeGroupAmiType {
  const arm = commonArchitecture(infos) === 'arm64';
  if (infos.length > 0 && infos.every((i) => i.accelerator === 'nvidia')) {
    return arm ? NodeGroupAmiType.AL2023_ARM_64_NVIDIA : NodeGroupAmiType.AL2023_X86_64_NVIDIA;
  }
  if (infos.length > 0 && infos.every((i) => i.accelerator === 'neuron')) return NodeGroupAmiType.AL2023_X86_64_NEURON;
  return arm ? NodeGroupAmiType.AL2023_ARM_64_STANDARD : NodeGroupAmiType.AL2023_X86_64_STANDARD;
}

/** Problems of an AMI type with a set of instance types and a Kubernetes version. */
export interface AmiTypeFindings {
  /** Combinations EKS rejects. */
  readonly errors: string[];
  /** Combinations that deploy but probably do not do what was meant. */
  readonly warnings: string[];
}

/**
 * Checks an AMI type against the instance types (architecture, accelerators) and the
 * cluster's Kubernetes version (AL2 ends with 1.32). Instance types that are tokens or
 * unknown names are not in `infos` and are not checked.
 */
export function amiTypeFindings(amiType: NodeGroupAmiType, infos: InstanceTypeInfo[], version?: KubernetesVersion): AmiTypeFindings {
  const errors: string[] = [];
  const warnings: string[] = [];
  const arch = commonArchitecture(infos);
  if (arch === 'mixed') {
    errors.push(`'instanceTypes' mixes CPU architectures: ${describeArchitectures(infos)}. `
      + 'One node group runs one AMI; put x86_64 and arm64 instance types in separate node groups.');
  } else if (arch && amiType.architecture && !Token.isUnresolved(amiType.value) && amiType.architecture !== arch) {
    errors.push(`'amiType' is ${amiType.value} (${amiType.architecture}) but 'instanceTypes' are ${arch}: ${describeArchitectures(infos)}. `
      + `Use an ${arch} AMI type (e.g. ${defaultAmiType(infos).value}) or leave 'amiType' unset to derive it.`);
  }
  if (amiType.family === 'AL2' && version && version.minor > AL2_LAST_MINOR) {
    errors.push(`'amiType' is ${amiType.value}, but EKS supports Amazon Linux 2 AMI types only up to Kubernetes 1.${AL2_LAST_MINOR} and the cluster runs ${version.version}. `
      + `Use an AL2023 or Bottlerocket AMI type (e.g. ${defaultAmiType(infos).value}).`);
  }
  const accelerator = amiType._accelerator;
  if (amiType.accelerated && infos.length > 0) {
    const mismatched = infos.filter((i) => i.accelerator !== accelerator);
    if (mismatched.length > 0) {
      warnings.push(`'amiType' ${amiType.value} is built for ${accelerator} accelerators, but ${mismatched.map((i) => i.name).join(', ')} `
        + `${mismatched.length === 1 ? 'has' : 'have'} none of that kind; the nodes pay for a larger AMI without using it. `
        + `Use ${defaultAmiType(mismatched).value} for them.`);
    }
  }
  return { errors, warnings };
}
