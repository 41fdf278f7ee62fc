import { execFileSync, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { handler, RESOURCE_TYPES } from '../../../lib/kubectl/handler';
import { renderKubeconfig } from '../../../lib/kubectl/handler/kubeconfig';
import { classifyFailure } from '../../../lib/kubectl/handler/classify';
import { helmFlavor } from '../../../lib/kubectl/handler/tool-args';
import { extractZip } from '../../../lib/kubectl/handler/unzip';
import { layerTools } from './layers';
import { zipDirectory } from './zip-writer';

// The real kubectl and helm of the layers, unpacked with the handler's own unzip.
const TEST_CA = join(__dirname, '..', 'fixtures', 'test-ca.pem');
const CHART = join(__dirname, '..', '..', '..', 'examples', 'charts', 'hello');
const tools: Record<string, { helm: string; kubectl: string }> = {};
let work: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kubectl-layers-'));
  for (const name of ['v29', 'v35']) {
    const t = layerTools(name);
    tools[name] = { helm: t.helm, kubectl: t.kubectl };
  }
  // A kubeconfig as the handler writes it, pointing at a port where nothing listens.
  const kubeconfig = join(work, 'kubeconfig');
  // A real (self-signed) certificate, so kubectl and helm get as far as dialling the endpoint.
  const ca = readFileSync(TEST_CA).toString('base64');
  writeFileSync(kubeconfig, renderKubeconfig({ clusterName: 'c', endpoint: 'https://127.0.0.1:1', certificateAuthorityData: ca, token: 'k8s-aws-v1.x' }));
  env = { ...process.env, KUBECONFIG: kubeconfig, HOME: work, HELM_CACHE_HOME: join(work, 'hc'), HELM_CONFIG_HOME: join(work, 'hcf'), HELM_DATA_HOME: join(work, 'hd') };
}, 120_000);

test('the layers unpack to the kubectl and helm the provider expects at /opt', () => {
  expect(existsSync(tools.v29.helm) && existsSync(tools.v29.kubectl)).toBe(true);
  expect(execFileSync(tools.v29.kubectl, ['version', '--client'], { encoding: 'utf8' })).toMatch(/Client Version: v1\.29\./);
  expect(execFileSync(tools.v29.helm, ['version', '--short'], { encoding: 'utf8', env })).toMatch(/^v3\.17\./);
  expect(execFileSync(tools.v35.kubectl, ['version', '--client'], { encoding: 'utf8' })).toMatch(/Client Version: v1\.35\./);
  expect(execFileSync(tools.v35.helm, ['version', '--short'], { encoding: 'utf8', env })).toMatch(/^v4\./);
});

test('the example local chart, zipped and unzipped as the handler does, renders with the real helm', () => {
  // GIVEN the chart zipped like a directory asset, then unpacked by the handler's extractor
  extractZip(zipDirectory(CHART), join(work, 'chart'));
  const values = join(work, 'values.json');
  writeFileSync(values, JSON.stringify({ message: 'deployed by cdk-eks-kit' }));
  for (const layer of ['v29', 'v35']) {
    // WHEN helm renders it with values as the handler passes them (a JSON values file)
    const rendered = execFileSync(tools[layer].helm, ['template', 'hello', join(work, 'chart'), '--namespace', 'demo', '--values', values], { encoding: 'utf8', env });
    // THEN
    expect(rendered).toContain('name: hello-message');
    expect(rendered).toContain('message: "deployed by cdk-eks-kit"');
  }
  expect(execFileSync(tools.v29.helm, ['lint', join(work, 'chart')], { encoding: 'utf8', env })).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
});

test.each(['v29', 'v35'])('helm of the %s layer accepts the handler\'s flags; an unreachable cluster is classed as transient', (layer) => {
  // the flags the handler passes to this Helm major version
  const flavor = helmFlavor(execFileSync(tools[layer].helm, ['version', '--short'], { encoding: 'utf8', env }));
  const args = ['upgrade', 'hello', CHART, '--install', '--namespace', 'demo', '--values', join(work, 'values.json'),
    '--timeout=5s', '--create-namespace', '--skip-crds', '--labels', 'cdk-eks-kit/owner=x', ...flavor.waitFlags, ...flavor.atomicFlags];
  const result = spawnSync(tools[layer].helm, args, { encoding: 'utf8', env, timeout: 30_000 });
  expect(result.status).not.toBe(0);
  expect(result.stderr).not.toMatch(/unknown flag|unknown shorthand|deprecated/);
  expect(classifyFailure(result.stderr).kind).toBe('transient');
  const uninstall = spawnSync(tools[layer].helm, ['uninstall', 'hello', '--namespace', 'demo', ...flavor.waitFlags, '--timeout=5s'], { encoding: 'utf8', env, timeout: 30_000 });
  expect(uninstall.stderr).not.toMatch(/unknown flag|deprecated/);
});

test.each(['v29', 'v35'])('kubectl of the %s layer accepts the handler\'s apply flags; an unreachable cluster is classed as transient', (layer) => {
  const list = join(work, 'list.json');
  writeFileSync(list, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }] }));
  const result = spawnSync(tools[layer].kubectl, ['apply', '--server-side', '--field-manager=cdk-eks-kit', '-f', list, '--force-conflicts', '--validate=false', '--request-timeout=5s'],
    { encoding: 'utf8', env, timeout: 30_000 });
  expect(result.status).not.toBe(0);
  expect(result.stderr).not.toMatch(/unknown flag/);
  expect(classifyFailure(result.stderr).kind).toBe('transient');
});

test('the handler with the real kubectl answers FAILED before its deadline when the API server is unreachable', async () => {
  // GIVEN the real kubectl on PATH and a cluster endpoint where nothing listens
  const saved = { ...process.env };
  const logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  Object.assign(process.env, {
    PATH: `${join(layerTools('v29').dir, 'kubectl')}:${process.env.PATH}`, WORK_DIR: work, AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', CLUSTER_NAME: 'c', CLUSTER_ENDPOINT: 'https://127.0.0.1:1',
    CLUSTER_CA_DATA: readFileSync(TEST_CA).toString('base64'), HANDLER_SAFETY_MS: '1000', RETRY_BASE_MS: '100',
  });
  try {
    const started = Date.now();
    // WHEN a manifest is created with 6 s left
    const result = handler({
      RequestType: 'Create', ResourceType: RESOURCE_TYPES.manifest, LogicalResourceId: 'M',
      ResourceProperties: { OwnerLabel: 'l', OwnerValue: 'v', Overwrite: 'true', Manifest: JSON.stringify([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }]) },
    }, { getRemainingTimeInMillis: () => 6000 - (Date.now() - started) });
    // THEN it retried the transient failure and gave up in time
    await expect(result).rejects.toThrow(/deadline/);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(logSpy.mock.calls.some((c) => /transient failure/.test(String(c[0])))).toBe(true);
  } finally {
    logSpy.mockRestore();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}, 20_000);
