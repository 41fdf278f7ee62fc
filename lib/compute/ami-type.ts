import type { Accelerator, CpuArchitecture } from './instance-types';

/**
 * The AMI type of a managed node group (`AmiType` of `AWS::EKS::Nodegroup`).
 *
 * Use a constant, or `NodeGroupAmiType.of('...')` for a type newer than this release of the
 * library (no architecture checks are made for those).
 *
 * The constants are the EKS API's `AMITypes` as of 2026 (botocore eks 2017-11-01 service model,
 * 1.43): AL2023 standard/NVIDIA/Neuron, Bottlerocket standard/NVIDIA/FIPS/NVIDIA-FIPS, Windows
 * Server 2022 and 2025, and AL2 (gone from Kubernetes 1.33 on).
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
  /** Bottlerocket with FIPS 140-3 validated cryptography, x86_64. */
  public static readonly BOTTLEROCKET_X86_64_FIPS = new NodeGroupAmiType('BOTTLEROCKET_x86_64_FIPS', 'BOTTLEROCKET', 'x86_64', 'none');
  /** Bottlerocket with FIPS 140-3 validated cryptography, arm64. */
  public static readonly BOTTLEROCKET_ARM_64_FIPS = new NodeGroupAmiType('BOTTLEROCKET_ARM_64_FIPS', 'BOTTLEROCKET', 'arm64', 'none');
  /** Bottlerocket with NVIDIA drivers and FIPS 140-3 validated cryptography, x86_64. */
  public static readonly BOTTLEROCKET_X86_64_NVIDIA_FIPS = new NodeGroupAmiType('BOTTLEROCKET_x86_64_NVIDIA_FIPS', 'BOTTLEROCKET', 'x86_64', 'nvidia');
  /** Bottlerocket with NVIDIA drivers and FIPS 140-3 validated cryptography, arm64. */
  public static readonly BOTTLEROCKET_ARM_64_NVIDIA_FIPS = new NodeGroupAmiType('BOTTLEROCKET_ARM_64_NVIDIA_FIPS', 'BOTTLEROCKET', 'arm64', 'nvidia');
  /** Windows Server 2025 Core, x86_64. */
  public static readonly WINDOWS_CORE_2025_X86_64 = new NodeGroupAmiType('WINDOWS_CORE_2025_x86_64', 'WINDOWS', 'x86_64', 'none');
  /** Windows Server 2025 Full, x86_64. */
  public static readonly WINDOWS_FULL_2025_X86_64 = new NodeGroupAmiType('WINDOWS_FULL_2025_x86_64', 'WINDOWS', 'x86_64', 'none');
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
