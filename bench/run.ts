/**
 * `npm run bench`: synthesizes every bench scenario with every library as whole, separate
 * Node.js processes and prints one table (markdown) of synth time, peak memory and
 * footprint, with the ratios cdk-eks-kit / aws-eks-v2.
 *
 * Options: `--runs N` (timed runs per cell and validator mode, default 5; env BENCH_RUNS),
 * `--only a,b` (scenario names, e.g. `standard,scaling-100`), `--validator off` (skip the
 * validator-on runs). Results also go to bench/out/results.{json,md}.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import { dirname, join } from 'path';
import { performance } from 'perf_hooks';
import { SCALING_COUNTS, STANDARD_MANIFEST_COUNT } from './scenarios/common';
import { AssemblyFigures, assemblyFigures, failureReason, median, parseGnuTime } from './measure';
import { Cell, FLOOR, Library, LIBRARIES, Mode, renderReport, Timing } from './report';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lazifySubmodules } = require('../scripts/lazy-submodules') as { lazifySubmodules: (indexJs: string) => void };

const ROOT = join(__dirname, '..');
const OUT = join(__dirname, 'out');
const DIST_APPS = join(OUT, 'dist', 'bench', 'apps');
const GNU_TIME = '/usr/bin/time';
const CHILD_TIMEOUT_MS = 10 * 60 * 1000;

interface Options { runs: number; only?: string[]; validatorOn: boolean }

function parseOptions(argv: string[]): Options {
  const opts: Options = { runs: Number(process.env.BENCH_RUNS ?? 5), validatorOn: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = () => inline ?? argv[++i];
    if (flag === '--runs') opts.runs = Number(value());
    else if (flag === '--only') opts.only = value().split(',');
    else if (flag === '--validator') opts.validatorOn = value() !== 'off';
    else throw new Error(`unknown option '${argv[i]}'; use --runs N, --only a,b, --validator off`);
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error(`--runs must be a positive integer, got ${opts.runs}`);
  return opts;
}

/** Every (scenario, library) pair of the bench, in table order. */
function allCells(): Cell[] {
  const cells: Cell[] = [];
  const add = (scenario: string, title: string, lib: Library, app: string, args: string[]) => cells.push({
    scenario, title, lib, app: join(DIST_APPS, `${app}.js`), appSource: `bench/apps/${app}.ts`, args,
    timings: {}, available: false,
  });
  add('floor', 'one SNS topic, no EKS library', FLOOR, 'floor', []);
  for (const lib of LIBRARIES) {
    add('standard', `standard platform (${STANDARD_MANIFEST_COUNT} manifests)`, lib, `${lib.id}-standard`, []);
  }
  for (const n of SCALING_COUNTS) {
    for (const lib of LIBRARIES.filter((l) => l.scaling)) {
      add(`scaling-${n}`, `${n} manifests, one cluster, one stack`, lib, `${lib.id}-scaling`, [String(n)]);
    }
  }
  return cells;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function compile(): void {
  rmSync(join(OUT, 'dist'), { recursive: true, force: true });
  const t0 = performance.now();
  // The library's Lambda handler is compiled by its own script (also run by `npm ci`):
  // rebuild it so that the bench never measures a stale handler asset.
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
  if (scripts['build:handler']) {
    const npm = spawnSync('npm', ['run', '--silent', 'build:handler'], { cwd: ROOT, encoding: 'utf8' });
    if (npm.status !== 0) throw new Error(`npm run build:handler failed:\n${npm.stdout}${npm.stderr}`);
  }
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(__dirname, 'tsconfig.json')], {
    cwd: ROOT, encoding: 'utf8',
  });
  if (tsc.status !== 0) throw new Error(`compiling bench/ failed:\n${tsc.stdout}${tsc.stderr}`);
  // The library finds non-TypeScript files (the built Lambda handler, data) next to its
  // modules, as in the published package: mirror them beside the compiled copy.
  copyNonTypeScript(join(ROOT, 'lib'), join(OUT, 'dist', 'lib'));
  // As the published package does (scripts/jsii.js): the `nag` submodule loads on first use,
  // so that an app which does not run cdk-nag does not load it (270 modules).
  lazifySubmodules(join(OUT, 'dist', 'lib', 'index.js'));
  log(`compiled bench apps in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function copyNonTypeScript(from: string, to: string): void {
  if (!existsSync(from)) return;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) copyNonTypeScript(src, dst);
    else if (!entry.name.endsWith('.ts')) {
      mkdirSync(to, { recursive: true });
      copyFileSync(src, dst);
    }
  }
}

interface RunResult { ok: boolean; wallMs: number; rssKb?: number; cpuMs?: number; reason?: string }

/** One whole-process synth of `cell` into `outdir` (emptied first). */
function synthOnce(cell: Cell, mode: Mode, outdir: string): RunResult {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(dirname(outdir), { recursive: true });
  const timeFile = `${outdir}.time`;
  const usageFile = `${outdir}.usage.json`;
  rmSync(timeFile, { force: true });
  rmSync(usageFile, { force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, CDK_OUTDIR: outdir, BENCH_USAGE_FILE: usageFile };
  delete env.CDK_VALIDATION;
  if (mode === 'off') env.CDK_VALIDATION = 'false';
  const useGnuTime = existsSync(GNU_TIME);
  const [cmd, args] = useGnuTime
    ? [GNU_TIME, ['-v', '-o', timeFile, process.execPath, cell.app, ...cell.args]]
    : [process.execPath, [cell.app, ...cell.args]];
  const t0 = performance.now();
  const child = spawnSync(cmd, args, {
    cwd: ROOT, env, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const wallMs = performance.now() - t0;
  if (child.status !== 0) {
    const why = child.error ? String(child.error) : failureReason(child.stderr ?? '');
    return { ok: false, wallMs, reason: child.signal ? `killed by ${child.signal}: ${why}` : why };
  }
  // GNU time sees the whole process; the child's own report is the fallback.
  const own = existsSync(usageFile) ? JSON.parse(readFileSync(usageFile, 'utf8')) : {};
  const gnu = useGnuTime && existsSync(timeFile) ? parseGnuTime(readFileSync(timeFile, 'utf8')) : {};
  return { ok: true, wallMs, rssKb: gnu.maxRssKb ?? own.maxRssKb, cpuMs: gnu.cpuMs ?? (own.cpuUs === undefined ? undefined : own.cpuUs / 1000) };
}

function versions(): Record<string, string> {
  const pkg = (name: string) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8')).version;
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return {
    'cdk-eks-kit': `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version} (${git})`,
    'aws-cdk-lib': pkg('aws-cdk-lib'),
    '@aws-cdk/lambda-layer-kubectl-v29': pkg('@aws-cdk/lambda-layer-kubectl-v29'),
    '@aws-cdk/asset-awscli-v1': pkg('@aws-cdk/asset-awscli-v1'),
    constructs: pkg('constructs'),
    node: process.version,
  };
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, `
    + `${os.type()} ${os.release()}; peak memory from ${existsSync(GNU_TIME) ? 'GNU time -v' : 'process.resourceUsage().maxRSS'}`;
}

