import { readdirSync, statSync } from 'fs';
import { join } from 'path';

const SRC = join(__dirname, '..', '..', '..', 'lib', 'kubectl', 'handler');
const OUT = join(__dirname, '..', '..', '..', 'lib', 'kubectl', 'handler-js');

test('the compiled handler asset (npm run build:handler) has one up-to-date .js per source file and loads', () => {
  const sources = readdirSync(SRC).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '.js')).sort();
  expect(readdirSync(OUT).filter((f) => f.endsWith('.js')).sort()).toEqual(sources);
  for (const file of sources) {
    expect(statSync(join(OUT, file)).mtimeMs).toBeGreaterThanOrEqual(statSync(join(SRC, file.replace(/\.js$/, '.ts'))).mtimeMs);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const compiled = require(join(OUT, 'index.js'));
  expect(typeof compiled.handler).toBe('function');
  const bytes = sources.reduce((sum, f) => sum + statSync(join(OUT, f)).size, 0);
  expect(bytes).toBeLessThan(100_000);
});
