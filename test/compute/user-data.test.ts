import { Token } from 'aws-cdk-lib';
import { TaintEffect } from '../../lib';
import { eksAmiParameterName } from '../../lib/compute/ami-parameters';
import { NodeAmiFamily } from '../../lib/compute/node-ami';
import { MIME_BOUNDARY, clusterDnsIp, kubeletConfigConflicts, renderAl2023UserData, renderBottlerocketUserData } from '../../lib/compute/user-data';
import { NodeUserData } from '../../lib';
import { KubernetesVersion } from '../../lib';
import { bottlerocketSettingsOf, nodeConfigsOf, parseMime } from './user-data-helpers';

const cluster = {
  clusterName: 'prod',
  apiServerEndpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
  certificateAuthority: 'LS0tLS1CRUdJTi...==',
};

describe('renderAl2023UserData', () => {
  test('is a MIME multi-part document with one NodeConfig holding the cluster coordinates', () => {
    // WHEN
    const text = renderAl2023UserData({ ...cluster, serviceCidr: '172.20.0.0/16' });
    // THEN
    const parts = parseMime(text);
    expect(parts.map((p) => p.contentType)).toEqual(['application/node.eks.aws']);
    expect(text).toContain(`boundary="${MIME_BOUNDARY}"`);
    expect(nodeConfigsOf(text)).toEqual([{
      apiVersion: 'node.eks.aws/v1alpha1',
      kind: 'NodeConfig',
      spec: {
        cluster: {
          name: 'prod',
          apiServerEndpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
          certificateAuthority: 'LS0tLS1CRUdJTi...==',
          cidr: '172.20.0.0/16',
        },
      },
    }]);
  });

  test('kubelet gets labels and taints as flags, maxPods and extra settings as config', () => {
    // WHEN
    const [config] = nodeConfigsOf(renderAl2023UserData({
      ...cluster,
      labels: { 'role': 'batch', 'example.com/tier': 'spot' },
      taints: [{ key: 'dedicated', value: 'batch', effect: TaintEffect.NO_SCHEDULE }, { key: 'spot', effect: TaintEffect.PREFER_NO_SCHEDULE }],
      maxPods: 58,
      kubeletConfig: { shutdownGracePeriod: '30s', featureGates: { InPlacePodVerticalScaling: true } },
    }));
    // THEN
    expect(config.spec.cluster.cidr).toBeUndefined();
    expect(config.spec.kubelet).toEqual({
      config: { maxPods: 58, shutdownGracePeriod: '30s', featureGates: { InPlacePodVerticalScaling: true } },
      flags: ['--node-labels=role=batch,example.com/tier=spot', '--register-with-taints=dedicated=batch:NoSchedule,spot:PreferNoSchedule'],
    });
  });

  test('values YAML would misread stay strings', () => {
    const [config] = nodeConfigsOf(renderAl2023UserData({ ...cluster, clusterName: 'yes: no # not a comment' }));
    expect(config.spec.cluster.name).toBe('yes: no # not a comment');
  });

  test('tokens are written in place, including a numeric maxPods', () => {
    const endpoint = Token.asString({ 'Fn::GetAtt': ['Cluster', 'Endpoint'] });
    const text = renderAl2023UserData({ ...cluster, apiServerEndpoint: endpoint, maxPods: Token.asNumber({ Ref: 'MaxPods' }) });
    expect(text).toContain(`apiServerEndpoint: "${endpoint}"`);
    expect(text).toMatch(/config: \{"maxPods":\$\{Token\[/);
  });
});

describe('renderBottlerocketUserData', () => {
  test('TOML settings.kubernetes with cluster coordinates, DNS IP, labels and taints', () => {
    // WHEN
    const settings = bottlerocketSettingsOf(renderBottlerocketUserData({
      ...cluster,
      serviceCidr: '10.100.0.0/16',
      maxPods: 110,
      labels: { 'example.com/os': 'bottlerocket' },
      taints: [
        { key: 'dedicated', value: 'infra', effect: TaintEffect.NO_SCHEDULE },
        { key: 'dedicated', value: 'infra', effect: TaintEffect.NO_EXECUTE },
      ],
      kubeletConfig: { 'image-gc-high-threshold-percent': 80, 'eviction-hard': { 'memory.available': '10%' } },
    }));
    // THEN
    expect(settings).toEqual({
      settings: {
        kubernetes: {
          'cluster-name': 'prod',
          'api-server': 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
          'cluster-certificate': 'LS0tLS1CRUdJTi...==',
          'cluster-dns-ip': '10.100.0.10',
          'max-pods': 110,
          'image-gc-high-threshold-percent': 80,
          'eviction-hard': { 'memory.available': '10%' },
          'node-labels': { 'example.com/os': 'bottlerocket' },
          'node-taints': { dedicated: ['infra:NoSchedule', 'infra:NoExecute'] },
        },
      },
    });
  });

  test('without a service CIDR the DNS IP is left to Bottlerocket', () => {
    const settings = bottlerocketSettingsOf(renderBottlerocketUserData(cluster));
    expect(settings.settings.kubernetes['cluster-dns-ip']).toBeUndefined();
  });

  test('values that TOML cannot hold are refused', () => {
    expect(() => renderBottlerocketUserData({ ...cluster, kubeletConfig: { x: null } })).toThrow(/cannot hold the value null/);
  });
});

describe('clusterDnsIp', () => {
  test.each([
    ['172.20.0.0/16', '172.20.0.10'],
    ['10.100.0.0/16', '10.100.0.10'],
    ['192.168.128.0/24', '192.168.128.10'],
    ['10.96.0.1/12', '10.96.0.10'],
  ])('%s → %s', (cidr, ip) => {
    expect(clusterDnsIp(cidr)).toBe(ip);
  });

  test('tokens, IPv6 and malformed CIDRs give nothing', () => {
    expect(clusterDnsIp(Token.asString({ Ref: 'Cidr' }))).toBeUndefined();
    expect(clusterDnsIp('fd00::/108')).toBeUndefined();
    expect(clusterDnsIp('300.1.0.0/16')).toBeUndefined();
  });
});

describe('eksAmiParameterName', () => {
  test('AL2023 and Bottlerocket public parameters', () => {
    expect(eksAmiParameterName(NodeAmiFamily.AL2023, KubernetesVersion.V1_35, 'arm64'))
      .toBe('/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/arm64/standard/recommended/image_id');
    expect(eksAmiParameterName(NodeAmiFamily.BOTTLEROCKET, KubernetesVersion.V1_34, 'x86_64'))
      .toBe('/aws/service/bottlerocket/aws-k8s-1.34/x86_64/latest/image_id');
  });
});

describe('kubeletConfigConflicts', () => {
  test('names keys the renderer writes itself', () => {
    expect(kubeletConfigConflicts('BOTTLEROCKET', { ...cluster, maxPods: 8, kubeletConfig: { 'api-server': 'x', 'max-pods': 3, 'event-qps': 5 } }))
      .toEqual(['api-server', 'max-pods']);
    expect(kubeletConfigConflicts('BOTTLEROCKET', { ...cluster, kubeletConfig: { 'max-pods': 3, 'cluster-dns-ip': '10.0.0.10', 'node-labels': {} } }))
      .toEqual([]);
    expect(kubeletConfigConflicts('BOTTLEROCKET', { ...cluster, serviceCidr: '10.100.0.0/16', labels: { a: 'b' }, kubeletConfig: { 'cluster-dns-ip': '10.0.0.10', 'node-labels': {} } }))
      .toEqual(['cluster-dns-ip', 'node-labels']);
    expect(kubeletConfigConflicts('AL2023', { ...cluster, maxPods: 10, kubeletConfig: { maxPods: 3 } })).toEqual(['maxPods']);
    expect(kubeletConfigConflicts('AL2023', { ...cluster, kubeletConfig: { maxPods: 3 } })).toEqual([]);
  });
});

test('NodeUserData exposes the same renderers; AL2023 requires serviceCidr (nodeadm refuses a NodeConfig without it)', () => {
  const withCidr = { ...cluster, serviceCidr: '10.100.0.0/16' };
  expect(NodeUserData.al2023(withCidr)).toBe(renderAl2023UserData(withCidr));
  expect(() => NodeUserData.al2023(cluster)).toThrow(/NodeUserData.al2023: 'serviceCidr' is required; nodeadm refuses a NodeConfig without spec.cluster.cidr/);
  expect(NodeUserData.al2023({ ...cluster, serviceCidr: Token.asString({ Ref: 'Cidr' }) })).toContain('cidr: "${Token');
  expect(NodeUserData.bottlerocket(cluster)).toBe(renderBottlerocketUserData(cluster));
});
