import { writeFileSync } from 'fs';
import { join } from 'path';
import { ExecResult } from './exec';
import { ToolContext, ToolError, runToolWithRetries } from './tools';

/** A Kubernetes object as far as the handler needs to know it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

/** The properties of a manifest resource, after loading assets and parsing. */
export interface ManifestRequest {
  readonly objects: KubeObject[];
  /** The ownership label key and value every object carries. */
  readonly ownerLabel: string;
  readonly ownerValue: string;
  readonly overwrite: boolean;
  readonly skipValidation: boolean;
}

export const FIELD_MANAGER = 'cdk-eks-kit';

/** apiVersion/kind/namespace/name of an object: its identity for pruning. */
export function objectKey(o: KubeObject): string {
  return [o.apiVersion, o.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? ''].join('|');
}

/** Objects (identity only) from an inventory of `apiVersion|kind|namespace|name` lines. */
export function parseInventory(text: string): KubeObject[] {
  return text.split('\n').filter(Boolean).map((line) => {
    const [apiVersion, kind, namespace, name] = line.split('|');
    return { apiVersion, kind, metadata: namespace ? { name, namespace } : { name } };
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

/** The kind's CRD is not (or no longer) installed: no such object can exist. */
function unknownKind(r: ExecResult): boolean {
  return /no matches for kind|the server doesn't have a resource type/i.test(r.stderr)
    && !/connection refused|Unable to connect/i.test(r.stderr);
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

async function apply(ctx: ToolContext, req: ManifestRequest, objects: KubeObject[], label: string): Promise<void> {
  if (objects.length === 0) return;
  const args = ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', writeList(ctx, label, objects)];
  if (req.overwrite) args.push('--force-conflicts');
  if (req.skipValidation) args.push('--validate=false');
  await runToolWithRetries(ctx, `apply of ${describe(objects)}`, 'kubectl', args);
}

function describe(objects: KubeObject[]): string {
  const names = objects.slice(0, 3).map((o) => `${o.kind}/${o.metadata?.name}`);
  return names.join(', ') + (objects.length > 3 ? ` and ${objects.length - 3} more` : '');
}

/** The live objects among `objects` (identity lookups; kinds without a CRD count as absent). */
async function liveObjects(ctx: ToolContext, objects: KubeObject[], label: string): Promise<KubeObject[]> {
  if (objects.length === 0) return [];
  const found = await runToolWithRetries(ctx, 'lookup of existing objects', 'kubectl',
    ['get', '-f', writeList(ctx, label, objects.map(stub)), '--ignore-not-found', '-o', 'json'],
    { accept: unknownKind });
  if (!found.stdout.trim()) return [];
  const live = JSON.parse(found.stdout) as KubeObject & { items?: KubeObject[] };
  return live.kind === 'List' || Array.isArray(live.items) ? live.items ?? [] : [live];
}

/**
 * Fails if any of `objects` already exists without this manifest's ownership label (objects
 * with it were left by an earlier, failed attempt of this manifest and are taken over).
 */
async function refuseExisting(ctx: ToolContext, req: ManifestRequest, objects: KubeObject[]): Promise<void> {
  const foreign = (await liveObjects(ctx, objects, 'check'))
    .filter((o) => o.metadata?.labels?.[req.ownerLabel] !== req.ownerValue)
    .map((o) => `${o.kind}/${o.metadata?.name}`);
  if (foreign.length > 0) {
    throw new ToolError(`${foreign.join(', ')} already exist(s) in the cluster and this manifest did not create them; `
      + "set 'overwrite: true' to take them over", '');
  }
}

/** Creates or updates the objects: namespaces and CRDs first, then the rest once CRDs are Established. */
export async function applyManifest(ctx: ToolContext, req: ManifestRequest, previous?: KubeObject[]): Promise<void> {
  if (!req.overwrite) {
    await refuseExisting(ctx, req, previous ? removedObjects(req.objects, previous) : req.objects);
  }
  const { first, rest, crdNames } = applyPhases(req.objects);
  await apply(ctx, req, first, 'phase1');
  if (crdNames.length > 0) {
    const seconds = Math.max(1, Math.floor((ctx.deadline - Date.now()) / 1000) - 5);
    await runToolWithRetries(ctx, 'wait for CRDs to be Established', 'kubectl',
      ['wait', '--for=condition=Established', `--timeout=${Math.min(seconds, 300)}s`, ...crdNames.map((n) => `customresourcedefinition/${n}`)]);
  }
  await apply(ctx, req, rest, 'phase2');
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
 * Deletes objects (custom resources and workloads first, CRDs next, namespaces last);
 * objects already gone count as deleted. With `onlyOwnedBy`, only objects that still carry
 * the ownership label with that value are deleted (others were taken over).
 */
export async function deleteObjects(
  ctx: ToolContext, objects: KubeObject[], onlyOwnedBy?: { label: string; value: string }, options: DeleteOptions = {},
): Promise<void> {
  let targets = objects;
  if (onlyOwnedBy) {
    const owned = new Set((await liveObjects(ctx, targets, 'owned'))
      .filter((o) => o.metadata?.labels?.[onlyOwnedBy.label] === onlyOwnedBy.value).map(objectKey));
    targets = targets.filter((o) => owned.has(objectKey(o)));
  }
  const { first, rest } = applyPhases(targets);
  const namespaces = first.filter((o) => o.kind === 'Namespace');
  const crds = first.filter((o) => o.kind !== 'Namespace');
  for (const [i, group] of [[...rest].reverse(), crds, namespaces].entries()) {
    if (group.length === 0) continue;
    const seconds = Math.max(1, Math.floor((ctx.deadline - Date.now()) / 1000) - 10);
    const args = ['delete', '-f', writeList(ctx, `delete${i}`, group.map(stub)), '--ignore-not-found', '--wait=true'];
    if (options.foreground) {
      // kubectl waits until the objects are gone, i.e. until their blocking dependents are.
      args.push('--cascade=foreground', `--timeout=${seconds}s`);
      await runToolWithRetries(ctx, `delete of ${describe(group)}`, 'kubectl', args, {
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
    args.push(`--timeout=${Math.min(seconds, 300)}s`);
    await runToolWithRetries(ctx, `delete of ${describe(group)}`, 'kubectl', args,
      // Deletion was requested; finalizers that take longer do not block the stack.
      { accept: (r) => /timed out waiting for the condition/i.test(r.stderr) || unknownKind(r) });
  }
}
