import { Token } from 'aws-cdk-lib';
import { commonArchitecture, describeArchitectures, instanceTypeInfo } from '../../lib/compute/instance-types';

describe('instanceTypeInfo', () => {
  test.each([
    ['m7g.large', 'arm64', 'none'],
    ['c6gn.xlarge', 'arm64', 'none'],
    ['im4gn.large', 'arm64', 'none'],
    ['is4gen.medium', 'arm64', 'none'],
    ['x2gd.medium', 'arm64', 'none'],
    ['t4g.small', 'arm64', 'none'],
    ['a1.large', 'arm64', 'none'],
    ['hpc7g.4xlarge', 'arm64', 'none'],
    ['g5g.xlarge', 'arm64', 'nvidia'],
    ['m7i.large', 'x86_64', 'none'],
    ['m7i-flex.large', 'x86_64', 'none'],
    ['t3.medium', 'x86_64', 'none'],
    ['c5n.large', 'x86_64', 'none'],
    ['g4dn.xlarge', 'x86_64', 'nvidia'],
    ['p5.48xlarge', 'x86_64', 'nvidia'],
    ['gr6.4xlarge', 'x86_64', 'nvidia'],
    ['inf2.xlarge', 'x86_64', 'neuron'],
    ['trn1n.32xlarge', 'x86_64', 'neuron'],
    ['g4ad.xlarge', 'x86_64', 'other'],
  ])('%s is %s with accelerator %s', (name, architecture, accelerator) => {
    // WHEN
    const info = instanceTypeInfo(name);
    // THEN
    expect(info).toEqual(expect.objectContaining({ name, architecture, accelerator }));
  });

  test('tokens and malformed names are unknown', () => {
    expect(instanceTypeInfo(Token.asString({ Ref: 'InstanceType' }))).toBeUndefined();
    expect(instanceTypeInfo('large')).toBeUndefined();
    expect(instanceTypeInfo('m7g.')).toBeUndefined();
    expect(instanceTypeInfo('u-6tb1.metal')).toBeUndefined();
  });
});

describe('commonArchitecture', () => {
  const info = (n: string) => instanceTypeInfo(n)!;

  test('one architecture, mixed, or none known', () => {
    expect(commonArchitecture([info('m7g.large'), info('c7g.large')])).toBe('arm64');
    expect(commonArchitecture([info('m7g.large'), info('m7i.large')])).toBe('mixed');
    expect(commonArchitecture([])).toBeUndefined();
  });

  test('describes each type with its architecture', () => {
    expect(describeArchitectures([info('m7g.large'), info('m7i.large')])).toBe('m7g.large (arm64), m7i.large (x86_64)');
  });
});
