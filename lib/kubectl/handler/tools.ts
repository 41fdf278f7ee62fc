import { ExecResult, run } from './exec';
import { redact } from './redact';
import { isTransient, TransientError, withRetries } from './retry';

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

/**
 * Runs a tool, retrying transient failures with backoff and jitter until the deadline.
 * `accept` may declare a non-zero exit a success (e.g. NotFound on delete).
 */
export async function runToolWithRetries(
  ctx: ToolContext, what: string, tool: string, args: string[],
  options: { stdin?: string; accept?: (r: ExecResult) => boolean } = {},
): Promise<ExecResult> {
  return withRetries(what, async () => {
    const result = await runTool(ctx, tool, args, options.stdin);
    if (result.exitCode === 0 || options.accept?.(result)) return result;
    const stderr = redact(result.stderr || result.stdout, ctx.secrets);
    if (isTransient(result.stderr)) throw new TransientError(stderr);
    throw new ToolError(`${what} failed: ${stderr}`, stderr);
  }, { deadline: ctx.deadline, baseDelayMs: ctx.retryBaseMs, windowMs: ctx.retryWindowMs });
}

/** Whether kubectl or helm said the object or release does not exist. */
export function isNotFound(r: ExecResult): boolean {
  return /\(NotFound\)|not found|release: not found/i.test(r.stderr);
}
