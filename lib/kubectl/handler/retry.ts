import { DeadlineError } from './exec';

// What is worth retrying is decided in classify.ts (kubectl and helm) and aws.ts (AWS calls).

/** An error whose message may be retried. */
export class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientError';
  }
}

/** Timing knobs, replaceable in tests. */
export interface RetryOptions {
  readonly deadline: number;
  /** First delay in ms. @default 1000 */
  readonly baseDelayMs?: number;
  /** Longest delay in ms. @default 20000 */
  readonly maxDelayMs?: number;
  /** Source of randomness for jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
  /**
   * Longest time to keep retrying one operation, so that a cluster that cannot be reached
   * at all (wrong subnets, no route) fails in minutes rather than at the deadline.
   * @default 300000 (5 minutes)
   */
  readonly windowMs?: number;
}

/**
 * Runs `attempt` until it succeeds, it throws something other than a TransientError, or the
 * next wait would pass the deadline, in which case the last transient error is rethrown.
 * Waits grow exponentially with full jitter.
 */
export async function withRetries<T>(what: string, attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 20000;
  const random = options.random ?? Math.random;
  const started = Date.now();
  const giveUpAt = Math.min(options.deadline, started + (options.windowMs ?? 300_000));
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof TransientError)) throw e;
      const delay = Math.round(random() * Math.min(max, base * 2 ** i));
      if (Date.now() + delay >= giveUpAt) {
        const why = giveUpAt < options.deadline
          ? `after retrying for ${Math.round((Date.now() - started) / 1000)} s`
          : "when the handler's deadline came";
        throw new DeadlineError(`${what} still failing ${why}, after ${i + 1} attempt(s): ${e.message}`);
      }
      console.log(`${what}: transient failure (attempt ${i + 1}), retrying in ${delay} ms: ${e.message}`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
