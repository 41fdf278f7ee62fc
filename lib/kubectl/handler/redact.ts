/** The string values of Secret objects (`data`, `stringData`) in a list of manifests. */
export function secretValues(objects: unknown[]): string[] {
  const values: string[] = [];
  for (const o of objects) {
    const obj = o as { kind?: unknown; data?: unknown; stringData?: unknown };
    if (obj?.kind !== 'Secret') continue;
    for (const field of [obj.data, obj.stringData]) {
      if (field && typeof field === 'object') {
        for (const v of Object.values(field)) if (typeof v === 'string' && v.length > 0) values.push(v);
      }
    }
  }
  return values;
}

const SECRET_KEY = /pass|secret|token|key|cred|auth|cert|private|dsn|connection/i;

/**
 * The string values of Helm values that may be credentials: those under a key that sounds
 * secret (password, token, apiKey, ...) and long strings without spaces (generated keys).
 * Ordinary short settings ("info", "default") stay readable in error messages.
 */
export function secretLeaves(value: unknown, into: string[] = [], underSecretKey = false): string[] {
  if (typeof value === 'string') {
    if (value.length >= 4 && (underSecretKey || (value.length >= 24 && !/\s/.test(value)))) into.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) secretLeaves(v, into, underSecretKey);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) secretLeaves(v, into, underSecretKey || SECRET_KEY.test(k));
  }
  return into;
}

const MAX_MESSAGE = 900;

/**
 * Makes tool output safe for logs and CloudFormation: removes the given secret strings (and
 * their base64 forms), `data:`/`stringData:` blocks of Secrets echoed back, and long
 * base64 runs, then shortens it.
 */
export function redact(text: string, secrets: string[] = []): string {
  let out = text;
  const needles = new Set<string>();
  for (const s of secrets) {
    needles.add(s);
    needles.add(Buffer.from(s, 'utf8').toString('base64'));
  }
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
    if (needle.length >= 4) out = out.split(needle).join('***');
  }
  out = out.replace(/"(data|stringData)":\{[^}]*\}/g, '"$1":{***}');
  out = out.replace(/[A-Za-z0-9+/]{40,}={0,2}/g, '***');
  out = out.trim();
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}…` : out;
}
