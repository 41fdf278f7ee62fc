import { Duration, Token } from 'aws-cdk-lib';
import { objectNameProblem } from '../../identity/kubernetes-names';
import { kubernetesTaintEffect, labelValueProblem, qualifiedNameProblem } from '../labels-taints-rules';
import type { NodeTaint } from '../node-taint';
import { NodePoolFlavor } from './node-pool-flavor';
import { DisruptionBudget, NodePoolDuration, NodePoolLimits, NodePoolOptions } from './node-pool-options';
import { NodeRequirement, RequirementOperator } from './node-requirement';

// Rules from the karpenter.sh/v1 NodePool CRD of Karpenter v1.14.1
// (aws/karpenter-provider-aws pkg/apis/crds/karpenter.sh_nodepools.yaml: patterns, enums,
// x-kubernetes-validations) and, for Auto Mode, the EKS User Guide (create-node-pool,
// auto-static-capacity, automode "21-day maximum node lifetime").

/** Where a node pool points: its node class. */
export interface NodeClassRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** A rendered object with what is wrong with it. */
export interface Rendered {
  readonly object: { [key: string]: any };
  readonly problems: string[];
  readonly warnings: string[];
}

const known = (n: number | undefined): n is number => n !== undefined && !Token.isUnresolved(n);

