import { Token } from 'aws-cdk-lib';
import { StorageClasses } from '../addons/storage-classes';
import { labelValueProblem, qualifiedNameProblem } from '../compute/labels-taints-rules';
import { RbacObjects } from '../identity/rbac';

/**
 * Synth-time checks of Kubernetes object content: what the API server would reject (names,
 * labels, annotations, selectors, ports, RBAC subjects, ConfigMap and Secret keys), plus the
 * invariants of this library's builders (`RbacObjects.problems`, `StorageClasses.efsProblems`).
 * The OpenAPI schema checks (types, required fields, enums) are in object-schemas.ts.
 *
 * Rules come from Kubernetes' own validation (kubernetes/kubernetes `pkg/apis/core/validation`,
 * `pkg/apis/apps/validation`, `pkg/apis/rbac/validation`, apimachinery
 * `pkg/util/validation` and `pkg/api/validation/objectmeta.go`) and the "Object Names and
 * IDs" page: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 *
 * Objects of kinds this table does not know (custom resources) get the checks every object
 * gets from the API server's ObjectMeta validation (labels, annotations, namespace) and
 * nothing else. Values that are tokens are never judged.
 *
 * Not part of the public API.
 */

/** One problem, located: which object and which field. */
export interface ObjectFinding {
  /** Index of the object in the manifest. */
  readonly index: number;
  /** `Kind 'name'`. */
  readonly object: string;
  /** Dotted path of the field, e.g. `spec.selector`. */
  readonly field: string;
  readonly message: string;
  /** The warning id (`cdk-eks-kit:<id>`) for findings that deploy; errors fail synth. */
  readonly warning?: string;
}

/** How the API server validates an object's name. */
type NameRule = 'subdomain' | 'label' | 'dns1035' | 'pathSegment' | 'none';

interface KindInfo {
  readonly clusterScoped: boolean;
  readonly name: NameRule;
  /** Name length limit below the rule's own (CronJob: 52). */
  readonly maxName?: number;
}

const ns = (name: NameRule = 'subdomain', maxName?: number): KindInfo => ({ clusterScoped: false, name, maxName });
const cluster = (name: NameRule = 'subdomain'): KindInfo => ({ clusterScoped: true, name });

/**
 * Built-in kinds by API group. Names: apimachinery's NameIsDNSSubdomain unless noted (Namespace:
 * a DNS-1123 label; Service: a DNS-1035 label; RBAC objects: path segment names, so
 * `system:aggregate-to-edit` is valid). Kinds with an unusual name rule or none we are sure of
 * are `none`: only the schema checks them.
 */
