/**
 * The aws-auth operation of the applier: merges this resource's rows into the `aws-auth`
 * ConfigMap (kube-system) and removes only its own rows, keeping the rows EKS writes for
 * managed node groups and Fargate profiles and everything else someone else wrote.
 *
 * - Ownership: the annotation `cdk-eks-kit.io/aws-auth-owners` maps each row key
 *   (`role:<arn>`, `user:<arn>`, `account:<id>`, ARNs lower-cased as the authenticator
 *   compares them) to the physical id of the resource that wrote it. A row without an owner is
 *   someone else's: it is never changed or removed; if it differs from a row this resource
 *   wants, the operation fails and says so. A row owned by another of our resources (the
 *   same mapping moved to a new construct path) is taken over.
 * - Concurrency: read, merge, then `kubectl replace` with the resourceVersion read; a
 *   Conflict (EKS added a node role meanwhile) re-reads and merges again, so no row is lost.
 *   A missing ConfigMap is created; AlreadyExists (EKS created it meanwhile) re-reads.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { parseYamlList, renderYamlList, YamlValue } from './aws-auth-yaml';
import { runToolWithRetries, ToolContext, ToolError } from './tools';
import { TransientError, withRetries } from './retry';

/** The annotation that records which resource owns which row. */
export const OWNERS_ANNOTATION = 'cdk-eks-kit.io/aws-auth-owners';

/** One row of mapRoles or mapUsers as the constructs send it. */
export interface AwsAuthRow {
  readonly arn: string;
  readonly username: string;
  readonly groups: string[];
}

/** The rows one resource wants in aws-auth. */
export interface AwsAuthRows {
  readonly mapRoles: AwsAuthRow[];
  readonly mapUsers: AwsAuthRow[];
  readonly mapAccounts: string[];
}

/** The parts of the ConfigMap the merge reads and writes. */
export interface AwsAuthState {
  /** `data` of the ConfigMap (absent keys are empty lists). */
  readonly data: { [key: string]: string };
  /** Row key → physical id of the resource that owns the row. */
  readonly owners: { [key: string]: string };
}

const SECTIONS = [
  { name: 'mapRoles', kind: 'role', arnField: 'rolearn' },
  { name: 'mapUsers', kind: 'user', arnField: 'userarn' },
] as const;

/** The rows of an event's properties (JSON strings rendered by the AwsAuth construct). */
export function rowsOf(props: Record<string, any> | undefined): AwsAuthRows {
  const list = (v: unknown) => (typeof v === 'string' && v !== '' ? JSON.parse(v) : []);
  return { mapRoles: list(props?.MapRoles), mapUsers: list(props?.MapUsers), mapAccounts: list(props?.MapAccounts) };
}

/**
 * Merges `rows` (owned by `owner`) into `state`: rows of `owner` that are no longer wanted go,
 * wanted rows are added or updated, everything else stays as it is (sections this resource
 * does not change keep their text byte for byte). Pass empty rows to remove all of `owner`'s.
 * Throws when a wanted row collides with a different row that someone else wrote.
 */
export function mergeAwsAuth(state: AwsAuthState, rows: AwsAuthRows, owner: string): AwsAuthState {
  const data = { ...state.data };
  const owners = { ...state.owners };
  for (const section of SECTIONS) {
    const wanted = section.name === 'mapRoles' ? rows.mapRoles : rows.mapUsers;
    const entries = parseYamlList(data[section.name] ?? '', `aws-auth ${section.name}`);
    const keyOf = (item: YamlValue) => rowKey(section.kind, arnOfItem(item, section.arnField));
    const render = (r: AwsAuthRow): YamlValue => ({ [section.arnField]: r.arn, username: r.username, groups: [...r.groups] });
    const changed = mergeSection(entries, wanted.map((r) => ({ key: rowKey(section.kind, r.arn)!, item: render(r) })), `${section.kind}:`, keyOf, owners, owner);
    if (changed) setSection(data, section.name, changed);
  }
  const accounts = parseYamlList(data.mapAccounts ?? '', 'aws-auth mapAccounts');
  const changed = mergeSection(accounts, rows.mapAccounts.map((a) => ({ key: `account:${a}`, item: a })), 'account:',
    (item) => (typeof item === 'string' ? `account:${item}` : undefined), owners, owner);
  if (changed) setSection(data, 'mapAccounts', changed);
  return { data, owners };
}

