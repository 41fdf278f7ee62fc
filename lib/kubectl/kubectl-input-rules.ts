import { Duration, Token } from 'aws-cdk-lib';

/**
 * Synth-time rules for what KubernetesPatch and KubernetesObjectValue hand to kubectl, each
 * returning problem sentences (empty when all is well; tokens are not judged).
 *
 * - A patch names its object `<type>/<name>` (the one-argument form of `kubectl patch`).
 * - A JSON patch (RFC 6902) is a list of operations: `op` is add, remove, replace, move, copy
 *   or test; `path` is a JSON pointer (`/spec/replicas`, or `''` for the whole object); add,
 *   replace and test carry a `value`, move and copy a `from`. Merge and strategic patches are
 *   objects. https://datatracker.ietf.org/doc/html/rfc6902#section-4
 * - A JSONPath (https://kubernetes.io/docs/reference/kubectl/jsonpath/) has balanced brackets,
 *   braces, parentheses and quotes.
 *
 * Not part of the public API.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RESOURCE_TYPE = /^[A-Za-z][A-Za-z0-9-]*(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Built-in resource types (and kubectl's short names) whose object names are DNS-1123 subdomains. */
const SUBDOMAIN_NAMED = new Set([
  'pod', 'po', 'deployment', 'deploy', 'daemonset', 'ds', 'statefulset', 'sts', 'replicaset', 'rs', 'service', 'svc',
  'configmap', 'cm', 'secret', 'serviceaccount', 'sa', 'namespace', 'ns', 'job', 'cronjob', 'cj', 'ingress', 'ing',
  'storageclass', 'sc', 'persistentvolumeclaim', 'pvc', 'persistentvolume', 'pv', 'networkpolicy', 'netpol',
  'poddisruptionbudget', 'pdb', 'priorityclass', 'pc', 'node', 'no',
]);

/** The singular, unqualified type: `deployments.apps` → `deployment`. */
function baseType(type: string): string {
  const base = type.split('.')[0].toLowerCase();
  if (SUBDOMAIN_NAMED.has(base)) return base;
  if (base.endsWith('ses') && SUBDOMAIN_NAMED.has(base.slice(0, -2))) return base.slice(0, -2); // ingresses, classes
  if (base.endsWith('ies') && SUBDOMAIN_NAMED.has(`${base.slice(0, -3)}y`)) return `${base.slice(0, -3)}y`; // policies
  if (base.endsWith('s') && SUBDOMAIN_NAMED.has(base.slice(0, -1))) return base.slice(0, -1);
  return base;
}

export function namespaceProblem(prop: string, namespace: string | undefined): string | undefined {
  if (namespace === undefined || Token.isUnresolved(namespace)) return undefined;
  if (typeof namespace !== 'string' || namespace.length > 63 || !DNS_LABEL.test(namespace)) {
    return `'${prop}' is '${namespace}'; a namespace name is 1–63 lowercase letters, digits and '-', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Problems of an object name for a resource type (lenient for types this library does not know). */
function objectNameProblem(prop: string, type: string, name: string): string | undefined {
  if (name === '') return `'${prop}' has an empty object name`;
  if (name.includes('/')) return `'${prop}' has the object name '${name}', which may not contain '/'`;
  if (SUBDOMAIN_NAMED.has(baseType(type)) && (name.length > 253 || !DNS_SUBDOMAIN.test(name))) {
    return `'${prop}' names the ${baseType(type)} '${name}'; its name must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')`;
  }
  return undefined;
}

/** Problems of `resourceName` (`<type>/<name>`). */
export function patchResourceNameProblems(resourceName: string): string[] {
  if (Token.isUnresolved(resourceName)) return [];
  const slash = resourceName.indexOf('/');
  if (slash <= 0) {
    return [`'resourceName' is '${resourceName}'; name the object as <type>/<name>, e.g. 'deployment/coredns'`];
  }
  const type = resourceName.slice(0, slash);
  const name = resourceName.slice(slash + 1);
  const problems: string[] = [];
  if (!RESOURCE_TYPE.test(type)) problems.push(`'resourceName' has the type '${type}'; use a resource type such as 'deployment' or 'deployments.apps'`);
  const nameProblem = objectNameProblem('resourceName', type, name);
  if (nameProblem) problems.push(nameProblem);
  return problems;
}