export const BUILT_IN_KINDS: { readonly [group: string]: { readonly [kind: string]: KindInfo } } = {
  '': {
    Namespace: cluster('label'), Node: cluster(), PersistentVolume: cluster(), ComponentStatus: cluster('none'),
    ConfigMap: ns(), Secret: ns(), ServiceAccount: ns(), Service: ns('dns1035'), Pod: ns(), PodTemplate: ns(),
    PersistentVolumeClaim: ns(), ReplicationController: ns(), ResourceQuota: ns(), LimitRange: ns(),
    Endpoints: ns(), Event: ns('none'), Binding: ns('none'),
  },
  'apps': { Deployment: ns(), StatefulSet: ns(), DaemonSet: ns(), ReplicaSet: ns(), ControllerRevision: ns() },
  // CronJob names are limited to 52 characters: the controller appends an 11-character suffix to name its Jobs.
  'batch': { Job: ns(), CronJob: ns('subdomain', 52) },
  'autoscaling': { HorizontalPodAutoscaler: ns('none') },
  'policy': { PodDisruptionBudget: ns() },
  'networking.k8s.io': { Ingress: ns(), NetworkPolicy: ns(), IngressClass: cluster(), IPAddress: cluster('none'), ServiceCIDR: cluster('none') },
  'rbac.authorization.k8s.io': {
    Role: ns('pathSegment'), RoleBinding: ns('pathSegment'), ClusterRole: cluster('pathSegment'), ClusterRoleBinding: cluster('pathSegment'),
  },
  'storage.k8s.io': { StorageClass: cluster(), CSIDriver: cluster(), CSINode: cluster(), VolumeAttachment: cluster(), VolumeAttributesClass: cluster(), CSIStorageCapacity: ns() },
  'scheduling.k8s.io': { PriorityClass: cluster() },
  'node.k8s.io': { RuntimeClass: cluster() },
  'coordination.k8s.io': { Lease: ns() },
  'discovery.k8s.io': { EndpointSlice: ns() },
  'events.k8s.io': { Event: ns('none') },
  'apiextensions.k8s.io': { CustomResourceDefinition: cluster() },
  'apiregistration.k8s.io': { APIService: cluster('none') },
  'admissionregistration.k8s.io': {
    MutatingWebhookConfiguration: cluster(), ValidatingWebhookConfiguration: cluster(),
    ValidatingAdmissionPolicy: cluster(), ValidatingAdmissionPolicyBinding: cluster(),
    MutatingAdmissionPolicy: cluster(), MutatingAdmissionPolicyBinding: cluster(),
  },
  'certificates.k8s.io': { CertificateSigningRequest: cluster('none') },
  'flowcontrol.apiserver.k8s.io': { FlowSchema: cluster('none'), PriorityLevelConfiguration: cluster('none') },
};

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ``). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** What this library knows about a kind, or undefined for custom resources. */
export function kindInfo(apiVersion: unknown, kind: unknown): KindInfo | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return BUILT_IN_KINDS[apiGroup(apiVersion)]?.[kind];
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** IANA_SVC_NAME: at most 15 lowercase letters, digits and '-', with a letter, no '-' at either end or twice. */
const PORT_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const isToken = (v: unknown) => Token.isUnresolved(v);
const quote = (v: unknown) => (typeof v === 'string' ? `"${v.length > 80 ? `${v.slice(0, 80)}…` : v}"` : JSON.stringify(v));

/** Why a name breaks a name rule, or undefined. */
export function nameProblem(rule: NameRule, name: string, maxLength?: number): string | undefined {
  if (isToken(name) || rule === 'none') return undefined;
  switch (rule) {
    case 'label':
      if (name.length > 63 || !DNS1123_LABEL.test(name)) return 'must be a DNS-1123 label: at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit';
      break;
    case 'dns1035':
      if (name.length > 63 || !DNS1035_LABEL.test(name)) return 'must be a DNS-1035 label: at most 63 lowercase letters, digits and \'-\', starting with a letter and ending with a letter or digit';
      break;
    case 'subdomain':
      if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) return 'must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit';
      break;
    case 'pathSegment':
      if (name === '.' || name === '..' || /[/%]/.test(name)) return "may not be '.' or '..' or contain '/' or '%'";
      break;
  }
  if (maxLength !== undefined && name.length > maxLength) return `has ${name.length} characters; at most ${maxLength} are allowed`;
  return undefined;
}

/** Every problem of the objects of one manifest (tokens are not judged). */
export function objectFindings(objects: unknown[]): ObjectFinding[] {
  const findings: ObjectFinding[] = [];
  objects.forEach((o, index) => {
    if (isToken(o) || o === null || typeof o !== 'object' || Array.isArray(o)) return;
    findings.push(...new ObjectChecker(index, o as Record<string, any>).check());
  });
  return findings;
}

/** A stable identity of an object for duplicate detection (`group/Kind/namespace/name`), or undefined when unknown. */
export function objectIdentity(o: unknown): string | undefined {
  if (o === null || typeof o !== 'object' || isToken(o)) return undefined;
  const obj = o as Record<string, any>;
  const { apiVersion, kind } = obj;
  const name = obj.metadata?.name;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || isToken(obj.metadata)) return undefined;
  const info = kindInfo(apiVersion, kind);
  const namespace = info?.clusterScoped ? '' : (typeof obj.metadata.namespace === 'string' ? obj.metadata.namespace : (info ? 'default' : ''));
  return `${apiGroup(apiVersion)}/${kind}/${namespace}/${name}`;
}

