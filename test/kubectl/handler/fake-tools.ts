import { chmodSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** One canned answer of a fake tool: the first rule whose `match` fits the arguments wins. */
export interface FakeRule {
  /** Regular expression tested against `<tool> <args joined by spaces>`. */
  readonly match: string;
  readonly exitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
  /** Sleep forever (until killed). */
  readonly hang?: boolean;
  /** Apply only to the first N matching calls. */
  readonly times?: number;
}

/** A recorded call. */
export interface FakeCall {
  readonly tool: string;
  readonly args: string[];
  readonly stdin: string;
  /** Contents of any `-f <file>` argument. */
  readonly file?: string;
}

// The fake itself: records its call, then answers by the first matching rule (exit 0 otherwise).
const FAKE_SOURCE = `#!/usr/bin/env node
const fs = require('fs'); const path = require('path');
const dir = process.env.FAKE_DIR; const tool = path.basename(process.argv[1]); const args = process.argv.slice(2);
let stdin = ''; try { stdin = fs.readFileSync(0, 'utf8'); } catch {}
const fi = args.indexOf('-f'); const file = fi >= 0 && fs.existsSync(args[fi + 1]) ? fs.readFileSync(args[fi + 1], 'utf8') : undefined;
fs.appendFileSync(path.join(dir, 'calls.jsonl'), JSON.stringify({ tool, args, stdin, file }) + '\\n');
const rules = JSON.parse(fs.readFileSync(path.join(dir, 'rules.json'), 'utf8'));
const line = tool + ' ' + args.join(' ');
for (const [i, rule] of rules.entries()) {
  if (!new RegExp(rule.match).test(line)) continue;
  if (rule.times !== undefined) {
    const counter = path.join(dir, 'count-' + i); const n = fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 0;
    if (n >= rule.times) continue;
    fs.writeFileSync(counter, String(n + 1));
  }
  if (rule.hang) { setInterval(() => {}, 1000); return; }
  if (rule.stdout) process.stdout.write(rule.stdout);
  if (rule.stderr) process.stderr.write(rule.stderr);
  process.exitCode = rule.exitCode ?? 0; return;
}
`;

/** Fake `kubectl` and `helm` on PATH plus the environment the handler reads. */
export class FakeTools {
  public readonly dir: string;
  private readonly savedEnv = { ...process.env };

  constructor(rules: FakeRule[] = []) {
    this.dir = mkdtempSync(join(tmpdir(), 'fake-tools-'));
    for (const tool of ['kubectl', 'helm']) {
      writeFileSync(join(this.dir, tool), FAKE_SOURCE);
      chmodSync(join(this.dir, tool), 0o755);
    }
    this.setRules(rules);
    Object.assign(process.env, {
      FAKE_DIR: this.dir,
      PATH: `${this.dir}:${process.env.PATH}`,
      WORK_DIR: this.dir,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'session-token-example',
      CLUSTER_NAME: 'my-cluster',
      CLUSTER_ENDPOINT: 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
      CLUSTER_CA_DATA: 'Y2VydGlmaWNhdGU=',
      HANDLER_SAFETY_MS: '1000',
      RETRY_BASE_MS: '20',
      POLL_INTERVAL_MS: '50',
    });
  }

  public setRules(rules: FakeRule[]): void {
    writeFileSync(join(this.dir, 'rules.json'), JSON.stringify(rules));
  }

  public calls(): FakeCall[] {
    const file = join(this.dir, 'calls.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  }

  /** Restores the environment. */
  public dispose(): void {
    for (const key of Object.keys(process.env)) if (!(key in this.savedEnv)) delete process.env[key];
    Object.assign(process.env, this.savedEnv);
  }
}

/** A Lambda context with `ms` milliseconds left. */
export function contextWith(ms: number) {
  const end = Date.now() + ms;
  return { getRemainingTimeInMillis: () => end - Date.now() };
}
