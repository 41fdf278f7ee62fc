import { Token } from 'aws-cdk-lib';
import { NodeTaint, TaintEffect } from './node-taint';

const KUBERNETES_EFFECT: Record<TaintEffect, string> = {
  [TaintEffect.NO_SCHEDULE]: 'NoSchedule',
  [TaintEffect.PREFER_NO_SCHEDULE]: 'PreferNoSchedule',
  [TaintEffect.NO_EXECUTE]: 'NoExecute',
};

/** The effect as Kubernetes spells it (`NoSchedule`), for kubelet flags and node settings. */
export function kubernetesTaintEffect(effect: TaintEffect): string {
  return KUBERNETES_EFFECT[effect];
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Why a string is not a Kubernetes qualified name (the form of label and taint keys), or
 * undefined when it is one or is a token.
 */
export function qualifiedNameProblem(key: string): string | undefined {
  if (Token.isUnresolved(key)) return undefined;
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `its prefix '${prefix}' must be a lowercase DNS subdomain of at most 253 characters (e.g. example.com)`;
  }
  if (name.length === 0 || name.length > 63) return `its name part '${name}' must have 1 to 63 characters`;
  if (!NAME.test(name)) {
    return `its name part '${name}' must start and end with a letter or digit and contain only letters, digits, '-', '_' and '.'`;
  }
  return undefined;
}

/** Why a string is not a Kubernetes label value (also the rule for taint values), or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (Token.isUnresolved(value) || value === '') return undefined;
  if (value.length > 63) return `it has ${value.length} characters; at most 63 are allowed`;
  if (!NAME.test(value)) return "it must start and end with a letter or digit and contain only letters, digits, '-', '_' and '.'";
  return undefined;
}

/** Problems of a label map, each naming the offending label. */
export function labelProblems(labels: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) problems.push(`label key '${key}': ${keyProblem}`);
    const valueProblem = labelValueProblem(value);
    if (valueProblem) problems.push(`label '${key}' value '${value}': ${valueProblem}`);
  }
  return problems;
}

/** EKS accepts at most 50 taints on a managed node group. */
export const MAX_TAINTS = 50;

/** Problems of a taint list, each naming the offending taint. */
export function taintProblems(taints: NodeTaint[]): string[] {
  const problems: string[] = [];
  if (taints.length > MAX_TAINTS) problems.push(`${taints.length} taints are given; EKS allows at most ${MAX_TAINTS}`);
  const seen = new Set<string>();
  for (const taint of taints) {
    const keyProblem = qualifiedNameProblem(taint.key);
    if (keyProblem) problems.push(`taint key '${taint.key}': ${keyProblem}`);
    if (taint.value !== undefined) {
      const valueProblem = labelValueProblem(taint.value);
      if (valueProblem) problems.push(`taint '${taint.key}' value '${taint.value}': ${valueProblem}`);
    }
    if (!Token.isUnresolved(taint.effect) && !Object.values(TaintEffect).includes(taint.effect)) {
      problems.push(`taint '${taint.key}' effect '${taint.effect}': use TaintEffect.NO_SCHEDULE, PREFER_NO_SCHEDULE or NO_EXECUTE`);
    }
    const identity = `${taint.key}:${taint.effect}`;
    if (!Token.isUnresolved(taint.key) && seen.has(identity)) {
      problems.push(`taint '${taint.key}' with effect ${taint.effect} is given twice; Kubernetes keeps one taint per key and effect`);
    }
    seen.add(identity);
  }
  return problems;
}

/** `key=value:NoSchedule` (or `key:NoSchedule` without a value), the kubelet's taint syntax. */
export function formatTaint(taint: NodeTaint): string {
  const value = taint.value !== undefined && taint.value !== '' ? `=${taint.value}` : '';
  return `${taint.key}${value}:${kubernetesTaintEffect(taint.effect)}`;
}

// The labels a kubelet may set on its own Node (--node-labels, Bottlerocket node-labels): keys
// in the kubernetes.io / k8s.io namespaces are refused unless in this set or under one of the
// two namespaces below; the kubelet then exits at start ("unknown 'kubernetes.io' or 'k8s.io'
// labels specified with --node-labels").
// kubernetes/kubernetes cmd/kubelet/app/options/options.go (ValidateKubeletFlags, isKubernetesLabel)
// and staging/src/k8s.io/kubelet/pkg/apis/well_known_labels.go (kubeletLabels, kubeletLabelNamespaces).
const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname', 'kubernetes.io/os', 'kubernetes.io/arch', 'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/zone', 'topology.kubernetes.io/region',
  'beta.kubernetes.io/os', 'beta.kubernetes.io/arch', 'beta.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region',
]);
const KUBELET_LABEL_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

const inNamespace = (ns: string, domain: string) => ns === domain || ns.endsWith(`.${domain}`);

/**
 * Labels the kubelet refuses to set on its own node (self-managed nodes register their
 * labels themselves; managed node groups are labelled by EKS and are not affected).
 */
export function kubeletLabelProblems(labels: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(labels)) {
    if (Token.isUnresolved(key)) continue;
    const slash = key.indexOf('/');
    const ns = slash >= 0 ? key.slice(0, slash) : '';
    const restricted = inNamespace(ns, 'kubernetes.io') || inNamespace(ns, 'k8s.io');
    if (!restricted || KUBELET_LABELS.has(key) || KUBELET_LABEL_NAMESPACES.some((allowed) => inNamespace(ns, allowed))) continue;
    problems.push(`label key '${key}' is in the kubernetes.io/k8s.io namespace, which the kubelet refuses to set on its own node (it exits at start); `
      + `allowed there are ${KUBELET_LABEL_NAMESPACES.map((n) => `${n}/…`).join(', ')} and the well-known ${[...KUBELET_LABELS].join(', ')}. `
      + (ns.startsWith('node-role.') ? 'Set node-role.kubernetes.io/* after registration (kubectl label node) or use your own prefix, e.g. example.com/role.'
        : 'Use your own prefix, e.g. example.com/…'));
  }
  return problems;
}
