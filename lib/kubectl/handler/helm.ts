import { writeFileSync } from 'fs';
import { join } from 'path';
import { ExecResult } from './exec';
import { HelmFlavor, helmFlavor, kubectlArgs } from './tool-args';
import { parseToolJson, runTool, runToolWithRetries, ToolContext, ToolError } from './tools';

/** The properties of a Helm release resource. */
export interface HelmRequest {
  readonly release: string;
  readonly namespace: string;
  /** Chart name (with `repository`), an `oci://` reference, or a local directory. */
  readonly chart: string;
  readonly repository?: string;
  readonly version?: string;
  readonly values: Record<string, unknown>;
  readonly createNamespace: boolean;
  readonly wait: boolean;
  readonly atomic: boolean;
  readonly skipCrds: boolean;
  readonly timeoutSeconds: number;
  /** The owner label value of this resource (recorded on the release). */
  readonly ownerValue: string;
  readonly family?: string;
}

/** Labels on the release (Helm stores them on its release Secrets). */
export const RELEASE_OWNER_LABEL = 'cdk-eks-kit/owner';
export const RELEASE_ADOPTED_FROM_LABEL = 'cdk-eks-kit/adopted-from';

/** What the release Secrets (Helm's storage, labels `owner=helm,name=<release>`) say. */
export interface ReleaseState {
  /** Revisions, oldest first. */
  readonly revisions: Array<{ revision: number; status: string; secret: string }>;
  readonly latest?: { revision: number; status: string; secret: string; owner?: string; adoptedFrom?: string };
}

const flavors = new WeakMap<ToolContext, Promise<HelmFlavor>>();

/** The Helm major version of the layer (asked once per request, ~30 ms). */
export function flavorOf(ctx: ToolContext): Promise<HelmFlavor> {
  const key = ctx;
  let flavor = flavors.get(key);
  if (!flavor) {
    flavor = runTool(ctx, 'helm', ['version', '--short']).then((r) => {
      if (r.exitCode !== 0) {
        flavors.delete(key);
        throw new ToolError(`helm version failed: ${r.stderr.trim().slice(0, 200)}`, r.stderr);
      }
      return helmFlavor(r.stdout);
    });
    flavors.set(key, flavor);
  }
  return flavor;
}

/**
 * The release as its storage Secrets describe it (read with kubectl, so that ownership does
 * not depend on what a Helm version prints: the Secrets' labels are the same in Helm 3 and 4).
 */
export async function releaseState(ctx: ToolContext, release: string, namespace: string): Promise<ReleaseState> {
  const r = await runToolWithRetries(ctx, `lookup of release ${release}`, 'kubectl',
    kubectlArgs(['get', 'secrets', '--namespace', namespace, '--selector', `owner=helm,name=${release}`, '-o', 'json']));
  const list = parseToolJson<{ items?: Array<{ metadata: { name: string; labels?: Record<string, string> } }> }>(`kubectl get secrets (release ${release})`, r.stdout);
  const revisions = (list.items ?? [])
    .map((s) => ({ revision: Number(s.metadata.labels?.version ?? 0), status: s.metadata.labels?.status ?? 'unknown', secret: s.metadata.name, labels: s.metadata.labels ?? {} }))
    .sort((a, b) => a.revision - b.revision);
  const last = revisions[revisions.length - 1];
  return {
    revisions: revisions.map(({ revision, status, secret }) => ({ revision, status, secret })),
    latest: last && {
      revision: last.revision, status: last.status, secret: last.secret,
      owner: last.labels[RELEASE_OWNER_LABEL], adoptedFrom: last.labels[RELEASE_ADOPTED_FROM_LABEL],
    },
  };
}

/** Helm's "release: not found" (and nothing else that merely contains "not found"). */
const releaseNotFound = (r: ExecResult) => /(^|: )release: not found\s*$/im.test(r.stderr.trim());

/**
 * A release left `pending-install`, `pending-upgrade` or `pending-rollback` (a killed Helm)
 * blocks every later operation: roll it back to its last good revision, or uninstall it if it
 * never deployed. A release left `uninstalling` (a killed uninstall) is uninstalled.
 */
export async function recoverRelease(ctx: ToolContext, release: string, namespace: string, state?: ReleaseState): Promise<'none' | 'rolled-back' | 'uninstalled'> {
  const current = state ?? await releaseState(ctx, release, namespace);
  const status = current.latest?.status;
  if (status === 'uninstalling') {
    console.log(`release ${release} was left uninstalling; finishing the uninstall`);
    await uninstall(ctx, release, namespace);
    return 'uninstalled';
  }
  if (!status?.startsWith('pending-')) return 'none';
  const good = current.revisions.filter((e) => e.status === 'deployed' || e.status === 'superseded').map((e) => e.revision);
  const flavor = await flavorOf(ctx);
  if (good.length > 0) {
    const target = Math.max(...good);
    console.log(`release ${release} is ${status}; rolling back to revision ${target}`);
    await runToolWithRetries(ctx, `rollback of release ${release}`, 'helm',
      ['rollback', release, String(target), '--namespace', namespace, ...flavor.waitFlags, `--timeout=${timeoutFor(ctx, 300)}s`]);
    return 'rolled-back';
  }
  console.log(`release ${release} is ${status} and never deployed; uninstalling it`);
  await uninstall(ctx, release, namespace);
  return 'uninstalled';
}