/** `Kind 'name'` for messages. */
export function describeObject(o: Record<string, any>): string {
  const name = o?.metadata?.name;
  const shown = typeof name === 'string' && name.length > 60 ? `${name.slice(0, 60)}…` : name;
  return `${typeof o?.kind === 'string' ? o.kind : 'object'}${typeof name === 'string' ? ` '${shown}'` : ''}`;
}

class ObjectChecker {
  private readonly findings: ObjectFinding[] = [];
  private readonly what: string;
  private readonly info?: KindInfo;
  private readonly group: string;

  constructor(private readonly index: number, private readonly o: Record<string, any>) {
    this.what = describeObject(o);
    this.info = kindInfo(o.apiVersion, o.kind);
    this.group = typeof o.apiVersion === 'string' ? apiGroup(o.apiVersion) : '';
  }

  public check(): ObjectFinding[] {
    const metadata = this.o.metadata;
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || isToken(metadata)) {
      if (metadata !== undefined && !isToken(metadata)) this.fail('metadata', `is ${quote(metadata)}; it must be an object with at least 'name'`);
      return this.findings;
    }
    this.checkMetadata(metadata, 'metadata', true);
    if (!this.info) return this.findings;
    const kind = this.o.kind as string;
    if (this.group === 'apps' && ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(kind)) this.checkWorkload();
    if (this.group === 'batch' && kind === 'Job') this.checkPodTemplate(this.o.spec?.template, 'spec.template');
    if (this.group === 'batch' && kind === 'CronJob') this.checkPodTemplate(this.o.spec?.jobTemplate?.spec?.template, 'spec.jobTemplate.spec.template');
    if (this.group === '' && kind === 'Pod') this.checkPodSpec(this.o.spec, 'spec');
    if (this.group === '' && kind === 'Service') this.checkService();
    if (this.group === '' && (kind === 'ConfigMap' || kind === 'Secret')) this.checkData(kind);
    if (this.group === 'rbac.authorization.k8s.io') this.checkRbac(kind);
    if (this.group === 'storage.k8s.io' && kind === 'StorageClass') this.checkStorageClass();
    if (this.group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition') this.checkCrd();
    return this.findings;
  }

  private fail(field: string, message: string, warning?: string): void {
    this.findings.push({ index: this.index, object: this.what, field, message, warning });
  }

  private checkMetadata(metadata: Record<string, any>, path: string, top: boolean): void {
    if (top && this.info && typeof metadata.name === 'string') {
      const problem = nameProblem(this.info.name, metadata.name, this.info.maxName);
      if (problem) this.fail(`${path}.name`, `is ${quote(metadata.name)}; a ${this.o.kind} name ${problem}`);
    }
    if (top && metadata.namespace !== undefined && !isToken(metadata.namespace)) {
      if (typeof metadata.namespace !== 'string' || nameProblem('label', metadata.namespace)) {
        this.fail(`${path}.namespace`, `is ${quote(metadata.namespace)}; a namespace ${nameProblem('label', String(metadata.namespace)) ?? 'must be a string'}`);
      } else if (this.info?.clusterScoped) {
        this.fail(`${path}.namespace`, `is ${quote(metadata.namespace)}, but ${this.o.kind} is cluster-scoped: Kubernetes ignores the namespace. Remove it`, 'clusterScopedNamespace');
      }
    }
    this.checkLabels(metadata.labels, `${path}.labels`);
    this.checkAnnotations(metadata.annotations, `${path}.annotations`);
    if (top && this.group === '' && this.o.kind === 'Namespace') this.checkPodSecurityLabels(metadata.labels);
  }

  /**
   * Pod Security Admission rejects a Namespace whose policy labels have unknown values.
   * https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
   */
  private checkPodSecurityLabels(labels: unknown): void {
    if (labels === null || typeof labels !== 'object' || isToken(labels)) return;
    for (const mode of ['enforce', 'audit', 'warn']) {
      const level = (labels as Record<string, unknown>)[`pod-security.kubernetes.io/${mode}`];
      if (typeof level === 'string' && !isToken(level) && !['privileged', 'baseline', 'restricted'].includes(level)) {
        this.fail(`metadata.labels.pod-security.kubernetes.io/${mode}`, `is ${quote(level)}; a Pod Security level is privileged, baseline or restricted`);
      }
      const version = (labels as Record<string, unknown>)[`pod-security.kubernetes.io/${mode}-version`];
      if (typeof version === 'string' && !isToken(version) && !/^(latest|v1\.\d+)$/.test(version)) {
        this.fail(`metadata.labels.pod-security.kubernetes.io/${mode}-version`, `is ${quote(version)}; use 'latest' or a Kubernetes minor version such as 'v1.33'`);
      }
    }
  }