function setSection(data: { [key: string]: string }, name: string, items: YamlValue[]): void {
  if (items.length === 0) delete data[name];
  else data[name] = renderYamlList(items);
}

/** The new list, or undefined when nothing changes. */
function mergeSection(
  entries: YamlValue[], wanted: { key: string; item: YamlValue }[], prefix: string,
  keyOf: (item: YamlValue) => string | undefined, owners: { [key: string]: string }, owner: string,
): YamlValue[] | undefined {
  const wantedKeys = new Set(wanted.map((w) => w.key));
  let changed = false;
  // Drop this owner's rows that are no longer wanted.
  let result = entries.filter((item) => {
    const key = keyOf(item);
    const drop = key !== undefined && owners[key] === owner && !wantedKeys.has(key);
    if (drop) changed = true;
    return !drop;
  });
  for (const key of Object.keys(owners)) {
    if (key.startsWith(prefix) && owners[key] === owner && !wantedKeys.has(key)) delete owners[key];
  }
  for (const { key, item } of wanted) {
    const index = result.findIndex((e) => keyOf(e) === key);
    const rowOwner = owners[key];
    if (index < 0) {
      result = [...result, item];
      owners[key] = owner;
      changed = true;
      continue;
    }
    if (rowOwner === undefined) {
      if (sameRow(result[index], item)) continue; // someone else's identical row: leave it, and never remove it
      throw new ToolError(`aws-auth already maps ${describeKey(key)} with a row this stack did not write `
        + `(${JSON.stringify(result[index])}), e.g. EKS for a managed node group or Fargate profile, or by hand. `
        + 'aws-auth has one row per ARN: remove that row from the ConfigMap, or drop this mapping.', '');
    }
    if (rowOwner !== owner || !sameRow(result[index], item)) {
      result = result.map((e, i) => (i === index ? item : e));
      changed = true;
    }
    owners[key] = owner;
    // A second row for the same key that this owner wrote earlier would shadow the first.
    const before = result.length;
    result = result.filter((e, i) => i === index || keyOf(e) !== key);
    if (result.length !== before) changed = true;
  }
  return changed ? result : undefined;
}

function rowKey(kind: string, arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : `${kind}:${arn.toLowerCase()}`;
}

/** The ARN of a row, read case-insensitively (the authenticator decodes JSON that way). */
function arnOfItem(item: YamlValue, field: string): string | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  for (const [k, v] of Object.entries(item)) {
    if (k.toLowerCase() === field && typeof v === 'string') return v;
  }
  return undefined;
}

function sameRow(a: YamlValue, b: YamlValue): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(v: YamlValue): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), normalise(x)] as const).sort(([a], [b]) => a.localeCompare(b)));
  }
  return v;
}

function describeKey(key: string): string {
  const [kind, ...rest] = key.split(':');
  return `the ${kind} ${rest.join(':')}`;
}

// ---- deploy-time operation ----

interface ConfigMap {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; resourceVersion?: string; annotations?: { [k: string]: string }; managedFields?: unknown; [k: string]: unknown };
  data?: { [k: string]: string };
  [k: string]: unknown;
}

function stateOf(cm: ConfigMap | undefined): AwsAuthState {
  const raw = cm?.metadata.annotations?.[OWNERS_ANNOTATION];
  let owners: { [key: string]: string } = {};
  if (raw) {
    try { owners = JSON.parse(raw); } catch { throw new ToolError(`the aws-auth annotation ${OWNERS_ANNOTATION} is not valid JSON; fix or remove it`, ''); }
  }
  return { data: { ...(cm?.data ?? {}) }, owners };
}

function conflict(stderr: string): boolean {
  return /\(Conflict\)|the object has been modified|\(AlreadyExists\)|already exists/i.test(stderr);
}

