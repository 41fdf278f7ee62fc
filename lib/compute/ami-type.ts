import { Token } from 'aws-cdk-lib';
import { KubernetesVersion } from '../cluster/kubernetes-version';
import { Accelerator, CpuArchitecture, InstanceTypeInfo, commonArchitecture, describeArchitectures } from './instance-types';

/**
 * The AMI type of a managed node group (`AmiType` of `AWS::EKS::Nodegroup`).
 *
 * Use a constant, or `NodeGroupAmiType.of('...')` for a type newer than this release of the
 * library (no architecture checks are made for those).
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType
 */
export class NodeGroupAmiType {
  /** Amazon Linux 2023, x86_64. The default for x86 instance types. */
  public static readonly AL2023_X86_64_STANDARD = new NodeGroupAmiType('AL2023_x86_64_STANDARD', 'AL2023', 'x86_64', 'none');
  /** Amazon Linux 2023, arm64 (AWS Graviton). The default for Graviton instance types. */
  public static readonly AL2023_ARM_64_STANDARD = new NodeGroupAmiType('AL2023_ARM_64_STANDARD', 'AL2023', 'arm64', 'none');
  /** Amazon Linux 2023 with NVIDIA drivers, x86_64. */
  public static readonly AL2023_X86_64_NVIDIA = new NodeGroupAmiType('AL2023_x86_64_NVIDIA', 'AL2023', 'x86_64', 'nvidia');
  /** Amazon Linux 2023 with NVIDIA drivers, arm64. */
  public static readonly AL2023_ARM_64_NVIDIA = new NodeGroupAmiType('AL2023_ARM_64_NVIDIA', 'AL2023', 'arm64', 'nvidia');
  /** Amazon Linux 2023 with the AWS Neuron driver (Inferentia, Trainium), x86_64. */
  public static readonly AL2023_X86_64_NEURON = new NodeGroupAmiType('AL2023_x86_64_NEURON', 'AL2023', 'x86_64', 'neuron');
  /** Bottlerocket, x86_64. */
  public static readonly BOTTLEROCKET_X86_64 = new NodeGroupAmiType('BOTTLEROCKET_x86_64', 'BOTTLEROCKET', 'x86_64', 'none');
  /** Bottlerocket, arm64. */
  public static readonly BOTTLEROCKET_ARM_64 = new NodeGroupAmiType('BOTTLEROCKET_ARM_64', 'BOTTLEROCKET', 'arm64', 'none');
  /** Bottlerocket with NVIDIA drivers, x86_64. */
  public static readonly BOTTLEROCKET_X86_64_NVIDIA = new NodeGroupAmiType('BOTTLEROCKET_x86_64_NVIDIA', 'BOTTLEROCKET', 'x86_64', 'nvidia');
  /** Bottlerocket with NVIDIA drivers, arm64. */
  public static readonly BOTTLEROCKET_ARM_64_NVIDIA = new NodeGroupAmiType('BOTTLEROCKET_ARM_64_NVIDIA', 'BOTTLEROCKET', 'arm64', 'nvidia');
  /** Windows Server 2022 Core, x86_64. */
  public static readonly WINDOWS_CORE_2022_X86_64 = new NodeGroupAmiType('WINDOWS_CORE_2022_x86_64', 'WINDOWS', 'x86_64', 'none');
  /** Windows Server 2022 Full, x86_64. */
  public static readonly WINDOWS_FULL_2022_X86_64 = new NodeGroupAmiType('WINDOWS_FULL_2022_x86_64', 'WINDOWS', 'x86_64', 'none');
  /** Amazon Linux 2, x86_64. EKS rejects AL2 AMI types from Kubernetes 1.33 on. */
  public static readonly AL2_X86_64 = new NodeGroupAmiType('AL2_x86_64', 'AL2', 'x86_64', 'none');
  /** Amazon Linux 2, arm64. EKS rejects AL2 AMI types from Kubernetes 1.33 on. */
  public static readonly AL2_ARM_64 = new NodeGroupAmiType('AL2_ARM_64', 'AL2', 'arm64', 'none');
  /** Amazon Linux 2 with GPU drivers, x86_64. EKS rejects AL2 AMI types from Kubernetes 1.33 on. */
  public static readonly AL2_X86_64_GPU = new NodeGroupAmiType('AL2_x86_64_GPU', 'AL2', 'x86_64', 'nvidia');
  /** Your own AMI, set as the image of your launch template. */
  public static readonly CUSTOM = new NodeGroupAmiType('CUSTOM', 'CUSTOM', undefined, undefined);

  /** An AMI type by its EKS name; the library makes no architecture checks for it. */
  public static of(amiType: string): NodeGroupAmiType {
    const known = ALL.find((t) => t.value === amiType);
    return known ?? new NodeGroupAmiType(amiType, 'UNKNOWN', undefined, undefined);
  }

  /** The value EKS expects, e.g. `AL2023_x86_64_STANDARD`. */
  public readonly value: string;
  /** The OS family: `AL2023`, `AL2`, `BOTTLEROCKET`, `WINDOWS`, `CUSTOM` or `UNKNOWN`. */
  public readonly family: string;
  /** `x86_64` or `arm64`; undefined for CUSTOM and types given with `of()`. */
  public readonly architecture?: string;
  /** Whether the AMI carries GPU or accelerator drivers (NVIDIA, Neuron). */
  public readonly accelerated: boolean;
  private readonly accelerator?: Accelerator;

  private constructor(value: string, family: string, architecture: CpuArchitecture | undefined, accelerator: Accelerator | undefined) {
    this.value = value;
    this.family = family;
    this.architecture = architecture;
    this.accelerator = accelerator;
    this.accelerated = accelerator === 'nvidia' || accelerator === 'neuron';
  }

  /** @internal the accelerator the AMI supports */
  public get _accelerator(): Accelerator | undefined {
    return this.accelerator;
  }

  public toString(): string {
    return this.value;
  }
}

const ALL = Object.values(NodeGroupAmiType).filter((v): v is NodeGroupAmiType => v instanceof NodeGroupAmiType);

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