  /** Label maps: keys are qualified names, values label values (strings). */
  private checkLabels(labels: unknown, path: string): void {
    if (labels === undefined || isToken(labels)) return;
    if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
      this.fail(path, `is ${quote(labels)}; labels are an object of string values`);
      return;
    }
    for (const [key, value] of Object.entries(labels)) {
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) this.fail(`${path}`, `key '${key}': ${keyProblem}`);
      if (isToken(value)) continue;
      if (typeof value !== 'string') {
        this.fail(`${path}.${key}`, `is ${quote(value)}; label values are strings (quote it: "${String(value)}")`);
        continue;
      }
      const valueProblem = labelValueProblem(value);
      if (valueProblem) this.fail(`${path}.${key}`, `is ${quote(value)}; ${valueProblem}`);
    }
  }

  private checkAnnotations(annotations: unknown, path: string): void {
    if (annotations === undefined || isToken(annotations)) return;
    if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) {
      this.fail(path, `is ${quote(annotations)}; annotations are an object of string values`);
      return;
    }
    let size = 0;
    for (const [key, value] of Object.entries(annotations)) {
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) this.fail(path, `key '${key}': ${keyProblem}`);
      if (isToken(value)) continue;
      if (typeof value !== 'string') this.fail(`${path}.${key}`, `is ${quote(value)}; annotation values are strings (quote it: "${String(value)}")`);
      else size += key.length + value.length;
    }
    // apimachinery ValidateAnnotationsSize: TotalAnnotationSizeLimitB = 256 KiB
    if (size > 256 * 1024) this.fail(path, `hold ${size} bytes; Kubernetes allows at most 262144 bytes of annotations per object`);
  }

  private checkWorkload(): void {
    const spec = this.o.spec;
    if (spec === null || typeof spec !== 'object' || isToken(spec)) return;
    const template = spec.template;
    this.checkPodTemplate(template, 'spec.template');
    const selector = spec.selector;
    if (selector === undefined || isToken(selector) || template === undefined || isToken(template)) return;
    const labels = template?.metadata?.labels;
    if (isToken(labels) || (labels !== undefined && (typeof labels !== 'object' || labels === null))) return;
    const mismatch = selectorMismatch(selector, labels ?? {});
    if (mismatch) {
      this.fail('spec.selector', `${mismatch}, so it does not select the pods of 'spec.template.metadata.labels' (${JSON.stringify(labels ?? {})}); `
        + 'the API server rejects such a workload. Make the selector match the template labels');
    }
    if (selector?.matchLabels === undefined && selector?.matchExpressions === undefined) {
      this.fail('spec.selector', 'is empty; a workload needs matchLabels or matchExpressions that match its template labels');
    }
  }

  private checkPodTemplate(template: unknown, path: string): void {
    if (template === undefined || template === null || typeof template !== 'object' || isToken(template)) return;
    const t = template as Record<string, any>;
    if (t.metadata && typeof t.metadata === 'object' && !isToken(t.metadata)) this.checkMetadata(t.metadata, `${path}.metadata`, false);
    this.checkPodSpec(t.spec, `${path}.spec`);
  }

  private checkPodSpec(spec: unknown, path: string): void {
    if (spec === undefined || spec === null || typeof spec !== 'object' || isToken(spec)) return;
    const s = spec as Record<string, any>;
    if (Array.isArray(s.containers) && s.containers.length === 0) {
      this.fail(`${path}.containers`, 'is empty; a pod needs at least one container');
    }
    const names = new Set<string>();
    for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
      const list = s[field];
      if (!Array.isArray(list)) continue;
      list.forEach((c: any, i: number) => {
        if (c === null || typeof c !== 'object' || isToken(c)) return;
        const at = `${path}.${field}[${i}]`;
        if (typeof c.name === 'string' && !isToken(c.name)) {
          const problem = nameProblem('label', c.name);
          if (problem) this.fail(`${at}.name`, `is ${quote(c.name)}; a container name ${problem}`);
          if (names.has(c.name)) this.fail(`${at}.name`, `is ${quote(c.name)}, which another container of the pod has; container names must be unique`);
          names.add(c.name);
        }
        if (!Array.isArray(c.ports)) return;
        c.ports.forEach((p: any, j: number) => {
          if (p === null || typeof p !== 'object' || isToken(p)) return;
          this.checkPortNumber(p.containerPort, `${at}.ports[${j}].containerPort`);
          this.checkPortNumber(p.hostPort, `${at}.ports[${j}].hostPort`);
          if (typeof p.name === 'string' && !isToken(p.name) && (p.name.length > 15 || !PORT_NAME.test(p.name))) {
            this.fail(`${at}.ports[${j}].name`, `is ${quote(p.name)}; a port name is an IANA service name: at most 15 lowercase letters, digits and '-', with at least one letter`);
          }
        });
      });
    }
  }

  private checkPortNumber(port: unknown, path: string): void {
    if (port === undefined || isToken(port) || typeof port !== 'number') return;
    if (!Number.isInteger(port) || port < 1 || port > 65535) this.fail(path, `is ${port}; a port number is 1–65535`);
  }

  private checkService(): void {
    const spec = this.o.spec;
    if (spec === null || typeof spec !== 'object' || isToken(spec) || !Array.isArray(spec.ports)) return;
    const ports = spec.ports as any[];
    ports.forEach((p, i) => {
      if (p === null || typeof p !== 'object' || isToken(p)) return;
      const at = `spec.ports[${i}]`;
      this.checkPortNumber(p.port, `${at}.port`);
      if (typeof p.targetPort === 'number') this.checkPortNumber(p.targetPort, `${at}.targetPort`);
      if (typeof p.targetPort === 'string' && !isToken(p.targetPort) && (p.targetPort.length > 15 || !PORT_NAME.test(p.targetPort))) {
        this.fail(`${at}.targetPort`, `is ${quote(p.targetPort)}; a named target port is an IANA service name (at most 15 lowercase letters, digits and '-', with a letter)`);
      }
      if (typeof p.name === 'string' && !isToken(p.name) && nameProblem('label', p.name)) {
        this.fail(`${at}.name`, `is ${quote(p.name)}; a Service port name ${nameProblem('label', p.name)}`);
      }
      if (ports.length > 1 && p.name === undefined) {
        this.fail(`${at}.name`, 'is missing; a Service with several ports must name each of them');
      }
    });
  }

  private checkData(kind: string): void {
    for (const field of ['data', 'binaryData', ...(kind === 'Secret' ? ['stringData'] : [])]) {
      const data = this.o[field];
      if (data === undefined || isToken(data) || data === null || typeof data !== 'object') continue;
      for (const [key, value] of Object.entries(data)) {
        if (key.length > 253 || !CONFIG_KEY.test(key)) {
          this.fail(`${field}`, `key '${key}' is not a valid ${kind} key: at most 253 letters, digits, '-', '_' and '.'`);
        }
        if (isToken(value) || typeof value !== 'string') continue;
        const base64 = (kind === 'Secret' && field === 'data') || field === 'binaryData';
        if (base64 && !value.startsWith('{{resolve:') && !BASE64.test(value.replace(/\s+/g, ''))) {
          this.fail(`${field}.${key}`, `is not base64; '${field}' holds base64-encoded bytes. Encode it, or put the plain text in 'stringData'`);
        }
      }
    }
  }

  private checkRbac(kind: string): void {
    for (const problem of RbacObjects.problems(this.o)) {
      const rule = /rules\[(\d+)\] has no (\w+)/.exec(problem);
      if (rule) this.fail(`rules[${rule[1]}].${rule[2]}`, `is empty; a rule grants nothing without ${rule[2]}`);
      // A binding without subjects is valid Kubernetes (it grants nothing): warn, do not refuse.
      else this.fail('subjects', 'is empty; a binding without subjects grants nothing', 'bindingWithoutSubjects');
    }
    if (kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding' || !Array.isArray(this.o.subjects)) return;
    (this.o.subjects as any[]).forEach((s, i) => {
      if (s === null || typeof s !== 'object' || isToken(s)) return;
      // rbac validation ValidateRoleBindingSubject: a ServiceAccount subject of a cluster-wide binding needs its namespace.
      if (s.kind === 'ServiceAccount' && kind === 'ClusterRoleBinding' && (s.namespace === undefined || s.namespace === '')) {
        this.fail(`subjects[${i}].namespace`, 'is missing; a ServiceAccount subject of a ClusterRoleBinding must name its namespace');
      }
      if ((s.kind === 'User' || s.kind === 'Group') && s.apiGroup !== undefined && !isToken(s.apiGroup) && s.apiGroup !== 'rbac.authorization.k8s.io') {
        this.fail(`subjects[${i}].apiGroup`, `is ${quote(s.apiGroup)}; ${s.kind} subjects belong to 'rbac.authorization.k8s.io'`);
      }
      if (typeof s.name === 'string' && s.name === '') this.fail(`subjects[${i}].name`, 'is empty');
    });
  }

  private checkStorageClass(): void {
    if (this.o.provisioner !== 'efs.csi.aws.com') return;
    const p = this.o.parameters;
    if (p === null || typeof p !== 'object' || isToken(p) || p.fileSystemId === undefined) return;
    for (const problem of StorageClasses.efsProblems({ fileSystemId: p.fileSystemId, directoryPerms: p.directoryPerms })) {
      const field = problem.startsWith("'fileSystemId'") ? 'parameters.fileSystemId' : 'parameters.directoryPerms';
      this.fail(field, problem.replace(/^'\w+' /, ''));
    }
  }

  private checkCrd(): void {
    const spec = this.o.spec;
    const name = this.o.metadata?.name;
    const plural = spec?.names?.plural;
    const group = spec?.group;
    if ([name, plural, group].some((v) => typeof v !== 'string' || isToken(v))) return;
    if (name !== `${plural}.${group}`) {
      this.fail('metadata.name', `is ${quote(name)}; a CustomResourceDefinition must be named '<spec.names.plural>.<spec.group>', here '${plural}.${group}'`);
    }
  }
}

