import { Annotations, Duration, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClusterState } from '../cluster/cluster-state';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import type { HelmChartSource } from './helm-chart';

/**
 * Helm rules no schema states, checked at synth (tokens are not judged):
 * - `version`: not empty and not `latest` (Helm takes a SemVer version or range, e.g. `1.2.3`
 *   or `~1.2.0`; `latest` is not one — leave `version` unset for the newest);
 * - the chart: a repository chart is a name (no `/`, not empty); an OCI reference is
 *   `oci://<registry>/<repository...>`, not a bare scheme or registry;
 * - `timeout`: at least one second;
 * - `namespace`: a DNS-1123 label;
 * - literal credentials in `values` warn: they are stored in plain text in the template.
 *
 * @see https://helm.sh/docs/helm/helm_install/ and https://helm.sh/docs/topics/registries/
 * Not part of the public API.
 */
export function helmChartProblems(props: {
  readonly source: HelmChartSource;
  readonly version?: string;
  readonly namespace?: string;
  readonly timeout: Duration;
}): Array<{ code: string; message: string }> {
  const problems: Array<{ code: string; message: string }> = [];
  const { version, source, namespace } = props;
  if (version !== undefined && !Token.isUnresolved(version)) {
    if (version.trim() === '') problems.push({ code: 'HelmVersion', message: "'version' is empty; pin a chart version such as '1.2.3', or leave it unset for the newest" });
    else if (/^latest$/i.test(version.trim())) {
      problems.push({ code: 'HelmVersion', message: "'version' is 'latest', which Helm does not accept; pin a chart version such as '1.2.3', or leave it unset for the newest (not reproducible)" });
    }
  }
  const chart = source._chart;
  if (source._kind === 'repository' && !Token.isUnresolved(chart)) {
    if (chart === '') problems.push({ code: 'HelmChartName', message: "the chart name is empty; HelmChartSource.fromRepository(url, chart) needs the chart's name in the repository" });
    else if (chart.includes('/')) {
      problems.push({ code: 'HelmChartName', message: `the chart name is '${chart}'; with a repository URL the chart is named alone (e.g. '${chart.split('/').pop()}'), without a '<repo>/' prefix` });
    }
  }
  if (source._kind === 'oci' && !Token.isUnresolved(chart) && chart.startsWith('oci://')) {
    const rest = chart.slice('oci://'.length);
    const [registry, ...path] = rest.split('/');
    if (registry === '' || path.length === 0 || path.some((p) => p === '')) {
      problems.push({ code: 'HelmOciReference', message: `the OCI reference is '${chart}'; it must name a registry and a repository: oci://<registry>/<repository>/<chart>, e.g. oci://public.ecr.aws/karpenter/karpenter` });
    }
  }
  if (!Token.isUnresolved(props.timeout.toSeconds()) && props.timeout.toSeconds() < 1) {
    problems.push({ code: 'HelmTimeout', message: `'timeout' is ${props.timeout.toSeconds()} seconds; Helm needs at least 1 second (the default is 5 minutes)` });
  }
  if (namespace !== undefined && !Token.isUnresolved(namespace) && (namespace.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace))) {
    problems.push({ code: 'HelmNamespace', message: `'namespace' is '${namespace}'; a namespace name is 1–63 lowercase letters, digits and '-', starting and ending with a letter or digit` });
  }
  return problems;
}

/** Throws the first Helm problem, warns about literal credentials in the values, and registers the release. */
export function validateHelmChart(scope: Construct, cluster: ICluster, props: Parameters<typeof helmChartProblems>[0] & {
  readonly release: string;
  readonly values?: { [key: string]: any };
}): void {
  const problem = helmChartProblems(props)[0];
  if (problem) throw new KitValidationError(scope, problem.code, `${problem.message}.`);
  const credentials = credentialPaths(props.values);
  if (credentials.length > 0) {
    Annotations.of(scope).addWarningV2('cdk-eks-kit:credentialInHelmValues',
      `'values' holds what looks like a literal credential at ${credentials.slice(0, 5).map((p) => `'${p}'`).join(', ')}: it is stored in plain text in the `
      + 'CloudFormation template. Pass it with SecretValue.secretsManager(...).unsafeUnwrap() (a {{resolve:secretsmanager:...}} reference resolved '
      + "only into the handler's event), or point the chart at an existing Kubernetes Secret.");
  }
  // One release per name and namespace on an EKS cluster: a second `helm upgrade --install` takes the first one over.
  const namespace = props.namespace ?? 'default';
  const releases = ClusterState.shared(cluster).slot('helm-chart:releases', () => new Map<string, string>());
  const key = `${namespace}/${props.release}`;
  const existing = releases.get(key);
  if (existing) {
    throw new KitValidationError(scope, 'HelmReleaseDuplicate',
      `'release' '${props.release}' in namespace '${namespace}' is already installed on this cluster by ${existing}; `
      + "Helm keeps one release per name and namespace, so the two would overwrite each other. Give one of them another 'release'.");
  }
  releases.set(key, scope.node.path);
}

const CREDENTIAL_KEYS = ['password', 'passwd', 'secretaccesskey', 'accesstoken', 'authtoken', 'apikey', 'apitoken', 'clientsecret', 'privatekey', 'bearertoken'];

/** Paths (`auth.password`) of values whose key names a credential and whose value is a literal string. */
export function credentialPaths(values: unknown, path = ''): string[] {
  if (values === null || typeof values !== 'object' || Token.isUnresolved(values)) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const at = path ? `${path}.${key}` : key;
    if (typeof value === 'string') {
      const normalized = key.toLowerCase().replace(/[-_]/g, '');
      const named = normalized === 'token' || normalized === 'secret' || CREDENTIAL_KEYS.some((k) => normalized.endsWith(k));
      if (named && value !== '' && !Token.isUnresolved(value) && !value.startsWith('{{resolve:')) found.push(at);
    } else if (value !== null && typeof value === 'object') {
      found.push(...credentialPaths(value, at));
    }
  }
  return found;
}
