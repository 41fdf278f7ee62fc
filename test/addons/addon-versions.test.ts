import { ADDON_VERSION_TABLE, addonVersionProblem, defaultAddonVersion, describeKnownAddonVersions } from '../../lib/addons/addon-versions';

const SUPPORTED = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'];

test('the core add-ons have a build for every Kubernetes version the library supports', () => {
  for (const name of ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent', 'aws-ebs-csi-driver']) {
    for (const k8s of SUPPORTED) expect([name, k8s, defaultAddonVersion(name, k8s)]).toEqual([name, k8s, expect.stringMatching(/^v\d/)]);
  }
});

test('every build in the table is a well-formed EKS add-on version', () => {
  for (const row of Object.values(ADDON_VERSION_TABLE)) {
    for (const version of Object.values(row)) expect(addonVersionProblem(version)).toBeUndefined();
  }
});

test('kube-proxy follows the Kubernetes minor version', () => {
  for (const k8s of SUPPORTED) expect(defaultAddonVersion('kube-proxy', k8s)).toMatch(new RegExp(`^v${k8s.replace('.', '\\.')}\\.`));
});

test('unknown add-ons and versions have no default; known builds are listed for messages', () => {
  expect(defaultAddonVersion('vpc-cni', '1.27')).toBeUndefined();
  expect(defaultAddonVersion('no-such-addon', '1.35')).toBeUndefined();
  expect(describeKnownAddonVersions('no-such-addon')).toBe('none');
  expect(describeKnownAddonVersions('metrics-server')).toBe(
    '1.30: v0.8.0-eksbuild.3, 1.31: v0.8.1-eksbuild.5, 1.32: v0.8.1-eksbuild.5, 1.33: v0.8.1-eksbuild.5, 1.34: v0.8.1-eksbuild.5, 1.35: v0.8.1-eksbuild.5');
});

test('malformed versions are named in the problem', () => {
  expect(addonVersionProblem('latest')).toMatch(/'version' is "latest"/);
  expect(addonVersionProblem('v1.2')).toMatch(/'version' is "v1.2"/);
  expect(addonVersionProblem('v1.2.3')).toBeUndefined();
});
