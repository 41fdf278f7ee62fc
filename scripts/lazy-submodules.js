#!/usr/bin/env node
// jsii recognises a submodule only as `export * as nag from './nag'`, which TypeScript compiles
// to an eager `exports.nag = __importStar(require("./nag"))`: every app would load cdk-nag.
// aws-cdk-lib rewrites its compiled index the same way (a getter that requires the submodule on
// first access and then replaces itself with the value), so `require('cdk-eks-kit')` stays cheap
// and needs cdk-nag (an optional peer dependency) only where the app touches `nag`.
const fs = require('fs');
const path = require('path');

/** Submodules of the package that load on first access. */
const LAZY = ['nag'];

/** The compiled index `js` with each submodule of LAZY loaded on first access. */
function lazifySource(js, fileName = 'lib/index.js') {
  for (const name of LAZY) {
    if (js.includes(`/* lazy submodule: ${name} */`)) continue; // already rewritten
    const eager = `exports.${name} = __importStar(require("./${name}"));`;
    if (!js.includes(eager)) {
      throw new Error(`${fileName} has no line '${eager}'; `
        + `lib/index.ts must export the submodule as \`export * as ${name} from './${name}';\``);
    }
    js = js.replace(eager, `/* lazy submodule: ${name} */ Object.defineProperty(exports, "${name}", {
    enumerable: true, configurable: true,
    get: function () {
        var value = __importStar(require("./${name}"));
        Object.defineProperty(exports, "${name}", { enumerable: true, configurable: true, value: value });
        return value;
    },
});`);
  }
  return js;
}

function lazifySubmodules(indexJs) {
  fs.writeFileSync(indexJs, lazifySource(fs.readFileSync(indexJs, 'utf8'), path.relative(process.cwd(), indexJs)));
}

/** Loads the compiled index in a child process and proves cdk-nag stays unloaded until `nag` is used. */
function checkLazyLoading(indexJs) {
  const { spawnSync } = require('child_process');
  const probe = `
    const loaded = () => Object.keys(require.cache).some((f) => f.includes('/node_modules/cdk-nag/'));
    const kit = require(${JSON.stringify(indexJs)});
    if (loaded()) throw new Error('requiring the package loaded cdk-nag');
    if (typeof kit.Cluster !== 'function') throw new Error('the package exports no Cluster');
    if (typeof kit.nag.EksKitChecks !== 'function') throw new Error('nag.EksKitChecks is missing');
    if (!loaded()) throw new Error('nag did not load cdk-nag');
  `;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error((r.stderr || r.stdout).trim().split('\n').find((l) => /Error/.test(l)) ?? r.stderr);
}

module.exports = { lazifySource, lazifySubmodules, checkLazyLoading };
