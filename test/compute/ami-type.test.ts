import { KubernetesVersion } from '../../lib';
import { NodeGroupAmiType } from '../../lib/compute/ami-type';
import { amiTypeFindings, defaultAmiType } from '../../lib/compute/ami-type-rules';
import { instanceTypeInfo } from '../../lib/compute/instance-types';

const infos = (...names: string[]) => names.map((n) => instanceTypeInfo(n)!);

describe('defaultAmiType', () => {
  test.each([
    [[], 'AL2023_x86_64_STANDARD'],
    [['m7i.large'], 'AL2023_x86_64_STANDARD'],
    [['m7g.large', 'c7g.large'], 'AL2023_ARM_64_STANDARD'],
    [['g5.xlarge'], 'AL2023_x86_64_NVIDIA'],
    [['g5g.xlarge'], 'AL2023_ARM_64_NVIDIA'],
    [['inf2.xlarge'], 'AL2023_x86_64_NEURON'],
    [['g5.xlarge', 'm7i.large'], 'AL2023_x86_64_STANDARD'],
  ])('%j → %s', (names, expected) => {
    expect(defaultAmiType(infos(...names)).value).toBe(expected);
  });
});

describe('NodeGroupAmiType', () => {
  test('of() returns the known constant or an unchecked type', () => {
    expect(NodeGroupAmiType.of('BOTTLEROCKET_ARM_64')).toBe(NodeGroupAmiType.BOTTLEROCKET_ARM_64);
    const future = NodeGroupAmiType.of('AL2027_RISCV_STANDARD');
    expect(future.value).toBe('AL2027_RISCV_STANDARD');
    expect(future.architecture).toBeUndefined();
    expect(future.family).toBe('UNKNOWN');
  });
});

describe('amiTypeFindings', () => {
  test('an arm64 AMI on x86 instances is an error naming both', () => {
    // WHEN
    const { errors } = amiTypeFindings(NodeGroupAmiType.AL2023_ARM_64_STANDARD, infos('m7i.large'));
    // THEN
    expect(errors).toEqual([expect.stringMatching(/'amiType' is AL2023_ARM_64_STANDARD \(arm64\) but 'instanceTypes' are x86_64: m7i\.large.*AL2023_x86_64_STANDARD/)]);
  });

  test('mixed architectures are an error', () => {
    const { errors } = amiTypeFindings(NodeGroupAmiType.AL2023_X86_64_STANDARD, infos('m7i.large', 'm7g.large'));
    expect(errors).toEqual([expect.stringMatching(/'instanceTypes' mixes CPU architectures: m7i\.large \(x86_64\), m7g\.large \(arm64\)/)]);
  });

  test('AL2 is an error from 1.33 on and accepted up to 1.32', () => {
    expect(amiTypeFindings(NodeGroupAmiType.AL2_X86_64, infos('m7i.large'), KubernetesVersion.V1_33).errors)
      .toEqual([expect.stringMatching(/'amiType' is AL2_x86_64.*only up to Kubernetes 1\.32.*runs 1\.33/)]);
    expect(amiTypeFindings(NodeGroupAmiType.AL2_X86_64, infos('m7i.large'), KubernetesVersion.V1_32).errors).toEqual([]);
  });

  test('a GPU AMI on instances without that accelerator is a warning, not an error', () => {
    const findings = amiTypeFindings(NodeGroupAmiType.AL2023_X86_64_NVIDIA, infos('m7i.large', 'g5.xlarge'));
    expect(findings.errors).toEqual([]);
    expect(findings.warnings).toEqual([expect.stringMatching(/AL2023_x86_64_NVIDIA is built for nvidia accelerators, but m7i\.large has none/)]);
    expect(amiTypeFindings(NodeGroupAmiType.AL2023_X86_64_NVIDIA, infos('g5.xlarge')).warnings).toEqual([]);
  });

  test('unknown instance types (tokens) and unchecked AMI types give no findings', () => {
    expect(amiTypeFindings(NodeGroupAmiType.AL2023_ARM_64_STANDARD, [])).toEqual({ errors: [], warnings: [], unsupportedFamilyWarnings: [] });
    expect(amiTypeFindings(NodeGroupAmiType.of('NEW_TYPE'), infos('m7i.large'))).toEqual({ errors: [], warnings: [], unsupportedFamilyWarnings: [] });
  });
});
