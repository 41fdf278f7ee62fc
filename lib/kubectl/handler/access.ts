import { signedGet } from './aws';

/**
 * How long after the handler's access entry (or its policy association) was created or
 * changed a 401/403 still counts as "not propagated yet". EKS documents no propagation time
 * (the API returns as soon as the entry is stored; the authenticator and authorizer pick it up
 * later); five minutes covers what users report without hiding a real misconfiguration for
 * long. The timestamps are the entry's `createdAt`/`modifiedAt` (Unix epoch) and its policies'
 * `associatedAt`/`modifiedAt`.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_AccessEntry.html
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_AssociatedAccessPolicy.html
 */
export const ACCESS_PROPAGATION_MS = 5 * 60_000;

/** When the handler's access entry cannot be read (no permission, no route), retry auth errors this long. */
export const UNKNOWN_ACCESS_AGE_MS = 3 * 60_000;

/**
 * Until when (epoch ms) 401 and the authorizer's 403 are retried: five minutes after the
 * newest of the access entry's `createdAt`/`modifiedAt` and its policies' `associatedAt`/
 * `modifiedAt` (eks:DescribeAccessEntry, eks:ListAssociatedAccessPolicies on the handler's
 * own entry); a fixed window from now when they cannot be read.
 */
export async function authRetryUntil(clusterName: string, principalArn: string | undefined, deadline: number, now = Date.now()): Promise<{ until: number; why: string }> {
  if (!principalArn) return { until: now + UNKNOWN_ACCESS_AGE_MS, why: 'the age of the access entry is unknown' };
  const env = process.env;
  const host = `eks.${env.AWS_REGION}.${env.URL_SUFFIX ?? 'amazonaws.com'}`;
  // GET /clusters/{name}/access-entries/{principalArn}[/access-policies]
  const segments = ['clusters', clusterName, 'access-entries', principalArn];
  const options = { deadline: Math.min(deadline, now + 20_000), windowMs: 10_000 };
  try {
    const entry = JSON.parse((await signedGet('DescribeAccessEntry', { host, path: '', pathSegments: segments, service: 'eks' }, options)).toString('utf8')).accessEntry ?? {};
    const policies = JSON.parse((await signedGet('ListAssociatedAccessPolicies', { host, path: '', pathSegments: [...segments, 'access-policies'], service: 'eks' }, options)).toString('utf8'));
    const times = [entry.createdAt, entry.modifiedAt, ...(policies.associatedAccessPolicies ?? []).flatMap((p: any) => [p.associatedAt, p.modifiedAt])]
      .map(epochMs).filter((t): t is number => t !== undefined);
    if (times.length === 0) return { until: now + UNKNOWN_ACCESS_AGE_MS, why: 'the access entry has no timestamps' };
    const newest = Math.max(...times);
    return { until: newest + ACCESS_PROPAGATION_MS, why: `the access entry was last changed ${Math.round((now - newest) / 1000)} s ago` };
  } catch (e) {
    console.log(`cannot read the handler's access entry (${(e as Error).message}); retrying authorization errors for ${UNKNOWN_ACCESS_AGE_MS / 60_000} minutes`);
    return { until: now + UNKNOWN_ACCESS_AGE_MS, why: 'the access entry could not be read' };
  }
}

/** EKS REST timestamps are epoch seconds (numbers); ISO strings are accepted too. */
function epochMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}
