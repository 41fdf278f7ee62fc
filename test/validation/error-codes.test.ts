import { readFileSync } from 'fs';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { section, collect } = require('../../scripts/error-codes.js');

test('the README lists every error code by construct (run `node scripts/error-codes.js --write` after adding one)', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toContain(section());
});

test('the table finds the codes of the main constructs', () => {
  const codes: Map<string, Set<string>> = collect();
  expect([...codes.get('Cluster')!]).toEqual(expect.arrayContaining(['ClusterName', 'ClusterEndpointCidrs']));
  expect([...codes.get('every construct')!]).toEqual(['PropType']);
  expect([...codes.get('KubernetesManifest')!]).toEqual(expect.arrayContaining(['KubernetesObject', 'KubernetesObjectSchema', 'KubernetesObjectDuplicate']));
});
