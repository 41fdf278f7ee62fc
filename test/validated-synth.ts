import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative } from 'path';
import { App, AppProps, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** The feature flags and settings of cdk.json, so tests see what `cdk synth` sees. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')).context;
}

/** Fixed "today" for the support-calendar check so tests do not depend on the clock. */
export const TEST_DATE = '2026-11-25';

/** A plain app for unit tests: cdk.json's flags, built-in validator off, date pinned. */
export function testApp(props: AppProps = {}): App {
  return new App({
    ...props,
    builtinCloudFormationValidation: false,
    context: { ...cdkJsonContext(), 'cdk-eks-kit:supportCalendarDate': TEST_DATE, ...props.context },
  });
}

/**
 * Synthesizes the app with aws-cdk-lib's built-in CloudFormation validator failing on
 * errors (flag `@aws-cdk/core:validateAgainstDefaultRules`) and cdk-nag's AwsSolutions pack
 * attached, plus this library's EksKit pack. Throws on any finding that is not acknowledged with a reason.
 * Returns the template of each stack, without synthesizing again.
 */
export function synthValidated(build: (app: App) => Stack[]): Map<string, Template> {
  const { app, assembly } = synthesizeValidated((a) => build(a));
  const templates = new Map<string, Template>();
  for (const stack of allStacks(app)) {
    if (Stage.of(stack) === app) templates.set(stack.node.id, Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template));
  }
  return templates;
}

/**
 * The template of one example stack, by its construct path in the examples app (e.g.
 * `'Storage'`, or `'Fleet/Prod-eu-west-1/Cluster'` for a stack in a Stage), or of a unit-test
 * fixture stack of ./validated-fixtures (`fixturePath('Addons')`), synthesized in the same app.
 *
 * Every example stack is synthesized **once, together** (`addExampleStacks`, as `cdk synth`
 * does) with the built-in validator (errors fatal), AwsSolutions and EksKit, and the templates
 * are cached in the temp directory under a hash of everything that shapes them (lib/,
 * examples/, the compiled handler, cdk.json, package-lock.json, this file). The validator's
 * WASM start-up and the synthesis are then paid once per source state instead of once per
 * example test file. Build the example's stack again without validation (`testApp()`) when a
 * test needs its objects to resolve tokens or logical ids: those are deterministic.
 */
export function exampleTemplate(path: string): Template {
  const file = join(exampleTemplatesDir(), `${encodeURIComponent(path)}.json`);
  if (!existsSync(file)) {
    throw new Error(`no example stack at path '${path}'; the examples app has: ${readdirSync(exampleTemplatesDir()).map((f) => decodeURIComponent(f.replace(/\.json$/, ''))).join(', ')}`);
  }
  return Template.fromJSON(JSON.parse(readFileSync(file, 'utf8')));
}

let cachedDir: string | undefined;

function exampleTemplatesDir(): string {
  if (cachedDir) return cachedDir;
  // One root per checkout, so that checkouts (worktrees, CI clones) never clean up each other's cache.
  const checkout = createHash('sha256').update(join(__dirname, '..')).digest('hex').slice(0, 12);
  const root = join(tmpdir(), 'cdk-eks-kit-example-templates', checkout);
  const dir = join(root, sourceHash());
  if (!existsSync(join(dir, 'done')) && !waitForOtherWorker(dir)) {
    try {
      buildExampleTemplates(root, dir);
    } finally {
      rmSync(`${dir}.lock`, { recursive: true, force: true });
    }
  }
  cachedDir = dir;
  return dir;
}

/** Synthesizes every example stack (validated) and writes the templates into `dir`. */
function buildExampleTemplates(root: string, dir: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { addExampleStacks } = require('../examples') as typeof import('../examples');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { addFixtureStacks } = require('./validated-fixtures') as typeof import('./validated-fixtures');
  const { app } = synthesizeValidated((a) => { addExampleStacks(a); addFixtureStacks(a); });
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const stack of allStacks(app)) {
    const template = readFileSync(join(Stage.of(stack)!.outdir, stack.templateFile), 'utf8');
    writeFileSync(join(staging, `${encodeURIComponent(stack.node.path)}.json`), template);
  }
  writeFileSync(join(staging, 'done'), '');
  for (const old of readdirSync(root)) {
    // Templates of other source states; another worker's staging directory is left alone.
    if (!old.endsWith('.tmp') && !old.endsWith('.lock')) rmSync(join(root, old), { recursive: true, force: true });
  }
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another worker won the race
  }
}

/**
 * With jest's workers, the first example test of each worker would build the same templates.
 * The first to take `<dir>.lock` builds them (and releases it when done or failed);
 * the others wait for its `done` marker. Returns whether the templates are now there; false
 * when this process holds the lock (it builds) or the builder died without finishing.
 */
function waitForOtherWorker(dir: string): boolean {
  const lock = `${dir}.lock`;
  mkdirSync(dirname(dir), { recursive: true });
  /** Takes the lock; false when another process holds it. */
  const take = (): boolean => {
    try {
      mkdirSync(lock);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return true;
  };
  /** Whether the holder is gone: its pid is no live process (a lock without a pid yet is held). */
  const abandoned = (): boolean => {
    let pid: number;
    try {
      pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    } catch {
      return false; // between the holder's mkdir and its write, or just released
    }
    try {
      process.kill(pid, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  };
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 5 * 60_000;
  while (!take()) {
    if (existsSync(join(dir, 'done'))) return true;
    if (abandoned()) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`the example templates were not built by the process holding ${lock} within 5 minutes; remove the lock if no test run is going on`);
    }
    Atomics.wait(sleep, 0, 0, 100);
  }
  return existsSync(join(dir, 'done'));
}

/** A hash of every file that shapes the example templates. */
function sourceHash(): string {
  const repo = join(__dirname, '..');
  const hash = createHash('sha256');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  for (const dir of ['lib', 'examples']) walk(join(repo, dir));
  files.push(...['cdk.json', 'package-lock.json', 'test/validated-synth.ts', 'test/validated-fixtures.ts', 'test/jest.setup.js'].map((f) => join(repo, f)));
  for (const f of files.sort()) {
    hash.update(relative(repo, f));
    hash.update(readFileSync(f));
  }
  return hash.digest('hex').slice(0, 16);
}

function allStacks(app: App): Stack[] {
  return app.node.findAll().filter((c): c is Stack => Stack.isStack(c) && !c.nested);
}

function synthesizeValidated(build: (app: App) => void) {
  const app = new App({
    builtinCloudFormationValidation: true,
    context: { ...cdkJsonContext(), '@aws-cdk/core:validateAgainstDefaultRules': true, 'cdk-eks-kit:supportCalendarDate': TEST_DATE },
  });
  build(app);
  // Loaded here, not at the top: most test files import this module for testApp() alone, and
  // cdk-nag with our pack is 270+ modules per test file.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { AwsSolutionsChecks } = require('cdk-nag') as typeof import('cdk-nag');
  const { EksKitChecks } = require('../lib/nag') as typeof import('../lib/nag');
  /* eslint-enable @typescript-eslint/no-require-imports */
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new EksKitChecks(app));
  // test/jest.setup.js sets CDK_VALIDATION=false for unit tests; the env var wins over the
  // App prop, so lift it for this synthesis only.
  const saved = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  try {
    return { app, assembly: app.synth() };
  } finally {
    if (saved !== undefined) process.env.CDK_VALIDATION = saved;
  }
}
