// ts-jest (isolatedModules, as jest.config.js sets), plus one rewrite the published package also
// gets: the compiled lib/index.ts loads its `nag` submodule on first access
// (scripts/lazy-submodules.js), so a test file that imports the library does not load cdk-nag's
// 270 modules unless it uses the pack — as in a user's app.
const { join } = require('path');
const { TsJestTransformer } = require('ts-jest');
const { lazifySource } = require('../scripts/lazy-submodules');

const INDEX = join(__dirname, '..', 'lib', 'index.ts');

class LazySubmoduleTransformer extends TsJestTransformer {
  process(source, path, options) {
    const out = super.process(source, path, options);
    return path === INDEX ? { ...out, code: lazifySource(out.code, 'lib/index.ts') } : out;
  }

  getCacheKey(source, path, options) {
    return `${super.getCacheKey(source, path, options)}:lazy-submodules-1`;
  }
}

module.exports = { createTransformer: (config) => new LazySubmoduleTransformer(config) };
