import { writeFileSync } from 'fs';
import { join } from 'path';
import { classifyFailure } from './classify';
import { ExecResult } from './exec';
import { kubectlArgs } from './tool-args';
import { parseToolJson, runToolWithRetries, ToolContext, ToolError } from './tools';

/** A Kubernetes object as far as the handler needs to know it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

/**
 * Set on an object a resource took over from another resource of the same family (the
 * batches and manifests of one cluster in one stack), naming the previous owner. While it is
 * set, the takeover can still be undone: a Delete of the new owner (a rollback) hands the
 * object back instead of deleting it. The previous owner clears it when it lets go of the
 * object (its prune or Delete), and so does the new owner's next apply.
 */
export const ADOPTED_FROM = 'cdk-eks-kit/adopted-from';

/** The properties of a manifest resource, after loading assets and parsing. */
export interface ManifestRequest {
  readonly objects: KubeObject[];
  /** The ownership label key and value every object carries. */
  readonly ownerLabel: string;
  readonly ownerValue: string;
  /** Owner values starting with `<family>-` belong to siblings whose objects may be taken over. */
  readonly family?: string;
  /** This resource's owner value before this update (if it changed): its objects are its own. */
  readonly previousOwnerValue?: string;
  /** Take over foreign objects (server-side apply with --force-conflicts): all, or those listed. */
  readonly overwrite: boolean;
  readonly overwriteKeys?: ReadonlySet<string>;
  /** `--validate=false`: all, or those listed. */
  readonly skipValidation: boolean;
  readonly skipValidationKeys?: ReadonlySet<string>;
  /** Objects another resource of the family declares now: never pruned or deleted here. */
  readonly claimedElsewhere?: ReadonlySet<string>;
  /** `group/Kind` of CRDs created in this deploy (retried while they register). */
  readonly expectedKinds?: ReadonlySet<string>;
}

export const FIELD_MANAGER = 'cdk-eks-kit';

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/**
 * The identity of an object for pruning and ownership: group, kind, namespace, name (the
 * version is left out: the same object may be declared or served in another version).
 */
export function objectKey(o: { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } }): string {
  return [groupOf(o.apiVersion), o.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? ''].join('|');
}

/**
 * Objects (identity only) from an inventory: one `apiVersion|kind|namespace|names` line per
 * type and namespace, the names separated by commas (a single name is the older form).
 */
export function parseInventory(text: string): KubeObject[] {
  return text.split('\n').filter(Boolean).flatMap((line) => {
    const [apiVersion, kind, namespace, names] = line.split('|');
    return (names ?? '').split(',').filter(Boolean).map((name) => ({ apiVersion, kind, metadata: namespace ? { name, namespace } : { name } }));
  });
}

/** Namespaces first, then CRDs, then everything else (order kept within each group). */
export function applyPhases(objects: KubeObject[]): { first: KubeObject[]; rest: KubeObject[]; crdNames: string[] } {
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
  const rest = objects.filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition');
  return { first: [...namespaces, ...crds], rest, crdNames: crds.map((c) => c.metadata.name!).filter(Boolean) };
}

/** Objects in `before` but not in `after`. */
export function removedObjects(before: KubeObject[], after: KubeObject[]): KubeObject[] {
  const keep = new Set(after.map(objectKey));
  return before.filter((o) => !keep.has(objectKey(o)));
}

/** Checks each object has what kubectl needs; names the index and what is missing. */
export function objectShapeProblems(objects: unknown[]): string[] {
  const problems: string[] = [];
  objects.forEach((o: any, i) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) {
      problems.push(`object ${i} is not an object`);
      return;
    }
    if (typeof o.apiVersion !== 'string' || !o.apiVersion) problems.push(`object ${i} has no apiVersion`);
    if (typeof o.kind !== 'string' || !o.kind) problems.push(`object ${i} has no kind`);
    if (typeof o.metadata?.name !== 'string' || !o.metadata.name) problems.push(`object ${i} (${o.kind}) has no metadata.name`);
  });
  return problems;
}