/** A duration as Karpenter writes it: `720h`, `1h30m`, `45s` (`0s` for zero). */
export function goDuration(duration: Duration): string {
  const total = duration.toSeconds();
  if (Token.isUnresolved(total)) return `${Token.asString(total)}s`;
  if (total === 0) return '0s';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

function renderPoolDuration(value: NodePoolDuration): string {
  return value.duration ? goDuration(value.duration) : 'Never';
}

// CRD: limits and resource quantities.
const QUANTITY = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
// CRD: budgets[].nodes and budgets[].duration.
const BUDGET_NODES = /^((100|[0-9]{1,2})%|[0-9]+)$/;
const BUDGET_SCHEDULE = /^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$/;
// CRD: requirement key pattern (at most 316 characters).
const REQUIREMENT_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const REQUIREMENT_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The karpenter.k8s.aws labels the CRD lets a NodePool use (all others of that domain are restricted). */
const KARPENTER_AWS_ALLOWED = new Set([
  'instance-tenancy', 'capacity-reservation-type', 'capacity-reservation-id', 'capacity-reservation-interruptible', 'ec2nodeclass',
  'instance-encryption-in-transit-supported', 'instance-category', 'instance-hypervisor', 'instance-family', 'instance-generation',
  'instance-local-nvme', 'instance-size', 'instance-cpu', 'instance-cpu-manufacturer', 'instance-cpu-sustained-clock-speed-mhz',
  'instance-memory', 'instance-ebs-bandwidth', 'instance-network-bandwidth', 'instance-gpu-name', 'instance-gpu-manufacturer',
  'instance-gpu-count', 'instance-gpu-memory', 'instance-accelerator-name', 'instance-accelerator-manufacturer',
  'instance-accelerator-count', 'instance-capability-flex', 'placement-group-id', 'placement-group-partition',
].map((name) => `karpenter.k8s.aws/${name}`));

/** Labels EKS Auto Mode does not support (it runs Linux only). */
const AUTO_MODE_UNSUPPORTED = new Set(['kubernetes.io/os', 'node.kubernetes.io/windows-build']);

function domainOf(key: string): string {
  const slash = key.indexOf('/');
  return slash >= 0 ? key.slice(0, slash) : '';
}

/** Why a label key cannot be used in a NodePool of `flavor` (requirements and template labels). */
export function restrictedLabelProblem(key: string, flavor: NodePoolFlavor): string | undefined {
  if (Token.isUnresolved(key)) return undefined;
  const domain = domainOf(key);
  if (key === 'karpenter.sh/nodepool') return "'karpenter.sh/nodepool' is set by Karpenter itself";
  if (key === 'kubernetes.io/hostname') return "'kubernetes.io/hostname' is restricted (it names one node, not a pool)";
  if (domain.endsWith('karpenter.sh') && key !== 'karpenter.sh/capacity-type') {
    return `the label domain '${domain}' is reserved by Karpenter (only karpenter.sh/capacity-type may be used)`;
  }
  if (flavor === NodePoolFlavor.KARPENTER && domain.endsWith('karpenter.k8s.aws') && !KARPENTER_AWS_ALLOWED.has(key)) {
    return `'${key}' is not a well-known karpenter.k8s.aws label and that domain is reserved`;
  }
  if (flavor === NodePoolFlavor.AUTO_MODE) {
    if (domain.endsWith('karpenter.k8s.aws')) {
      return `EKS Auto Mode labels instances under eks.amazonaws.com/, not karpenter.k8s.aws/; use ${key.replace(/^[^/]*\//, 'eks.amazonaws.com/')} `
        + '(NodeRequirement.instance(...) picks the right prefix)';
    }
    if (AUTO_MODE_UNSUPPORTED.has(key)) return `EKS Auto Mode does not support the label '${key}' (it runs Linux nodes only)`;
  }
  return undefined;
}

/** Problems of one requirement. */
export function requirementProblems(requirement: NodeRequirement, flavor: NodePoolFlavor, where: string): string[] {
  const problems: string[] = [];
  const key = requirement._key(flavor);
  const values = requirement.values;
  const op = requirement.operator;
  if (!Token.isUnresolved(key)) {
    if (key.length > 316 || !REQUIREMENT_KEY.test(key)) {
      problems.push(`${where} key '${key}' is not a label key (an optional DNS-subdomain prefix and '/', then a name; at most 316 characters)`);
    }
    const restricted = restrictedLabelProblem(key, flavor);
    if (restricted) problems.push(`${where}: ${restricted}`);
  }
  if (!Object.values(RequirementOperator).includes(op)) {
    problems.push(`${where} operator '${op}' is not one of ${Object.values(RequirementOperator).join(', ')}`);
  }
  const tokens = Token.isUnresolved(values);
  if (!tokens) {
    if ((op === RequirementOperator.IN || op === RequirementOperator.NOT_IN) && values.length === 0) {
      problems.push(`${where} (${key} ${op}) needs at least one value`);
    }
    if ((op === RequirementOperator.EXISTS || op === RequirementOperator.DOES_NOT_EXIST) && values.length > 0) {
      problems.push(`${where} (${key} ${op}) takes no values; remove them`);
    }
    if ([RequirementOperator.GT, RequirementOperator.LT, RequirementOperator.GTE, RequirementOperator.LTE].includes(op)
      && (values.length !== 1 || (!Token.isUnresolved(values[0]) && !/^[0-9]+$/.test(values[0])))) {
      problems.push(`${where} (${key} ${op}) needs exactly one value, a non-negative integer; got [${values.join(', ')}]`);
    }
    for (const value of values) {
      if (!Token.isUnresolved(value) && (value.length > 63 || !REQUIREMENT_VALUE.test(value))) {
        problems.push(`${where} value '${value}' is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric)`);
      }
    }
  }
  const minValues = requirement.minValues;
  if (known(minValues)) {
    if (!Number.isInteger(minValues) || minValues < 1 || minValues > 50) {
      problems.push(`${where} minValues is ${minValues}; use a whole number from 1 to 50`);
    } else if (op === RequirementOperator.IN && !tokens && values.length < minValues) {
      problems.push(`${where} minValues is ${minValues} but only ${values.length} value(s) are listed; list at least ${minValues}`);
    }
  }
  return problems;
}

function taintListProblems(taints: NodeTaint[], prop: string): string[] {
  const problems: string[] = [];
  for (const taint of taints) {
    const keyProblem = qualifiedNameProblem(taint.key);
    if (keyProblem) problems.push(`'${prop}' key '${taint.key}': ${keyProblem}`);
    if (taint.value !== undefined) {
      const valueProblem = labelValueProblem(taint.value);
      if (valueProblem) problems.push(`'${prop}' '${taint.key}' value '${taint.value}': ${valueProblem}`);
    }
  }
  return problems;
}

function renderTaint(taint: NodeTaint): { [key: string]: string } {
  const out: { [key: string]: string } = { key: taint.key, effect: kubernetesTaintEffect(taint.effect) };
  if (taint.value !== undefined && taint.value !== '') out.value = taint.value;
  return out;
}

function budgetProblems(budgets: DisruptionBudget[]): string[] {
  const problems: string[] = [];
  if (budgets.length > 50) problems.push(`'disruption.budgets' has ${budgets.length} budgets; at most 50 are allowed`);
  for (const [i, b] of budgets.entries()) {
    const where = `'disruption.budgets[${i}]'`;
    if (!Token.isUnresolved(b.nodes) && !BUDGET_NODES.test(b.nodes)) {
      problems.push(`${where}.nodes is '${b.nodes}'; use a count such as '2' or a percentage from '0%' to '100%'`);
    }
    if ((b.schedule === undefined) !== (b.duration === undefined)) {
      problems.push(`${where}: 'schedule' and 'duration' go together (a budget active for 'duration' after each 'schedule' hit)`);
    }
    if (b.schedule !== undefined && !Token.isUnresolved(b.schedule) && !BUDGET_SCHEDULE.test(b.schedule)) {
      problems.push(`${where}.schedule is '${b.schedule}'; use a five-field cron expression (UTC) or a macro such as '@daily'`);
    }
    if (b.duration !== undefined) {
      const minutes = b.duration.toMinutes({ integral: false });
      if (!Token.isUnresolved(minutes) && (!Number.isInteger(minutes) || minutes < 1)) {
        problems.push(`${where}.duration is ${b.duration.toHumanString()}; budgets take whole minutes or hours`);
      }
    }
  }
  return problems;
}

function renderBudget(b: DisruptionBudget): { [key: string]: any } {
  const out: { [key: string]: any } = { nodes: b.nodes };
  if (b.schedule !== undefined) out.schedule = b.schedule;
  if (b.duration !== undefined) out.duration = goDuration(b.duration);
  if (b.reasons !== undefined) out.reasons = [...b.reasons];
  return out;
}

function limitsProblems(limits: NodePoolLimits, isStatic: boolean): string[] {
  const problems: string[] = [];
  if (known(limits.cpu) && !(limits.cpu > 0)) problems.push(`'limits.cpu' is ${limits.cpu}; use a positive number of vCPUs`);
  if (known(limits.nodes) && (!Number.isInteger(limits.nodes) || limits.nodes < 0)) {
    problems.push(`'limits.nodes' is ${limits.nodes}; use a whole number of at least 0`);
  }
  for (const [resource, value] of Object.entries(limits.resources ?? {})) {
    if (!Token.isUnresolved(value) && !QUANTITY.test(value)) problems.push(`'limits.resources' '${resource}' is '${value}'; use a Kubernetes quantity such as '8' or '64Gi'`);
  }
  if (isStatic && (limits.cpu !== undefined || limits.memory !== undefined || Object.keys(limits.resources ?? {}).length > 0)) {
    problems.push("a static pool ('replicas') accepts only 'limits.nodes'; remove the cpu, memory and other limits");
  }
  return problems;
}

function renderLimits(limits: NodePoolLimits): { [key: string]: any } | undefined {
  const out: { [key: string]: any } = {};
  if (limits.cpu !== undefined) out.cpu = String(limits.cpu);
  if (limits.memory !== undefined) out.memory = `${limits.memory.toMebibytes()}Mi`;
  if (limits.nodes !== undefined) out.nodes = String(limits.nodes);
  Object.assign(out, limits.resources ?? {});
  return Object.keys(out).length > 0 ? out : undefined;
}

const MAX_AUTO_MODE_LIFETIME = Duration.days(21);

/**
 * Renders a karpenter.sh/v1 NodePool for a node class, with what is wrong with it and what
 * deserves a warning.
 */
export function renderNodePool(options: NodePoolOptions, flavor: NodePoolFlavor, nodeClass: NodeClassRef): Rendered {
  const problems: string[] = [];
  const warnings: string[] = [];
  const nameProblem = objectNameProblem('name', options.name);
  if (nameProblem) problems.push(nameProblem);

  const requirements = options.requirements ?? [];
  if (requirements.length > 100) problems.push(`'requirements' has ${requirements.length} entries; a NodePool takes at most 100`);
  requirements.forEach((r, i) => problems.push(...requirementProblems(r, flavor, `'requirements[${i}]'`)));
  if (flavor === NodePoolFlavor.KARPENTER) {
    for (const r of requirements) {
      const key = r._key(flavor);
      if (!Token.isUnresolved(key) && key.startsWith('eks.amazonaws.com/instance-')) {
        warnings.push(`the requirement on '${key}' uses an EKS Auto Mode label, which Karpenter does not set; use NodeRequirement.instance(...) `
          + 'or the karpenter.k8s.aws/ key');
      }
    }
  }
  for (const key of Object.keys(options.labels ?? {})) {
    const restricted = restrictedLabelProblem(key, flavor);
    if (restricted) problems.push(`'labels' '${key}': ${restricted}`);
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) problems.push(`'labels' key '${key}': ${keyProblem}`);
  }
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    const valueProblem = labelValueProblem(value);
    if (valueProblem) problems.push(`'labels' '${key}' value '${value}': ${valueProblem}`);
  }
  problems.push(...taintListProblems(options.taints ?? [], 'taints'), ...taintListProblems(options.startupTaints ?? [], 'startupTaints'));

  const isStatic = options.replicas !== undefined;
  if (known(options.replicas) && (!Number.isInteger(options.replicas) || options.replicas < 0)) {
    problems.push(`'replicas' is ${options.replicas}; use a whole number of at least 0`);
  }
  if (known(options.weight) && (!Number.isInteger(options.weight) || options.weight < 1 || options.weight > 100)) {
    problems.push(`'weight' is ${options.weight}; use a whole number from 1 to 100`);
  }
  if (isStatic && options.weight !== undefined) problems.push("'weight' cannot be set on a static pool ('replicas'); remove one of them");
  if (isStatic && (options.disruption?.consolidationPolicy !== undefined || options.disruption?.consolidateAfter !== undefined)) {
    warnings.push("a static pool ('replicas') is not consolidated: 'disruption.consolidationPolicy' and 'consolidateAfter' have no effect");
  }
  if (isStatic && known(options.replicas) && known(options.limits?.nodes) && options.limits!.nodes! < options.replicas!) {
    problems.push(`'limits.nodes' (${options.limits!.nodes}) is below 'replicas' (${options.replicas}); the pool could never reach its size`);
  }
  if (options.limits) problems.push(...limitsProblems(options.limits, isStatic));
  problems.push(...budgetProblems(options.disruption?.budgets ?? []));

  if (flavor === NodePoolFlavor.AUTO_MODE && options.expireAfter) {
    const d = options.expireAfter.duration;
    if (!d) problems.push("'expireAfter' is NEVER, but EKS Auto Mode replaces nodes after at most 21 days; use at most Duration.days(21)");
    else if (!Token.isUnresolved(d.toSeconds()) && d.toSeconds() > MAX_AUTO_MODE_LIFETIME.toSeconds()) {
      problems.push(`'expireAfter' is ${d.toHumanString()}, but EKS Auto Mode enforces a 21-day maximum node lifetime; use at most Duration.days(21)`);
    }
  }

  const templateSpec: { [key: string]: any } = {
    nodeClassRef: { group: nodeClass.group, kind: nodeClass.kind, name: nodeClass.name },
    requirements: requirements.map((r) => r._render(flavor)),
  };
  if (options.taints?.length) templateSpec.taints = options.taints.map(renderTaint);
  if (options.startupTaints?.length) templateSpec.startupTaints = options.startupTaints.map(renderTaint);
  if (options.expireAfter) templateSpec.expireAfter = renderPoolDuration(options.expireAfter);
  if (options.terminationGracePeriod) templateSpec.terminationGracePeriod = goDuration(options.terminationGracePeriod);

  const template: { [key: string]: any } = { spec: templateSpec };
  const metadata: { [key: string]: any } = {};
  if (options.labels && Object.keys(options.labels).length > 0) metadata.labels = { ...options.labels };
  if (options.annotations && Object.keys(options.annotations).length > 0) metadata.annotations = { ...options.annotations };
  if (Object.keys(metadata).length > 0) template.metadata = metadata;

  let spec: { [key: string]: any } = { template };
  if (options.replicas !== undefined) spec.replicas = options.replicas;
  if (options.weight !== undefined) spec.weight = options.weight;
  const limits = options.limits ? renderLimits(options.limits) : undefined;
  if (limits) spec.limits = limits;
  const disruption = options.disruption;
  if (disruption && (disruption.consolidationPolicy || disruption.consolidateAfter || disruption.budgets)) {
    spec.disruption = {
      // Required by the CRD whenever 'disruption' is given; 0s is its default.
      consolidateAfter: disruption.consolidateAfter ? renderPoolDuration(disruption.consolidateAfter) : '0s',
      ...(disruption.consolidationPolicy ? { consolidationPolicy: disruption.consolidationPolicy } : {}),
      ...(disruption.budgets ? { budgets: disruption.budgets.map(renderBudget) } : {}),
    };
  }
  if (options.additionalSpec) spec = mergeObjects(spec, options.additionalSpec);

  return {
    object: { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: options.name }, spec },
    problems,
    warnings,
  };
}

/** Objects merge key by key; other values (arrays included) replace. */
export function mergeObjects(base: { [key: string]: any }, over: { [key: string]: any }): { [key: string]: any } {
  const out: { [key: string]: any } = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlain(current) && isPlain(value) ? mergeObjects(current, value) : value;
  }
  return out;
}

function isPlain(v: unknown): v is { [key: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Token.isUnresolved(v);
}
