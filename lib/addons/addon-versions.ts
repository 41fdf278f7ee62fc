import { ADDON_VERSION_TABLE } from './addon-version-table';

/**
 * How an add-on's version is chosen (not part of the public API).
 *
 * Synth never calls AWS. In order:
 * 1. the `version` the user pins;
 * 2. the build this library's table (`addon-version-table.ts`, refreshed with
 *    scripts/refresh-addon-versions.js from `aws eks describe-addon-versions` output) lists for
 *    the add-on and the cluster's Kubernetes version — so that upgrading the cluster's version
 *    changes `AddonVersion` and CloudFormation upgrades the add-on with it;
 * 3. otherwise no `AddonVersion` at all: EKS installs its default build for the cluster's
 *    version (DescribeAddonVersions `compatibilities[].defaultVersion`). Such an add-on is not
 *    upgraded by a later cluster upgrade, which is why the Addon warns when the table tracks the
 *    add-on but lacks the version.
 */
export { ADDON_VERSION_TABLE };

const ADDON_VERSION_PATTERN = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** The default build of an add-on for a Kubernetes version, or undefined if the table has none. */
export function defaultAddonVersion(addonName: string, kubernetesVersion: string): string | undefined {
  return ADDON_VERSION_TABLE[addonName]?.[kubernetesVersion];
}

/** `'1.30: v1.2.3-eksbuild.1, 1.31: ...'` for error messages; `'none'` if the add-on is not in the table. */
export function describeKnownAddonVersions(addonName: string): string {
  const row = ADDON_VERSION_TABLE[addonName];
  if (!row) return 'none';
  return Object.entries(row).map(([k8s, version]) => `${k8s}: ${version}`).join(', ');
}

/** A problem with an add-on version string (`v<major>.<minor>.<patch>[-eksbuild.N]`), or undefined. */
export function addonVersionProblem(version: string): string | undefined {
  if (ADDON_VERSION_PATTERN.test(version)) return undefined;
  return `'version' is "${version}"; EKS add-on versions look like "v1.21.1-eksbuild.7" `
    + '(see `aws eks describe-addon-versions --addon-name <name>`)';
}
