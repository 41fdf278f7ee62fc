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

/**
 * The instance type a managed node group gets when none is given, so that it matches the AMI
 * type: EKS's own default (t3.medium, x86_64 without accelerator) fails with an arm64 or an
 * accelerated AMI type. Derived from the AMI type's architecture and accelerator, so new AMI
 * types need no entry here. Undefined when EKS's default fits (x86_64 standard, Windows) or
 * the AMI type is CUSTOM or unknown.
 *
 * - arm64: `t4g.medium` (the Graviton counterpart of EKS's t3.medium)
 * - arm64 NVIDIA: `g5g.xlarge` (Graviton with NVIDIA T4G, the Arm GPU family the EKS accelerated AMIs load drivers for)
 * - x86_64 NVIDIA: `g4dn.xlarge` (NVIDIA T4, the smallest and most widely offered GPU type)
 * - x86_64 Neuron: `inf2.xlarge` (AWS Inferentia2)
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html (t3.medium when no type is given)
 */
export function defaultInstanceType(amiType: NodeGroupAmiType): string | undefined {
  const accelerator = amiType._accelerator;
  if (amiType.architecture === 'arm64') return accelerator === 'nvidia' ? 'g5g.xlarge' : accelerator === 'neuron' ? undefined : 't4g.medium';
  if (amiType.architecture === 'x86_64') {
    if (accelerator === 'nvidia') return 'g4dn.xlarge';
    if (accelerator === 'neuron') return 'inf2.xlarge';
  }
  return undefined;
}

/**
 * Instance families an accelerated AMI does not support, with the reason and whether it is
 * fatal. Kept as data so that new families and AMI types are one line each.
 */
interface UnsupportedFamily {
  /** The instance family, e.g. `p2`. */
  readonly family: string;
  /** Which AMIs: NVIDIA AMIs of this OS family, or of every family when undefined. */
  readonly osFamily?: string;
  /** Whether the node group cannot work at all (error) or the GPUs will not (warning). */
  readonly error: boolean;
  readonly reason: string;
}

const UNSUPPORTED_ON_NVIDIA_AMIS: UnsupportedFamily[] = [
  // EKS User Guide, "Create nodes with optimized Amazon Linux AMIs" (eks-optimized-ami): "Amazon EC2 P2 instances aren't
  // supported on Amazon EKS because they require NVIDIA driver version 470 or earlier."
  { family: 'p2', error: true, reason: 'P2 instances are not supported on Amazon EKS: they need NVIDIA driver 470 or earlier, older than any EKS accelerated AMI ships' },
  // awslabs/amazon-eks-ami doc/usage/g7-ami.md: the EKS-optimized accelerated AMI ships driver 580, which does not support
  // G7 (Blackwell RTX PRO 4500 needs 595 or later); G7 needs a custom AMI built with nvidia_driver_major_version=595.
  { family: 'g7', osFamily: 'AL2023', error: false, reason: "G7 GPUs need NVIDIA driver 595 or later, but the EKS-optimized AL2023 NVIDIA AMI ships driver 580; build a custom AMI with driver 595 (awslabs/amazon-eks-ami doc/usage/g7-ami.md) and use NodeGroupAmiType.CUSTOM" },
];

/** Problems of an AMI type with a set of instance types and a Kubernetes version. */
export interface AmiTypeFindings {
  /** Combinations EKS rejects. */
  readonly errors: string[];
  /** Combinations that deploy but probably do not do what was meant. */
  readonly warnings: string[];
  /** Instance families whose accelerators the AMI's drivers do not support (nodes join, GPUs do not work). */
  readonly unsupportedFamilyWarnings: string[];
}

/**
 * Checks an AMI type against the instance types (architecture, accelerators) and the
 * cluster's Kubernetes version (AL2 ends with 1.32). Instance types that are tokens or
 * unknown names are not in `infos` and are not checked.
 */
export function amiTypeFindings(amiType: NodeGroupAmiType, infos: InstanceTypeInfo[], version?: KubernetesVersion): AmiTypeFindings {
  const errors: string[] = [];
  const warnings: string[] = [];
  const unsupportedFamilyWarnings: string[] = [];
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
  if (accelerator === 'nvidia') {
    for (const rule of UNSUPPORTED_ON_NVIDIA_AMIS) {
      if (rule.osFamily !== undefined && rule.osFamily !== amiType.family) continue;
      const hits = infos.filter((i) => i.family === rule.family);
      if (hits.length === 0) continue;
      const message = `'instanceTypes' ${hits.map((i) => i.name).join(', ')} with 'amiType' ${amiType.value}: ${rule.reason}.`;
      (rule.error ? errors : unsupportedFamilyWarnings).push(message);
    }
  }
  if (amiType.accelerated && infos.length > 0) {
    const mismatched = infos.filter((i) => i.accelerator !== accelerator);
    if (mismatched.length > 0) {
      warnings.push(`'amiType' ${amiType.value} is built for ${accelerator} accelerators, but ${mismatched.map((i) => i.name).join(', ')} `
        + `${mismatched.length === 1 ? 'has' : 'have'} none of that kind; the nodes pay for a larger AMI without using it. `
        + `Use ${defaultAmiType(mismatched).value} for them.`);
    }
  }
  return { errors, warnings, unsupportedFamilyWarnings };
}
