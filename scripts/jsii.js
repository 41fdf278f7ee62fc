#!/usr/bin/env node
// `npm run build` and the jsii step of `npm test`: compiles lib/ with jsii (so that Python,
// Java, .NET and Go users get the same API) into dist/lib plus the assembly `.jsii`, adds the
// applier's handler, and makes the `nag` submodule load lazily. Fails with the rule that was
// broken and how to fix it; the rules are in README.md, "Development" → "jsii rules".
//
// 1. Exports jsii would silently drop (functions, consts, type aliases) — scripts/jsii-exports.js.
// 2. jsii itself (package.json "jsii": user-provided tsconfig.build.json, rule set "minimal"),
//    warnings fatal except the two below.
// 3. The handler (tsconfig.handler.json) into dist/lib/kubectl/handler-js, where
//    kubectl-provider.ts looks for it next to itself (copied from lib/kubectl/handler-js).
// 4. scripts/lazy-submodules.js, then a check that loading dist/lib/index.js does not load cdk-nag.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { droppedExports } = require('./jsii-exports');
const { lazifySubmodules, checkLazyLoading } = require('./lazy-submodules');

const root = path.join(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
// jsii 5.9 supports Node 22 and 24; it still runs on the Node 20 this project is tested with.
const env = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };

// Warnings we accept: reserved words of other languages that jsii renames for them (`namespace`
// and `type` are everywhere in EKS and in aws-cdk-lib's own API), and jsii's advice to pin the
// devDependency of a peer to the peer's minimum (we test against newer, pinned versions).
const SILENCED = ['reserved-word', 'metadata/missing-dev-dependency'];

const RULES = `
The public API (everything lib/index.ts exports) must compile with jsii. The rules
(README.md, "Development" -> "jsii rules"):
  - no exported functions, consts or type aliases: static methods/properties of a class
    (private constructor), or enums; module helpers stay unexported from lib/index.ts
  - no class extending Error or another built-in; throw KitValidationError (lib/errors.ts)
  - props are interfaces of readonly fields (structs): no methods, no function types
  - no TypeScript union, tuple, intersection or literal types in public signatures;
    maps are { [key: string]: T }, Kubernetes objects any
  - no overloads, no optional parameter before a required one, no parameter named like a
    prop of a struct parameter of the same method (JSII5017)
  - a class implementing an interface keeps its optional props optional (JSII5009)
  - interfaces with methods or non-readonly members are named I<Name>; structs are not
  - members marked @internal start with an underscore; public names are camelCase
  - types from a jsii dependency in the public API need that package in peerDependencies
`;

function fail(title, details) {
  console.error(`\n✖ jsii: ${title}\n`);
  if (details) console.error(details.trimEnd());
  console.error(RULES);
  process.exit(1);
}

function run(cmd, args, label) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8' });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return { ok: r.status === 0, out, seconds: ((Date.now() - started) / 1000).toFixed(1), label };
}

/**
 * The handler as `npm run build:handler` (run by `prepare` and `pretest`) compiled it into
 * lib/kubectl/handler-js, copied into dist/; compiled afresh when a source is newer.
 */
function copyHandler() {
  const src = path.join(root, 'lib', 'kubectl', 'handler');
  const built = path.join(root, 'lib', 'kubectl', 'handler-js');
  const newest = (dir, ext) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(ext)) : [])
    .reduce((m, f) => Math.max(m, fs.statSync(path.join(dir, f)).mtimeMs), 0);
  if (newest(built, '.js') < newest(src, '.ts')) {
    const r = run(bin('tsc'), ['-p', 'tsconfig.handler.json'], 'handler');
    if (!r.ok) return r;
  }
  const dest = path.join(root, 'dist', 'lib', 'kubectl', 'handler-js');
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(built, dest, { recursive: true });
  return { ok: true, seconds: '0' };
}

const t0 = Date.now();
const dropped = droppedExports();
const jsii = run(bin('jsii'), ['--fail-on-warnings', ...SILENCED.flatMap((w) => ['--silence-warnings', w])], 'jsii');
if (dropped.length > 0 || !jsii.ok) {
  const parts = [];
  if (dropped.length > 0) {
    parts.push(`${dropped.length} export(s) of lib/index.ts that jsii drops silently (no other language would see them):\n${dropped.join('\n')}`);
  }
  if (!jsii.ok) {
    // jsii prints each diagnostic with its file:line, its code (e.g. JSII5009) and its rule name.
    const diagnostics = jsii.out.split('\n')
      .filter((l) => !/^\s*!!/.test(l) && !/^\[\S+\] \[ERROR\] jsii\/compiler/.test(l)).join('\n');
    parts.push(`jsii's own diagnostics:\n${diagnostics}`);
  }
  fail('the public API is not jsii-compatible', parts.join('\n\n'));
}

const handler = copyHandler();
if (!handler.ok) fail('the applier handler (tsconfig.handler.json) does not compile', handler.out);

try {
  lazifySubmodules(path.join(root, 'dist', 'lib', 'index.js'));
  checkLazyLoading(path.join(root, 'dist', 'lib', 'index.js'));
} catch (e) {
  fail('the nag submodule is not loaded lazily', String(e instanceof Error ? e.message : e));
}

const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));
const types = Object.keys(assembly.types);
console.log(`jsii: ${types.length} types (${types.filter((t) => t.startsWith(`${assembly.name}.nag.`)).length} in submodule nag), `
  + `jsii ${jsii.seconds} s, total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
