import { Token } from 'aws-cdk-lib';

/** Pure checks used by the Cluster; each returns a problem message or undefined. */

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;

/** EKS cluster names: 1–100 characters, start alphanumeric, then alphanumerics, '-' and '_'. */
export function clusterNameProblem(name: string): string | undefined {
  if (Token.isUnresolved(name)) return undefined;
  if (name.length < 1 || name.length > 100) {
    return `'clusterName' is '${name}' (${name.length} characters); EKS allows 1–100 characters.`;
  }
  if (!CLUSTER_NAME.test(name)) {
    return `'clusterName' is '${name}'; EKS allows letters, digits, '-' and '_', starting with a letter or digit.`;
  }
  return undefined;
}

/** Parses an IPv4 CIDR into [network as uint32, prefix], or undefined if malformed. */
export function parseIpv4Cidr(cidr: string): [number, number] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  return [address >>> 0, prefix];
}

/** Whether two IPv4 CIDRs overlap. Both must parse. */
export function cidrsOverlap(a: string, b: string): boolean {
  const pa = parseIpv4Cidr(a)!;
  const pb = parseIpv4Cidr(b)!;
  const prefix = Math.min(pa[1], pb[1]);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((pa[0] & mask) >>> 0) === ((pb[0] & mask) >>> 0);
}

/** Public endpoint allow-list entries must be IPv4 CIDRs; EKS allows at most 40. */
export function publicCidrProblems(cidrs: string[]): string[] {
  const problems: string[] = [];
  if (cidrs.length > 40) problems.push(`EKS allows at most 40 public access CIDR blocks, got ${cidrs.length}`);
  for (const cidr of cidrs) {
    // A token, or the element of a list token (onlyFrom(...param.valueAsList)): known at deploy time.
    if (Token.isUnresolved(cidr) || Token.isUnresolved([cidr])) continue;
    if (typeof cidr !== 'string') {
      problems.push(`onlyFrom() takes CIDR strings, got ${Array.isArray(cidr) ? 'a list (spread it: onlyFrom(...cidrs))' : JSON.stringify(cidr)}`);
      continue;
    }
    if (!parseIpv4Cidr(cidr)) problems.push(`'${cidr}' is not an IPv4 CIDR block such as 203.0.113.0/24`);
  }
  return problems;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/**
 * The Kubernetes service CIDR: within an RFC 1918 range, prefix /12–/24, not overlapping the VPC.
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html
 */
export function serviceCidrProblem(cidr: string, vpcCidr?: string): string | undefined {
  if (Token.isUnresolved(cidr)) return undefined;
  const parsed = parseIpv4Cidr(cidr);
  if (!parsed) return `'serviceIpv4Cidr' is '${cidr}'; it must be an IPv4 CIDR block such as 172.20.0.0/16.`;
  const [, prefix] = parsed;
  if (prefix < 12 || prefix > 24) {
    return `'serviceIpv4Cidr' is '${cidr}'; EKS needs a prefix between /12 and /24.`;
  }
  const inPrivate = PRIVATE_RANGES.some((range) => {
    const [, rangePrefix] = parseIpv4Cidr(range)!;
    return prefix >= rangePrefix && cidrsOverlap(range, cidr);
  });
  if (!inPrivate) {
    return `'serviceIpv4Cidr' is '${cidr}'; EKS needs it within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.`;
  }
  if (vpcCidr && !Token.isUnresolved(vpcCidr) && parseIpv4Cidr(vpcCidr) && cidrsOverlap(cidr, vpcCidr)) {
    return `'serviceIpv4Cidr' ${cidr} overlaps the VPC CIDR ${vpcCidr}; pick a range outside the VPC.`;
  }
  return undefined;
}

/**
 * The service CIDR EKS picks when none is given: 10.100.0.0/16, or 172.20.0.0/16 when the VPC
 * CIDR overlaps 10.0.0.0/8. Undefined when the VPC CIDR is not known at synth time.
 */
export function defaultServiceCidr(vpcCidr: string): string | undefined {
  if (Token.isUnresolved(vpcCidr) || !parseIpv4Cidr(vpcCidr)) return undefined;
  return cidrsOverlap(vpcCidr, '10.0.0.0/8') ? '172.20.0.0/16' : '10.100.0.0/16';
}
