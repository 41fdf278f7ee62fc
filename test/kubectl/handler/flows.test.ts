import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { handler, OnEventRequest, RESOURCE_TYPES } from '../../../lib/kubectl/handler';
import { contextWith, FakeTools } from './fake-tools';

const OWNER = { OwnerLabel: 'cdk-eks-kit/owner', OwnerValue: 'abc123' };
const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', labels: { 'cdk-eks-kit/owner': 'abc123' } } };
const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com', labels: { 'cdk-eks-kit/owner': 'abc123' } } };
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'web', labels: { 'cdk-eks-kit/owner': 'abc123' } }, data: { a: 'b' } });
const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'web' }, stringData: { password: 'correct-horse-battery' } };

function manifestEvent(type: 'Create' | 'Update' | 'Delete', objects: unknown[], old?: unknown[], extra: Record<string, string> = {}): OnEventRequest {
  return {
    RequestType: type, ResourceType: RESOURCE_TYPES.manifest, LogicalResourceId: 'Manifest',
    PhysicalResourceId: type === 'Create' ? undefined : 'manifest/abc123',
    ResourceProperties: { ...OWNER, Manifest: JSON.stringify(objects), Overwrite: 'false', SkipValidation: 'false', ...extra },
    OldResourceProperties: old ? { ...OWNER, Manifest: JSON.stringify(old) } : undefined,
  };
}

let fake: FakeTools;
let logs: string[];
beforeEach(() => {
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { logs.push(args.join(' ')); });
});
afterEach(() => {
  fake.dispose();
  jest.restoreAllMocks();
});

