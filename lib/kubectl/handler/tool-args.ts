/**
 * Flags that differ between the tools the layers ship: kubectl 1.29–1.36 and Helm 3 (layers up
 * to v34) or Helm 4 (v35 and later).
 */

/** Per-request timeout of kubectl's API calls, so that a hung connection fails in seconds, not at the deadline. */
export const KUBECTL_REQUEST_TIMEOUT_SECONDS = 60;

/** kubectl arguments with `--request-timeout` (not for commands that watch: it would cut the watch). */
export function kubectlArgs(args: string[], requestTimeoutSeconds = KUBECTL_REQUEST_TIMEOUT_SECONDS): string[] {
  return [...args, `--request-timeout=${requestTimeoutSeconds}s`];
}

/** How to ask one Helm major version for the same behaviour. */
export interface HelmFlavor {
  readonly major: number;
  /** Wait until the release's resources are ready. */
  readonly waitFlags: string[];
  /** Roll back (uninstall a first install) when the operation fails. */
  readonly atomicFlags: string[];
}

/**
 * The flags of a Helm version, from `helm version --short` (`v3.17.1+g980d8ac`, `v4.1.4+g05fa379`).
 * Helm 4 deprecates `--atomic` for `--rollback-on-failure` (it prints "Flag --atomic has been
 * deprecated") and makes `--wait` take a strategy; `watcher` (kstatus) is what a bare `--wait`
 * means there. Source: `helm upgrade --help` of Helm 3.17.1 and 4.1.4 (the v29 and v35 layers).
 */
export function helmFlavor(versionOutput: string): HelmFlavor {
  const major = Number(/v?(\d+)\./.exec(versionOutput.trim())?.[1] ?? 3);
  if (major >= 4) return { major, waitFlags: ['--wait=watcher'], atomicFlags: ['--rollback-on-failure'] };
  return { major, waitFlags: ['--wait'], atomicFlags: ['--atomic'] };
}