/**
 * Why a label selector does not select the given labels, or undefined when it does (or when
 * tokens make it unknowable).
 */
export function selectorMismatch(selector: any, labels: Record<string, unknown>): string | undefined {
  if (selector === null || typeof selector !== 'object') return undefined;
  const matchLabels = selector.matchLabels;
  if (matchLabels && typeof matchLabels === 'object' && !isToken(matchLabels)) {
    for (const [key, value] of Object.entries(matchLabels)) {
      if (isToken(value) || isToken(labels[key])) continue;
      if (labels[key] !== value) return `matchLabels requires ${key}=${String(value)}`;
    }
  }
  const expressions = selector.matchExpressions;
  if (Array.isArray(expressions)) {
    for (const e of expressions) {
      if (e === null || typeof e !== 'object' || isToken(e) || typeof e.key !== 'string' || isToken(e.key)) continue;
      const has = Object.prototype.hasOwnProperty.call(labels, e.key);
      const value = labels[e.key];
      if (isToken(value) || (Array.isArray(e.values) && e.values.some(isToken)) || isToken(e.values)) continue;
      const values: unknown[] = Array.isArray(e.values) ? e.values : [];
      switch (e.operator) {
        case 'In': if (!has || !values.includes(value)) return `matchExpressions require ${e.key} in (${values.join(', ')})`; break;
        case 'NotIn': if (has && values.includes(value)) return `matchExpressions require ${e.key} not in (${values.join(', ')})`; break;
        case 'Exists': if (!has) return `matchExpressions require the label ${e.key}`; break;
        case 'DoesNotExist': if (has) return `matchExpressions require no label ${e.key}`; break;
      }
    }
  }
  return undefined;
}
