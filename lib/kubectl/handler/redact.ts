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

/** Every string leaf of a JSON value (Helm values may hold credentials). */
export function stringLeaves(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.length >= 4) into.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) stringLeaves(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) stringLeaves(v, into);
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
