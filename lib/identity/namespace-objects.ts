import { Token } from 'aws-cdk-lib';

/** Total resources a namespace may use (a `ResourceQuota`). Quantities use Kubernetes notation (`500m`, `4Gi`). */
export interface NamespaceQuota {
  /**
   * Sum of CPU requests (`requests.cpu`).
   * @default - no limit
   */
  readonly cpuRequests?: string;
  /**
   * Sum of memory requests (`requests.memory`).
   * @default - no limit
   */
  readonly memoryRequests?: string;
  /**
   * Sum of CPU limits (`limits.cpu`).
   * @default - no limit
   */
  readonly cpuLimits?: string;
  /**
   * Sum of memory limits (`limits.memory`).
   * @default - no limit
   */
  readonly memoryLimits?: string;
  /**
   * Number of pods (`pods`).
   * @default - no limit
   */
  readonly pods?: number;
  /**
   * Number of Services of type LoadBalancer (`services.loadbalancers`), each an AWS load balancer.
   * @default - no limit
   */
  readonly loadBalancers?: number;
}

/** Defaults for containers that do not state requests or limits (a `LimitRange`). */
export interface ContainerDefaults {
  /**
   * Default CPU request.
   * @default - none
   */
  readonly cpuRequest?: string;
  /**
   * Default memory request.
   * @default - none
   */
  readonly memoryRequest?: string;
  /**
   * Default CPU limit.
   * @default - none
   */
  readonly cpuLimit?: string;
  /**
   * Default memory limit.
   * @default - none
   */
  readonly memoryLimit?: string;
}

/** Properties of a team namespace. */
export interface TeamNamespaceObjectsProps {
  /** The namespace name. */
  readonly name: string;
  /**
   * Labels of the namespace (e.g. Pod Security Admission `pod-security.kubernetes.io/enforce`).
   * @default - `pod-security.kubernetes.io/enforce: restricted`
   */
  readonly labels?: { [key: string]: string };
  /**
   * The namespace's ResourceQuota.
   * @default - no ResourceQuota
   */
  readonly quota?: NamespaceQuota;
  /**
   * The namespace's container defaults.
   * @default - no LimitRange
   */
  readonly containerDefaults?: ContainerDefaults;
}

const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/**
 * What a platform team gives an application team: a Namespace (Pod Security `restricted`
 * by default), a ResourceQuota and a LimitRange, as plain Kubernetes objects.
 */
export class NamespaceObjects {
  /** The Namespace, then the ResourceQuota and LimitRange when asked for. */
  public static teamNamespace(props: TeamNamespaceObjectsProps): Array<{ [key: string]: any }> {
    const objects: Array<{ [key: string]: any }> = [{
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: props.name, labels: { ...(props.labels ?? { 'pod-security.kubernetes.io/enforce': 'restricted' }) } },
    }];
    const hard = props.quota ? quotaHard(props.quota) : {};
    if (Object.keys(hard).length > 0) {
      objects.push({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: props.name }, spec: { hard } });
    }
    const limit = props.containerDefaults ? containerLimit(props.containerDefaults) : undefined;
    if (limit) {
      objects.push({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'container-defaults', namespace: props.name }, spec: { limits: [limit] } });
    }
    return objects;
  }

  /** Problems with quantities and counts of the props, one sentence each (tokens are not checked). */
  public static problems(props: TeamNamespaceObjectsProps): string[] {
    const problems: string[] = [];
    const quantities: Array<[string, string | undefined]> = [
      ['quota.cpuRequests', props.quota?.cpuRequests], ['quota.memoryRequests', props.quota?.memoryRequests],
      ['quota.cpuLimits', props.quota?.cpuLimits], ['quota.memoryLimits', props.quota?.memoryLimits],
      ['containerDefaults.cpuRequest', props.containerDefaults?.cpuRequest], ['containerDefaults.memoryRequest', props.containerDefaults?.memoryRequest],
      ['containerDefaults.cpuLimit', props.containerDefaults?.cpuLimit], ['containerDefaults.memoryLimit', props.containerDefaults?.memoryLimit],
    ];
    for (const [prop, value] of quantities) {
      if (value !== undefined && !Token.isUnresolved(value) && !QUANTITY.test(value)) {
        problems.push(`'${prop}' is "${value}"; use a Kubernetes quantity such as "500m", "2" or "4Gi"`);
      }
    }
    for (const [prop, value] of [['quota.pods', props.quota?.pods], ['quota.loadBalancers', props.quota?.loadBalancers]] as Array<[string, number | undefined]>) {
      if (value !== undefined && !Token.isUnresolved(value) && (!Number.isInteger(value) || value < 0)) {
        problems.push(`'${prop}' is ${value}; use a whole number, 0 or more`);
      }
    }
    return problems;
  }

  private constructor() {}
}

function quotaHard(q: NamespaceQuota): { [key: string]: string } {
  const hard: { [key: string]: string } = {};
  if (q.cpuRequests !== undefined) hard['requests.cpu'] = q.cpuRequests;
  if (q.memoryRequests !== undefined) hard['requests.memory'] = q.memoryRequests;
  if (q.cpuLimits !== undefined) hard['limits.cpu'] = q.cpuLimits;
  if (q.memoryLimits !== undefined) hard['limits.memory'] = q.memoryLimits;
  if (q.pods !== undefined) hard.pods = String(q.pods);
  if (q.loadBalancers !== undefined) hard['services.loadbalancers'] = String(q.loadBalancers);
  return hard;
}

function containerLimit(d: ContainerDefaults): { [key: string]: any } | undefined {
  const defaultRequest: { [key: string]: string } = {};
  const defaults: { [key: string]: string } = {};
  if (d.cpuRequest !== undefined) defaultRequest.cpu = d.cpuRequest;
  if (d.memoryRequest !== undefined) defaultRequest.memory = d.memoryRequest;
  if (d.cpuLimit !== undefined) defaults.cpu = d.cpuLimit;
  if (d.memoryLimit !== undefined) defaults.memory = d.memoryLimit;
  if (Object.keys(defaultRequest).length === 0 && Object.keys(defaults).length === 0) return undefined;
  return {
    type: 'Container',
    ...(Object.keys(defaults).length > 0 ? { default: defaults } : {}),
    ...(Object.keys(defaultRequest).length > 0 ? { defaultRequest } : {}),
  };
}