describe('manifests', () => {
  test('create applies namespaces and CRDs first with server-side apply, waits for Established, then the rest', async () => {
    // GIVEN a cluster where nothing exists yet
    fake = new FakeTools();
    // WHEN a manifest with a ConfigMap, a CRD and a Namespace is created
    const response = await handler(manifestEvent('Create', [cm('c1'), crd, ns]), contextWith(20_000));
    // THEN
    expect(response.PhysicalResourceId).toBe('manifest/abc123');
    const calls = fake.calls().map((c) => c.args);
    expect(calls[0].slice(0, 2)).toEqual(['get', '-f']); // existence check
    expect(calls[1].slice(0, 3)).toEqual(['apply', '--server-side', '--field-manager=cdk-eks-kit']);
    expect(JSON.parse(fake.calls()[1].file!).items.map((o: any) => o.kind)).toEqual(['Namespace', 'CustomResourceDefinition']);
    expect(calls[2]).toEqual(expect.arrayContaining(['wait', '--for=condition=Established', 'customresourcedefinition/widgets.example.com']));
    expect(JSON.parse(fake.calls()[3].file!).items.map((o: any) => o.kind)).toEqual(['ConfigMap']);
    expect(calls).toHaveLength(4);
  });

  test('the scratch directory (kubeconfig with the token) is removed after each request', async () => {
    fake = new FakeTools();
    await handler(manifestEvent('Create', [cm('c1')]), contextWith(20_000));
    const { readdirSync } = require('fs');
    expect(readdirSync(fake.dir).filter((f: string) => f.startsWith('kubectl-'))).toEqual([]);
  });

  test('create takes over objects it left behind in an earlier failed attempt (they carry its label)', async () => {
    fake = new FakeTools([{ match: '^kubectl get', stdout: JSON.stringify(cm('c1')) }]);
    await handler(manifestEvent('Create', [cm('c1')]), contextWith(20_000));
    expect(fake.calls().map((c) => c.args[0])).toEqual(['get', 'apply']);
  });

  test('create refuses to take over existing objects unless overwrite is set', async () => {
    const foreign = { ...cm('c1'), metadata: { name: 'c1', namespace: 'web', labels: { owner: 'someone-else' } } };
    fake = new FakeTools([{ match: '^kubectl get', stdout: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [foreign] }) }]);
    await expect(handler(manifestEvent('Create', [cm('c1')]), contextWith(20_000)))
      .rejects.toThrow(/ConfigMap\/c1 already exist.*overwrite: true/);
    // WHEN overwrite is set THEN it applies with --force-conflicts and no existence check
    fake.dispose();
    fake = new FakeTools();
    await handler(manifestEvent('Create', [cm('c1')], undefined, { Overwrite: 'true' }), contextWith(20_000));
    expect(fake.calls().map((c) => c.args[0])).toEqual(['apply']);
    expect(fake.calls()[0].args).toContain('--force-conflicts');
  });

  test('a transient failure (API server not reachable yet) is retried until it succeeds', async () => {
    fake = new FakeTools([{ match: '^kubectl apply', times: 2, exitCode: 1, stderr: 'Unable to connect to the server: dial tcp 10.0.1.5:443: connect: connection refused' }]);
    await handler(manifestEvent('Create', [cm('c1')]), contextWith(20_000));
    expect(fake.calls().filter((c) => c.args[0] === 'apply')).toHaveLength(3);
  });

  test('an access entry that has not propagated yet (Unauthorized) is retried', async () => {
    fake = new FakeTools([{ match: '^kubectl', times: 1, exitCode: 1, stderr: 'error: You must be logged in to the server (Unauthorized)' }]);
    await handler(manifestEvent('Create', [cm('c1')]), contextWith(20_000));
    expect(fake.calls().length).toBe(3);
  });

  test('a validation error fails at once, without retries', async () => {
    fake = new FakeTools([{ match: '^kubectl apply', exitCode: 1, stderr: 'Error from server (Invalid): ConfigMap "c1" is invalid: metadata.name: Invalid value' }]);
    const started = Date.now();
    await expect(handler(manifestEvent('Create', [cm('c1')]), contextWith(60_000))).rejects.toThrow(/apply of ConfigMap\/c1 failed: .*Invalid value/);
    expect(fake.calls().filter((c) => c.args[0] === 'apply')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a hanging kubectl is killed and the request fails before the Lambda deadline', async () => {
    fake = new FakeTools([{ match: '^kubectl apply', hang: true }]);
    const started = Date.now();
    // 4 s left, 1 s kept back for the answer
    await expect(handler(manifestEvent('Create', [cm('c1')]), contextWith(4000))).rejects.toThrow(/did not finish before the handler's deadline/);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  test('a failure that stays transient ends in a FAILED answer before the deadline', async () => {
    fake = new FakeTools([{ match: '^kubectl apply', exitCode: 1, stderr: 'Error from server (ServiceUnavailable): the server is currently unable to handle the request' }]);
    const started = Date.now();
    await expect(handler(manifestEvent('Create', [cm('c1')]), contextWith(3000))).rejects.toThrow(/still failing when the handler's deadline came|did not finish before the handler's deadline/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('delete succeeds when the objects (or their CRD) are already gone', async () => {
    fake = new FakeTools([{ match: '^kubectl delete', exitCode: 1, stderr: 'error: resource mapping not found for name: "w" namespace: "web": no matches for kind "Widget" in version "example.com/v1"' }]);
    await handler(manifestEvent('Delete', [cm('c1'), crd, ns]), contextWith(20_000));
    const deletes = fake.calls().filter((c) => c.args[0] === 'delete');
    // workloads first, then CRDs, then namespaces; always --ignore-not-found
    expect(deletes.map((d) => JSON.parse(d.file!).items[0].kind)).toEqual(['ConfigMap', 'CustomResourceDefinition', 'Namespace']);
    expect(deletes.every((d) => d.args.includes('--ignore-not-found'))).toBe(true);
  });

  test('update deletes objects removed or renamed in the manifest, if still owned', async () => {
    // GIVEN the cluster holds c1 (ours) and c2 (relabelled by someone else)
    const live = { apiVersion: 'v1', kind: 'List', items: [cm('c1'), { ...cm('c2'), metadata: { name: 'c2', namespace: 'web', labels: { other: 'x' } } }] };
    fake = new FakeTools([{ match: '^kubectl get -f \\S*owned.json', stdout: JSON.stringify(live) }]);
    // WHEN c1 is renamed to c3 and c2 dropped
    await handler(manifestEvent('Update', [ns, cm('c3')], [ns, cm('c1'), cm('c2')]), contextWith(20_000));
    // THEN only c1 is deleted
    const deletes = fake.calls().filter((c) => c.args[0] === 'delete');
    expect(deletes).toHaveLength(1);
    expect(JSON.parse(deletes[0].file!).items).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1', namespace: 'web' } }]);
  });

  test('Secret values never reach the logs or the error message', async () => {
    fake = new FakeTools([{ match: '^kubectl apply', exitCode: 1, stderr: 'Error from server (BadRequest): invalid value "correct-horse-battery" in {"stringData":{"password":"correct-horse-battery"}}' }]);
    const error = await handler(manifestEvent('Create', [secret]), contextWith(20_000)).catch((e: Error) => e);
    expect(String(error)).toMatch(/failed/);
    expect(String(error)).not.toContain('correct-horse-battery');
    expect(logs.join('\n')).not.toContain('correct-horse-battery');
  });

  test('a large manifest is read from its asset', async () => {
    fake = new FakeTools();
    mkdirSync(join(fake.dir, 'assets'));
    writeFileSync(join(fake.dir, 'assets', 'abc.json'), JSON.stringify([cm('big')]));
    process.env.TEST_ASSET_DIR = join(fake.dir, 'assets');
    const event = manifestEvent('Create', []);
    delete (event.ResourceProperties as any).Manifest;
    (event.ResourceProperties as any).ManifestAsset = { Bucket: 'b', Key: 'abc.json' };
    await handler(event, contextWith(20_000));
    const apply = fake.calls().find((c) => c.args[0] === 'apply')!;
    expect(JSON.parse(apply.file!).items[0].metadata.name).toBe('big');
  });
});

test('deleting or pruning an asset manifest uses its inventory, not the asset (whose grant may be gone)', async () => {
  fake = new FakeTools([{ match: '^kubectl get .* -o json', stdout: JSON.stringify(cm('old')) }]);
  const asset = (key: string, inventory: string) => ({ ...OWNER, ManifestAsset: { Bucket: 'b', Key: key }, Inventory: inventory });
  // no TEST_ASSET_DIR and no credentials for S3: any download would fail
  await handler({
    RequestType: 'Delete', ResourceType: RESOURCE_TYPES.manifest, LogicalResourceId: 'M', PhysicalResourceId: 'manifest/abc123',
    ResourceProperties: asset('gone.json', 'v1|Namespace||web\nv1|ConfigMap|web|old'),
  }, contextWith(20_000));
  const deletes = fake.calls().filter((c) => c.args[0] === 'delete').map((c) => JSON.parse(c.file!).items);
  expect(deletes).toEqual([
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'old', namespace: 'web' } }],
    [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } }],
  ]);
});

