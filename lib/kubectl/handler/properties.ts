/**
 * Reading a custom resource's properties. CloudFormation passes every scalar as a string
 * ("true", "300"); a missing or malformed property ends in an error that names the resource
 * type, the property and what was expected, never in a JavaScript TypeError.
 */
export class Properties {
  constructor(private readonly resourceType: string, private readonly props: Record<string, any> | undefined, private readonly which = 'property') {}

  /** Whether the property is present (not undefined, null or ''). */
  public has(name: string): boolean {
    const v = this.props?.[name];
    return v !== undefined && v !== null && v !== '';
  }

  /** A required string. */
  public string(name: string): string {
    const v = this.props?.[name];
    if (v === undefined || v === null || v === '') throw this.error(name, 'is missing');
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw this.error(name, `is ${describe(v)}, not a string`);
    return String(v);
  }

  /** An optional string. */
  public optionalString(name: string): string | undefined {
    return this.has(name) ? this.string(name) : undefined;
  }

  /** A boolean ('true'/'false' or a JSON boolean); absent means `fallback`. */
  public bool(name: string, fallback: boolean): boolean {
    const v = this.props?.[name];
    if (v === undefined || v === null || v === '') return fallback;
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    throw this.error(name, `is ${describe(v)}; expected true or false`);
  }

  /** A non-negative number; absent means `fallback`. */
  public number(name: string, fallback: number): number {
    const v = this.props?.[name];
    if (v === undefined || v === null || v === '') return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw this.error(name, `is ${describe(v)}; expected a non-negative number`);
    return n;
  }

  /** A property holding JSON text (or already an object), parsed. */
  public json(name: string): unknown {
    const v = this.props?.[name];
    if (v === undefined || v === null || v === '') throw this.error(name, 'is missing');
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch (e) {
      throw this.error(name, `is not valid JSON (${(e as Error).message})`);
    }
  }

  /** A JSON property that must be a list. */
  public jsonList(name: string): unknown[] {
    const v = this.json(name);
    if (!Array.isArray(v)) throw this.error(name, `is ${describe(v)}; expected a JSON list of Kubernetes objects`);
    return v;
  }

  /** An object-valued property (e.g. `{ Bucket, Key }`) with the given string fields. */
  public objectWith(name: string, fields: string[]): Record<string, string> {
    const v = this.props?.[name];
    if (v === undefined || v === null || v === '') throw this.error(name, 'is missing');
    if (typeof v !== 'object' || Array.isArray(v)) throw this.error(name, `is ${describe(v)}; expected an object with ${fields.join(', ')}`);
    for (const f of fields) {
      if (typeof v[f] !== 'string' || v[f] === '') throw this.error(`${name}.${f}`, 'is missing');
    }
    return v;
  }

  public error(name: string, problem: string): PropertyError {
    return new PropertyError(`${this.resourceType}: ${this.which} '${name}' ${problem}`);
  }
}

/** A custom resource was sent properties the handler cannot use. */
export class PropertyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropertyError';
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  return `${typeof v} ${String(v)}`;
}
