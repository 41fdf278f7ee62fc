/**
 * What a failed kubectl or helm run means, from what the tools really print. The patterns
 * come from the outputs of kubectl 1.29/1.35 and Helm 3.17/4.1 (the v29 and v35 layers),
 * captured against a local API server and OCI registry by scripts/capture-tool-fixtures.ts
 * and kept in test/kubectl/fixtures/tool-output/ (the tests run every pattern against them).
 *
 * Retried: connection errors and timeouts, 429, 5xx status codes (by the reason or the
 * status text the tools print, never a bare number in a message), optimistic-concurrency
 * conflicts, a Helm operation in progress; 401 and the authorizer's 403 only while the
 * handler's access entry is new ('auth'); "no matches for kind" only for kinds whose CRD
 * this request creates ('crd-pending'). Everything else fails at once with the tool's message.
 */

/** How a failure is handled. */
export type FailureClass = 'transient' | 'auth' | 'crd-pending' | 'permanent';

export interface Classification {
  readonly kind: FailureClass;
  /** Short reason for logs ("HTTP 503", "connection refused", ...). */
  readonly reason: string;
}

export interface ClassifyOptions {
  /** `group/Kind` of the CRDs this request applies (e.g. `example.com/Widget`). */
  readonly expectedKinds?: ReadonlySet<string>;
}

/** Network and timeout failures, as the Go HTTP client and client-go word them. */
const NETWORK: Array<[RegExp, string]> = [
  [/connect: connection refused/i, 'connection refused'],
  [/connection reset by peer/i, 'connection reset'],
  [/\bbroken pipe\b/i, 'broken pipe'],
  [/\bi\/o timeout\b/i, 'i/o timeout'],
  [/TLS handshake timeout/i, 'TLS handshake timeout'],
  [/Client\.Timeout exceeded/i, 'request timeout'],
  [/context deadline exceeded/i, 'request timeout'],
  [/net\/http: request canceled/i, 'request canceled'],
  [/\bno such host\b/i, 'DNS lookup failed'],
  [/server misbehaving/i, 'DNS lookup failed'],
  [/network is unreachable/i, 'network unreachable'],
  [/no route to host/i, 'no route to host'],
  [/: EOF\s*$|unexpected EOF/im, 'connection closed'],
  [/http2: (client connection lost|server sent GOAWAY)/i, 'connection lost'],
  [/client rate limiter Wait returned an error/i, 'throttled (client-side wait)'],
];

/** Status codes the tools print by reason (`Error from server (ServiceUnavailable)`) or by their status text. */
const STATUS: Array<[RegExp, string]> = [
  [/\(TooManyRequests\)|Too many requests, please try again later|has received too many requests/i, 'HTTP 429'],
  [/\(InternalError\)|Internal error occurred:/, 'HTTP 500'],
  [/\(ServiceUnavailable\)|the server is currently unable to handle the request/i, 'HTTP 503'],
  [/\(Timeout\)|the server was unable to return a response in the time allotted/i, 'HTTP 504'],
  [/etcdserver: (leader changed|request timed out|too many requests)/i, 'etcd busy'],
  // An OCI registry: Helm prints the registry's status line.
  [/response status code (429|50[0-9])\b|unexpected status(?: code)?:? (429|50[0-9])\b|: (429 Too Many Requests|50[0-9] [A-Z][a-z]+)/i, 'registry HTTP 429/5xx'],
];

const CONFLICT: Array<[RegExp, string]> = [
  [/the object has been modified; please apply your changes to the latest version/i, 'conflict (object modified)'],
  [/another operation \(install\/upgrade\/rollback\) is in progress/i, 'Helm operation in progress'],
];

/** 401: the token is not accepted (yet). */
const UNAUTHORIZED = /the server has asked for the client to provide credentials|\(Unauthorized\)|You must be logged in to the server/i;
/** 403 from the authorizer (RBAC / access policies), not from an admission webhook. */
const FORBIDDEN_BY_AUTHORIZER = /is forbidden: User "[^"]*" cannot [a-z]+ resource/i;
const ADMISSION = /admission webhook|denied the request/i;

const NO_MATCHES = /no matches for kind "([^"]+)" in version "([^"]+)"/;

/** Classifies the error output of a failed kubectl or helm run. */
export function classifyFailure(stderr: string, options: ClassifyOptions = {}): Classification {
  // An admission webhook's denial is final, whatever its text contains.
  if (ADMISSION.test(stderr) && !/failed calling webhook/i.test(stderr)) return { kind: 'permanent', reason: 'denied by an admission webhook' };
  const noMatches = NO_MATCHES.exec(stderr);
  if (noMatches) {
    const [, kind, version] = noMatches;
    const group = version.includes('/') ? version.split('/')[0] : '';
    if (options.expectedKinds?.has(`${group}/${kind}`)) return { kind: 'crd-pending', reason: `CRD of ${kind} still registering` };
    return { kind: 'permanent', reason: `unknown kind ${kind} in ${version}` };
  }
  if (UNAUTHORIZED.test(stderr)) return { kind: 'auth', reason: 'HTTP 401 (credentials not accepted)' };
  if (FORBIDDEN_BY_AUTHORIZER.test(stderr)) return { kind: 'auth', reason: 'HTTP 403 (not authorized)' };
  for (const [pattern, reason] of [...CONFLICT, ...STATUS, ...NETWORK]) {
    if (pattern.test(stderr)) return { kind: 'transient', reason };
  }
  return { kind: 'permanent', reason: 'error' };
}

/** The CRD kinds (`group/Kind`) of a list of objects. */
export function crdKinds(objects: Array<{ kind?: unknown; spec?: any }>): Set<string> {
  const kinds = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'CustomResourceDefinition' && typeof o.spec?.group === 'string' && typeof o.spec?.names?.kind === 'string') {
      kinds.add(`${o.spec.group}/${o.spec.names.kind}`);
    }
  }
  return kinds;
}
