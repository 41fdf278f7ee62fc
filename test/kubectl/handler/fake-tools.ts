import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join } from 'path';
import * as exec from '../../../lib/kubectl/handler/exec';

/** One canned answer of a fake tool: the first rule whose `match` fits the arguments wins. */
export interface FakeRule {
  /** Regular expression tested against `<tool> <args joined by spaces>`. */
  readonly match: string;
  readonly exitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
  /** Never finish (the handler's deadline stops it). */
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

/** Answers of the real tools when nothing is wrong (an empty list, the Helm version). */
const DEFAULT_RULES: FakeRule[] = [
  { match: '^helm version', stdout: 'v3.17.1+g980d8ac\n' },
  { match: '^kubectl get secrets .*owner=helm', stdout: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }) },
];

/**
 * Fake `kubectl` and `helm`: the handler's `exec.run` is replaced in-process (no processes
 * are started, so the handler tests stay fast), plus the environment the handler reads.
 * The real binaries are exercised in real-tools.test.ts.
 */
export class FakeTools {
  public readonly dir: string;
  private readonly savedEnv = { ...process.env };
  private rules: FakeRule[] = [];
  private readonly used = new Map<number, number>();
  private readonly recorded: FakeCall[] = [];
  private readonly spy: jest.SpyInstance;

  constructor(rules: FakeRule[] = []) {
    this.dir = mkdtempSync(join(tmpdir(), 'fake-tools-'));
    this.setRules(rules);
    this.spy = jest.spyOn(exec, 'run').mockImplementation((command, args, options) => this.run(command, args, options));
    Object.assign(process.env, {
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
      AUTH_RETRY_UNTIL: String(Date.now() + 60_000),
    });
  }

  /** Sets the rules; what real tools print when all is well follows them as defaults. */
  public setRules(rules: FakeRule[]): void {
    this.rules = [...rules, ...DEFAULT_RULES];
    this.used.clear();
  }

  public calls(): FakeCall[] {
    return [...this.recorded];
  }

  /** Restores the environment and the real `exec.run`. */
  public dispose(): void {
    this.spy.mockRestore();
    for (const key of Object.keys(process.env)) if (!(key in this.savedEnv)) delete process.env[key];
    Object.assign(process.env, this.savedEnv);
  }

  private run(command: string, args: string[], options: { deadline: number; stdin?: string }): Promise<exec.ExecResult> {
    const tool = basename(command);
    const fi = args.indexOf('-f');
    const file = fi >= 0 && existsSync(args[fi + 1]) ? readFileSync(args[fi + 1], 'utf8') : undefined;
    this.recorded.push({ tool, args, stdin: options.stdin ?? '', file });
    const budget = options.deadline - Date.now();
    if (budget <= 0) return Promise.reject(new exec.DeadlineError(`no time left to run ${command} ${args[0] ?? ''}`));
    const line = `${tool} ${args.join(' ')}`;
    for (const [i, rule] of this.rules.entries()) {
      if (!new RegExp(rule.match).test(line)) continue;
      if (rule.times !== undefined) {
        const n = this.used.get(i) ?? 0;
        if (n >= rule.times) continue;
        this.used.set(i, n + 1);
      }
      if (rule.hang) {
        // As exec.run does with a command still running at the deadline.
        return new Promise((_, reject) => setTimeout(() => reject(new exec.DeadlineError(`${command} ${args[0] ?? ''} did not finish before the handler's deadline and was stopped`)), budget));
      }
      return Promise.resolve({ exitCode: rule.exitCode ?? 0, stdout: rule.stdout ?? '', stderr: rule.stderr ?? '' });
    }
    return Promise.resolve({ exitCode: 0, stdout: '', stderr: '' });
  }
}

/** A Lambda context with `ms` milliseconds left. */
export function contextWith(ms: number) {
  const end = Date.now() + ms;
  return { getRemainingTimeInMillis: () => end - Date.now() };
}
