import { Token } from 'aws-cdk-lib';

/** The JavaScript type an option must have. */
export type OptionKind = 'boolean' | 'integer' | 'string' | 'array' | 'object';

/** What an option of a typed add-on configuration accepts. */
export interface OptionSpec {
  readonly kind: OptionKind;
  /**
   * Smallest allowed value (integers only).
   * @default - no lower bound
   */
  readonly min?: number;
  /**
   * Largest allowed value (integers only).
   * @default - no upper bound
   */
  readonly max?: number;
  /**
   * Allowed values (strings only).
   * @default - any string
   */
  readonly oneOf?: readonly string[];
}

/**
 * Checks options given to a typed add-on configuration at run time, so callers from
 * JavaScript or other jsii languages (where the TypeScript types are not enforced) get a
 * clear message: unknown keys, wrong types and values out of range. Token values are not
 * checked. Returns one sentence per problem; empty when all is well.
 */
export function optionProblems(what: string, options: object | undefined, spec: { readonly [key: string]: OptionSpec }): string[] {
  if (options === undefined || options === null) return [];
  if (typeof options !== 'object' || Array.isArray(options)) {
    return [`${what} options must be an object, got ${describe(options)}`];
  }
  const problems: string[] = [];
  const allowed = Object.keys(spec);
  for (const [key, value] of Object.entries(options)) {
    const option = spec[key];
    if (!option) {
      problems.push(`${what} has no option '${key}'; allowed: ${allowed.map((k) => `'${k}'`).join(', ') || 'none'}`);
      continue;
    }
    if (value === undefined || Token.isUnresolved(value)) continue;
    const problem = valueProblem(value, option);
    if (problem) problems.push(`${what} option '${key}' ${problem}`);
  }
  return problems;
}

function valueProblem(value: unknown, option: OptionSpec): string | undefined {
  switch (option.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be a boolean, got ${describe(value)}`;
    case 'string':
      if (typeof value !== 'string') return `must be a string, got ${describe(value)}`;
      if (option.oneOf && !option.oneOf.includes(value)) {
        return `is "${value}"; allowed: ${option.oneOf.map((v) => `"${v}"`).join(', ')}`;
      }
      return undefined;
    case 'array':
      return Array.isArray(value) ? undefined : `must be a list, got ${describe(value)}`;
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? undefined : `must be an object, got ${describe(value)}`;
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return `must be a whole number, got ${describe(value)}`;
      const min = option.min ?? Number.NEGATIVE_INFINITY;
      const max = option.max ?? Number.POSITIVE_INFINITY;
      if (value < min || value > max) {
        return `is ${value}; allowed: ${option.max === undefined ? `${min} or more` : `${min}–${max}`}`;
      }
      return undefined;
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string "${value}"`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `${typeof value} ${typeof value === 'object' ? '' : String(value)}`.trim();
}
