import { App, Stack } from 'aws-cdk-lib';
import { Cluster, KitErrors, KubernetesVersion } from '../lib';
import { KitValidationError } from '../lib/errors';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

test('KitErrors recognises a validation error and reads its code and construct path', () => {
  // GIVEN an invalid cluster name
  const error = thrownBy(() => new Cluster(new Stack(new App(), 'Test'), 'Cluster', { version: KubernetesVersion.V1_35, clusterName: 'a b' }));
  // THEN the jsii-visible checker and the TypeScript class agree
  expect(KitErrors.isKitValidationError(error)).toBe(true);
  expect(error).toBeInstanceOf(KitValidationError);
  expect(error).toBeInstanceOf(Error);
  expect(KitErrors.codeOf(error)).toBe('ClusterName');
  expect(KitErrors.constructPathOf(error)).toBe('Test/Cluster');
  expect((error as Error).message).toMatch(/^Test\/Cluster: .* \[ClusterName\]$/);
});

test.each([
  ['a plain Error', new Error('x')],
  ['an object with a code', { code: 'ClusterName', constructPath: 'a' }],
  ['a string', 'ClusterName'],
  ['null', null],
  ['undefined', undefined],
])('KitErrors refuses %s', (_name, value) => {
  expect(KitErrors.isKitValidationError(value)).toBe(false);
  expect(KitErrors.codeOf(value)).toBeUndefined();
  expect(KitErrors.constructPathOf(value)).toBeUndefined();
});

test('an error from another copy of the library is recognised by its marker, not its class', () => {
  const foreign = Object.assign(new Error('Other/Cluster: bad [ClusterName]'), { code: 'ClusterName', constructPath: 'Other/Cluster' });
  Object.defineProperty(foreign, Symbol.for('cdk-eks-kit.KitValidationError'), { value: true });
  expect(foreign).not.toBeInstanceOf(KitValidationError);
  expect(KitErrors.codeOf(foreign)).toBe('ClusterName');
});
