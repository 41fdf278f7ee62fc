import { amzDate, eksToken, presignUrl, uriEncode } from '../../../lib/kubectl/handler/aws-sign';

const EXAMPLE_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

test('presignUrl reproduces the presigned-URL example of the Amazon S3 SigV4 documentation', () => {
  // GIVEN the documented request (GET examplebucket/test.txt, 2013-05-24, 86400 s, unsigned payload)
  const url = presignUrl({
    method: 'GET', host: 'examplebucket.s3.amazonaws.com', path: '/test.txt', service: 's3', region: 'us-east-1',
    expiresSeconds: 86400, now: new Date('2013-05-24T00:00:00Z'), payloadHash: 'UNSIGNED-PAYLOAD',
  }, EXAMPLE_CREDENTIALS);
  // THEN the signature is the one the documentation gives
  expect(url).toBe('https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256'
    + '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z'
    + '&X-Amz-Expires=86400&X-Amz-SignedHeaders=host'
    + '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
});

describe('eksToken', () => {
  // GIVEN temporary credentials and a fixed time
  const token = eksToken('my-cluster', 'eu-west-1', 'amazonaws.com',
    { ...EXAMPLE_CREDENTIALS, sessionToken: 'FwoGZXIvYXdzEXAMPLE+/=' }, new Date('2026-11-25T10:00:00Z'));
  const url = new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8'));

  test('is k8s-aws-v1. followed by unpadded base64url', () => {
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
  });

  test('wraps a presigned regional STS GetCallerIdentity URL that signs the x-k8s-aws-id header', () => {
    expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('Version')).toBe('2011-06-15');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIAIOSFODNN7EXAMPLE/20261125/eu-west-1/sts/aws4_request');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261125T100000Z');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('FwoGZXIvYXdzEXAMPLE+/=');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  test('depends on the cluster name (the header is signed)', () => {
    const other = eksToken('other-cluster', 'eu-west-1', 'amazonaws.com', EXAMPLE_CREDENTIALS, new Date('2026-11-25T10:00:00Z'));
    const sig = (t: string) => new URL(Buffer.from(t.slice(11), 'base64url').toString()).searchParams.get('X-Amz-Signature');
    const same = eksToken('my-cluster', 'eu-west-1', 'amazonaws.com', EXAMPLE_CREDENTIALS, new Date('2026-11-25T10:00:00Z'));
    expect(sig(other)).not.toBe(sig(same));
  });
});

test('uriEncode follows RFC 3986 and amzDate the basic ISO format', () => {
  expect(uriEncode("a b/c*!'()~")).toBe('a%20b%2Fc%2A%21%27%28%29~');
  expect(amzDate(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405Z');
});