/** The kind's CRD is not (or no longer) installed, or the type is unknown: no such object can exist. */
function unknownKind(r: ExecResult): boolean {
  return /no matches for kind|the server doesn't have a resource type|unable to recognize/i.test(r.stderr)
    && classifyFailure(r.stderr).kind === 'permanent';
}

function stub(o: KubeObject): KubeObject {
  const metadata: KubeObject['metadata'] = { name: o.metadata.name };
  if (o.metadata.namespace) metadata.namespace = o.metadata.namespace;
  return { apiVersion: o.apiVersion, kind: o.kind, metadata };
}

function writeList(ctx: ToolContext, name: string, objects: KubeObject[]): string {
  const file = join(ctx.workDir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  return file;
}

function describe(objects: KubeObject[]): string {
  const names = objects.slice(0, 3).map((o) => `${o.kind}/${o.metadata?.name}`);
  return names.join(', ') + (objects.length > 3 ? ` and ${objects.length - 3} more` : '');
}

/**
 * The live objects among `objects`, keyed by the declared object's key (an object declared
 * without a namespace is found in `default`). Kinds without a CRD count as absent.
 */
async function liveObjects(ctx: ToolContext, objects: KubeObject[], label: string): Promise<Map<string, KubeObject>> {
  const live = new Map<string, KubeObject>();
  if (objects.length === 0) return live;
  const found = await runToolWithRetries(ctx, 'lookup of existing objects', 'kubectl',
    kubectlArgs(['get', '-f', writeList(ctx, label, objects.map(stub)), '--ignore-not-found', '-o', 'json']),
    { accept: unknownKind });
  if (!found.stdout.trim()) return live;
  const parsed = parseToolJson<KubeObject & { items?: KubeObject[] }>('kubectl get (lookup of existing objects)', found.stdout);
  const items = parsed.kind === 'List' || Array.isArray(parsed.items) ? parsed.items ?? [] : [parsed];
  const byKey = new Map(items.map((o) => [objectKey(o), o]));
  for (const o of objects) {
    const k = objectKey(o);
    const match = byKey.get(k) ?? (o.metadata.namespace ? undefined : byKey.get(objectKey({ ...o, metadata: { ...o.metadata, namespace: 'default' } })));
    if (match) live.set(k, match);
  }
  return live;
}

const labelOf = (o: KubeObject | undefined, label: string) => o?.metadata?.labels?.[label];

/**
 * Creates or updates the objects: namespaces and CRDs first, then the rest once CRDs are
 * Established. Objects that exist already are taken over when they carry this resource's
 * label, or a sibling's of the same family (recorded in {@link ADOPTED_FROM}); any other
 * existing object fails the request unless `overwrite` covers it.
 */
export async function applyManifest(ctx: ToolContext, req: ManifestRequest): Promise<void> {
  const live = await liveObjects(ctx, req.objects, 'check');
  const foreign: string[] = [];
  const objects = req.objects.map((o) => {
    const labelled = { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, [req.ownerLabel]: req.ownerValue } } };
    const existing = live.get(objectKey(o));
    if (!existing) return labelled;
    const owner = labelOf(existing, req.ownerLabel);
    if (owner === req.ownerValue || (owner !== undefined && owner === req.previousOwnerValue)) return labelled;
    if (owner && req.family && owner.startsWith(`${req.family}-`)) {
      console.log(`${o.kind}/${o.metadata.name}: taking over from ${owner} (same stack and cluster)`);
      return { ...labelled, metadata: { ...labelled.metadata, annotations: { ...o.metadata.annotations, [ADOPTED_FROM]: owner } } };
    }
    if (overwrites(req, o)) {
      console.log(`${o.kind}/${o.metadata.name}: taking over (overwrite) from ${owner ? `owner ${owner}` : 'an unlabelled object'}`);
      return labelled;
    }
    foreign.push(`${o.kind}/${o.metadata.name}${owner ? ` (owned by ${owner})` : ''}`);
    return labelled;
  });
  if (foreign.length > 0) {
    throw new ToolError(`${foreign.join(', ')} already exist(s) in the cluster and this manifest did not create them; `
      + "set 'overwrite: true' to take them over", '');
  }
  const { first, rest, crdNames } = applyPhases(objects);
  await applyGroups(ctx, req, first, 'phase1');
  if (crdNames.length > 0) {
    const seconds = Math.max(1, Math.floor((ctx.deadline - Date.now()) / 1000) - 5);
    await runToolWithRetries(ctx, 'wait for CRDs to be Established', 'kubectl',
      ['wait', '--for=condition=Established', `--timeout=${Math.min(seconds, 300)}s`, ...crdNames.map((n) => `customresourcedefinition/${n}`)]);
  }
  await applyGroups(ctx, req, rest, 'phase2');
}

