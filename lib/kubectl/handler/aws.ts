import { readFileSync } from 'fs';
import { join } from 'path';
import { credentialsFromEnv, presignUrl } from './aws-sign';
import { TransientError, withRetries } from './retry';

/** Timing of AWS calls, replaceable in tests. */
export interface AwsCallOptions {
  /** Epoch ms by which the call must have finished. */
  readonly deadline: number;
  /** First retry delay in ms. @default 500 */
  readonly baseDelayMs?: number;
  /** How long to keep retrying, in ms. @default 120000 */
  readonly windowMs?: number;
}

/**
 * Error codes that mean "slow down" or "try again", whatever the HTTP status they come with.
 * Sources: the AWS SDKs' retry strategy (throttling and transient error codes of the
 * "standard" retry mode) and the S3 error-code list (SlowDown, RequestTimeout,
 * InternalError, ServiceUnavailable).
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 */
const RETRYABLE_CODES = /\b(Throttling|ThrottlingException|ThrottledException|TooManyRequestsException|RequestLimitExceeded|RequestThrottled|RequestThrottledException|ProvisionedThroughputExceededException|SlowDown|RequestTimeout|RequestTimeoutException|PriorRequestNotComplete|InternalError|InternalFailure|ServiceUnavailable|ServiceUnavailableException|ServerException|EC2ThrottledException|TransactionInProgressException)\b/;

/** Whether an AWS HTTP answer is worth retrying: throttling, 5xx, or a retryable error code. */
export function isRetryableAwsAnswer(status: number, body: string): boolean {
  if (status === 429 || status >= 500) return true;
  return status >= 400 && RETRYABLE_CODES.test(body);
}

/** An AWS call failed in a way that retrying does not fix (access denied, not found, ...). */
export class AwsError extends Error {
  constructor(message: string, public readonly status?: number) {
    super(message);
    this.name = 'AwsError';
  }
}

/**
 * A SigV4-presigned GET with the function's credentials, retried with backoff on throttling,
 * 5xx and network errors. `what` names the object of the call in every error message.
 */
export async function signedGet(
  what: string, request: { host: string; path: string; pathSegments?: string[]; service: string; payloadHash?: string }, options: AwsCallOptions,
): Promise<Buffer> {
  const env = process.env;
  const region = env.AWS_REGION ?? '';
  return withRetries(what, async () => {
    // Signed per attempt: a retry after minutes must not reuse an expired signature.
    const url = presignUrl({ method: 'GET', ...request, region, expiresSeconds: 300, now: new Date() }, credentialsFromEnv(env));
    const timeout = Math.max(1000, Math.min(30_000, options.deadline - Date.now()));
    let response: Response;
    let body: Buffer;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(timeout) });
      body = Buffer.from(await response.arrayBuffer());
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      const detail = err.cause?.code ?? err.cause?.message ?? err.message;
      throw new TransientError(`${what}: network error talking to ${request.host} (${err.name}: ${detail})`);
    }
    if (response.ok) return body;
    const text = body.toString('utf8').slice(0, 300).replace(/\s+/g, ' ');
    const message = `${what}: ${request.host} answered HTTP ${response.status}: ${text}`;
    if (isRetryableAwsAnswer(response.status, text)) throw new TransientError(message);
    throw new AwsError(message, response.status);
  }, { deadline: options.deadline, baseDelayMs: options.baseDelayMs ?? 500, maxDelayMs: 10_000, windowMs: options.windowMs ?? 120_000 });
}

/** Downloads an asset object (a manifest or a zipped chart) from the bootstrap bucket. */
export async function downloadAsset(bucket: string, key: string, options: AwsCallOptions): Promise<Buffer> {
  const env = process.env;
  if (env.TEST_ASSET_DIR) {
    // Tests serve assets from a directory.
    try {
      return readFileSync(join(env.TEST_ASSET_DIR, key));
    } catch {
      throw new AwsError(`asset s3://${bucket}/${key}: not found in the test asset directory`, 404);
    }
  }
  return signedGet(`asset s3://${bucket}/${key}`,
    { host: `${bucket}.s3.${env.AWS_REGION}.${env.URL_SUFFIX ?? 'amazonaws.com'}`, path: `/${key}`, service: 's3', payloadHash: 'UNSIGNED-PAYLOAD' },
    options);
}

/** Statuses in which a cluster's API server answers. @see https://docs.aws.amazon.com/eks/latest/APIReference/API_Cluster.html */
const SERVING = new Set(['ACTIVE', 'UPDATING']);
/** Statuses that may still turn into a serving one. */
const NOT_YET = new Set(['CREATING', 'PENDING']);

/** The endpoint and CA of a cluster, from eks:DescribeCluster (for imported clusters). */
export async function describeCluster(name: string, options: AwsCallOptions): Promise<{ endpoint: string; certificateAuthority: string }> {
  const env = process.env;
  const what = `DescribeCluster of EKS cluster '${name}'`;
  return withRetries(what, async () => {
    const body = await signedGet(what, { host: `eks.${env.AWS_REGION}.${env.URL_SUFFIX ?? 'amazonaws.com'}`, path: `/clusters/${name}`, service: 'eks' }, options);
    let cluster: { endpoint?: string; certificateAuthority?: { data?: string }; status?: string } | undefined;
    try {
      cluster = (JSON.parse(body.toString('utf8')) as { cluster?: typeof cluster }).cluster;
    } catch {
      throw new AwsError(`${what}: the answer is not JSON: ${body.toString('utf8').slice(0, 200)}`);
    }
    const status = cluster?.status ?? 'unknown';
    if (NOT_YET.has(status)) throw new TransientError(`${what}: the cluster is ${status}`);
    if (!SERVING.has(status)) throw new AwsError(`${what}: the cluster is ${status}; it must be ACTIVE (or UPDATING) to apply Kubernetes objects`);
    if (!cluster?.endpoint || !cluster.certificateAuthority?.data) throw new AwsError(`${what}: the answer has no endpoint or certificate authority`);
    return { endpoint: cluster.endpoint, certificateAuthority: cluster.certificateAuthority.data };
  }, { deadline: options.deadline, baseDelayMs: options.baseDelayMs ?? 2000, maxDelayMs: 15_000, windowMs: options.windowMs ?? 300_000 });
}
