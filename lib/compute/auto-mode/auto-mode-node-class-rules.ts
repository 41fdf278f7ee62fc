import { SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { objectNameProblem } from '../../identity/kubernetes-names';
import { restrictedTagProblem } from '../karpenter/ec2-node-class-rules';
import type { NodeClassSelector } from '../karpenter/node-class-selector';
import { mergeObjects, Rendered } from '../karpenter/node-pool-rules';
import { AutoModeNodeClassOptions } from './auto-mode-node-class-options';

// Rules from the EKS User Guide, "Create a Node Class for Amazon EKS" (the NodeClass
// specification with its ranges and restricted tags; "Do not name your custom node class
// default") and "EKS Auto Mode KMS".

/** What the construct resolved. */
export interface AutoModeNodeClassContext {
  readonly roleName: string;
  readonly subnets: NodeClassSelector;
  readonly securityGroups: NodeClassSelector;
  readonly kmsKeyArn?: string;
}

const RESTRICTED_TAGS: Array<string | RegExp> = [
  /^kubernetes\.io\/cluster\//, 'karpenter.sh/provisioner-name', 'karpenter.sh/nodepool', 'karpenter.sh/nodeclaim',
  'karpenter.sh/managed-by', 'eks.amazonaws.com/nodeclass',
];

function rangeProblem(name: string, value: number | undefined, min: number, max: number): string | undefined {
  if (value === undefined || Token.isUnresolved(value)) return undefined;
  return Number.isInteger(value) && value >= min && value <= max ? undefined : `'${name}' is ${value}; use a whole number from ${min} to ${max}`;
}

/** Renders an eks.amazonaws.com/v1 NodeClass, with what is wrong with it. */
export function renderAutoModeNodeClass(options: AutoModeNodeClassOptions, context: AutoModeNodeClassContext): Rendered {
  const problems: string[] = [];
  const warnings: string[] = [];
  const nameProblem = objectNameProblem('name', options.name);
  if (nameProblem) problems.push(nameProblem);
  if (options.name === 'default') {
    problems.push("'name' is 'default', the NodeClass EKS creates for the built-in node pools; choose another name");
  }
  problems.push(...context.subnets._problems('subnetSelector', ['id', 'tags'], 'subnet'));
  problems.push(...context.securityGroups._problems('securityGroupSelector', ['id', 'name', 'tags'], 'sg'));
  if ((options.podSubnetSelector === undefined) !== (options.podSecurityGroupSelector === undefined)) {
    problems.push("'podSubnetSelector' and 'podSecurityGroupSelector' go together; set both or neither");
  }
  if (options.podSubnetSelector) problems.push(...options.podSubnetSelector._problems('podSubnetSelector', ['id', 'tags'], 'subnet'));
  if (options.podSecurityGroupSelector) {
    problems.push(...options.podSecurityGroupSelector._problems('podSecurityGroupSelector', ['id', 'tags'], 'sg'));
  }
  const storage = options.ephemeralStorage;
  if (storage?.size) {
    const gib = storage.size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
    const p = rangeProblem('ephemeralStorage.size (GiB)', gib, 1, 59000);
    if (p) problems.push(p);
  }
  for (const p of [
    rangeProblem('ephemeralStorage.iops', storage?.iops, 3000, 16000),
    rangeProblem('ephemeralStorage.throughput', storage?.throughput, 125, 1000),
  ]) if (p) problems.push(p);
  for (const key of Object.keys(options.tags ?? {})) {
    const p = restrictedTagProblem(key, RESTRICTED_TAGS);
    if (p) problems.push(`'tags': ${p}`);
  }
  const net = options.advancedNetworking;
  if (net?.httpsProxy !== undefined && !Token.isUnresolved(net.httpsProxy) && net.httpsProxy.length > 255) {
    problems.push(`'advancedNetworking.httpsProxy' has ${net.httpsProxy.length} characters; at most 255 are allowed`);
  }
  if (net?.noProxy && !Token.isUnresolved(net.noProxy)) {
    if (net.noProxy.length > 50) problems.push(`'advancedNetworking.noProxy' has ${net.noProxy.length} entries; at most 50 are allowed`);
    for (const entry of net.noProxy) {
      if (!Token.isUnresolved(entry) && entry.length > 255) problems.push(`'advancedNetworking.noProxy' entry '${entry.slice(0, 40)}…' is longer than 255 characters`);
    }
    if (net.httpsProxy !== undefined && !net.noProxy.includes('169.254.169.254')) {
      warnings.push("'advancedNetworking.noProxy' does not list 169.254.169.254: nodes would send instance metadata requests to the proxy");
    }
  }

  let spec: { [key: string]: any } = {
    role: context.roleName,
    subnetSelectorTerms: context.subnets._render(),
    securityGroupSelectorTerms: context.securityGroups._render(),
  };
  if (options.podSubnetSelector) spec.podSubnetSelectorTerms = options.podSubnetSelector._render();
  if (options.podSecurityGroupSelector) spec.podSecurityGroupSelectorTerms = options.podSecurityGroupSelector._render();
  if (options.snatPolicy) spec.snatPolicy = options.snatPolicy;
  if (options.networkPolicy) spec.networkPolicy = options.networkPolicy;
  if (options.networkPolicyEventLogs !== undefined) spec.networkPolicyEventLogs = options.networkPolicyEventLogs ? 'Enabled' : 'Disabled';
  if (storage) {
    const out: { [key: string]: any } = {};
    if (storage.size) out.size = `${storage.size.toGibibytes()}Gi`;
    if (storage.iops !== undefined) out.iops = storage.iops;
    if (storage.throughput !== undefined) out.throughput = storage.throughput;
    if (context.kmsKeyArn) out.kmsKeyID = context.kmsKeyArn;
    if (Object.keys(out).length > 0) spec.ephemeralStorage = out;
  }
  if (options.tags && Object.keys(options.tags).length > 0) spec.tags = { ...options.tags };
  if (net) {
    const out: { [key: string]: any } = {};
    if (net.httpsProxy !== undefined) out.httpsProxy = net.httpsProxy;
    if (net.noProxy !== undefined) out.noProxy = [...net.noProxy];
    if (net.associatePublicIpAddress !== undefined) out.associatePublicIPAddress = net.associatePublicIpAddress;
    if (Object.keys(out).length > 0) spec.advancedNetworking = out;
  }
  if (options.certificateBundles?.length) spec.certificateBundles = options.certificateBundles.map((b) => ({ name: b.name, data: b.data }));
  if (options.additionalSpec) spec = mergeObjects(spec, options.additionalSpec);

  return {
    object: { apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name: options.name }, spec },
    problems,
    warnings,
  };
}