function overwrites(req: ManifestRequest, o: KubeObject): boolean {
  return req.overwrite || (req.overwriteKeys?.has(objectKey(o)) ?? false);
}

function skipsValidation(req: ManifestRequest, o: KubeObject): boolean {
  return req.skipValidation || (req.skipValidationKeys?.has(objectKey(o)) ?? false);
}

/** Applies objects in groups of equal options (a batch mixes manifests with different options). */
async function applyGroups(ctx: ToolContext, req: ManifestRequest, objects: KubeObject[], label: string): Promise<void> {
  const groups = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const flags = `${overwrites(req, o)}/${skipsValidation(req, o)}`;
    groups.set(flags, [...groups.get(flags) ?? [], o]);
  }
  let n = 0;
  for (const [flags, group] of groups) {
    const [force, skip] = flags.split('/').map((f) => f === 'true');
    const args = ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', writeList(ctx, `${label}-${n++}`, group)];
    if (force) args.push('--force-conflicts');
    if (skip) args.push('--validate=false');
    await runToolWithRetries(ctx, `apply of ${describe(group)}`, 'kubectl', kubectlArgs(args), { expectedKinds: req.expectedKinds });
  }
}

/** What a resource does with objects it no longer declares (prune) or at its Delete. */
export interface ReleaseOptions extends DeleteOptions {
  readonly ownerLabel: string;
  readonly ownerValue: string;
  readonly claimedElsewhere?: ReadonlySet<string>;
}

export interface DeleteOptions {
  /**
   * Foreground cascading deletion, waiting until the objects are gone: dependents that block
   * their owner's deletion go first (a Karpenter NodePool's NodeClaims, whose finalizer waits
   * for the instance to terminate). Still there at the deadline is a failure, not a success.
   */
  readonly foreground?: boolean;
}

/** How objects are deleted. */
export interface DeleteOptions {
  /**
   * Foreground cascading deletion, waiting until the objects are gone: dependents that block
   * their owner's deletion go first (a Karpenter NodePool's NodeClaims, whose finalizer waits
   * for the instance to terminate). Still there at the deadline is a failure, not a success.
   */
  readonly foreground?: boolean;
}

/**
 * Lets go of objects: deletes those that still carry this resource's label; skips (and logs)
 * those another resource owns now or that another resource of the family declares; hands
 * back, instead of deleting, those this resource took over from a sibling that has not let
 * go of them yet (a rollback of the takeover). Deletes run custom resources and workloads
 * first, CRDs next, namespaces last; objects already gone count as deleted.
 */
