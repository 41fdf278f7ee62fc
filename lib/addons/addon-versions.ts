/**
 * The add-on versions this library installs by default, per Kubernetes minor version.
 *
 * Synth never calls AWS: a version comes from this table unless the user pins one
 * (`Addon` prop `version`). A combination missing here is a synth error that lists the
 * versions the table knows, so a gap is visible instead of guessed.
 *
 * Every entry is a build that a public source listed for that Kubernetes version
 * (looked up 2026-11-25):
 * - [D] AWS EKS User Guide "latest version" tables (managing-kube-proxy, managing-coredns,
 *   managing-vpc-cni pages, including the docs.amazonaws.cn mirrors of the current pages).
 * - [B] awslabs/cdk-eks-blueprints `versionMap` tables (lib/addons/<name>/index.ts).
 * - [P] a public aws-cdk-lib EKS app pinning one build per Kubernetes version for
 *   kube-proxy, coredns, vpc-cni, eks-pod-identity-agent, aws-ebs-csi-driver,
 *   amazon-cloudwatch-observability and metrics-server (1.30–1.35); its kube-proxy column
 *   equals [D].
 * - [T] a public Terraform configuration pinning aws-efs-csi-driver.
 *
 * Check a build with
 * `aws eks describe-addon-versions --addon-name <name> --kubernetes-version <k8s>` before
 * changing it.
 */
export const ADDON_VERSION_TABLE: { readonly [addonName: string]: { readonly [kubernetesVersion: string]: string } } = {
  // [D] current page for 1.30–1.35; [D] earlier page (docs.amazonaws.cn) for 1.28–1.29.
  'kube-proxy': {
    '1.28': 'v1.28.15-eksbuild.31',
    '1.29': 'v1.29.15-eksbuild.16',
    '1.30': 'v1.30.14-eksbuild.28',
    '1.31': 'v1.31.14-eksbuild.9',
    '1.32': 'v1.32.13-eksbuild.5',
    '1.33': 'v1.33.10-eksbuild.2',
    '1.34': 'v1.34.6-eksbuild.2',
    '1.35': 'v1.35.3-eksbuild.2',
  },
  // [D] current page for 1.34–1.35; [D] earlier page (1.28–1.34 table) for 1.28–1.33.
  'coredns': {
    '1.28': 'v1.10.1-eksbuild.38',
    '1.29': 'v1.11.4-eksbuild.24',
    '1.30': 'v1.11.4-eksbuild.24',
    '1.31': 'v1.11.4-eksbuild.24',
    '1.32': 'v1.11.4-eksbuild.24',
    '1.33': 'v1.12.4-eksbuild.1',
    '1.34': 'v1.13.2-eksbuild.7',
    '1.35': 'v1.14.2-eksbuild.4',
  },
  // [P] for 1.30–1.35; [D] (1.27–1.33 table) for 1.28–1.29.
  'vpc-cni': {
    '1.28': 'v1.20.1-eksbuild.3',
    '1.29': 'v1.20.1-eksbuild.3',
    '1.30': 'v1.21.1-eksbuild.7',
    '1.31': 'v1.21.1-eksbuild.7',
    '1.32': 'v1.21.1-eksbuild.7',
    '1.33': 'v1.21.1-eksbuild.7',
    '1.34': 'v1.21.1-eksbuild.7',
    '1.35': 'v1.21.1-eksbuild.7',
  },
  // [P] for 1.30–1.35; [B] for 1.28–1.29.
  'eks-pod-identity-agent': {
    '1.28': 'v1.3.2-eksbuild.2',
    '1.29': 'v1.3.2-eksbuild.2',
    '1.30': 'v1.3.10-eksbuild.3',
    '1.31': 'v1.3.10-eksbuild.3',
    '1.32': 'v1.3.10-eksbuild.3',
    '1.33': 'v1.3.10-eksbuild.3',
    '1.34': 'v1.3.10-eksbuild.3',
    '1.35': 'v1.3.10-eksbuild.3',
  },
  // [B]
  'aws-ebs-csi-driver': {
    '1.28': 'v1.36.0-eksbuild.1',
    '1.29': 'v1.36.0-eksbuild.1',
    '1.30': 'v1.36.0-eksbuild.1',
    '1.31': 'v1.56.0-eksbuild.1',
    '1.32': 'v1.56.0-eksbuild.1',
    '1.33': 'v1.56.0-eksbuild.1',
    '1.34': 'v1.56.0-eksbuild.1',
    '1.35': 'v1.57.1-eksbuild.1',
  },
  // [T] one build; its Kubernetes range was not confirmed beyond 1.30–1.35 here.
  'aws-efs-csi-driver': {
    '1.30': 'v2.3.0-eksbuild.1',
    '1.31': 'v2.3.0-eksbuild.1',
    '1.32': 'v2.3.0-eksbuild.1',
    '1.33': 'v2.3.0-eksbuild.1',
    '1.34': 'v2.3.0-eksbuild.1',
    '1.35': 'v2.3.0-eksbuild.1',
  },
  // [P]
  'amazon-cloudwatch-observability': {
    '1.30': 'v6.0.1-eksbuild.1',
    '1.31': 'v6.0.1-eksbuild.1',
    '1.32': 'v6.0.1-eksbuild.1',
    '1.33': 'v6.0.1-eksbuild.1',
    '1.34': 'v6.0.1-eksbuild.1',
    '1.35': 'v6.0.1-eksbuild.1',
  },
  // [P]
  'metrics-server': {
    '1.30': 'v0.8.0-eksbuild.3',
    '1.31': 'v0.8.1-eksbuild.5',
    '1.32': 'v0.8.1-eksbuild.5',
    '1.33': 'v0.8.1-eksbuild.5',
    '1.34': 'v0.8.1-eksbuild.5',
    '1.35': 'v0.8.1-eksbuild.5',
  },
};

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
