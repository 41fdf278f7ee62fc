import { Token, Tokenization } from 'aws-cdk-lib';
import { formatTaint, kubernetesTaintEffect } from './labels-taints-rules';
import type { NodeBootstrapOptions } from './node-user-data';

/**
 * The `kubeletConfig` keys that clash with settings the renderer of `family` ('AL2023' or
 * 'BOTTLEROCKET') writes itself from the cluster and the other options.
 */
export function kubeletConfigConflicts(family: string, options: NodeBootstrapOptions): string[] {
  const generated = new Set<string>();
  if (family === 'AL2023') {
    if (options.maxPods !== undefined) generated.add('maxPods');
  } else {
    ['cluster-name', 'api-server', 'cluster-certificate'].forEach((k) => generated.add(k));
    if (options.serviceCidr && clusterDnsIp(options.serviceCidr)) generated.add('cluster-dns-ip');
    if (options.maxPods !== undefined) generated.add('max-pods');
    if (Object.keys(options.labels ?? {}).length > 0) generated.add('node-labels');
    if ((options.taints ?? []).length > 0) generated.add('node-taints');
  }
  return Object.keys(options.kubeletConfig ?? {}).filter((key) => generated.has(key));
}

/** The MIME boundary of AL2023 user data. */
export const MIME_BOUNDARY = '==CDK-EKS-KIT==';

/**
 * AL2023 user data: a MIME multi-part document whose single part is a nodeadm `NodeConfig`
 * (`node.eks.aws/v1alpha1`) with the cluster's coordinates and the kubelet settings.
 * Scalars are written as double-quoted strings, so the YAML stays valid for any value.
 *
 * @see https://awslabs.github.io/amazon-eks-ami/nodeadm/
 */
export function renderAl2023UserData(options: NodeBootstrapOptions): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    '---',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster:',
    `    name: ${q(options.clusterName)}`,
    `    apiServerEndpoint: ${q(options.apiServerEndpoint)}`,
    `    certificateAuthority: ${q(options.certificateAuthority)}`,
  ];
  // nodeadm requires spec.cluster.cidr (awslabs/amazon-eks-ami nodeadm/internal/api/validation.go);
  // callers make sure it is set (SelfManagedNodeGroup, NodeUserData.al2023).
  if (options.serviceCidr) lines.push(`    cidr: ${q(options.serviceCidr)}`);
  const config = kubeletConfigJson(options);
  const flags = kubeletFlags(options);
  if (config || flags.length > 0) {
    lines.push('  kubelet:');
    if (config) lines.push(`    config: ${config}`);
    if (flags.length > 0) {
      lines.push('    flags:');
      for (const flag of flags) lines.push(`      - ${q(flag)}`);
    }
  }
  return [
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${MIME_BOUNDARY}"`,
    '',
    `--${MIME_BOUNDARY}`,
    'Content-Type: application/node.eks.aws',
    '',
    ...lines,
    '',
    `--${MIME_BOUNDARY}--`,
    '',
  ].join('\n');
}

/** The kubelet config as a JSON object (valid YAML flow mapping), maxPods first; undefined when empty. */
function kubeletConfigJson(options: NodeBootstrapOptions): string | undefined {
  const entries = Object.entries(options.kubeletConfig ?? {}).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  if (options.maxPods !== undefined) entries.unshift(`"maxPods":${numberText(options.maxPods)}`);
  return entries.length > 0 ? `{${entries.join(',')}}` : undefined;
}

/** A number as text; a numeric token stays a token that resolves to the number. */
export function numberText(n: number): string {
  return Token.isUnresolved(n) ? Tokenization.stringifyNumber(n) : String(n);
}

function kubeletFlags(options: NodeBootstrapOptions): string[] {
  const flags: string[] = [];
  const labels = Object.entries(options.labels ?? {});
  if (labels.length > 0) flags.push(`--node-labels=${labels.map(([k, v]) => `${k}=${v}`).join(',')}`);
  const taints = options.taints ?? [];
  if (taints.length > 0) flags.push(`--register-with-taints=${taints.map(formatTaint).join(',')}`);
  return flags;
}

/**
 * Bottlerocket user data: TOML `settings.kubernetes` with the cluster's coordinates, the
 * cluster DNS address, max pods, node labels and taints.
 *
 * @see https://bottlerocket.dev/en/os/latest/api/settings/kubernetes/
 */
export function renderBottlerocketUserData(options: NodeBootstrapOptions): string {
  const settings: { [key: string]: any } = {
    'cluster-name': options.clusterName,
    'api-server': options.apiServerEndpoint,
    'cluster-certificate': options.certificateAuthority,
  };
  const dnsIp = options.serviceCidr ? clusterDnsIp(options.serviceCidr) : undefined;
  if (dnsIp) settings['cluster-dns-ip'] = dnsIp;
  Object.assign(settings, options.kubeletConfig);
  const lines = ['[settings.kubernetes]', ...Object.entries(settings).map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`)];
  if (options.maxPods !== undefined) lines.push(`max-pods = ${numberText(options.maxPods)}`);
  const labels = Object.entries(options.labels ?? {});
  if (labels.length > 0) {
    lines.push('', '[settings.kubernetes.node-labels]', ...labels.map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`));
  }
  const taints = new Map<string, string[]>();
  for (const taint of options.taints ?? []) {
    const entry = `${taint.value ?? ''}:${kubernetesTaintEffect(taint.effect)}`;
    taints.set(taint.key, [...(taints.get(taint.key) ?? []), entry]);
  }
  if (taints.size > 0) {
    lines.push('', '[settings.kubernetes.node-taints]', ...[...taints].map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`));
  }
  return lines.join('\n') + '\n';
}

/**
 * The cluster DNS (kube-dns service) address: the tenth address of the service CIDR, as EKS
 * assigns it (172.20.0.0/16 → 172.20.0.10). Undefined for tokens and non-IPv4 CIDRs.
 */
export function clusterDnsIp(serviceCidr: string): string | undefined {
  if (Token.isUnresolved(serviceCidr)) return undefined;
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(serviceCidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 28) return undefined;
  const base = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const ip = ((base & mask) >>> 0) + 10;
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

function tomlValue(value: any): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value).map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`).join(', ')} }`;
  }
  throw new Error(`Bottlerocket settings cannot hold the value ${String(value)}; use strings, numbers, booleans, lists or tables.`);
}