export async function releaseObjects(ctx: ToolContext, objects: KubeObject[], opts: ReleaseOptions): Promise<void> {
  const live = await liveObjects(ctx, objects, 'owned');
  const targets: KubeObject[] = [];
  for (const o of objects) {
    const k = objectKey(o);
    const existing = live.get(k);
    if (!existing) continue;
    const name = `${o.kind}/${o.metadata.name}${o.metadata.namespace ? ` in ${o.metadata.namespace}` : ''}`;
    const owner = labelOf(existing, opts.ownerLabel);
    const adoptedFrom = existing.metadata.annotations?.[ADOPTED_FROM];
    if (opts.claimedElsewhere?.has(k)) {
      console.log(`${name}: kept, another resource of this stack declares it now`);
    } else if (owner !== opts.ownerValue) {
      console.log(`${name}: kept, it is owned by ${owner ? `another resource (${owner})` : 'no cdk-eks-kit resource'} now`);
      if (adoptedFrom === opts.ownerValue) await patchMetadata(ctx, existing, { annotations: { [ADOPTED_FROM]: null } }, 'confirm the takeover of');
    } else if (adoptedFrom && adoptedFrom !== opts.ownerValue) {
      console.log(`${name}: handed back to ${adoptedFrom}, which it was taken over from in a deploy that did not complete`);
      await patchMetadata(ctx, existing, { labels: { [opts.ownerLabel]: adoptedFrom }, annotations: { [ADOPTED_FROM]: null } }, 'hand back');
    } else {
      targets.push(o);
    }
  }
  await deleteObjects(ctx, targets, { foreground: opts.foreground });
}

let patches = 0;
async function patchMetadata(ctx: ToolContext, o: KubeObject, metadata: Record<string, unknown>, what: string): Promise<void> {
  const file = writeList(ctx, `patch${patches++}`, [stub(o)]);
  await runToolWithRetries(ctx, `${what} ${o.kind}/${o.metadata.name}`, 'kubectl',
    kubectlArgs(['patch', '-f', file, '--type=merge', '--patch', JSON.stringify({ metadata })]), { accept: unknownKind });
}

/** Kinds whose deletion must finish (their finalizer removes AWS load balancers): a wait that times out fails. */
const MUST_FINISH_DELETING = new Set(['networking.k8s.io|Ingress', '|Service']);

/** Deletes objects (workloads first, CRDs next, namespaces last); objects already gone count as deleted. */
export async function deleteObjects(ctx: ToolContext, objects: KubeObject[], options: DeleteOptions = {}): Promise<void> {
  const { first, rest } = applyPhases(objects);
  const namespaces = first.filter((o) => o.kind === 'Namespace');
  const crds = first.filter((o) => o.kind !== 'Namespace');
  const strict = rest.filter((o) => MUST_FINISH_DELETING.has(`${groupOf(o.apiVersion)}|${o.kind}`));
  const others = rest.filter((o) => !strict.includes(o));
  const groups: Array<[KubeObject[], boolean]> = [[strict.reverse(), true], [others.reverse(), false], [crds, false], [namespaces, false]];
  for (const [i, [group, mustFinish]] of groups.entries()) {
    if (group.length === 0) continue;
    const seconds = Math.max(1, Math.floor((ctx.deadline - Date.now()) / 1000) - 10);
    if (options.foreground) {
      // kubectl waits until the objects are gone, i.e. until their blocking dependents are.
      await runToolWithRetries(ctx, `delete of ${describe(group)}`, 'kubectl',
        ['delete', '-f', writeList(ctx, `delete${i}`, group.map(stub)), '--ignore-not-found', '--wait=true', '--cascade=foreground', `--timeout=${seconds}s`], {
          accept: (r) => {
            if (/timed out waiting for the condition/i.test(r.stderr)) {
              throw new ToolError(`${describe(group)} still being deleted when the handler had to answer (their dependents, e.g. NodeClaims `
                + 'and the instances behind them, are still terminating); the delete fails so that nothing they depend on goes first. '
                + 'Delete the stack again to resume.', r.stderr);
            }
            return unknownKind(r);
          },
        });
      continue;
    }
    const timeout = Math.min(seconds, mustFinish ? 120 : 300);
    await runToolWithRetries(ctx, `delete of ${describe(group)}`, 'kubectl',
      ['delete', '-f', writeList(ctx, `delete${i}`, group.map(stub)), '--ignore-not-found', '--wait=true', `--timeout=${timeout}s`],
      {
        accept: (r) => unknownKind(r) || (!mustFinish && /timed out waiting for the condition/i.test(r.stderr)),
        // Load balancers: retried until their finalizer is gone, so that the controller (deleted after them) removes them.
        ...(mustFinish ? { transient: /timed out waiting for the condition/i } : {}),
      });
  }
}
