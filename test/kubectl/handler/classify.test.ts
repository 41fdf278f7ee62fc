import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { classifyFailure, crdKinds, FailureClass } from '../../../lib/kubectl/handler/classify';

/**
 * The classifier against what the layers' real kubectl and helm printed (captured by
 * scripts/capture-tool-fixtures.ts against a local API server and OCI registry).
 */
interface Output { exitCode: number | null; killed?: boolean; stderr: string; stdout?: string }
interface Fixture { layer: string; kubectl: string; helm: string; outputs: Record<string, Record<string, Output>> }

const DIR = join(__dirname, '..', 'fixtures', 'tool-output');
const FIXTURES: Fixture[] = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')));

/** What each server-side condition must be classified as. */
const EXPECTED: Record<string, FailureClass> = {
  'unauthorized': 'auth',
  'forbidden-rbac': 'auth',
  'forbidden-webhook': 'permanent',
  'too-many-requests': 'transient',
  'too-many-requests-no-retry-after': 'transient',
  'internal-error': 'transient',
  'webhook-unreachable': 'transient',
  'service-unavailable': 'transient',
  'gateway-timeout': 'transient',
  'timeout': 'transient',
  'tls-handshake-timeout': 'transient',
  'refused': 'transient',
  'conflict-modified': 'transient',
  'apply-conflict': 'permanent',
  'invalid-items-500': 'permanent',
  'namespace-missing': 'permanent',
  'unknown-kind-builtin-group': 'permanent',
  'unknown-kind-crd': 'permanent',
  'unknown-resource-type': 'permanent',
  'object-missing': 'permanent',
  'registry-unauthorized': 'permanent',
  'registry-forbidden': 'permanent',
  'registry-too-many-requests': 'transient',
  'registry-internal-error': 'transient',
  'registry-unavailable': 'transient',
  'registry-timeout': 'transient',
  'registry-refused': 'transient',
  'registry-chart-missing': 'permanent',
};

/**
 * Outputs that do not show the scenario's condition: the command did not hit the fault (it
 * only reads, or the fault is on writes), or Helm stopped earlier at "release: not found".
 */
function showsCondition(o: Output): boolean {
  return o.exitCode !== 0 && !o.killed && !/^Error: (uninstall: Release not loaded: \S+ )?release: not found\s*$/.test(o.stderr.trim());
}

test('fixtures were captured from every layer in the dependencies (kubectl 1.29 with Helm 3, kubectl 1.35 with Helm 4)', () => {
  const layers = FIXTURES.map((f) => `${f.layer}: kubectl ${f.kubectl}, helm ${f.helm}`);
  expect(layers).toEqual(expect.arrayContaining([
    expect.stringMatching(/kubectl-v29: kubectl v1\.29\.\d+, helm v3\./),
    expect.stringMatching(/kubectl-v35: kubectl v1\.35\.\d+, helm v4\./),
  ]));
  for (const f of FIXTURES) expect(Object.keys(f.outputs).sort()).toEqual(Object.keys(EXPECTED).sort());
});

describe.each(FIXTURES.map((f) => [`${f.layer} (kubectl ${f.kubectl}, helm ${f.helm})`, f] as const))('%s', (_name, fixture) => {
  const cases = Object.entries(fixture.outputs).flatMap(([scenario, commands]) =>
    Object.entries(commands).filter(([, o]) => showsCondition(o)).map(([command, o]) => [scenario, command, o] as const));

  test.each(cases)('%s: %s', (scenario, _command, output) => {
    expect(classifyFailure(output.stderr).kind).toBe(EXPECTED[scenario]);
  });

  test('every scenario is seen by at least one command (the fake server reproduced it)', () => {
    const seen = new Set(cases.map(([s]) => s));
    const hung = Object.entries(fixture.outputs).filter(([, cmds]) => Object.values(cmds).some((o) => o.killed)).map(([s]) => s);
    for (const scenario of Object.keys(EXPECTED)) expect(seen.has(scenario) || hung.includes(scenario)).toBe(true);
  });

  test('"no matches for kind" is retried only for a kind whose CRD this request creates', () => {
    const crd = fixture.outputs['unknown-kind-crd']['kubectl apply'].stderr;
    const typo = fixture.outputs['unknown-kind-builtin-group']['kubectl apply'].stderr;
    const expected = new Set(['example.com/Widget']);
    expect(classifyFailure(crd, { expectedKinds: expected }).kind).toBe('crd-pending');
    expect(classifyFailure(typo, { expectedKinds: expected }).kind).toBe('permanent');
    expect(classifyFailure(crd, { expectedKinds: new Set(['other.example.com/Widget']) }).kind).toBe('permanent');
  });
});

test('messages that merely contain 500, 429 or "timeout" are not transient', () => {
  expect(classifyFailure('The Deployment "web" is invalid: spec.replicas: Invalid value: 500: must be less than or equal to 100').kind).toBe('permanent');
  expect(classifyFailure('Error from server (BadRequest): error when creating "x": admission webhook "v.example.com" denied the request: 429 requests per second is too many').kind).toBe('permanent');
  expect(classifyFailure('Error from server (Invalid): ConfigMap "timeout" is invalid: data[items[500]]: Invalid value').kind).toBe('permanent');
  expect(classifyFailure('error: error parsing list.json: error converting YAML to JSON').kind).toBe('permanent');
});

test('CRD kinds of a manifest are group/Kind', () => {
  expect([...crdKinds([
    { kind: 'CustomResourceDefinition', spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' } } },
    { kind: 'ConfigMap' },
  ])]).toEqual(['example.com/Widget']);
});
