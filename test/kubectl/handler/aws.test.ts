import { authRetryUntil } from '../../../lib/kubectl/handler/access';
import { describeCluster, downloadAsset, isRetryableAwsAnswer } from '../../../lib/kubectl/handler/aws';

/** The handler's AWS calls, against a fake `fetch` that answers a script of responses. */
let answers: Array<Response | Error>;
let urls: string[];
const saved = { ...process.env };
beforeEach(() => {
  answers = [];
  urls = [];
  Object.assign(process.env, { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
  delete process.env.TEST_ASSET_DIR;
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (url) => {
    urls.push(String(url));
    const next = answers.shift() ?? new Response('{}', { status: 200 });
    if (next instanceof Error) throw next;
    return next;
  });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  Object.assign(process.env, saved);
});

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
const cluster = (status: string) => json(200, { cluster: { status, endpoint: 'https://x.eks.amazonaws.com', certificateAuthority: { data: 'Q0E=' } } });
const fast = () => ({ deadline: Date.now() + 10_000, baseDelayMs: 5, windowMs: 3000 });

test('throttling, 5xx and network errors are retried; the call succeeds once AWS answers', async () => {
  answers = [
    json(429, { message: 'Rate exceeded' }),
    json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }),
    new Response('<Error><Code>SlowDown</Code></Error>', { status: 503 }),
    Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }),
    new Response('manifest', { status: 200 }),
  ];
  await expect(downloadAsset('bucket', 'abc.json', fast())).resolves.toEqual(Buffer.from('manifest'));
  expect(urls).toHaveLength(5);
  expect(urls[0]).toMatch(/^https:\/\/bucket\.s3\.eu-west-1\.amazonaws\.com\/abc\.json\?X-Amz-Algorithm=AWS4-HMAC-SHA256/);
});

test('access denied fails at once and names the asset key', async () => {
  answers = [new Response('<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>', { status: 403 })];
  await expect(downloadAsset('bucket', 'abc.json', fast())).rejects.toThrow(/asset s3:\/\/bucket\/abc\.json: bucket\.s3\.eu-west-1\.amazonaws\.com answered HTTP 403: .*AccessDenied/);
  expect(urls).toHaveLength(1);
});

test('a cluster that is UPDATING is served; CREATING is waited for; DELETING fails naming the cluster', async () => {
  answers = [cluster('UPDATING')];
  await expect(describeCluster('prod', fast())).resolves.toEqual({ endpoint: 'https://x.eks.amazonaws.com', certificateAuthority: 'Q0E=' });
  answers = [cluster('CREATING'), json(500, { message: 'internal' }), cluster('ACTIVE')];
  await expect(describeCluster('prod', fast())).resolves.toMatchObject({ endpoint: 'https://x.eks.amazonaws.com' });
  answers = [cluster('DELETING')];
  await expect(describeCluster('prod', fast())).rejects.toThrow("DescribeCluster of EKS cluster 'prod': the cluster is DELETING");
  answers = [json(404, { __type: 'ResourceNotFoundException', message: 'No cluster found for name: prod.' })];
  await expect(describeCluster('prod', fast())).rejects.toThrow(/DescribeCluster of EKS cluster 'prod': eks\.eu-west-1\.amazonaws\.com answered HTTP 404: .*No cluster found/);
});

test('a call that keeps failing gives up after its window, naming what it was', async () => {
  answers = Array.from({ length: 1000 }, () => json(503, { message: 'unavailable' }));
  await expect(downloadAsset('bucket', 'k.json', { deadline: Date.now() + 10_000, baseDelayMs: 5, windowMs: 200 }))
    .rejects.toThrow(/asset s3:\/\/bucket\/k\.json still failing after retrying/);
});

test('what is retryable', () => {
  expect(isRetryableAwsAnswer(429, '')).toBe(true);
  expect(isRetryableAwsAnswer(502, '')).toBe(true);
  expect(isRetryableAwsAnswer(400, '{"__type":"TooManyRequestsException"}')).toBe(true);
  expect(isRetryableAwsAnswer(400, '<Code>RequestTimeout</Code>')).toBe(true);
  expect(isRetryableAwsAnswer(403, '<Code>AccessDenied</Code>')).toBe(false);
  expect(isRetryableAwsAnswer(400, '{"__type":"InvalidParameterException"}')).toBe(false);
});

test('auth errors are retried until five minutes after the access entry (or its policy) last changed', async () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const changed = (now - 60_000) / 1000;
  answers = [json(200, { accessEntry: { createdAt: changed - 3600, modifiedAt: changed - 3600 } }),
    json(200, { associatedAccessPolicies: [{ associatedAt: changed, modifiedAt: changed }] })];
  const grace = await authRetryUntil('prod', 'arn:aws:iam::111122223333:role/applier', now + 60_000, now);
  expect(grace.until).toBe(now - 60_000 + 5 * 60_000);
  expect(urls[0]).toMatch(/\/clusters\/prod\/access-entries\/arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fapplier\?/);
  expect(urls[1]).toMatch(/\/access-entries\/arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fapplier\/access-policies\?/);
  // an entry that cannot be read (no permission): a fixed three minutes from now
  answers = [json(403, { message: 'not authorized' })];
  expect((await authRetryUntil('prod', 'arn:aws:iam::111122223333:role/applier', now + 60_000, now)).until).toBe(now + 3 * 60_000);
});