function main(): void {
  const opts = parseOptions(process.argv.slice(2));
  const started = new Date();
  const loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const t0 = performance.now();
  mkdirSync(OUT, { recursive: true });
  compile();

  const cells = allCells().filter((c) => !opts.only || opts.only.includes(c.scenario));
  if (cells.length === 0) throw new Error(`--only ${opts.only?.join(',')} matches no scenario`);
  const modes: Mode[] = opts.validatorOn ? ['off', 'on'] : ['off'];

  // Warm-up run per cell (validator off): fills OS and fingerprint caches, keeps the
  // assembly for the footprint figures, and finds the cells that cannot synthesize.
  for (const cell of cells) {
    cell.available = existsSync(cell.app);
    if (!cell.available) {
      log(`${cell.scenario} ${cell.lib.label}: not available (${cell.appSource} does not exist)`);
      continue;
    }
    const dir = join(OUT, `${cell.scenario}-${cell.lib.id}`);
    const r = synthOnce(cell, 'off', dir);
    if (!r.ok) {
      cell.failure = r.reason;
      log(`${cell.scenario} ${cell.lib.label}: FAILS: ${r.reason}`);
      continue;
    }
    cell.figures = assemblyFigures(dir);
    log(`${cell.scenario} ${cell.lib.label}: warm-up ${(r.wallMs / 1000).toFixed(2)} s, ${cell.figures.resources} resources`);
  }

  // Timed rounds. Within a (scenario, mode) group the libraries run back to back and the
  // order rotates every round, so drift of the machine falls on every library alike.
  const groups = new Map<string, Cell[]>();
  for (const cell of cells.filter((c) => c.figures)) {
    groups.set(cell.scenario, [...(groups.get(cell.scenario) ?? []), cell]);
  }
  const samples = new Map<string, RunResult[]>();
  for (let round = 0; round < opts.runs; round++) {
    for (const [scenario, group] of groups) {
      for (const mode of modes) {
        const order = group.map((_, i) => group[(i + round) % group.length]);
        for (const cell of order) {
          const key = `${scenario}/${cell.lib.id}/${mode}`;
          const list = samples.get(key) ?? [];
          samples.set(key, list);
          if (list.some((s) => !s.ok)) continue;
          const r = synthOnce(cell, mode, join(OUT, 'runs', `${scenario}-${cell.lib.id}-${mode}`));
          list.push(r);
          log(`[${round + 1}/${opts.runs}] ${scenario} ${cell.lib.label} validator ${mode}: `
            + (r.ok ? `${(r.wallMs / 1000).toFixed(2)} s wall, ${((r.cpuMs ?? 0) / 1000).toFixed(2)} s CPU, ${((r.rssKb ?? 0) / 1024).toFixed(0)} MB`
              : `FAILED: ${r.reason}`));
        }
      }
    }
  }
  for (const cell of cells) {
    for (const mode of modes) {
      const list = samples.get(`${cell.scenario}/${cell.lib.id}/${mode}`) ?? [];
      if (list.length === 0) continue;
      const failed = list.find((s) => !s.ok);
      const timing: Timing = failed
        ? { runs: list.length, failure: failed.reason }
        : {
          runs: list.length,
          medianMs: median(list.map((s) => s.wallMs)),
          minMs: Math.min(...list.map((s) => s.wallMs)),
          maxMs: Math.max(...list.map((s) => s.wallMs)),
          medianRssKb: list.every((s) => s.rssKb !== undefined) ? median(list.map((s) => s.rssKb!)) : undefined,
          medianCpuMs: list.every((s) => s.cpuMs !== undefined) ? median(list.map((s) => s.cpuMs!)) : undefined,
        };
      cell.timings[mode] = timing;
    }
  }
  rmSync(join(OUT, 'runs'), { recursive: true, force: true });

  const elapsedS = (performance.now() - t0) / 1000;
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const report = renderReport(cells, {
    command, started: started.toISOString(), elapsedS, runs: opts.runs, modes, versions: versions(), machine: machine(),
    load: `${loadAtStart} at the start, ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`,
  });
  writeFileSync(join(OUT, 'results.md'), report);
  writeFileSync(join(OUT, 'results.json'), JSON.stringify(cells.map(({ figures, ...c }) => ({
    ...c, figures: figures as AssemblyFigures | undefined,
  })), null, 2));
  process.stdout.write(report);
}

main();
