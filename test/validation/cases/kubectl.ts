import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Duration, Lazy, SecretValue } from 'aws-cdk-lib';
import * as kit from '../../../lib';
import { Case, Kit } from '../harness';

type Build = (t: Kit) => void;
const bad = (construct: string, prop: string, name: string, build: Build, extra: Partial<Case> = {}): Case =>
  ({ construct, prop, expect: 'error', name: `${construct}.${prop}: ${name}`, build, ...extra });
const good = (construct: string, prop: string, name: string, build: Build, extra: Partial<Case> = {}): Case =>
  ({ construct, prop, expect: 'ok', name: `${construct}.${prop}: ${name}`, build, ...extra });
const warn = (construct: string, prop: string, warning: string, name: string, build: Build, extra: Partial<Case> = {}): Case =>
  ({ construct, prop, expect: 'warn', warning, name: `${construct}.${prop}: ${name}`, build, tags: ['danger'], ...extra });

const K = 'KubernetesManifest';
const H = 'HelmChart';
const apply = (t: Kit, ...objects: any[]) => t.imported().addManifest('M', ...objects);
const ns = (name: any) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const cm = (name: any, extra: any = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'apps', ...extra.metadata }, data: extra.data ?? { k: 'v' } });
const deployment = (o: { name?: any; selector?: any; labels?: any; containers?: any; replicas?: any } = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: o.name ?? 'web', namespace: 'apps' },
  spec: {
    replicas: o.replicas ?? 2,
    selector: o.selector ?? { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: o.labels ?? { app: 'web' } },
      spec: { containers: o.containers ?? [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27', ports: [{ containerPort: 80 }] }] },
    },
  },
});
const service = (name: any, spec: any = {}) => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'apps' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
});
const helm = (t: Kit, props: Partial<kit.HelmChartOptions> = {}, id = 'Chart', cluster?: kit.ICluster) =>
  new kit.HelmChart(t.stack, id, {
    cluster: cluster ?? t.imported(),
    source: kit.HelmChartSource.fromRepository('https://charts.example.com', 'web'),
    version: '1.2.3',
    ...props,
  });
const patch = (t: Kit, props: Partial<kit.KubernetesPatchProps> = {}) =>
  new kit.KubernetesPatch(t.stack, 'Patch', {
    cluster: t.imported(), resourceName: 'deployment/coredns', resourceNamespace: 'kube-system',
    applyPatch: { spec: { replicas: 3 } }, restorePatch: { spec: { replicas: 2 } }, ...props,
  });
const value = (t: Kit, props: Partial<kit.KubernetesObjectValueProps> = {}) =>
  new kit.KubernetesObjectValue(t.stack, 'Value', {
    cluster: t.imported(), objectType: 'service', objectName: 'web', objectNamespace: 'apps',
    jsonPath: '.status.loadBalancer.ingress[0].hostname', ...props,
  });
function yamlFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kit-yaml-'));
  const file = join(dir, 'app.yaml');
  writeFileSync(file, text);
  return file;
}

