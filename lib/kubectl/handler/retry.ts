import { DeadlineError } from './exec';

/**
 * Errors worth retrying: the API server or the network is not ready yet, throttling, 5xx,
 * an optimistic-concurrency conflict, access (entry) not propagated yet, or a kind whose
 * CRD is still being registered. Validation errors (bad manifests, forbidden fields) are not.
 */
const TRANSIENT = [
  /connection refused/i,
  /i\/o timeout/i,
  /TLS handshake timeout/i,
  /connection reset by peer/i,
  /unexpected EOF/i,
  /Unable to connect to the server/i,
  /no such host/i,
  /context deadline exceeded/i,
  /the server is currently unable to handle the request/i,
  /ServiceUnavailable|InternalError|\b50[0234]\b|Too Many Requests|\b429\b|Throttl/i,
  /etcdserver: (leader changed|request timed out)/i,
  /the object has been modified; please apply your changes to the latest version/i,
  /You must be logged in to the server \(Unauthorized\)/i,
  /no matches for kind/i,
  /ensure CRDs are installed first/i,
  /another operation \(install\/upgrade\/rollback\) is in progress/i,
];

/** Whether a command's error output describes a failure that may go away when retried. */
export function isTransient(stderr: string): boolean {
  return TRANSIENT.some((pattern) => pattern.test(stderr));
}

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