const JSON_PATCH_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

/** Problems of a patch for its type (`json`, `merge` or `strategic`). */
export function patchProblems(prop: string, patch: unknown, patchType: string): string[] {
  if (Token.isUnresolved(patch) || Token.isUnresolved(patchType)) return [];
  if (patchType !== 'json') {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      return [`'${prop}' is ${Array.isArray(patch) ? 'a list' : JSON.stringify(patch)}; a ${patchType} patch is an object (a list of operations needs PatchType.JSON)`];
    }
    return [];
  }
  if (!Array.isArray(patch)) {
    return [`'${prop}' is an object; a JSON patch (PatchType.JSON) is a list of operations such as [{ op: 'replace', path: '/spec/replicas', value: 3 }]`];
  }
  const problems: string[] = [];
  patch.forEach((op, i) => {
    if (Token.isUnresolved(op)) return;
    const at = `'${prop}[${i}]'`;
    if (op === null || typeof op !== 'object' || Array.isArray(op)) {
      problems.push(`${at} is ${JSON.stringify(op)}; a JSON patch operation is an object with 'op' and 'path'`);
      return;
    }
    if (!Token.isUnresolved(op.op) && !JSON_PATCH_OPS.includes(op.op)) {
      problems.push(`${at} has op ${JSON.stringify(op.op)}; allowed: ${JSON_PATCH_OPS.join(', ')}`);
    }
    for (const field of ['path', ...(['move', 'copy'].includes(op.op) ? ['from'] : [])]) {
      const pointer = op[field];
      if (Token.isUnresolved(pointer)) continue;
      if (typeof pointer !== 'string') problems.push(`${at} has no '${field}'; it is a JSON pointer such as '/spec/replicas'`);
      else if (pointer !== '' && !pointer.startsWith('/')) problems.push(`${at} has ${field} '${pointer}'; a JSON pointer starts with '/' (e.g. '/${pointer}')`);
    }
    if (['add', 'replace', 'test'].includes(op.op) && !('value' in op)) problems.push(`${at} (${op.op}) has no 'value'`);
  });
  return problems;
}

/** Problems of a kubectl JSONPath expression. */
export function jsonPathProblems(jsonPath: string): string[] {
  if (Token.isUnresolved(jsonPath)) return [];
  if (jsonPath.trim() === '') return ["'jsonPath' is empty; give the field to read, e.g. '.status.loadBalancer.ingress[0].hostname'"];
  const pairs: Record<string, string> = { ']': '[', '}': '{', ')': '(' };
  const stack: string[] = [];
  let quote: string | undefined;
  for (const ch of jsonPath) {
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{' || ch === '(') stack.push(ch);
    else if (ch in pairs) {
      if (stack.pop() !== pairs[ch]) return [`'jsonPath' is '${jsonPath}'; its '${ch}' closes nothing`];
    }
  }
  if (quote) return [`'jsonPath' is '${jsonPath}'; a ${quote} quote is not closed`];
  if (stack.length > 0) return [`'jsonPath' is '${jsonPath}'; its '${stack[stack.length - 1]}' is not closed`];
  return [];
}

/** Problems of the object a value is read from. */
export function objectValueProblems(props: { objectType: string; objectName: string; objectNamespace?: string; timeout: Duration }): string[] {
  const problems: string[] = [];
  const { objectType, objectName } = props;
  if (!Token.isUnresolved(objectType) && !RESOURCE_TYPE.test(objectType)) {
    problems.push(`'objectType' is '${objectType}'; use a resource type such as 'service' or 'ingresses.networking.k8s.io' (the name goes in 'objectName')`);
  }
  if (!Token.isUnresolved(objectName) && !Token.isUnresolved(objectType)) {
    const nameProblem = objectNameProblem('objectName', objectType, objectName);
    if (nameProblem) problems.push(nameProblem);
  }
  const ns = namespaceProblem('objectNamespace', props.objectNamespace);
  if (ns) problems.push(ns);
  if (!Token.isUnresolved(props.timeout.toSeconds()) && props.timeout.toSeconds() < 1) {
    problems.push(`'timeout' is ${props.timeout.toSeconds()} seconds; use at least 1 second (the default is 5 minutes)`);
  }
  return problems;
}
