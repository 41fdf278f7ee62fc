#!/usr/bin/env node
// The consumer test: installs the tarball that `npm pack` made (by way of jsii-pacmak's js
// target, dist/packages/js/*.jsii.tgz) into a fresh app in a temp folder and synthesizes a
// cluster with a manifest there, so that a file left out of `files`, a runtime dependency left
// out of `dependencies` or an unbundled non-jsii dependency fails `npm test`.
//
// Offline and fast: the app's package.json links aws-cdk-lib and constructs (peers) and exactly
// the tarball's declared `dependencies` from this repository's node_modules (installed by
// `npm ci` from the lock file) as `file:` directories; npm then only unpacks the tarball. A
// module the library requires but does not declare is therefore not on the app's resolution
// path, and the synth fails with "Cannot find module".
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');

function sh(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function findTarball() {
  const dir = path.join(root, 'dist', 'packages', 'js');
  const tgz = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.tgz')) : [];
  if (tgz.length !== 1) throw new Error(`expected one tarball in ${dir} (made by jsii-pacmak), found ${tgz.length}`);
  return path.join(dir, tgz[0]);
}

function consumerTest(tarball = findTarball()) {
  const started = Date.now();
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-eks-kit-consumer-'));
  try {
    // What the tarball declares, read from the tarball itself.
    const listing = sh('tar', ['-tzf', tarball], app).split('\n').filter(Boolean);
    const pkg = JSON.parse(sh('tar', ['-xzOf', tarball, 'package/package.json'], app));
    const problems = [];
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      const depPkg = path.join(root, 'node_modules', dep, 'package.json');
      if (!fs.existsSync(depPkg)) {
        problems.push(`dependency ${dep} is not installed in node_modules (is it in package-lock.json?)`);
        continue;
      }
      // jsii: a dependency that is not itself a jsii module must travel inside the package.
      const isJsii = fs.existsSync(path.join(root, 'node_modules', dep, '.jsii'));
      if (!isJsii && !(pkg.bundledDependencies ?? []).includes(dep)) {
        problems.push(`dependency ${dep} is not a jsii module, so it must be listed in bundledDependencies`);
      }
      if (!isJsii && !listing.includes(`package/node_modules/${dep}/package.json`)) {
        problems.push(`bundled dependency ${dep} is missing from the tarball`);
      }
    }
    if (!listing.includes('package/.jsii')) problems.push("the tarball has no .jsii assembly ('files' must list it)");
    if (problems.length > 0) throw new Error(problems.join('\n'));

    const link = (name) => `file:${path.join(root, 'node_modules', name)}`;
    const dependencies = { 'cdk-eks-kit': `file:${tarball}` };
    for (const name of ['aws-cdk-lib', 'constructs', 'cdk-nag', ...Object.keys(pkg.dependencies ?? {})]) dependencies[name] = link(name);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '0.0.0', private: true, dependencies }, null, 2));
    sh('npm', ['install', '--offline', '--legacy-peer-deps', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], app);

    // Every path package.json promises (main, types, exports) is in the installed package.
    const installed = path.join(app, 'node_modules', 'cdk-eks-kit');
    const promised = [pkg.main, pkg.types, ...Object.values(pkg.exports ?? {}).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))];
    const missing = promised.filter((p) => p && !fs.existsSync(path.join(installed, p)));
    if (missing.length > 0) throw new Error(`package.json points at files the tarball lacks: ${missing.join(', ')}`);

    fs.writeFileSync(path.join(app, 'app.js'), CONSUMER_APP);
    const out = sh(process.execPath, ['app.js'], app);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    return { summary: out.trim(), seconds };
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
}

// Plain JavaScript, as a consumer would run after `tsc`: one cluster, one manifest, the nag
// pack from the submodule, and checks on the synthesized cloud assembly.
const CONSUMER_APP = `
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { App, Stack, Validations } = require('aws-cdk-lib');
const kit = require('cdk-eks-kit');
const nagLoaded = () => Object.keys(require.cache).some((f) => f.includes(path.sep + 'cdk-nag' + path.sep));
assert(!nagLoaded(), 'requiring cdk-eks-kit loaded cdk-nag');

const app = new App({ context: { 'cdk-eks-kit:supportCalendarDate': '2026-12-01' } });
const stack = new Stack(app, 'Consumer');
const cluster = new kit.Cluster(stack, 'Cluster', { version: kit.KubernetesVersion.V1_35 });
cluster.addManifest('Team', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
Validations.of(app).addPlugins(new kit.nag.EksKitChecks(app));
assert(nagLoaded(), 'kit.nag did not load cdk-nag');
const assembly = app.synth();

const template = assembly.getStackByName('Consumer').template;
const types = Object.values(template.Resources).map((r) => r.Type);
assert(types.includes('AWS::EKS::Cluster'), 'no AWS::EKS::Cluster');
const manifests = Object.values(template.Resources).filter((r) => r.Type.startsWith('Custom::') && JSON.stringify(r.Properties).includes('team-a'));
assert.strictEqual(manifests.length, 1, 'the manifest is not in the template');
// The applier handler is an asset staged from the package (dist/lib/kubectl/handler-js).
const handlerAsset = fs.readdirSync(assembly.directory).filter((d) => d.startsWith('asset.'))
  .some((d) => ['index.js', 'aws-sign.js'].every((f) => fs.existsSync(path.join(assembly.directory, d, f))));
assert(handlerAsset, 'the applier handler asset is missing from cdk.out');
// (synth throws if the EksKit pack reports a finding)
console.log('consumer app: ' + types.length + ' resources synthesized, manifest and handler asset present, EksKit pack clean');
`;

module.exports = { consumerTest };

if (require.main === module) {
  const r = consumerTest(process.argv[2]);
  console.log(`${r.summary} (${r.seconds} s)`);
}
