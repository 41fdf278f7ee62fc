import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { handler, OnEventRequest, RESOURCE_TYPES } from '../../../lib/kubectl/handler';
import { contextWith, FakeTools } from './fake-tools';

/** What the real kubectl 1.35 printed for a 401 (test/kubectl/fixtures/tool-output). */
const REAL_401 = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'tool-output', 'v35.json'), 'utf8')).outputs.unauthorized['kubectl apply'].stderr;
const list = (...items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

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

  test('create takes over objects of a sibling of the same stack and cluster (a renamed manifest), recording where they came from', async () => {
    // GIVEN c1 is labelled by another resource of the family 'fam1'
    const sibling = { ...cm('c1'), metadata: { name: 'c1', namespace: 'web', labels: { 'cdk-eks-kit/owner': 'fam1-old' } } };
    fake = new FakeTools([{ match: '^kubectl get', stdout: list(sibling) }]);
    // WHEN a resource of that family creates it (no overwrite)
    await handler(manifestEvent('Create', [cm('c1')], undefined, { OwnerFamily: 'fam1' }), contextWith(20_000));
    // THEN it is applied with this resource's label and the previous owner recorded
    const applied = JSON.parse(fake.calls().find((c) => c.args[0] === 'apply')!.file!).items[0];
    expect(applied.metadata.labels['cdk-eks-kit/owner']).toBe('abc123');
    expect(applied.metadata.annotations['cdk-eks-kit/adopted-from']).toBe('fam1-old');
    expect(fake.calls().find((c) => c.args[0] === 'apply')!.args).not.toContain('--force-conflicts');
  });

  test('a create without owner properties fails before touching the cluster', async () => {
    fake = new FakeTools();
    const event = manifestEvent('Create', [cm('c1')]);
    delete (event.ResourceProperties as any).OwnerValue;
    await expect(handler(event, contextWith(20_000))).rejects.toThrow("Custom::CdkEksKitManifest: property 'OwnerValue' is missing");
    expect(fake.calls()).toEqual([]);
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
    expect(fake.calls().map((c) => c.args[0])).toEqual(['get', 'apply']);
    expect(fake.calls()[1].args).toContain('--force-conflicts');
  });

  test('a transient failure (API server not reachable yet) is retried until it succeeds', async () => {
    fake = new FakeTools([{ match: '^kubectl apply', times: 2, exitCode: 1, stderr: 'Unable to connect to the server: dial tcp 10.0.1.5:443: connect: connection refused' }]);
    await handler(manifestEvent('Create', [cm('c1')]), contextWith(20_000));
    expect(fake.calls().filter((c) => c.args[0] === 'apply')).toHaveLength(3);
  });

  test('a 401 as kubectl really prints it is retried while the access entry is new', async () => {
    fake = new FakeTools([{ match: '^kubectl', times: 1, exitCode: 1, stderr: REAL_401 }]);
    await handler(manifestEvent('Create', [cm('c1')]), contextWith(20_000));
    expect(fake.calls().map((c) => c.args[0])).toEqual(['get', 'get', 'apply']);
  });

  test('a 401 long after the access entry changed fails at once, saying so', async () => {
    fake = new FakeTools([{ match: '^kubectl', exitCode: 1, stderr: REAL_401 }]);
    process.env.AUTH_RETRY_UNTIL = String(Date.now() - 1);
    await expect(handler(manifestEvent('Create', [cm('c1')]), contextWith(20_000)))
      .rejects.toThrow(/provide credentials.*HTTP 401.*check the kubectl handler's access entry/);
    expect(fake.calls()).toHaveLength(1);
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
    // 2.5 s left, 1 s kept back for the answer
    await expect(handler(manifestEvent('Create', [cm('c1')]), contextWith(2500))).rejects.toThrow(/did not finish before the handler's deadline/);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  test('a failure that stays transient ends in a FAILED answer before the deadline', async () => {
    fake = new FakeTools([{ match: '^kubectl apply', exitCode: 1, stderr: 'Error from server (ServiceUnavailable): the server is currently unable to handle the request' }]);
    const started = Date.now();
    await expect(handler(manifestEvent('Create', [cm('c1')]), contextWith(2000))).rejects.toThrow(/still failing when the handler's deadline came|did not finish before the handler's deadline/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('delete succeeds when the objects (or their CRD) are already gone', async () => {
    fake = new FakeTools([
      { match: '^kubectl get -f', stdout: list(cm('c1'), crd, ns) },
      { match: '^kubectl delete', exitCode: 1, stderr: 'error: resource mapping not found for name: "w" namespace: "web": no matches for kind "Widget" in version "example.com/v1"' },
    ]);
    await handler(manifestEvent('Delete', [cm('c1'), crd, ns]), contextWith(20_000));
    const deletes = fake.calls().filter((c) => c.args[0] === 'delete');
    // workloads first, then CRDs, then namespaces; always --ignore-not-found
    expect(deletes.map((d) => JSON.parse(d.file!).items[0].kind)).toEqual(['ConfigMap', 'CustomResourceDefinition', 'Namespace']);
    expect(deletes.every((d) => d.args.includes('--ignore-not-found'))).toBe(true);
  });

  test('delete removes only objects still owned by this resource; the rest are kept and logged', async () => {
    // GIVEN c1 is ours, c2 was taken over by a renamed manifest (overwrite), the namespace by another stack
    const taken = { ...cm('c2'), metadata: { name: 'c2', namespace: 'web', labels: { 'cdk-eks-kit/owner': 'new-owner' } } };
    const otherNs = { ...ns, metadata: { name: 'web', labels: { 'cdk-eks-kit/owner': 'elsewhere' } } };
    fake = new FakeTools([{ match: '^kubectl get -f', stdout: list(cm('c1'), taken, otherNs) }]);
    // WHEN the old resource is deleted (CloudFormation's cleanup after the move)
    await handler(manifestEvent('Delete', [ns, cm('c1'), cm('c2')]), contextWith(20_000));
    // THEN only c1 is deleted, and the others are named in the log
    const deletes = fake.calls().filter((c) => c.args[0] === 'delete').map((c) => JSON.parse(c.file!).items);
    expect(deletes).toEqual([[{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1', namespace: 'web' } }]]);
    expect(logs.join('\n')).toMatch(/ConfigMap\/c2 in web: kept, it is owned by another resource \(new-owner\)/);
    expect(logs.join('\n')).toMatch(/Namespace\/web: kept/);
  });

  test('a rollback of a takeover hands the objects back instead of deleting them', async () => {
    // GIVEN c1 was taken over from a sibling in a deploy that is now rolling back
    const adopted = { ...cm('c1'), metadata: { name: 'c1', namespace: 'web', labels: { 'cdk-eks-kit/owner': 'abc123' }, annotations: { 'cdk-eks-kit/adopted-from': 'fam1-old' } } };
    fake = new FakeTools([{ match: '^kubectl get -f', stdout: list(adopted) }]);
    await handler(manifestEvent('Delete', [cm('c1')]), contextWith(20_000));
    // THEN it is relabelled for the previous owner, not deleted
    expect(fake.calls().filter((c) => c.args[0] === 'delete')).toEqual([]);
    const patch = fake.calls().find((c) => c.args[0] === 'patch')!;
    expect(JSON.parse(patch.args[patch.args.indexOf('--patch') + 1])).toEqual({ metadata: { labels: { 'cdk-eks-kit/owner': 'fam1-old' }, annotations: { 'cdk-eks-kit/adopted-from': null } } });
  });

  test('the previous owner confirms a takeover when it lets go (clears the record), and deletes nothing', async () => {
    const adopted = { ...cm('c1'), metadata: { name: 'c1', namespace: 'web', labels: { 'cdk-eks-kit/owner': 'fam1-new' }, annotations: { 'cdk-eks-kit/adopted-from': 'abc123' } } };
    fake = new FakeTools([{ match: '^kubectl get -f', stdout: list(adopted) }]);
    await handler(manifestEvent('Delete', [cm('c1')]), contextWith(20_000));
    expect(fake.calls().filter((c) => c.args[0] === 'delete')).toEqual([]);
    const patch = fake.calls().find((c) => c.args[0] === 'patch')!;
    expect(JSON.parse(patch.args[patch.args.indexOf('--patch') + 1])).toEqual({ metadata: { annotations: { 'cdk-eks-kit/adopted-from': null } } });
  });

  test('objects another resource of the stack declares now are never pruned (a manifest that moved out of a batch)', async () => {
    fake = new FakeTools([{ match: '^kubectl get -f \\S*owned.json', stdout: list(cm('c1')) }]);
    await handler(manifestEvent('Update', [ns], [ns, cm('c1')], { ClaimedElsewhere: 'v1|ConfigMap|web|c1' }), contextWith(20_000));
    expect(fake.calls().filter((c) => c.args[0] === 'delete')).toEqual([]);
  });

  test('an update whose old manifest is unreadable still applies the new one (and prunes nothing)', async () => {
    fake = new FakeTools();
    const event = { ...manifestEvent('Update', [cm('c2')]), OldResourceProperties: { ...OWNER, Manifest: '{not json' } };
    await handler(event, contextWith(20_000));
    expect(fake.calls().map((c) => c.args[0])).toEqual(['get', 'apply']);
    expect(logs.join('\n')).toMatch(/old property 'Manifest' is not valid JSON.*applying the new ones without pruning/);
  });

  test('an update whose old manifest is gone prunes from the old inventory', async () => {
    fake = new FakeTools([{ match: '^kubectl get -f \\S*owned.json', stdout: list(cm('old')) }]);
    const event = { ...manifestEvent('Update', [cm('c2')]), OldResourceProperties: { ...OWNER, ManifestAsset: { Bucket: 'b', Key: 'gone.json' }, Inventory: 'v1|ConfigMap|web|old' } };
    await handler(event, contextWith(20_000));
    expect(fake.calls().filter((c) => c.args[0] === 'delete').map((c) => JSON.parse(c.file!).items[0].metadata.name)).toEqual(['old']);
  });

  test('bad events end in a FAILED answer that names the property or tool', async () => {
    fake = new FakeTools([{ match: '^kubectl get', stdout: 'W1201 warning: something\nnot json at all' }]);
    await expect(handler(manifestEvent('Create', [cm('c1')], undefined, { Manifest: '{"kind":"ConfigMap"}' }), contextWith(20_000)))
      .rejects.toThrow("Custom::CdkEksKitManifest: property 'Manifest' is an object; expected a JSON list of Kubernetes objects");
    await expect(handler(manifestEvent('Create', [{ kind: 'ConfigMap', metadata: {} }]), contextWith(20_000)))
      .rejects.toThrow(/property 'Manifest' holds objects kubectl cannot apply: object 0 has no apiVersion; object 0 \(ConfigMap\) has no metadata.name/);
    await expect(handler({ ...manifestEvent('Create', [cm('c1')]), ResourceType: 'Custom::Nope' }, contextWith(20_000)))
      .rejects.toThrow(/unknown resource type 'Custom::Nope': this kubectl handler serves Custom::CdkEksKitManifest, /);
    await expect(handler(manifestEvent('Create', [cm('c1')]), contextWith(20_000)))
      .rejects.toThrow(/kubectl get \(lookup of existing objects\) printed output that is not JSON: W1201 warning/);
    expect(String(await handler(manifestEvent('Create', [cm('c1')]), contextWith(20_000)).catch((e) => e))).not.toMatch(/Unexpected token/);
  });

  test('kubectl output with a warning line before the JSON is still read', async () => {
    fake = new FakeTools([{ match: '^kubectl get', stdout: `Warning: v1 ComponentStatus is deprecated\n${list(cm('c1'))}` }]);
    await handler(manifestEvent('Create', [cm('c1')]), contextWith(20_000));
    expect(fake.calls().map((c) => c.args[0])).toEqual(['get', 'apply']);
  });

  test('deleting an Ingress or a Service waits for its finalizer: a timeout is retried and then fails', async () => {
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'web', labels: { 'cdk-eks-kit/owner': 'abc123' } } };
    fake = new FakeTools([
      { match: '^kubectl get -f', stdout: list(ingress, cm('c1')) },
      { match: '^kubectl delete .*--timeout', times: 1, exitCode: 1, stderr: 'error: timed out waiting for the condition on ingresses/web' },
    ]);
    process.env.RETRY_WINDOW_MS = '5000';
    await handler(manifestEvent('Delete', [ingress, cm('c1')]), contextWith(20_000));
    const deletes = fake.calls().filter((c) => c.args[0] === 'delete').map((c) => JSON.parse(c.file!).items.map((o: any) => o.kind));
    // the Ingress first, retried after its timeout, then the rest
    expect(deletes).toEqual([['Ingress'], ['Ingress'], ['ConfigMap']]);
    // and one that never finishes fails the delete
    fake.dispose();
    fake = new FakeTools([
      { match: '^kubectl get -f', stdout: list(ingress) },
      { match: '^kubectl delete', exitCode: 1, stderr: 'error: timed out waiting for the condition on ingresses/web' },
    ]);
    process.env.RETRY_WINDOW_MS = '300';
    await expect(handler(manifestEvent('Delete', [ingress]), contextWith(20_000))).rejects.toThrow(/delete of Ingress\/web still failing after retrying/);
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
  const webNs = { ...ns, metadata: { name: 'web', labels: { 'cdk-eks-kit/owner': 'abc123' } } };
  fake = new FakeTools([{ match: '^kubectl get .* -o json', stdout: list(cm('old'), webNs) }]);
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
      OwnerValue: 'fam1-chart', OwnerFamily: 'fam1',
      ...extra,
    },
  });
  /** The release Secrets of 'nginx' in 'web', as `kubectl get secrets -o json` lists them. */
  const secrets = (...revisions: Array<[number, string, Record<string, string>?]>) => ({
    match: '^kubectl get secrets',
    stdout: list(...revisions.map(([version, status, labels]) => ({
      apiVersion: 'v1', kind: 'Secret',
      metadata: { name: `sh.helm.release.v1.nginx.v${version}`, namespace: 'web', labels: { name: 'nginx', owner: 'helm', status, version: String(version), ...labels } },
    }))),
  });
  const HELM4 = { match: '^helm version', stdout: 'v4.1.4+g05fa379\n' };

  test('install runs helm upgrade --install with the options and labels the release with its owner', async () => {
    fake = new FakeTools();
    const response = await handler(helmEvent('Create'), contextWith(60_000));
    expect(response.PhysicalResourceId).toBe('helm/web/nginx');
    const upgrade = fake.calls().find((c) => c.args[0] === 'upgrade')!;
    expect(upgrade.args.slice(0, 4)).toEqual(['upgrade', 'nginx', 'nginx', '--install']);
    expect(upgrade.args).toEqual(expect.arrayContaining(['--namespace', 'web', '--repo', 'https://charts.example.com', '--version', '1.2.3', '--create-namespace', '--wait', '--atomic',
      '--labels', 'cdk-eks-kit/owner=fam1-chart']));
    expect(upgrade.args.find((a) => a.startsWith('--timeout='))).toMatch(/^--timeout=\d+s$/);
    expect(upgrade.args).not.toContain('--skip-crds');
    expect(logs.join('\n')).not.toContain('chart-secret-value');
  });

  test('with Helm 4 (v35+ layers) the same request uses --rollback-on-failure and --wait=watcher', async () => {
    fake = new FakeTools([HELM4]);
    await handler(helmEvent('Create', { SkipCrds: 'true' }), contextWith(60_000));
    const upgrade = fake.calls().find((c) => c.args[0] === 'upgrade')!;
    expect(upgrade.args).toEqual(expect.arrayContaining(['--wait=watcher', '--rollback-on-failure', '--skip-crds']));
    expect(upgrade.args).not.toContain('--atomic');
    expect(upgrade.args).not.toContain('--wait');
  });

  test('an OCI chart is passed as the chart reference, without --repo (Helm 4 ignores it otherwise)', async () => {
    fake = new FakeTools();
    await handler(helmEvent('Create', { Chart: 'oci://public.ecr.aws/karpenter/karpenter', Repository: '' }), contextWith(60_000));
    const upgrade = fake.calls().find((c) => c.args[0] === 'upgrade')!;
    expect(upgrade.args[2]).toBe('oci://public.ecr.aws/karpenter/karpenter');
    expect(upgrade.args).not.toContain('--repo');
  });

  test.each([['Helm 3', undefined, ['--wait']], ['Helm 4', HELM4, ['--wait=watcher']]] as const)(
    '%s: a release stuck in pending-upgrade is rolled back to its last good revision first', async (_name, version, wait) => {
      fake = new FakeTools([...(version ? [version] : []), secrets([1, 'superseded'], [2, 'deployed'], [3, 'pending-upgrade'])]);
      await handler(helmEvent('Update'), contextWith(60_000));
      const helm = fake.calls().filter((c) => c.tool === 'helm' && c.args[0] !== 'version');
      expect(helm.map((c) => c.args.slice(0, 3).join(' '))).toEqual(['rollback nginx 2', expect.stringMatching(/^upgrade nginx nginx/)]);
      expect(helm[0].args).toEqual(expect.arrayContaining([...wait]));
    });

  test('a release stuck in pending-install that never deployed is uninstalled first', async () => {
    fake = new FakeTools([secrets([1, 'pending-install'])]);
    await handler(helmEvent('Create'), contextWith(60_000));
    expect(fake.calls().filter((c) => c.tool === 'helm' && c.args[0] !== 'version').map((c) => c.args[0])).toEqual(['uninstall', 'upgrade']);
  });

  test('a release left uninstalling by a killed uninstall is uninstalled, then installed again', async () => {
    fake = new FakeTools([secrets([1, 'superseded'], [2, 'uninstalling'])]);
    await handler(helmEvent('Update'), contextWith(60_000));
    expect(fake.calls().filter((c) => c.tool === 'helm' && c.args[0] !== 'version').map((c) => c.args[0])).toEqual(['uninstall', 'upgrade']);
  });

  test('a release of a renamed chart construct (a sibling in the stack) is taken over and remembers its previous owner', async () => {
    fake = new FakeTools([secrets([1, 'deployed', { 'cdk-eks-kit/owner': 'fam1-oldname' }])]);
    await handler(helmEvent('Create'), contextWith(60_000));
    const upgrade = fake.calls().find((c) => c.args[0] === 'upgrade')!;
    expect(upgrade.args[upgrade.args.indexOf('--labels') + 1]).toBe('cdk-eks-kit/owner=fam1-chart,cdk-eks-kit/adopted-from=fam1-oldname');
  });

  test('delete uninstalls only a release this resource owns', async () => {
    // GIVEN the release is owned by the renamed chart's new resource
    fake = new FakeTools([secrets([1, 'deployed', { 'cdk-eks-kit/owner': 'fam1-newname', 'cdk-eks-kit/adopted-from': 'fam1-chart' }])]);
    await handler(helmEvent('Delete'), contextWith(60_000));
    // THEN the old resource's Delete leaves it installed, and confirms the takeover
    expect(fake.calls().filter((c) => c.args[0] === 'uninstall')).toEqual([]);
    expect(fake.calls().find((c) => c.args[0] === 'label')!.args).toEqual(expect.arrayContaining(['secret', 'sh.helm.release.v1.nginx.v1', 'cdk-eks-kit/adopted-from-']));
    expect(logs.join('\n')).toMatch(/release nginx: kept, it is owned by another resource \(fam1-newname\)/);
    // WHEN it owns it THEN it uninstalls
    fake.dispose();
    fake = new FakeTools([secrets([1, 'deployed', { 'cdk-eks-kit/owner': 'fam1-chart' }])]);
    await handler(helmEvent('Delete'), contextWith(60_000));
    expect(fake.calls().find((c) => c.args[0] === 'uninstall')!.args).not.toContain('--ignore-not-found');
  });

  test('a rollback of a takeover hands the release back instead of uninstalling it', async () => {
    fake = new FakeTools([secrets([1, 'deployed', { 'cdk-eks-kit/owner': 'fam1-chart', 'cdk-eks-kit/adopted-from': 'fam1-oldname' }])]);
    await handler(helmEvent('Delete'), contextWith(60_000));
    expect(fake.calls().filter((c) => c.args[0] === 'uninstall')).toEqual([]);
    expect(fake.calls().find((c) => c.args[0] === 'label')!.args).toEqual(expect.arrayContaining(['cdk-eks-kit/owner=fam1-oldname', 'cdk-eks-kit/adopted-from-', '--overwrite']));
  });

  test('renaming the release changes the physical ID, so CloudFormation deletes (uninstalls) the old one', async () => {
    fake = new FakeTools();
    const response = await handler(helmEvent('Update', { Release: 'nginx2', Namespace: 'edge' }), contextWith(60_000));
    expect(response.PhysicalResourceId).toBe('helm/edge/nginx2');
  });

  test('uninstalling a release that is already gone succeeds', async () => {
    fake = new FakeTools([secrets([1, 'deployed', { 'cdk-eks-kit/owner': 'fam1-chart' }]), { match: '^helm uninstall', exitCode: 1, stderr: 'Error: uninstall: Release not loaded: nginx: release: not found' }]);
    await expect(handler(helmEvent('Delete'), contextWith(60_000))).resolves.toEqual({ PhysicalResourceId: 'helm/web/nginx' });
    fake.dispose();
    fake = new FakeTools();
    await expect(handler(helmEvent('Delete'), contextWith(60_000))).resolves.toEqual({ PhysicalResourceId: 'helm/web/nginx' });
    expect(fake.calls().filter((c) => c.args[0] === 'uninstall')).toEqual([]);
  });

  describe('readiness checks of a long wait', () => {
    const readyEvent = (final: string): OnEventRequest => ({
      RequestType: 'Create', ResourceType: RESOURCE_TYPES.helmReady, LogicalResourceId: 'Ready1',
      ResourceProperties: { Release: 'nginx', Namespace: 'web', TimeoutSeconds: '1', Final: final, Revision: 'abc' },
    });
    const deployment = (available: number) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation: 1 }, spec: { replicas: 2 }, status: { observedGeneration: 1, updatedReplicas: 2, availableReplicas: available } });

    test('succeed once the release\'s workloads are ready', async () => {
      fake = new FakeTools([secrets([1, 'deployed']), { match: '^helm get manifest', stdout: 'kind: Deployment\n' },
        { match: '^kubectl get -f -', times: 1, stdout: list(deployment(1)) }, { match: '^kubectl get -f -', stdout: list(deployment(2)) }]);
      await expect(handler(readyEvent('true'), contextWith(20_000))).resolves.toEqual({ PhysicalResourceId: 'helm-ready/web/nginx/Ready1' });
      expect(fake.calls().find((c) => c.args[0] === 'get' && c.args[2] === '-')!.stdin).toBe('kind: Deployment\n');
    });

    test('a check that is not the last succeeds when its time is up; the last one fails naming what is not ready', async () => {
      fake = new FakeTools([secrets([1, 'deployed']), { match: '^helm get manifest', stdout: 'kind: Deployment\n' }, { match: '^kubectl get -f -', stdout: list(deployment(1)) }]);
      await expect(handler(readyEvent('false'), contextWith(20_000))).resolves.toBeDefined();
      await expect(handler(readyEvent('true'), contextWith(20_000))).rejects.toThrow(/release nginx in namespace web was not ready within its timeout: Deployment\/web: 1\/2 replicas available/);
    });

    test('a failed release fails at once', async () => {
      fake = new FakeTools([secrets([1, 'failed'])]);
      await expect(handler(readyEvent('false'), contextWith(20_000))).rejects.toThrow(/release nginx in namespace web failed/);
    });
  });

  test('a hanging helm is stopped before the deadline', async () => {
    fake = new FakeTools([{ match: '^helm upgrade', hang: true }]);
    const started = Date.now();
    await expect(handler(helmEvent('Create'), contextWith(2500))).rejects.toThrow(/deadline/);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

describe('patches and reads', () => {
  const patchEvent = (type: 'Create' | 'Update' | 'Delete', props: Record<string, string> = {}, old?: Record<string, string>): OnEventRequest => ({
    RequestType: type, ResourceType: RESOURCE_TYPES.patch, LogicalResourceId: 'Patch',
    PhysicalResourceId: type === 'Create' ? undefined : 'patch/kube-system/deployment/coredns',
    ResourceProperties: { ResourceName: 'deployment/coredns', Namespace: 'kube-system', PatchType: 'strategic', ApplyPatch: '{"a":1}', RestorePatch: '{"a":0}', ...props },
    OldResourceProperties: old && { ResourceName: 'deployment/coredns', Namespace: 'kube-system', PatchType: 'strategic', ApplyPatch: '{"a":1}', RestorePatch: '{"a":0}', ...old },
  });

  test('a patch whose target changes restores the old target first', async () => {
    fake = new FakeTools();
    await handler(patchEvent('Update', { ResourceName: 'deployment/other', ApplyPatch: '{"b":1}' }), contextWith(20_000));
    expect(fake.calls().map((c) => c.args.slice(0, 2).concat(c.args[c.args.indexOf('--patch') + 1]))).toEqual([['patch', 'deployment/other', '{"b":1}']]);
    fake.dispose();
    fake = new FakeTools();
    await handler(patchEvent('Update', { ResourceName: 'deployment/other', ApplyPatch: '{"b":1}', RestorePatch: '{"b":0}' }, {}), contextWith(20_000));
    expect(fake.calls().map((c) => c.args.slice(0, 2).concat(c.args[c.args.indexOf('--patch') + 1]))).toEqual([
      ['patch', 'deployment/coredns', '{"a":0}'],
      ['patch', 'deployment/other', '{"b":1}'],
    ]);
  });

  test('create applies the patch; delete applies the restore patch and tolerates a missing object', async () => {
    fake = new FakeTools([{ match: '^kubectl patch .*"a":0', exitCode: 1, stderr: 'Error from server (NotFound): deployments.apps "coredns" not found' }]);
    await handler(patchEvent('Create'), contextWith(20_000));
    await handler(patchEvent('Delete'), contextWith(20_000));
    expect(fake.calls().map((c) => c.args)).toEqual([
      ['patch', 'deployment/coredns', '--namespace', 'kube-system', '--type=strategic', '--patch', '{"a":1}', '--request-timeout=60s'],
      ['patch', 'deployment/coredns', '--namespace', 'kube-system', '--type=strategic', '--patch', '{"a":0}', '--request-timeout=60s'],
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

  test('a value too large for the CloudFormation response (measured as sent, with escaping) fails with a clear message', async () => {
    const event = { ...valueEvent('60'), StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${'s'.repeat(100)}/guid`, RequestId: 'r'.repeat(36) };
    // 3,400 raw bytes fit the old 3,500-byte check, but quotes are escaped in the response
    fake = new FakeTools([{ match: '^kubectl get', stdout: '"'.repeat(1800) + 'x'.repeat(1600) }]);
    await expect(handler(event, contextWith(20_000))).rejects.toThrow(/makes the response to CloudFormation \d+ bytes; CloudFormation accepts at most 4096/);
    fake.dispose();
    fake = new FakeTools([{ match: '^kubectl get', stdout: 'x'.repeat(3500) }]);
    await expect(handler(event, contextWith(20_000))).resolves.toMatchObject({ Data: { Value: 'x'.repeat(3500) } });
  });

  test('a typo in the object type fails at once instead of polling until the timeout', async () => {
    fake = new FakeTools([{ match: '^kubectl get', exitCode: 1, stderr: 'error: the server doesn\'t have a resource type "servcie"' }]);
    const started = Date.now();
    await expect(handler(valueEvent('60'), contextWith(20_000))).rejects.toThrow(/doesn't have a resource type "servcie"/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fake.calls()).toHaveLength(1);
  });

  test('an object value that never appears fails after its timeout', async () => {
    fake = new FakeTools([{ match: '^kubectl get', exitCode: 1, stderr: 'Error from server (NotFound): services "web" not found' }]);
    const started = Date.now();
    await expect(handler(valueEvent('1'), contextWith(20_000))).rejects.toThrow(/had no value at .* within 1s/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
