#!/usr/bin/env node
// Extracts the ```ts code blocks of README.md into test/readme-snippets/<section>.ts so that
// `tsc --noEmit` (part of `npm test`) type-checks them against lib/, and test/readme.test.ts
// runs them. The blocks of one README section (<!-- section: X --> … <!-- end section: X -->)
// become the body of one Stack constructor, in order, so later blocks may use earlier names
// and `this` is a Stack. A hidden `<!-- snippet-setup … -->` comment in the section adds
// imports or declarations the reader does not need to see. Imports are hoisted and merged;
// 'cdk-eks-kit' resolves to ../../lib and 'cdk-eks-kit/nag' to ../../lib/nag.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const outDir = path.join(root, 'test', 'readme-snippets');
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

const importPattern = /^import\s+([\s\S]+?)\s+from\s+'([^']+)';[ \t]*$/gm;
const sections = [...readme.matchAll(/<!-- section: ([\w-]+) -->([\s\S]*?)<!-- end section: \1 -->/g)];
let count = 0;
for (const [, name, body] of sections) {
  const pieces = [...body.matchAll(/```ts\n([\s\S]*?)```|<!-- snippet-setup\n([\s\S]*?)-->/g)]
    .map((m) => m[1] ?? m[2]);
  if (!body.includes('```ts')) continue;
  const named = new Map([['aws-cdk-lib', new Set(['Stack'])], ['constructs', new Set(['Construct'])]]);
  const other = new Set();
  const code = [];
  for (const piece of pieces) {
    for (const imp of piece.matchAll(importPattern)) {
      const module = imp[2].startsWith('cdk-eks-kit') ? imp[2].replace(/^cdk-eks-kit/, '../../lib') : imp[2];
      const braces = /^\{([^}]*)\}$/.exec(imp[1].trim());
      if (braces) {
        const set = named.get(module) ?? new Set();
        braces[1].split(',').map((n) => n.trim()).filter(Boolean).forEach((n) => set.add(n));
        named.set(module, set);
      } else {
        other.add(`import ${imp[1]} from '${module}';`);
      }
    }
    code.push(piece.replace(importPattern, ''));
    count += 1;
  }
  const imports = [...other, ...[...named].map(([m, names]) => `import { ${[...names].join(', ')} } from '${m}';`)];
  const className = `ReadmeSection_${name.replace(/-/g, '_')}`;
  const file = `// Generated from README.md section '${name}' by scripts/readme-snippets.js. Do not edit.\n`
    + `${imports.join('\n')}\n\nexport class ${className} extends Stack {\n`
    + `  constructor(scope: Construct, id: string) {\n    super(scope, id);\n${code.join('\n')}\n  }\n}\n`;
  fs.writeFileSync(path.join(outDir, `${name}.ts`), file);
}
console.log(`readme-snippets: ${count} code blocks from ${sections.length} sections written to test/readme-snippets/`);
