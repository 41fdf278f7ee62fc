import { classifyFailure } from './classify';
import { ExecResult, run } from './exec';
import { redact } from './redact';
import { TransientError, withRetries } from './retry';

/** What every operation needs: the deadline, the environment of the tools, secrets to hide. */
export interface ToolContext {
  /** Epoch ms by which every command must have finished. */
  readonly deadline: number;
  /** Environment for kubectl and helm (PATH, KUBECONFIG, HOME, HELM_* dirs). */
  readonly env: NodeJS.ProcessEnv;
  /** A writable scratch directory. */
  readonly workDir: string;
  /** Strings that must never appear in logs or responses. */
  readonly secrets: string[];
  /** Base delay of retries in ms (tests shorten it). */
  readonly retryBaseMs?: number;
  /** How long one operation's transient failures are retried, in ms. */
  readonly retryWindowMs?: number;
  /**
   * Until when (epoch ms) 401 and the authorizer's 403 are retried (the handler's access
   * entry may still be propagating); asked once, on the first such error.
   */
  readonly authRetryUntil?: () => Promise<{ until: number; why: string }>;
}

/** A failed command whose output was cleaned of secrets. */
export class ToolError extends Error {
  constructor(message: string, public readonly stderr: string) {
    super(message);
    this.name = 'ToolError';
  }
}

/** Runs a tool once; the result, whatever the exit code. */
export function runTool(ctx: ToolContext, tool: string, args: string[], stdin?: string): Promise<ExecResult> {
  console.log(`running: ${tool} ${args.map((a) => redact(a, ctx.secrets)).join(' ')}`);
  return run(tool, args, { deadline: ctx.deadline, env: ctx.env, stdin });
}

/** Options of {@link runToolWithRetries}. */
export interface RunOptions {
  readonly stdin?: string;
  /** Declares a non-zero exit a success (e.g. NotFound on delete). */
  readonly accept?: (r: ExecResult) => boolean;
  /** `group/Kind` of CRDs this operation's request creates: their "no matches for kind" is retried. */
  readonly expectedKinds?: ReadonlySet<string>;
  /** Output that counts as transient for this operation whatever the classifier says. */
  readonly transient?: RegExp;
}

/**
 * Runs a tool, retrying what {@link classifyFailure} calls transient with backoff and jitter,
 * within the retry window and before the deadline; anything else fails at once with the
 * tool's (redacted) message.
 */
export async function runToolWithRetries(ctx: ToolContext, what: string, tool: string, args: string[], options: RunOptions = {}): Promise<ExecResult> {
  return withRetries(what, async () => {
    const result = await runTool(ctx, tool, args, options.stdin);
    if (result.exitCode === 0 || options.accept?.(result)) return result;
    const output = result.stderr.trim() || result.stdout.trim();
    const message = redact(output, ctx.secrets) || `${tool} exited with code ${result.exitCode} and printed nothing`;
    const failure = options.transient?.test(output)
      ? { kind: 'transient' as const, reason: 'not finished yet' }
      : classifyFailure(output, { expectedKinds: options.expectedKinds });
    if (failure.kind === 'transient' || failure.kind === 'crd-pending') throw new TransientError(`${failure.reason}: ${message}`);
    if (failure.kind === 'auth') {
      const grace = ctx.authRetryUntil ? await ctx.authRetryUntil() : { until: 0, why: 'no grace period' };
      if (Date.now() < grace.until) throw new TransientError(`${failure.reason}, retried while the access entry propagates (${grace.why}): ${message}`);
      throw new ToolError(`${what} failed: ${message} (${failure.reason}; ${grace.why}, so this is not propagation: `
        + "check the kubectl handler's access entry and its cluster-admin policy association)", message);
    }
    throw new ToolError(`${what} failed: ${message}`, message);
  }, { deadline: ctx.deadline, baseDelayMs: ctx.retryBaseMs, windowMs: ctx.retryWindowMs });
}

/** Whether kubectl said the object does not exist (`Error from server (NotFound)`). */
export function isNotFound(r: ExecResult): boolean {
  return /\(NotFound\)|\bnot found\s*$/im.test(r.stderr);
}

/**
 * Parses the JSON a tool printed, tolerating lines before it (warnings some versions print on
 * stdout); otherwise a clear error naming the command.
 */
export function parseToolJson<T>(what: string, stdout: string): T {
  const text = stdout.trim();
  try {
    return JSON.parse(text) as T;
  } catch {
    const start = text.search(/^[[{]/m);
    if (start > 0) {
      try {
        return JSON.parse(text.slice(start)) as T;
      } catch { /* reported below */ }
    }
    throw new ToolError(`${what} printed output that is not JSON: ${text.slice(0, 200) || '(nothing)'}`, text.slice(0, 200));
  }
}
