import { Token } from 'aws-cdk-lib';

/**
 * `over` merged into `base`: objects merge key by key, every other value (lists, tokens)
 * replaces. For add-on configuration and Helm values. Not part of the public API.
 */
export function deepMerge(base: { [key: string]: any }, over: { [key: string]: any }): { [key: string]: any } {
  const out: { [key: string]: any } = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Token.isUnresolved(value);
}
