#!/usr/bin/env node
// Extracts the ```ts code blocks of README.md into test/readme-snippets/<section>.ts so that
// `tsc --noEmit` (part of `npm test`) proves the README's code compiles against lib/.
// Blocks of one README section are concatenated in order (later blocks may use earlier names);
// their imports are hoisted and merged, and 'cdk-eks-kit' resolves to ../../lib.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const outDir = path.join(root, 'test', 'readme-snippets');
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

const sections = [...readme.matchAll(/<!-- section: ([\w-]+) -->([\s\S]*?)<!-- end section: \1 -->/g)];
let count = 0;
for (const [, name, body] of sections) {
  const blocks = [...body.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (blocks.length === 0) continue;
  const named = new Map(); // module -> Set of names
  const other = new Set(); // namespace/default import lines
  const code = [];
  for (const block of blocks) {
    const importPattern = /^import\s+([\s\S]+?)\s+from\s+'([^']+)';[ \t]*$/gm;
    for (const imp of block.matchAll(importPattern)) {
      const module = imp[2] === 'cdk-eks-kit' ? '../../lib' : imp[2];
      const braces = /^\{([^}]*)\}$/.exec(imp[1].trim());
      if (braces) {
        const set = named.get(module) ?? new Set();
        braces[1].split(',').map((n) => n.trim()).filter(Boolean).forEach((n) => set.add(n));
        named.set(module, set);
      } else {
        other.add(`import ${imp[1]} from '${module}';`);
      }
    }
    code.push(block.replace(importPattern, ''));
  }
  const imports = [...other, ...[...named].map(([m, names]) => `import { ${[...names].join(', ')} } from '${m}';`)];
  const file = `// Generated from README.md section '${name}' by scripts/readme-snippets.js. Do not edit.\n`
    + `/* eslint-disable */\n${imports.join('\n')}\n\nexport function readmeSnippet_${name.replace(/-/g, '_')}(): void {\n${code.join('\n')}\n}\n`;
  fs.writeFileSync(path.join(outDir, `${name}.ts`), file);
  count += blocks.length;
}
console.log(`readme-snippets: ${count} code blocks from ${sections.length} sections written to test/readme-snippets/`);