export const kubectlCases: Case[] = [
  // ---- manifest shape ----
  bad(K, 'manifest', 'object without apiVersion', (t) => apply(t, { kind: 'ConfigMap', metadata: { name: 'a' } }), { code: 'ManifestObjects' }),
  bad(K, 'manifest', 'object without kind', (t) => apply(t, { apiVersion: 'v1', metadata: { name: 'a' } }), { code: 'ManifestObjects' }),
  bad(K, 'manifest', 'object without metadata.name', (t) => apply(t, { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }), { code: 'ManifestObjects' }),
  bad(K, 'manifest', 'metadata.name a number', (t) => apply(t, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 5 } })),
  bad(K, 'manifest', 'metadata a string', (t) => apply(t, { apiVersion: 'v1', kind: 'ConfigMap', metadata: 'a' })),
  bad(K, 'manifest', 'a null object', (t) => apply(t, null)),
  bad(K, 'manifest', 'a YAML string instead of objects (JS)', (t) => apply(t, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n'), { tags: ['js'] }),
  bad(K, 'manifest', 'one object instead of a list (JS)', (t) => new kit.KubernetesManifest(t.stack, 'M', { cluster: t.imported(), manifest: t.js(ns('a')) }), { tags: ['js'] }),
  good(K, 'manifest', 'an empty list (the handler applies nothing)', (t) => new kit.KubernetesManifest(t.stack, 'M', { cluster: t.imported(), manifest: [] }), { tags: ['edge'] }),
  bad(K, 'manifest', 'generateName without name', (t) => apply(t, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'a-' } }), { code: 'ManifestObjects' }),
  good(K, 'manifest', 'a custom resource with any fields', (t) => apply(t, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'apps' }, spec: { anything: [1, { x: true }] } }), { tags: ['k8s'] }),
  good(K, 'manifest', 'an object that is a token', (t) => apply(t, Lazy.any({ produce: () => ns('a') })), { tags: ['token'] }),
  good(K, 'manifest', 'a Lazy name', (t) => apply(t, ns(t.lazyString('a'))), { tags: ['token'] }),
  good(K, 'overwrite', 'true', (t) => new kit.KubernetesManifest(t.stack, 'M', { cluster: t.imported(), manifest: [ns('a')], overwrite: true })),
  bad(K, 'overwrite', "string 'yes' (JS)", (t) => new kit.KubernetesManifest(t.stack, 'M', { cluster: t.imported(), manifest: [ns('a')], overwrite: t.js('yes') }), { tags: ['js'] }),
  bad(K, 'cluster', 'missing (JS)', (t) => new kit.KubernetesManifest(t.stack, 'M', { cluster: t.js(undefined), manifest: [ns('a')] }), { tags: ['js'] }),
  bad(K, 'cluster', 'a cluster name string (JS)', (t) => new kit.KubernetesManifest(t.stack, 'M', { cluster: t.js('prod'), manifest: [ns('a')] }), { tags: ['js'] }),

  // ---- object names ----
  bad(K, 'metadata.name', 'uppercase ConfigMap name', (t) => apply(t, cm('Web')), { tags: ['k8s'] }),
  bad(K, 'metadata.name', 'underscore', (t) => apply(t, cm('web_config')), { tags: ['k8s'] }),
  bad(K, 'metadata.name', '254-character name', (t) => apply(t, cm('a'.repeat(254))), { tags: ['k8s'] }),
  good(K, 'metadata.name', '253-character dotted name', (t) => apply(t, cm(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`)), { tags: ['k8s', 'edge'] }),
  bad(K, 'metadata.name', 'Namespace name with a dot (DNS-1123 label)', (t) => apply(t, ns('team.a')), { tags: ['k8s'] }),
  bad(K, 'metadata.name', 'Namespace name of 64 characters', (t) => apply(t, ns('n'.repeat(64))), { tags: ['k8s'] }),
  bad(K, 'metadata.name', 'Service name starting with a digit (DNS-1035)', (t) => apply(t, service('1web')), { tags: ['k8s'] }),
  bad(K, 'metadata.name', 'Service name with a dot (DNS-1035)', (t) => apply(t, service('web.v1')), { tags: ['k8s'] }),
  good(K, 'metadata.name', 'Service name of 63 characters', (t) => apply(t, service(`w${'e'.repeat(62)}`)), { tags: ['k8s', 'edge'] }),
  good(K, 'metadata.name', "ClusterRole name with ':' (RBAC names are path segments)", (t) => apply(t, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:aggregate-to-edit:widgets' }, rules: [] }), { tags: ['k8s', 'edge'] }),
  bad(K, 'metadata.name', "Role name with '/'", (t) => apply(t, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'a/b', namespace: 'apps' }, rules: [] }), { tags: ['k8s'] }),
  bad(K, 'metadata.namespace', 'uppercase namespace', (t) => apply(t, { ...cm('a'), metadata: { name: 'a', namespace: 'Apps' } }), { tags: ['k8s'] }),
  good(K, 'metadata.name', 'CRD object with an uppercase name (custom kinds are not judged)', (t) => apply(t, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'Anything_Goes' } }), { tags: ['k8s'] }),
  bad(K, 'metadata.name', 'CustomResourceDefinition name not <plural>.<group>', (t) => apply(t, { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets' },
    spec: { group: 'example.com', names: { plural: 'widgets', kind: 'Widget' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] } }), { tags: ['k8s'] }),

  // ---- labels, annotations ----
  bad(K, 'metadata.labels', 'key with a space', (t) => apply(t, cm('a', { metadata: { labels: { 'my key': 'v' } } })), { tags: ['k8s'] }),
  bad(K, 'metadata.labels', '64-character value', (t) => apply(t, cm('a', { metadata: { labels: { team: 'v'.repeat(64) } } })), { tags: ['k8s'] }),
  bad(K, 'metadata.labels', 'boolean value', (t) => apply(t, cm('a', { metadata: { labels: { enabled: true } } })), { tags: ['k8s'] }),
  bad(K, 'metadata.labels', 'number value', (t) => apply(t, cm('a', { metadata: { labels: { tier: 1 } } })), { tags: ['k8s'] }),
  good(K, 'metadata.labels', 'token value', (t) => apply(t, cm('a', { metadata: { labels: { team: t.paramString() } } })), { tags: ['k8s', 'token'] }),
  good(K, 'metadata.labels', 'empty value and a prefixed key', (t) => apply(t, cm('a', { metadata: { labels: { 'app.kubernetes.io/part-of': '' } } })), { tags: ['k8s', 'edge'] }),
  bad(K, 'metadata.annotations', 'key with two slashes', (t) => apply(t, cm('a', { metadata: { annotations: { 'a/b/c': 'v' } } })), { tags: ['k8s'] }),
  bad(K, 'metadata.annotations', 'number value', (t) => apply(t, cm('a', { metadata: { annotations: { replicas: 3 } } })), { tags: ['k8s'] }),
  good(K, 'metadata.annotations', 'long value with spaces', (t) => apply(t, cm('a', { metadata: { annotations: { note: 'any text at all '.repeat(100) } } })), { tags: ['k8s', 'edge'] }),

  // ---- workloads ----
  bad(K, 'spec.selector', 'Deployment selector does not match the template labels', (t) => apply(t, deployment({ labels: { app: 'api' } })), { tags: ['k8s'] }),
  bad(K, 'spec.selector', 'Deployment without selector', (t) => apply(t, { ...deployment(), spec: { ...deployment().spec, selector: undefined } }), { tags: ['k8s'] }),
  bad(K, 'spec.selector', 'matchExpressions In excludes the template labels', (t) => apply(t, deployment({ selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }] } })), { tags: ['k8s'] }),
  good(K, 'spec.selector', 'matchExpressions Exists matches', (t) => apply(t, deployment({ selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } })), { tags: ['k8s'] }),
  good(K, 'spec.selector', 'template has more labels than the selector', (t) => apply(t, deployment({ labels: { app: 'web', tier: 'front' } })), { tags: ['k8s', 'edge'] }),
  good(K, 'spec.selector', 'token label value on both sides', (t) => { const v = t.paramString(); apply(t, deployment({ selector: { matchLabels: { app: v } }, labels: { app: v } })); }, { tags: ['k8s', 'token'] }),
  bad(K, 'spec.template.spec.containers', 'Deployment without containers', (t) => apply(t, deployment({ containers: [] })), { tags: ['k8s'] }),
  bad(K, 'spec.template.spec.containers', 'container without a name', (t) => apply(t, deployment({ containers: [{ image: 'nginx' }] })), { tags: ['k8s'] }),
  bad(K, 'spec.template.spec.containers', 'container name uppercase', (t) => apply(t, deployment({ containers: [{ name: 'Web', image: 'nginx' }] })), { tags: ['k8s'] }),
  bad(K, 'containerPort', "containerPort 'eighty'", (t) => apply(t, deployment({ containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 'eighty' }] }] })), { tags: ['k8s'] }),
  bad(K, 'containerPort', 'containerPort 70000', (t) => apply(t, deployment({ containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 70000 }] }] })), { tags: ['k8s'] }),
  good(K, 'containerPort', 'Lazy number port', (t) => apply(t, deployment({ containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: t.lazyNumber(80) }] }] })), { tags: ['k8s', 'token'] }),
  bad(K, 'replicas', "replicas '2' string", (t) => apply(t, deployment({ replicas: '2' })), { tags: ['k8s'] }),
  bad(K, 'spec.type', "Service type 'Loadbalancer' (typo)", (t) => apply(t, service('web', { type: 'Loadbalancer' })), { tags: ['k8s'] }),
  bad(K, 'port', 'Service port 0', (t) => apply(t, service('web', { ports: [{ port: 0 }] })), { tags: ['k8s'] }),
  good(K, 'targetPort', 'named targetPort', (t) => apply(t, service('web', { ports: [{ port: 80, targetPort: 'http' }] })), { tags: ['k8s'] }),
  bad(K, 'subjects', 'ClusterRoleBinding ServiceAccount subject without namespace', (t) => apply(t, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] }), { tags: ['k8s'] }),
  good(K, 'subjects', "RoleBinding ServiceAccount subject without namespace (the binding's namespace)", (t) => apply(t, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'apps' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] }), { tags: ['k8s', 'edge'] }),
  good(K, 'rules', 'ClusterRole rule with nonResourceURLs and no resources', (t) => apply(t, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'health' },
    rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }), { tags: ['k8s', 'edge'] }),
  good(K, 'spec.ports', 'Service with two named ports and a named targetPort', (t) => apply(t, service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'https', port: 443, targetPort: 8443 }] })), { tags: ['k8s'] }),
  bad(K, 'spec.ports[1].name', 'Service with two ports, one unnamed', (t) => apply(t, service('web', { ports: [{ name: 'http', port: 80 }, { port: 443 }] })), { tags: ['k8s'] }),
  bad(K, 'metadata.name', 'CronJob name of 53 characters', (t) => apply(t, { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c'.repeat(53), namespace: 'apps' },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } } }), { tags: ['k8s'] }),
  bad(K, 'name', 'two containers with one name', (t) => apply(t, deployment({ containers: [{ name: 'web', image: 'a' }, { name: 'web', image: 'b' }] })), { tags: ['k8s'] }),
  bad(K, 'roleRef', 'RoleBinding without roleRef', (t) => apply(t, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'apps' }, subjects: [] }), { tags: ['k8s'] }),
  bad(K, 'data', 'ConfigMap data key with a slash', (t) => apply(t, cm('a', { data: { 'a/b': 'v' } })), { tags: ['k8s'] }),
  bad(K, 'data', 'ConfigMap data value a number', (t) => apply(t, cm('a', { data: { replicas: 3 } })), { tags: ['k8s'] }),
  bad(K, 'data', 'Secret data not base64', (t) => apply(t, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'apps' }, data: { password: 'not base64!' } }), { tags: ['k8s'] }),
  good(K, 'data', 'Secret stringData from Secrets Manager', (t) => apply(t, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'apps' }, stringData: { password: SecretValue.secretsManager('db').unsafeUnwrap() } }), { tags: ['k8s', 'token'] }),
  warn(K, 'manifest', 'secretInManifest', 'Secret with literal data', (t) => apply(t, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'apps' }, stringData: { password: 'hunter2' } })),
  warn(K, 'metadata.namespace', 'clusterScopedNamespace', 'cluster-scoped ClusterRole with a namespace', (t) => apply(t, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', namespace: 'apps' }, rules: [] }), { tags: ['k8s', 'danger'] }),
  bad(K, 'manifest', 'RbacObjects.role with a rule without verbs', (t) => apply(t, kit.RbacObjects.role({ name: 'r', namespace: 'apps', rules: [{ apiGroups: [''], resources: ['pods'], verbs: [] }] })), { tags: ['k8s'] }),
  warn(K, 'subjects', 'bindingWithoutSubjects', 'RbacObjects.roleBinding without subjects (grants nothing)', (t) => apply(t, kit.RbacObjects.roleBinding({ name: 'b', namespace: 'apps', roleName: 'r', subjects: [] })), { tags: ['k8s', 'danger'] }),
  bad(K, 'fileSystemId', 'StorageClasses.efs with a bad file system id', (t) => apply(t, kit.StorageClasses.efs({ fileSystemId: 'fs-XYZ' })), { tags: ['k8s'] }),
  bad(K, 'directoryPerms', "StorageClasses.efs with directoryPerms '999'", (t) => apply(t, kit.StorageClasses.efs({ fileSystemId: 'fs-0123456789abcdef0', directoryPerms: '999' })), { tags: ['k8s'] }),
  bad(K, 'metadata.name', 'StorageClasses.ebsGp3 with an uppercase name', (t) => apply(t, kit.StorageClasses.ebsGp3({ name: 'GP3' })), { tags: ['k8s'] }),
  good(K, 'manifest', 'StorageClasses.efs with a token id', (t) => apply(t, kit.StorageClasses.efs({ fileSystemId: t.importValue('Fs') })), { tags: ['k8s', 'token'] }),

  // ---- duplicates ----
  bad(K, 'manifest', 'the same object twice in one manifest', (t) => apply(t, ns('a'), ns('a')), { tags: ['dup'] }),
  bad(K, 'manifest', 'the same object in two manifests', (t) => { t.imported().addManifest('A', cm('a')); t.imported().addManifest('B', cm('a')); }, { tags: ['dup'] }),
  bad(K, 'manifest', 'the same Namespace in two manifests of one cluster imported twice', (t) => {
    t.imported().addManifest('A', ns('a')); t.imported({}, 'Again').addManifest('B', ns('a'));
  }, { tags: ['dup'] }),
  bad(K, 'manifest', 'a ServiceAccount applied by ServiceAccount and again by a manifest', (t) => {
    new kit.ServiceAccount(t.stack, 'Sa', { cluster: t.imported(), name: 'app', namespace: 'apps' });
    t.imported().addManifest('B', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'apps' } });
  }, { tags: ['dup'] }),
  good(K, 'manifest', 'one name in two namespaces', (t) => { t.imported().addManifest('A', cm('a')); t.imported().addManifest('B', { ...cm('a'), metadata: { name: 'a', namespace: 'other' } }); }, { tags: ['dup'] }),
  good(K, 'manifest', 'one name, two kinds', (t) => { t.imported().addManifest('A', cm('a')); t.imported().addManifest('B', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a', namespace: 'apps' } }); }, { tags: ['dup'] }),
  good(K, 'manifest', 'one object on two clusters', (t) => { t.imported().addManifest('A', ns('a')); t.imported({ clusterName: 'other' }, 'Other').addManifest('B', ns('a')); }, { tags: ['dup'] }),

  // ---- YAML ----
  bad('KubernetesObjects', 'path', 'invalid YAML in the second document names the file and document', (t) => apply(t, ...kit.KubernetesObjects.fromYamlFile(yamlFile('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: [unclosed\n'))),
    { prop: 'document 2', code: 'ManifestYaml', tags: ['scopeless'] }),
  bad('KubernetesObjects', 'path', 'a YAML document that is a list', (t) => apply(t, ...kit.KubernetesObjects.fromYamlFile(yamlFile('- a\n- b\n'))), { prop: 'document 1', code: 'ManifestYaml', tags: ['scopeless'] }),
  bad('KubernetesObjects', 'path', 'a file that does not exist', (t) => apply(t, ...kit.KubernetesObjects.fromYamlFile('/nonexistent/app.yaml')), { prop: '/nonexistent/app.yaml', tags: ['scopeless'] }),

  // ---- Helm ----
  bad(H, 'release', 'uppercase', (t) => helm(t, { release: 'Web' }), { code: 'HelmReleaseName' }),
  bad(H, 'release', '54 characters', (t) => helm(t, { release: 'r'.repeat(54) }), { code: 'HelmReleaseName' }),
  good(H, 'release', '53 characters', (t) => helm(t, { release: 'r'.repeat(53) }), { tags: ['edge'] }),
  good(H, 'release', 'CfnParameter', (t) => helm(t, { release: t.paramString() }), { tags: ['token'] }),
  bad(H, 'version', "''", (t) => helm(t, { version: '' })),
  bad(H, 'version', "'latest'", (t) => helm(t, { version: 'latest' })),
  bad(H, 'version', 'number 1.2 (JS)', (t) => helm(t, { version: t.js(1.2) }), { tags: ['js'] }),
  good(H, 'version', "range '~1.2.0'", (t) => helm(t, { version: '~1.2.0' }), { tags: ['edge'] }),
  good(H, 'version', "'v1.2.3'", (t) => helm(t, { version: 'v1.2.3' }), { tags: ['edge'] }),
  good(H, 'version', 'token', (t) => helm(t, { version: t.paramString() }), { tags: ['token'] }),
  bad(H, 'chart', 'empty chart name', (t) => helm(t, { source: kit.HelmChartSource.fromRepository('https://charts.example.com', '') })),
  bad(H, 'chart', 'chart name with a slash', (t) => helm(t, { source: kit.HelmChartSource.fromRepository('https://charts.example.com', 'repo/web') })),
  bad(H, 'repository URL', 'ftp:// URL', (t) => helm(t, { source: kit.HelmChartSource.fromRepository('ftp://charts.example.com', 'web') }), { code: 'HelmRepository' }),
  bad(H, 'repository URL', 'empty', (t) => helm(t, { source: kit.HelmChartSource.fromRepository('', 'web') }), { code: 'HelmRepository' }),
  bad(H, 'reference', "bare 'oci://'", (t) => helm(t, { source: kit.HelmChartSource.fromOci('oci://') })),
  bad(H, 'reference', "'oci://registry' with no repository", (t) => helm(t, { source: kit.HelmChartSource.fromOci('oci://public.ecr.aws') })),
  bad(H, 'reference', 'no oci:// scheme', (t) => helm(t, { source: kit.HelmChartSource.fromOci('public.ecr.aws/karpenter/karpenter') }), { code: 'HelmOciReference' }),
  good(H, 'reference', 'OCI reference from a parameter', (t) => helm(t, { source: kit.HelmChartSource.fromOci(t.paramString()) }), { tags: ['token'] }),
  bad(H, 'source', 'a URL string (JS)', (t) => helm(t, { source: t.js('https://charts.example.com/web') }), { tags: ['js'] }),
  bad(H, 'source', 'missing (JS)', (t) => helm(t, { source: t.js(undefined) }), { tags: ['js'] }),
  bad(H, 'directory', 'fromAsset without Chart.yaml', (t) => helm(t, { source: kit.HelmChartSource.fromAsset(mkdtempSync(join(tmpdir(), 'chart-'))) }), { code: 'HelmChartAsset' }),
  bad(H, 'timeout', '0 seconds', (t) => helm(t, { timeout: Duration.seconds(0) })),
  good(H, 'timeout', '13 minutes (readiness checks wait beyond one handler run)', (t) => helm(t, { timeout: Duration.minutes(13) })),
  bad(H, 'timeout', '13 minutes without waiting', (t) => helm(t, { timeout: Duration.minutes(13), wait: false }), { code: 'HelmTimeout' }),
  bad(H, 'timeout', '3 hours', (t) => helm(t, { timeout: Duration.hours(3) }), { code: 'HelmTimeout' }),
  bad(H, 'timeout', 'number 300 (JS)', (t) => helm(t, { timeout: t.js(300) }), { tags: ['js'] }),
  good(H, 'timeout', '1 second', (t) => helm(t, { timeout: Duration.seconds(1) }), { tags: ['edge'] }),
  bad(H, 'namespace', 'uppercase', (t) => helm(t, { namespace: 'Apps' })),
  good(H, 'namespace', 'token', (t) => helm(t, { namespace: t.paramString() }), { tags: ['token'] }),
  bad(H, 'values', 'a YAML string (JS)', (t) => helm(t, { values: t.js('replicaCount: 2') }), { tags: ['js'] }),
  bad(H, 'values', 'a list (JS)', (t) => helm(t, { values: t.js([1, 2]) }), { tags: ['js'] }),
  warn(H, 'values', 'credentialInHelmValues', 'a literal password', (t) => helm(t, { values: { auth: { password: 'hunter2' } } })),
  warn(H, 'values', 'credentialInHelmValues', 'a literal AWS secret access key', (t) => helm(t, { values: { aws: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } } })),
  good(H, 'values', 'a password from Secrets Manager', (t) => helm(t, { values: { auth: { password: SecretValue.secretsManager('db').unsafeUnwrap() } } }), { tags: ['token'] }),
  good(H, 'values', "a key named 'passwordSecretName' (a reference, not a credential)", (t) => helm(t, { values: { auth: { existingSecret: 'db', passwordKey: 'password' } } })),
  bad(H, 'createNamespace', "string 'false' (JS)", (t) => helm(t, { createNamespace: t.js('false') }), { tags: ['js'] }),
  bad(H, 'wait', "string 'true' (JS)", (t) => helm(t, { wait: t.js('true') }), { tags: ['js'] }),
  bad(H, 'release', 'two releases with one name in one namespace', (t) => { helm(t, { release: 'web' }, 'A'); helm(t, { release: 'web' }, 'B'); }, { tags: ['dup'] }),
  bad(H, 'release', 'two releases with one default name (ids Web and web)', (t) => { helm(t, {}, 'Web'); helm(t, {}, 'web'); }, { tags: ['dup'] }),
  good(H, 'release', 'one name in two namespaces', (t) => { helm(t, { release: 'web', namespace: 'a' }, 'A'); helm(t, { release: 'web', namespace: 'b' }, 'B'); }, { tags: ['dup'] }),
  good(H, 'release', 'one name on two clusters', (t) => { helm(t, { release: 'web' }, 'A'); helm(t, { release: 'web' }, 'B', t.imported({ clusterName: 'other' }, 'Other')); }, { tags: ['dup'] }),

  // ---- KubernetesPatch ----
  bad('KubernetesPatch', 'resourceName', 'no type/ prefix', (t) => patch(t, { resourceName: 'coredns' })),
  bad('KubernetesPatch', 'resourceName', 'empty', (t) => patch(t, { resourceName: '' })),
  bad('KubernetesPatch', 'resourceName', 'uppercase name', (t) => patch(t, { resourceName: 'deployment/CoreDNS' })),
  good('KubernetesPatch', 'resourceName', 'group-qualified type', (t) => patch(t, { resourceName: 'deployments.apps/coredns' }), { tags: ['edge'] }),
  good('KubernetesPatch', 'resourceName', 'token', (t) => patch(t, { resourceName: t.paramString() }), { tags: ['token'] }),
  bad('KubernetesPatch', 'resourceNamespace', 'uppercase', (t) => patch(t, { resourceNamespace: 'Kube-System' })),
  bad('KubernetesPatch', 'applyPatch', 'JSON patch given as an object', (t) => patch(t, { patchType: kit.PatchType.JSON })),
  bad('KubernetesPatch', 'applyPatch', 'JSON patch with an unknown op', (t) => patch(t, { patchType: kit.PatchType.JSON, applyPatch: [{ op: 'set', path: '/spec/replicas', value: 3 }], restorePatch: [] })),
  bad('KubernetesPatch', 'applyPatch', 'JSON patch op without path', (t) => patch(t, { patchType: kit.PatchType.JSON, applyPatch: [{ op: 'replace', value: 3 }], restorePatch: [] })),
  bad('KubernetesPatch', 'applyPatch', "JSON patch path without leading '/'", (t) => patch(t, { patchType: kit.PatchType.JSON, applyPatch: [{ op: 'replace', path: 'spec/replicas', value: 3 }], restorePatch: [] })),
  bad('KubernetesPatch', 'applyPatch', "JSON patch 'add' without value", (t) => patch(t, { patchType: kit.PatchType.JSON, applyPatch: [{ op: 'add', path: '/spec/x' }], restorePatch: [] })),
  bad('KubernetesPatch', 'restorePatch', 'JSON patch restorePatch an object', (t) => patch(t, { patchType: kit.PatchType.JSON, applyPatch: [{ op: 'replace', path: '/spec/replicas', value: 3 }], restorePatch: { spec: {} } })),
  bad('KubernetesPatch', 'applyPatch', 'merge patch given as a list', (t) => patch(t, { patchType: kit.PatchType.MERGE, applyPatch: [{ op: 'replace' }] })),
  bad('KubernetesPatch', 'applyPatch', 'missing (JS)', (t) => patch(t, { applyPatch: t.js(undefined) }), { tags: ['js'] }),
  bad('KubernetesPatch', 'applyPatch', 'a string (JS)', (t) => patch(t, { applyPatch: t.js('{"spec":{}}') }), { tags: ['js'] }),
  bad('KubernetesPatch', 'patchType', "'JSON' uppercase (JS)", (t) => patch(t, { patchType: t.js('JSON') }), { tags: ['js'] }),
  good('KubernetesPatch', 'patchType', "'merge' string equals the enum (JS)", (t) => patch(t, { patchType: t.js('merge') }), { tags: ['js'] }),
  good('KubernetesPatch', 'applyPatch', 'JSON patch with test/remove/move ops', (t) => patch(t, { patchType: kit.PatchType.JSON,
    applyPatch: [{ op: 'test', path: '/a', value: 1 }, { op: 'remove', path: '/b' }, { op: 'move', from: '/c', path: '/d' }], restorePatch: [] })),
  good('KubernetesPatch', 'applyPatch', 'token value inside a patch', (t) => patch(t, { applyPatch: { spec: { replicas: t.paramNumber() } } }), { tags: ['token'] }),

  // ---- KubernetesObjectValue ----
  bad('KubernetesObjectValue', 'jsonPath', 'empty', (t) => value(t, { jsonPath: '' })),
  bad('KubernetesObjectValue', 'jsonPath', 'unbalanced bracket', (t) => value(t, { jsonPath: '.status.loadBalancer.ingress[0.hostname' })),
  bad('KubernetesObjectValue', 'jsonPath', 'unbalanced brace', (t) => value(t, { jsonPath: '{.status.loadBalancer' })),
  good('KubernetesObjectValue', 'jsonPath', 'braces given', (t) => value(t, { jsonPath: '{.status.loadBalancer.ingress[0].hostname}' })),
  good('KubernetesObjectValue', 'jsonPath', 'filter expression', (t) => value(t, { jsonPath: '.status.conditions[?(@.type=="Ready")].status' }), { tags: ['edge'] }),
  bad('KubernetesObjectValue', 'objectType', 'empty', (t) => value(t, { objectType: '' })),
  bad('KubernetesObjectValue', 'objectType', "'Service/web' (a name in the type)", (t) => value(t, { objectType: 'service/web' })),
  bad('KubernetesObjectValue', 'objectName', 'uppercase', (t) => value(t, { objectName: 'Web' })),
  bad('KubernetesObjectValue', 'objectNamespace', 'uppercase', (t) => value(t, { objectNamespace: 'Apps' })),
  bad('KubernetesObjectValue', 'timeout', '0 seconds', (t) => value(t, { timeout: Duration.seconds(0) })),
  bad('KubernetesObjectValue', 'timeout', '13 minutes', (t) => value(t, { timeout: Duration.minutes(13) }), { code: 'ObjectValueTimeout' }),
  good('KubernetesObjectValue', 'objectName', 'token', (t) => value(t, { objectName: t.paramString() }), { tags: ['token'] }),

  // ---- cdk8s ----
  bad('Cluster.addCdk8sChart', 'chart', 'a plain construct', (t) => t.imported().addCdk8sChart('C', new (require('constructs').Construct)(t.stack, 'NotAChart')), { code: 'Cdk8sChart' }),
];
