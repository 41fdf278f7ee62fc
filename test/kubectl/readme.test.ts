import { readFileSync } from 'fs';
import { join } from 'path';

const normalize = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean).join('\n');

test('every TypeScript block of the README kubectl section is in the type-checked snippets file', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- section: kubectl -->'), readme.indexOf('<!-- end section: kubectl -->'));
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  const snippets = normalize(readFileSync(join(__dirname, 'readme-snippets.ts'), 'utf8'));
  for (const block of blocks) expect(snippets).toContain(normalize(block));
});
