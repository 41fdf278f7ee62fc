import { createHash, createHmac } from 'crypto';

/** AWS credentials as the Lambda runtime provides them in its environment. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A request to presign with AWS Signature Version 4 (query-string authentication). */
export interface PresignRequest {
  readonly method: string;
  readonly host: string;
  /** The path, split into segments at '/' (use `pathSegments` when a segment contains '/'). */
  readonly path: string;
  /** The path's segments, unencoded (e.g. an ARN as one segment); overrides `path`. */
  readonly pathSegments?: string[];
  readonly query?: Record<string, string>;
  /** Extra headers the caller will send and that are signed (lower-case names). */
  readonly headers?: Record<string, string>;
  readonly service: string;
  readonly region: string;
  readonly expiresSeconds: number;
  readonly now: Date;
  /** Hash of the payload; S3 uses 'UNSIGNED-PAYLOAD'. @default sha256 of the empty string */
  readonly payloadHash?: string;
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 encoding as SigV4 requires it. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** `YYYYMMDDTHHMMSSZ` */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Returns a presigned URL for the request, valid for `expiresSeconds`. */
export function presignUrl(request: PresignRequest, credentials: AwsCredentials): string {
  const date = amzDate(request.now);
  const scope = `${date.slice(0, 8)}/${request.region}/${request.service}/aws4_request`;
  const headers: Record<string, string> = { host: request.host, ...request.headers };
  const signedHeaders = Object.keys(headers).map((h) => h.toLowerCase()).sort();
  const query: Record<string, string> = {
    ...request.query,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': date,
    'X-Amz-Expires': String(request.expiresSeconds),
    'X-Amz-SignedHeaders': signedHeaders.join(';'),
  };
  if (credentials.sessionToken) query['X-Amz-Security-Token'] = credentials.sessionToken;
  const canonicalQuery = Object.entries(query)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`).join('&');
  const lowerHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${lowerHeaders[h]}\n`).join('');
  const segments = request.pathSegments ? ['', ...request.pathSegments] : request.path.split('/');
  const urlPath = segments.map(uriEncode).join('/');
  // SigV4: every service but S3 signs each path segment URI-encoded twice.
  // @see https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-canonical-request
  const canonicalPath = request.service === 's3' ? urlPath : segments.map((seg) => uriEncode(uriEncode(seg))).join('/');
  const canonicalRequest = [
    request.method, canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders.join(';'),
    request.payloadHash ?? EMPTY_SHA256,
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const kDate = hmac(`AWS4${credentials.secretAccessKey}`, date.slice(0, 8));
  const kSigning = hmac(hmac(hmac(kDate, request.region), request.service), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  return `https://${request.host}${urlPath}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

/**
 * The bearer token EKS accepts: a presigned STS GetCallerIdentity URL whose signature
 * covers the `x-k8s-aws-id` header naming the cluster, base64url-encoded without padding
 * and prefixed with `k8s-aws-v1.`.
 */
export function eksToken(clusterName: string, region: string, urlSuffix: string, credentials: AwsCredentials, now: Date): string {
  const url = presignUrl({
    method: 'GET',
    host: `sts.${region}.${urlSuffix}`,
    path: '/',
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { 'x-k8s-aws-id': clusterName },
    service: 'sts',
    region,
    expiresSeconds: 60,
    now,
  }, credentials);
  return `k8s-aws-v1.${Buffer.from(url, 'utf8').toString('base64url').replace(/=+$/, '')}`;
}

/** Credentials from the Lambda environment. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('AWS credentials are missing from the environment');
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN };
}
