#!/usr/bin/env node
// Runs the integration tests (test/integ/integ.*.ts) against a real AWS account: for each test
// it deploys the example stack and its assertion stack with this project's CDK CLI, reads the
// assertion results from the stack outputs (as integ-runner does), and destroys everything —
// also when the deploy or an assertion failed.
//
//   node scripts/integ.js [--region eu-west-1] [--profile p] [--keep] [basic-cluster ...]
//
// Costs money (EKS clusters, NAT gateways, load balancers) and takes 25–45 minutes per test.
// The account must be bootstrapped (`npx cdk bootstrap`). Without test names, all run one
// after another. `npm test` only synthesizes them (test/integ/integ-synth.test.ts).
//
// Why not integ-runner: the newest @aws-cdk/integ-runner on the registry (2.197.10) reads
// cloud-assembly schema 53, and aws-cdk-lib 2.276 writes 55 ("AssemblyVersionMismatch …
// You need at least CLI version 2.1148.2"). The test files follow integ-runner's layout
// (IntegTest from @aws-cdk/integ-tests-alpha, one app per file), so a release that reads
// schema 55 runs them unchanged:
//   npx integ-runner --directory test/integ --app "npx tsx {filePath}" --test-regex "^integ\..+\.ts$" --parallel-regions eu-west-1 --update-on-failed
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const integDir = path.join(root, 'test', 'integ');

/** Failed assertions in a `cdk deploy --outputs-file` result: `[stack, output, message]`. */
function assertionFailures(outputs) {
  const failures = [];
  let seen = 0;
  for (const [stack, values] of Object.entries(outputs)) {
    for (const [key, raw] of Object.entries(values)) {
      if (!key.startsWith('AssertionResults')) continue;
      seen += 1;
      let result;
      try {
        result = JSON.parse(String(raw).replace(/\n/g, '\\n'));
      } catch (e) {
        failures.push([stack, key, `unreadable result: ${raw}`]);
        continue;
      }
      if (result.status === 'fail') failures.push([stack, key, result.message]);
    }
  }
  return { failures, seen };
}

function parseArgs(argv) {
  const opts = { region: process.env.AWS_REGION, profile: undefined, keep: false, tests: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--region') opts.region = argv[++i];
    else if (a === '--profile') opts.profile = argv[++i];
    else if (a === '--keep') opts.keep = true;
    else opts.tests.push(a.replace(/^integ\./, '').replace(/\.ts$/, ''));
  }
  return opts;
}

function cdk(args, opts) {
  const env = { ...process.env };
  if (opts.region) Object.assign(env, { AWS_REGION: opts.region, AWS_DEFAULT_REGION: opts.region, CDK_DEFAULT_REGION: opts.region });
  const full = [...args, ...(opts.profile ? ['--profile', opts.profile] : [])];
  console.log(`$ npx cdk ${full.join(' ')}`);
  return spawnSync('npx', ['cdk', ...full], { cwd: root, env, stdio: 'inherit' }).status === 0;
}

function run(name, opts) {
  const file = path.join('test', 'integ', `integ.${name}.ts`);
  const out = path.join('cdk.out.integ', name);
  const outputsFile = path.join(out, 'outputs.json');
  const common = ['--app', `npx tsx ${file}`, '--output', out, '--all'];
  const started = Date.now();
  let ok = cdk(['deploy', ...common, '--require-approval', 'never', '--outputs-file', outputsFile], opts);
  if (ok) {
    const outputs = fs.existsSync(path.join(root, outputsFile)) ? JSON.parse(fs.readFileSync(path.join(root, outputsFile), 'utf8')) : {};
    const { failures, seen } = assertionFailures(outputs);
    for (const [stack, key, message] of failures) console.error(`FAILED ${name}: ${stack} ${key}: ${message}`);
    if (seen === 0) console.error(`FAILED ${name}: no assertion results in the stack outputs`);
    ok = failures.length === 0 && seen > 0;
  }
  if (!opts.keep) ok = cdk(['destroy', ...common, '--force'], opts) && ok;
  console.log(`${ok ? 'PASSED' : 'FAILED'} ${name} in ${Math.round((Date.now() - started) / 60000)} min`);
  return ok;
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2));
  const all = fs.readdirSync(integDir).filter((f) => /^integ\..+\.ts$/.test(f)).map((f) => f.slice(6, -3)).sort();
  const tests = opts.tests.length > 0 ? opts.tests : all;
  const unknown = tests.filter((t) => !all.includes(t));
  if (unknown.length > 0) {
    console.error(`unknown integ test(s): ${unknown.join(', ')}; known: ${all.join(', ')}`);
    process.exit(2);
  }
  const results = tests.map((t) => [t, run(t, opts)]);
  const failed = results.filter(([, ok]) => !ok).map(([t]) => t);
  console.log(failed.length === 0 ? `all ${results.length} integ test(s) passed` : `failed: ${failed.join(', ')}`);
  process.exit(failed.length === 0 ? 0 : 1);
}

module.exports = { assertionFailures, parseArgs };