/** Helm's own timeout: the requested one, but never past the deadline. */
function timeoutFor(ctx: ToolContext, requested: number): number {
  return Math.max(1, Math.min(requested, Math.floor((ctx.deadline - Date.now()) / 1000) - 15));
}

/**
 * Installs or upgrades a release (after recovering a stuck one), recording this resource as
 * its owner. A release owned by a sibling resource of the same stack (a renamed construct) is
 * taken over and remembers the previous owner until that one lets go of it.
 */
export async function upgradeRelease(ctx: ToolContext, req: HelmRequest): Promise<void> {
  const state = await releaseState(ctx, req.release, req.namespace);
  const recovered = await recoverRelease(ctx, req.release, req.namespace, state);
  const latest = recovered === 'uninstalled' ? undefined : state.latest;
  const labels = [`${RELEASE_OWNER_LABEL}=${req.ownerValue}`];
  if (latest?.owner && latest.owner !== req.ownerValue) {
    if (req.family && latest.owner.startsWith(`${req.family}-`)) {
      console.log(`release ${req.release}: taking over from ${latest.owner} (same stack and cluster)`);
      labels.push(`${RELEASE_ADOPTED_FROM_LABEL}=${latest.owner}`);
    } else {
      console.log(`release ${req.release}: taking over from owner ${latest.owner}`);
    }
  } else if (latest && !latest.owner) {
    console.log(`release ${req.release} exists without an owner label; taking it over`);
  } else if (latest?.adoptedFrom) {
    labels.push(`${RELEASE_ADOPTED_FROM_LABEL}=null`);
  }
  const flavor = await flavorOf(ctx);
  const valuesFile = join(ctx.workDir, 'values.json');
  writeFileSync(valuesFile, JSON.stringify(req.values));
  const args = ['upgrade', req.release, req.chart, '--install', '--namespace', req.namespace, '--values', valuesFile,
    `--timeout=${timeoutFor(ctx, req.timeoutSeconds)}s`, '--labels', labels.join(',')];
  // Pass --repo only for classic repositories: Helm 4 ignores local and OCI charts when it is set.
  if (req.repository) args.push('--repo', req.repository);
  if (req.version) args.push('--version', req.version);
  if (req.createNamespace) args.push('--create-namespace');
  if (req.skipCrds) args.push('--skip-crds');
  if (req.wait || req.atomic) args.push(...flavor.waitFlags);
  if (req.atomic) args.push(...flavor.atomicFlags);
  await runToolWithRetries(ctx, `install/upgrade of release ${req.release}`, 'helm', args);
}

/**
 * Uninstalls a release if this resource owns it. A release another resource owns is left
 * alone (logged); one this resource took over from a sibling that has not let go of it yet
 * (a rollback of the takeover) is handed back. A release that is already gone is fine.
 */
export async function releaseRelease(ctx: ToolContext, release: string, namespace: string, ownerValue: string): Promise<'uninstalled' | 'kept' | 'handed-back' | 'absent'> {
  const state = await releaseState(ctx, release, namespace);
  const latest = state.latest;
  if (!latest) return 'absent';
  if (latest.owner !== ownerValue) {
    console.log(`release ${release}: kept, it is owned by ${latest.owner ? `another resource (${latest.owner})` : 'no cdk-eks-kit resource'}`);
    if (latest.adoptedFrom === ownerValue) await labelSecret(ctx, latest.secret, namespace, [`${RELEASE_ADOPTED_FROM_LABEL}-`]);
    return 'kept';
  }
  if (latest.adoptedFrom && latest.adoptedFrom !== ownerValue) {
    console.log(`release ${release}: handed back to ${latest.adoptedFrom}, which it was taken over from in a deploy that did not complete`);
    await labelSecret(ctx, latest.secret, namespace, [`${RELEASE_OWNER_LABEL}=${latest.adoptedFrom}`, `${RELEASE_ADOPTED_FROM_LABEL}-`]);
    return 'handed-back';
  }
  await uninstall(ctx, release, namespace);
  return 'uninstalled';
}

async function labelSecret(ctx: ToolContext, secret: string, namespace: string, labels: string[]): Promise<void> {
  await runToolWithRetries(ctx, `label of release secret ${secret}`, 'kubectl',
    kubectlArgs(['label', 'secret', secret, '--namespace', namespace, '--overwrite', ...labels]));
}

/**
 * Uninstalls a release; "release: not found" counts as uninstalled. Not `--ignore-not-found`:
 * Helm 3.17 then also answers success when it cannot list releases at all (403, 429, 5xx),
 * which would leave the release installed (seen in the captured tool outputs).
 */
export async function uninstall(ctx: ToolContext, release: string, namespace: string): Promise<void> {
  const flavor = await flavorOf(ctx);
  await runToolWithRetries(ctx, `uninstall of release ${release}`, 'helm',
    ['uninstall', release, '--namespace', namespace, ...flavor.waitFlags, `--timeout=${timeoutFor(ctx, 300)}s`],
    { accept: releaseNotFound });
}
