import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type * as Yaml from 'yaml';
import { KitValidationError } from '../errors';

/** The label every object applied by a manifest carries; its value names the owner. */
export const OWNER_LABEL = 'cdk-eks-kit/owner';

/** Loads Kubernetes objects from YAML. */
export class KubernetesObjects {
  /**
   * Parses a YAML file with one or more documents (separated by `---`); empty documents
   * are skipped, `kind: List` documents are flattened. Errors name the file, the document
   * (counting from 1) and the line.
   */
  public static fromYamlFile(path: string): Record<string, any>[] {
    const where = `KubernetesObjects.fromYamlFile('${path}')`;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e: any) {
      throw new KitValidationError(pseudoScope(where), 'ManifestYaml', `cannot read '${path}': ${e?.code === 'ENOENT' ? 'no such file' : e?.message}.`);
    }
    return parseYaml(text, where);
  }

  /** Parses YAML text with one or more documents. */
  public static fromYaml(text: string): Record<string, any>[] {
    return parseYaml(text, 'KubernetesObjects.fromYaml');
  }

  private constructor() {}
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A stable, label-safe owner value for a construct path. */
export function ownerValue(path: string): string {
  return sha256(path).slice(0, 32);
}

/**
 * The family of the Kubernetes resources of one cluster in one stack (10 hex digits). Owner
 * values of a family start with it, and a resource may take over objects labelled by a
 * sibling: synth guarantees that no two resources of a family declare the same object, so
 * an object a sibling labelled was moved here (a renamed construct, a manifest that left or
 * joined a batch).
 */
export function ownerFamily(stack: Stack, cluster: IConstruct): string {
  return sha256(`${stack.node.path}|${cluster.node.path}`).slice(0, 10);
}

/** The owner value of a resource in a family: `<family>-<20 hex digits of its path>`. */
export function ownerValueIn(family: string, path: string): string {
  return `${family}-${sha256(path).slice(0, 20)}`;
}

/** The hash a batch shard is chosen by (the first 8 hex digits of a sha256). */
export function shardHash(text: string): number {
  return parseInt(sha256(text).slice(0, 8), 16);
}

/**
 * Deep copies of the objects with the ownership label added; the caller's objects are
 * never modified.
 */
export function labelObjects(objects: Record<string, any>[], owner: string): Record<string, any>[] {
  return objects.map((o) => {
    const copy = deepCopy(o);
    copy.metadata = { ...copy.metadata, labels: { ...copy.metadata?.labels, [OWNER_LABEL]: owner } };
    return copy;
  });
}

/** Problems with the shape of objects (tokens are not checked). */
export function objectProblems(objects: Record<string, any>[]): string[] {
  const problems: string[] = [];
  objects.forEach((o, i) => {
    if (Token.isUnresolved(o)) return;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) {
      problems.push(`object ${i} is ${o === null ? 'null' : Array.isArray(o) ? 'a list' : typeof o}, not a Kubernetes object`);
      return;
    }
    for (const field of ['apiVersion', 'kind']) {
      if (Token.isUnresolved(o[field])) continue;
      if (typeof o[field] !== 'string' || o[field] === '') problems.push(`object ${i} has no '${field}'`);
    }
    const name = o.metadata?.name;
    if (Token.isUnresolved(o.metadata) || Token.isUnresolved(name)) return;
    if (name === undefined || name === '') problems.push(`object ${i} (${o.kind}) has no 'metadata.name'`);
    else if (typeof name !== 'string') problems.push(`object ${i} (${o.kind}) has 'metadata.name' ${JSON.stringify(name)}; it must be a string`);
  });
  return problems;
}

/** Copies plain objects and arrays; anything else (tokens, IResolvables) is kept as it is. */
function deepCopy(value: any): any {
  if (Array.isArray(value)) return value.map(deepCopy);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepCopy(v)]));
  }
  return value;
}

/** Whether a value holds deploy-time values (tokens) anywhere. */
export function hasTokens(value: unknown): boolean {
  if (Token.isUnresolved(value)) return true;
  if (Array.isArray(value)) return value.some(hasTokens);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasTokens);
  return false;
}

/**
 * The manifest as a template value: a plain JSON string when there are no tokens (its
 * exact size is known), else `stack.toJsonString` (an Fn::Join) and an estimate of its size.
 */
export function manifestJson(stack: Stack, objects: Record<string, any>[]): { value: string; bytes: number; tokens: boolean } {
  if (!hasTokens(objects)) {
    const value = JSON.stringify(objects);
    return { value, bytes: Buffer.byteLength(value), tokens: false };
  }
  return { value: stack.toJsonString(objects), bytes: JSON.stringify(stack.resolve(objects)).length, tokens: true };
}

/**
 * The identities of objects: one `apiVersion|kind|namespace|names` line per type and
 * namespace, the names separated by commas (what the handler's `parseInventory` reads). It
 * says what to prune or delete without the asset, whose read grant may be gone by then.
 */
export function inventory(objects: Record<string, any>[]): string {
  const lines = new Map<string, string[]>();
  for (const o of objects) {
    const key = [o.apiVersion, o.kind, o.metadata?.namespace ?? ''].join('|');
    lines.set(key, [...lines.get(key) ?? [], o.metadata?.name]);
  }
  return [...lines.entries()].map(([key, names]) => `${key}|${names.join(',')}`).join('\n');
}

/** The identity of an object as the handler compares them (group, kind, namespace, name). */
export function objectIdentity(o: Record<string, any>): string {
  const apiVersion = String(o.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return [group, o.kind, o.metadata?.namespace ?? '', o.metadata?.name].join('|');
}

/** A scope for errors raised outside the construct tree (a parser called before any construct). */
function pseudoScope(path: string): IConstruct {
  return { node: { path } } as unknown as IConstruct;
}

function parseYaml(text: string, where: string): Record<string, any>[] {
  const objects: Record<string, any>[] = [];
  // Loaded on first use: apps without YAML manifests do not pay for the parser at synth.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseAllDocuments } = require('yaml') as typeof Yaml;
  const docs = parseAllDocuments(text);
  for (const [i, doc] of (Array.isArray(docs) ? docs : [docs]).entries()) {
    const n = i + 1;
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const line = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
      throw new KitValidationError(pseudoScope(where), 'ManifestYaml', `document ${n}${line}: invalid YAML: ${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new KitValidationError(pseudoScope(where), 'ManifestYaml',
        `document ${n} is ${Array.isArray(value) ? 'a list' : `the ${typeof value} ${JSON.stringify(value)}`}, not a Kubernetes object (a mapping with apiVersion, kind and metadata).`);
    }
    if (value.kind === 'List' && Array.isArray(value.items)) objects.push(...value.items);
    else objects.push(value);
  }
  return objects;
}
