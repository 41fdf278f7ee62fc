import { readdirSync } from 'fs';
import { join } from 'path';

// `npm test` extracts the README's code blocks (scripts/readme-snippets.js) and type-checks them;
// here each section's code also runs, so README examples cannot throw at synth time either.
const dir = join(__dirname, 'readme-snippets');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

test('README sections have code', () => {
  expect(files).toContain('cluster.ts');
});

test.each(files)('README section %s runs', (file) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(dir, file));
  const fns = Object.values(mod).filter((v): v is () => void => typeof v === 'function');
  expect(fns).toHaveLength(1);
  expect(() => fns[0]()).not.toThrow();
});