describe('helm', () => {
  const helmEvent = (type: 'Create' | 'Update' | 'Delete', extra: Record<string, string> = {}): OnEventRequest => ({
    RequestType: type, ResourceType: RESOURCE_TYPES.helm, LogicalResourceId: 'Chart',
    PhysicalResourceId: type === 'Create' ? undefined : 'helm/web/nginx',
    ResourceProperties: {
      Release: 'nginx', Namespace: 'web', Chart: 'nginx', Repository: 'https://charts.example.com', Version: '1.2.3',
      Values: JSON.stringify({ auth: { password: 'chart-secret-value' } }), CreateNamespace: 'true', Wait: 'true', Atomic: 'true', TimeoutSeconds: '300',
      ...extra,
    },
  });

  test('install runs helm upgrade --install with the options', async () => {
    fake = new FakeTools([{ match: '^helm status', exitCode: 1, stderr: 'Error: release: not found' }]);
    const response = await handler(helmEvent('Create'), contextWith(60_000));
    expect(response.PhysicalResourceId).toBe('helm/web/nginx');
    const upgrade = fake.calls().find((c) => c.args[0] === 'upgrade')!;
    expect(upgrade.args.slice(0, 4)).toEqual(['upgrade', 'nginx', 'nginx', '--install']);
    expect(upgrade.args).toEqual(expect.arrayContaining(['--namespace', 'web', '--repo', 'https://charts.example.com', '--version', '1.2.3', '--create-namespace', '--wait', '--atomic']));
    expect(upgrade.args.find((a) => a.startsWith('--timeout='))).toMatch(/^--timeout=\d+s$/);
    expect(logs.join('\n')).not.toContain('chart-secret-value');
  });

  test('an OCI chart is passed as the chart reference, without --repo (Helm 4 ignores it otherwise)', async () => {
    fake = new FakeTools([{ match: '^helm status', exitCode: 1, stderr: 'Error: release: not found' }]);
    await handler(helmEvent('Create', { Chart: 'oci://public.ecr.aws/karpenter/karpenter', Repository: '' }), contextWith(60_000));
    const upgrade = fake.calls().find((c) => c.args[0] === 'upgrade')!;
    expect(upgrade.args[2]).toBe('oci://public.ecr.aws/karpenter/karpenter');
    expect(upgrade.args).not.toContain('--repo');
  });

  test('a release stuck in pending-upgrade is rolled back to its last good revision first', async () => {
    fake = new FakeTools([
      { match: '^helm status', stdout: JSON.stringify({ info: { status: 'pending-upgrade' } }) },
      { match: '^helm history', stdout: JSON.stringify([{ revision: 1, status: 'superseded' }, { revision: 2, status: 'deployed' }, { revision: 3, status: 'pending-upgrade' }]) },
    ]);
    await handler(helmEvent('Update'), contextWith(60_000));
    const verbs = fake.calls().map((c) => c.args.slice(0, 3).join(' '));
    expect(verbs).toEqual(['status nginx --namespace', 'history nginx --namespace', 'rollback nginx 2', expect.stringMatching(/^upgrade nginx nginx/)]);
  });

  test('a release stuck in pending-install that never deployed is uninstalled first', async () => {
    fake = new FakeTools([
      { match: '^helm status', stdout: JSON.stringify({ info: { status: 'pending-install' } }) },
      { match: '^helm history', stdout: JSON.stringify([{ revision: 1, status: 'pending-install' }]) },
    ]);
    await handler(helmEvent('Create'), contextWith(60_000));
    expect(fake.calls().map((c) => c.args[0])).toEqual(['status', 'history', 'uninstall', 'upgrade']);
  });

  test('renaming the release changes the physical ID, so CloudFormation deletes (uninstalls) the old one', async () => {
    fake = new FakeTools([{ match: '^helm status', exitCode: 1, stderr: 'Error: release: not found' }]);
    const response = await handler(helmEvent('Update', { Release: 'nginx2', Namespace: 'edge' }), contextWith(60_000));
    expect(response.PhysicalResourceId).toBe('helm/edge/nginx2');
  });

  test('uninstalling a release that is already gone succeeds', async () => {
    fake = new FakeTools([{ match: '^helm uninstall', exitCode: 1, stderr: 'Error: uninstall: Release not loaded: nginx: release: not found' }]);
    await expect(handler(helmEvent('Delete'), contextWith(60_000))).resolves.toEqual({ PhysicalResourceId: 'helm/web/nginx' });
  });

  test('a hanging helm is stopped before the deadline', async () => {
    fake = new FakeTools([{ match: '^helm status', exitCode: 1, stderr: 'Error: release: not found' }, { match: '^helm upgrade', hang: true }]);
    const started = Date.now();
    await expect(handler(helmEvent('Create'), contextWith(4000))).rejects.toThrow(/deadline/);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

describe('patches and reads', () => {
  const patchEvent = (type: 'Create' | 'Delete'): OnEventRequest => ({
    RequestType: type, ResourceType: RESOURCE_TYPES.patch, LogicalResourceId: 'Patch',
    PhysicalResourceId: type === 'Create' ? undefined : 'patch/kube-system/deployment/coredns',
    ResourceProperties: { ResourceName: 'deployment/coredns', Namespace: 'kube-system', PatchType: 'strategic', ApplyPatch: '{"a":1}', RestorePatch: '{"a":0}' },
  });

  test('create applies the patch; delete applies the restore patch and tolerates a missing object', async () => {
    fake = new FakeTools([{ match: '^kubectl patch .*"a":0', exitCode: 1, stderr: 'Error from server (NotFound): deployments.apps "coredns" not found' }]);
    await handler(patchEvent('Create'), contextWith(20_000));
    await handler(patchEvent('Delete'), contextWith(20_000));
    expect(fake.calls().map((c) => c.args)).toEqual([
      ['patch', 'deployment/coredns', '--namespace', 'kube-system', '--type=strategic', '--patch', '{"a":1}'],
      ['patch', 'deployment/coredns', '--namespace', 'kube-system', '--type=strategic', '--patch', '{"a":0}'],
    ]);
  });

  test('a patch of a missing object on create fails', async () => {
    fake = new FakeTools([{ match: '^kubectl patch', exitCode: 1, stderr: 'Error from server (NotFound): deployments.apps "coredns" not found' }]);
    await expect(handler(patchEvent('Create'), contextWith(20_000))).rejects.toThrow(/NotFound/);
  });

  const valueEvent = (timeout: string): OnEventRequest => ({
    RequestType: 'Create', ResourceType: RESOURCE_TYPES.objectValue, LogicalResourceId: 'Value',
    ResourceProperties: { ObjectType: 'service', ObjectName: 'web', Namespace: 'web', JsonPath: '{.status.loadBalancer.ingress[0].hostname}', TimeoutSeconds: timeout },
  });

  test('an object value is polled until it appears', async () => {
    fake = new FakeTools([
      { match: '^kubectl get', times: 2, stdout: '' },
      { match: '^kubectl get', stdout: 'abc.elb.amazonaws.com' },
    ]);
    await expect(handler(valueEvent('60'), contextWith(20_000))).resolves.toEqual({
      PhysicalResourceId: 'value/web/service/web', Data: { Value: 'abc.elb.amazonaws.com' },
    });
  });

  test('a value too large for a CloudFormation response fails with a clear message', async () => {
    fake = new FakeTools([{ match: '^kubectl get', stdout: 'x'.repeat(5000) }]);
    await expect(handler(valueEvent('60'), contextWith(20_000))).rejects.toThrow(/at most 4 KB of response data/);
  });

  test('an object value that never appears fails after its timeout', async () => {
    fake = new FakeTools([{ match: '^kubectl get', exitCode: 1, stderr: 'Error from server (NotFound): services "web" not found' }]);
    const started = Date.now();
    await expect(handler(valueEvent('1'), contextWith(20_000))).rejects.toThrow(/had no value at .* within 1s/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