async function readConfigMap(ctx: ToolContext): Promise<ConfigMap | undefined> {
  const r = await runToolWithRetries(ctx, 'read of ConfigMap kube-system/aws-auth', 'kubectl',
    ['get', 'configmap', 'aws-auth', '--namespace', 'kube-system', '--ignore-not-found', '-o', 'json']);
  return r.stdout.trim() ? JSON.parse(r.stdout) as ConfigMap : undefined;
}

/**
 * Makes aws-auth hold `rows` for `owner` (and none of `owner`'s other rows), retrying the
 * whole read-merge-write on write conflicts until the context's deadline.
 */
export async function applyAwsAuth(ctx: ToolContext, rows: AwsAuthRows, owner: string): Promise<void> {
  const removing = rows.mapRoles.length + rows.mapUsers.length + rows.mapAccounts.length === 0;
  await withRetries('update of ConfigMap kube-system/aws-auth', async () => {
    const current = await readConfigMap(ctx);
    if (!current && removing) return; // nothing of ours can be there
    const before = stateOf(current);
    const after = mergeAwsAuth(before, rows, owner);
    const owners = Object.keys(after.owners).length > 0 ? JSON.stringify(sortKeys(after.owners)) : undefined;
    if (current && JSON.stringify(after.data) === JSON.stringify(before.data)
      && owners === current.metadata.annotations?.[OWNERS_ANNOTATION]) return;
    const annotations = { ...(current?.metadata.annotations ?? {}) };
    if (owners) annotations[OWNERS_ANNOTATION] = owners;
    else delete annotations[OWNERS_ANNOTATION];
    const { managedFields: _ignored, ...metadata } = current?.metadata ?? { name: 'aws-auth', namespace: 'kube-system' };
    const next: ConfigMap = {
      ...(current ?? { apiVersion: 'v1', kind: 'ConfigMap' }),
      metadata: { ...metadata, annotations },
      data: after.data,
    };
    const file = join(ctx.workDir, 'aws-auth.json');
    writeFileSync(file, JSON.stringify(next));
    // replace carries metadata.resourceVersion: the API server refuses it (Conflict) if
    // anyone wrote the ConfigMap since it was read.
    const verb = current ? 'replace' : 'create';
    const r = await runToolWithRetries(ctx, `${verb} of ConfigMap kube-system/aws-auth`, 'kubectl', [verb, '-f', file],
      { accept: (res) => conflict(res.stderr) });
    if (r.exitCode !== 0) throw new TransientError(`aws-auth was written by someone else meanwhile: ${r.stderr.trim()}`);
  }, { deadline: ctx.deadline, baseDelayMs: ctx.retryBaseMs, windowMs: ctx.retryWindowMs });
}

function sortKeys(o: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** The physical id of an aws-auth resource: one per stack (its id) and logical id. */
export function awsAuthPhysicalId(stackId: string | undefined, logicalId: string): string {
  const guid = /\/([0-9a-f-]{36})$/.exec(stackId ?? '')?.[1];
  const stack = /:stack\/([^/]+)\//.exec(stackId ?? '')?.[1];
  return `aws-auth/${stack ?? 'stack'}/${logicalId}${guid ? `/${guid.slice(0, 8)}` : ''}`;
}

/** The custom-resource event as far as the aws-auth operation reads it. */
export interface AwsAuthEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly StackId?: string;
  readonly ResourceProperties: Record<string, any>;
}

/** Handles one Create, Update or Delete of an aws-auth resource. */
export async function onAwsAuth(event: AwsAuthEvent, ctx: ToolContext): Promise<{ PhysicalResourceId: string }> {
  const physicalId = event.PhysicalResourceId ?? awsAuthPhysicalId(event.StackId, event.LogicalResourceId);
  const rows = event.RequestType === 'Delete' ? rowsOf(undefined) : rowsOf(event.ResourceProperties);
  await applyAwsAuth(ctx, rows, physicalId);
  return { PhysicalResourceId: physicalId };
}
