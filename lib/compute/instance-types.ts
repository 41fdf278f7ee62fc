import { Token } from 'aws-cdk-lib';

/** The CPU architecture of an EC2 instance type, as EKS AMI types name it. */
export type CpuArchitecture = 'x86_64' | 'arm64';

/** The accelerator an instance type carries, as far as EKS AMI selection cares. */
export type Accelerator = 'none' | 'nvidia' | 'neuron' | 'other';

/** What this library knows about an instance type. */
export interface InstanceTypeInfo {
  /** The instance type as given, e.g. `m7g.large`. */
  readonly name: string;
  /** The family, e.g. `m7g`. */
  readonly family: string;
  readonly architecture: CpuArchitecture;
  readonly accelerator: Accelerator;
}

// Families with an accelerator, by the part before the generation number.
// NVIDIA: p*, g* (except g4ad, AMD Radeon), gr6; AWS Neuron: inf*, trn*; Habana: dl1.
const NVIDIA_PREFIXES = ['p', 'g', 'gr'];
const NEURON_PREFIXES = ['inf', 'trn'];
const OTHER_ACCELERATED = new Set(['g4ad', 'dl1', 'dl2q', 'f1', 'f2', 'vt1']);
// Arm families that do not follow the "<prefix><generation>g<suffix>" pattern of Graviton.
const ARM_EXCEPTIONS = new Set(['a1', 'mac2', 'mac2-m2', 'mac2-m2pro', 'mac-m4', 'mac-m4pro']);

const FAMILY_PATTERN = /^([a-z]+)(\d+)([a-z-]*)$/;

/**
 * Reads the architecture and accelerator of an instance type from its name.
 *
 * AWS Graviton families carry a `g` right after the generation (`m7g`, `c6gn`, `im4gn`,
 * `x2gd`, `g5g`); `a1` and the Apple silicon Mac families are Arm too; everything else is
 * x86_64. Returns undefined for tokens and for names that are not `<family>.<size>`.
 */
export function instanceTypeInfo(instanceType: string): InstanceTypeInfo | undefined {
  if (Token.isUnresolved(instanceType)) return undefined;
  const dot = instanceType.indexOf('.');
  if (dot <= 0 || dot === instanceType.length - 1) return undefined;
  const family = instanceType.slice(0, dot).toLowerCase();
  const match = FAMILY_PATTERN.exec(family);
  if (!match) return undefined;
  const [, prefix, , suffix] = match;
  const arm = ARM_EXCEPTIONS.has(family) || suffix.startsWith('g');
  let accelerator: Accelerator = 'none';
  if (OTHER_ACCELERATED.has(family)) accelerator = 'other';
  else if (NVIDIA_PREFIXES.includes(prefix)) accelerator = 'nvidia';
  else if (NEURON_PREFIXES.includes(prefix)) accelerator = 'neuron';
  return { name: instanceType, family, architecture: arm ? 'arm64' : 'x86_64', accelerator };
}

/**
 * The single architecture of a set of instance types, `undefined` when none is known
 * (tokens only, or no types), or `'mixed'` when they disagree.
 */
export function commonArchitecture(infos: InstanceTypeInfo[]): CpuArchitecture | 'mixed' | undefined {
  const archs = new Set(infos.map((i) => i.architecture));
  if (archs.size === 0) return undefined;
  if (archs.size > 1) return 'mixed';
  return [...archs][0];
}

/** Describes the architectures of a set of instance types for error messages: `m7g.large (arm64), m7i.large (x86_64)`. */
export function describeArchitectures(infos: InstanceTypeInfo[]): string {
  return infos.map((i) => `${i.name} (${i.architecture})`).join(', ');
}
