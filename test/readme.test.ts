import { readdirSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

// `npm test` extracts the README's code blocks (scripts/readme-snippets.js) and type-checks them;
// here each section's code also runs, so README examples cannot throw at synth time either.
const dir = join(__dirname, 'readme-snippets');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

test('README sections have code', () => {
  expect(files).toEqual(expect.arrayContaining(['cluster.ts', 'compute.ts', 'kubectl.ts']));
});

test.each(files)('README section %s runs', (file) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(dir, file));
  const classes = Object.values(mod) as Array<new (scope: Construct, id: string) => Stack>;
  expect(classes).toHaveLength(1);
  const app = new App({ context: { 'cdk-eks-kit:supportCalendarDate': '2026-11-25' } });
  expect(() => new classes[0](app, 'Readme')).not.toThrow();
  // Synth-time validations (e.g. a waiting Helm chart on a cluster without capacity) too.
  expect(() => app.synth()).not.toThrow();
});
