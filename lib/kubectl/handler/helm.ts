import { writeFileSync } from 'fs';
import { join } from 'path';
import { ToolContext, runToolWithRetries } from './tools';

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
  readonly timeoutSeconds: number;
}

interface HistoryEntry { revision: number; status: string }

const notFound = (r: { stderr: string }) => /release: not found|not found/i.test(r.stderr);

/** The status of a release, or undefined if it does not exist. */
async function releaseStatus(ctx: ToolContext, release: string, namespace: string): Promise<string | undefined> {
  const r = await runToolWithRetries(ctx, `status of release ${release}`, 'helm',
    ['status', release, '--namespace', namespace, '--output', 'json'], { accept: notFound });
  if (r.exitCode !== 0) return undefined;
  return (JSON.parse(r.stdout) as { info?: { status?: string } }).info?.status;
}

/**
 * A release left in `pending-install`, `pending-upgrade` or `pending-rollback` (a killed
 * Helm) blocks every later operation. Roll it back to its last good revision, or uninstall
 * it if it never deployed.
 */
export async function recoverPendingRelease(ctx: ToolContext, release: string, namespace: string): Promise<'none' | 'rolled-back' | 'uninstalled'> {
  const status = await releaseStatus(ctx, release, namespace);
  if (!status?.startsWith('pending-')) return 'none';
  const h = await runToolWithRetries(ctx, `history of release ${release}`, 'helm',
    ['history', release, '--namespace', namespace, '--output', 'json']);
  const history = JSON.parse(h.stdout) as HistoryEntry[];
  const good = history.filter((e) => e.status === 'deployed' || e.status === 'superseded').map((e) => e.revision);
  if (good.length > 0) {
    const target = Math.max(...good);
    console.log(`release ${release} is ${status}; rolling back to revision ${target}`);
    await runToolWithRetries(ctx, `rollback of release ${release}`, 'helm',
      ['rollback', release, String(target), '--namespace', namespace, '--wait', `--timeout=${timeoutFor(ctx, 300)}s`]);
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

/** Installs or upgrades a release (after recovering a stuck one). */
export async function upgradeRelease(ctx: ToolContext, req: HelmRequest): Promise<void> {
  await recoverPendingRelease(ctx, req.release, req.namespace);
  const valuesFile = join(ctx.workDir, 'values.json');
  writeFileSync(valuesFile, JSON.stringify(req.values));
  const args = ['upgrade', req.release, req.chart, '--install', '--namespace', req.namespace, '--values', valuesFile,
    `--timeout=${timeoutFor(ctx, req.timeoutSeconds)}s`];
  // Pass --repo only for classic repositories: Helm 4 ignores local and OCI charts when it is set.
  if (req.repository) args.push('--repo', req.repository);
  if (req.version) args.push('--version', req.version);
  if (req.createNamespace) args.push('--create-namespace');
  if (req.wait) args.push('--wait');
  if (req.atomic) args.push('--atomic');
  await runToolWithRetries(ctx, `install/upgrade of release ${req.release}`, 'helm', args);
}

/** Uninstalls a release; a release that is already gone counts as uninstalled. */
export async function uninstall(ctx: ToolContext, release: string, namespace: string): Promise<void> {
  await runToolWithRetries(ctx, `uninstall of release ${release}`, 'helm',
    ['uninstall', release, '--namespace', namespace, '--ignore-not-found', '--wait', `--timeout=${timeoutFor(ctx, 300)}s`],
    { accept: notFound });
}
