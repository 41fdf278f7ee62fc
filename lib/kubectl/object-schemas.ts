import { Token } from 'aws-cdk-lib';
import { apiGroup, kindInfo, ObjectFinding, describeObject } from './object-rules';

/**
 * Checks built-in Kubernetes objects against the Kubernetes OpenAPI schemas shipped by the
 * `kubernetes-models` package (precompiled JSON-schema validators per kind, Kubernetes 1.33
 * schemas in 4.5.1): wrong types (`replicas: '2'`), missing required fields (a Deployment
 * without `selector`), values outside an enum (`type: Loadbalancer`).
 *
 * Loaded on first use, one kind at a time: apps without manifests never load it, and a
 * manifest loads only the validators of its kinds (about 35 ms for the validator library,
 * then 1–90 ms per kind; a Deployment is the largest). Custom resources and kinds the package
 * does not have pass. Findings at values that are tokens are dropped: the value is not known.
 *
 * Not part of the public API.
 */

interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params?: Record<string, any>;
}

type Validator = (data: unknown) => SchemaError[];

const validators = new Map<string, Validator | null>();

/** The validator of a built-in kind, or null when the package has none. */
function validatorOf(apiVersion: string, kind: string): Validator | null {
  const key = `${apiVersion}/${kind}`;
  if (validators.has(key)) return validators.get(key)!;
  let validator: Validator | null = null;
  try {
    const group = apiGroup(apiVersion);
    const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
    const modulePath = group === '' ? `kubernetes-models/${apiVersion}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Model = require(modulePath)[kind];
    if (typeof Model === 'function') {
      validator = (data) => {
        try {
          new Model(data).validate();
          return [];
        } catch (e: any) {
          if (Array.isArray(e?.errors)) return e.errors as SchemaError[];
          throw e;
        }
      };
    }
  } catch (e: any) {
    if (e?.code !== 'MODULE_NOT_FOUND' && e?.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw e;
  }
  validators.set(key, validator);
  return validator;
}

/** `/spec/template/spec/containers/0/ports/0/containerPort` → `spec.template.spec.containers[0].ports[0].containerPort`. */
export function fieldPath(instancePath: string): string {
  return instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/** Whether the value at `instancePath`, or any value above it, is a token. */
function atToken(root: unknown, instancePath: string): boolean {
  let value: any = root;
  if (Token.isUnresolved(value)) return true;
  for (const part of instancePath.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return false;
    value = value[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (Token.isUnresolved(value)) return true;
  }
  return false;
}

function valueAt(root: any, instancePath: string): unknown {
  return instancePath.split('/').slice(1).reduce((v, part) => (v === null || typeof v !== 'object' ? undefined : v[part]), root);
}

function messageOf(error: SchemaError, root: unknown): { field: string; message: string } {
  const at = fieldPath(error.instancePath);
  const value = valueAt(root, error.instancePath);
  const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params?.missingProperty);
      return { field: at ? `${at}.${missing}` : missing, message: 'is required' };
    }
    case 'type':
      return { field: at, message: `is ${shown}; it must be ${error.params?.type === 'integer' ? 'an integer' : `a ${error.params?.type}`}` };
    case 'enum':
      return { field: at, message: `is ${shown}; allowed: ${(error.params?.allowedValues ?? []).join(', ')}` };
    case 'format':
      return { field: at, message: `is ${shown}; it must be ${error.params?.format === 'int32' ? 'a 32-bit integer' : `of format ${error.params?.format}`}` };
    default:
      return { field: at, message: `is ${shown}; ${error.message ?? 'does not match the schema'}` };
  }
}

/** Schema findings for the built-in objects of a manifest. */
export function schemaFindings(objects: unknown[]): ObjectFinding[] {
  const findings: ObjectFinding[] = [];
  objects.forEach((o, index) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o) || Token.isUnresolved(o)) return;
    const obj = o as Record<string, any>;
    if (!kindInfo(obj.apiVersion, obj.kind)) return;
    const validate = validatorOf(obj.apiVersion, obj.kind);
    if (!validate) return;
    const seen = new Set<string>();
    for (const error of validate(obj)) {
      // oneOf/anyOf report each branch; the branch errors say more.
      if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
      if (atToken(obj, error.instancePath)) continue;
      const { field, message } = messageOf(error, obj);
      if (seen.has(field)) continue;
      seen.add(field);
      findings.push({ index, object: describeObject(obj), field, message });
    }
  });
  return findings;
}
