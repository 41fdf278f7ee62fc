import { readFileSync } from 'fs';
import { join } from 'path';
import { ADDON_VERSION_TABLE } from '../../lib/addons/addon-versions';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const refresh = require('../../scripts/refresh-addon-versions.js');

// A DescribeAddonVersions response in the documented shape (EKS API_DescribeAddonVersions,
// AddonInfo / AddonVersionInfo / Compatibility), as `aws eks describe-addon-versions --kubernetes-version 1.36` prints it.
const RESPONSE = {
  addons: [
    {
      addonName: 'vpc-cni',
      addonVersions: [
        { addonVersion: 'v1.22.4-eksbuild.3', compatibilities: [{ clusterVersion: '1.36', platformVersions: ['*'], defaultVersion: false }] },
        { addonVersion: 'v1.22.1-eksbuild.1', compatibilities: [{ clusterVersion: '1.36', platformVersions: ['*'], defaultVersion: true }] },
      ],
    },
    {
      addonName: 'not-tracked',
      addonVersions: [{ addonVersion: 'v1.0.0-eksbuild.1', compatibilities: [{ clusterVersion: '1.36', defaultVersion: true }] }],
    },
  ],
};

test('picks the EKS default build per Kubernetes version, or the newest with --pick latest', () => {
  expect(refresh.pickBuilds([RESPONSE], ['vpc-cni'], 'default')).toEqual({ 'vpc-cni': { '1.36': 'v1.22.1-eksbuild.1' } });
  expect(refresh.pickBuilds([RESPONSE], ['vpc-cni'], 'latest')).toEqual({ 'vpc-cni': { '1.36': 'v1.22.4-eksbuild.3' } });
  expect(refresh.compareBuilds('v1.21.1-eksbuild.10', 'v1.21.1-eksbuild.9')).toBeGreaterThan(0);
});

test('merging keeps versions without fresh data and adds new ones in order', () => {
  const merged = refresh.mergeTable({ 'vpc-cni': { '1.35': 'v1.21.1-eksbuild.8' } }, { 'vpc-cni': { '1.36': 'v1.22.1-eksbuild.1' } });
  expect(merged).toEqual({ 'vpc-cni': { '1.35': 'v1.21.1-eksbuild.8', '1.36': 'v1.22.1-eksbuild.1' } });
});

test('the generated table file reads back as the same table', () => {
  const source = refresh.renderTableFile(ADDON_VERSION_TABLE, 'note');
  expect(refresh.readTable(source)).toEqual(ADDON_VERSION_TABLE);
  // and the committed file parses too
  expect(refresh.readTable(readFileSync(join(__dirname, '..', '..', 'lib', 'addons', 'addon-version-table.ts'), 'utf8'))).toEqual(ADDON_VERSION_TABLE);
});

test('the README table is regenerated with a column per Kubernetes version, keeping "needs"', () => {
  const readme = ['x', '| add-on | 1.35 | needs |', '|---|---|---|', '| `vpc-cni` | v1 | the node role |', '', 'y'].join('\n');
  const out = refresh.renderReadmeTable(readme, { 'vpc-cni': { '1.35': 'v2', '1.36': 'v3' } });
  expect(out.split('\n').slice(1, 4)).toEqual(['| add-on | 1.35 | 1.36 | needs |', '|---|---|---|---|', '| `vpc-cni` | v2 | v3 | the node role |']);
  // the committed README is what the script would write
  const real = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  expect(refresh.renderReadmeTable(real, ADDON_VERSION_TABLE)).toBe(real);
});
