import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { handler, OnEventRequest, RESOURCE_TYPES } from '../../../lib/kubectl/handler';
import { encodeRelease, FAKE_CERT, FakeApiServer, FakeOciRegistry } from './fake-apiserver';
import { layerTools } from './layers';

/**
 * The handler end to end with the real kubectl and helm of two shipped layers (v29: kubectl
 * 1.29 + Helm 3; v36: kubectl 1.36 + Helm 4) against the in-memory API server: the flags it
 * passes, ownership, Helm's recovery of a stuck release and OCI charts.
 */
const CHART = join(__dirname, '..', '..', '..', 'examples', 'charts', 'hello');
const LAYERS = ['v29', 'v36'];

const OWNER = { OwnerLabel: 'cdk-eks-kit/owner', OwnerValue: 'fam1-aaaa', OwnerFamily: 'fam1' };
const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } };
const cm = (name: string, data: Record<string, string> = { a: 'b' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'web' }, data });
const context = () => {
  const end = Date.now() + 60_000;
  return { getRemainingTimeInMillis: () => end - Date.now() };
};

describe.each(LAYERS)('the handler with the real tools of the %s layer', (layer) => {
  let api: FakeApiServer;
  let registry: FakeOciRegistry;
  const saved = { ...process.env };
  let tgz: Buffer;

  beforeAll(async () => {
    const { dir } = layerTools(layer);
    const work = mkdtempSync(join(tmpdir(), 'real-handler-'));
    execFileSync(join(dir, 'helm', 'helm'), ['package', CHART, '--destination', work], { env: { ...process.env, HOME: work } });
    tgz = readFileSync(join(work, 'hello-0.1.0.tgz'));
    api = await FakeApiServer.start();
    registry = await FakeOciRegistry.start();
    registry.addChart('charts/hello', 'hello', '0.1.0', tgz);
    writeFileSync(join(work, 'ca.pem'), FAKE_CERT);
    Object.assign(process.env, {
      PATH: `${join(dir, 'kubectl')}:${join(dir, 'helm')}:${process.env.PATH}`, WORK_DIR: work, AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', CLUSTER_NAME: 'c', CLUSTER_ENDPOINT: api.url,
      CLUSTER_CA_DATA: FAKE_CERT.toString('base64'), HANDLER_SAFETY_MS: '1000', RETRY_BASE_MS: '50', RETRY_WINDOW_MS: '2000',
      AUTH_RETRY_UNTIL: '0', SSL_CERT_FILE: join(work, 'ca.pem'), POLL_INTERVAL_MS: '200',
    });
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await api?.close();
    await registry?.close();
  });

  const manifest = (type: 'Create' | 'Update' | 'Delete', objects: unknown[], old?: unknown[]): OnEventRequest => ({
    RequestType: type, ResourceType: RESOURCE_TYPES.manifest, LogicalResourceId: 'M',
    PhysicalResourceId: type === 'Create' ? undefined : 'manifest/fam1-aaaa',
    ResourceProperties: { ...OWNER, Manifest: JSON.stringify(objects) },
    OldResourceProperties: old && { ...OWNER, Manifest: JSON.stringify(old) },
  });

  test('manifests: create labels the objects, update prunes what it still owns, delete leaves what another resource took over', async () => {
    await handler(manifest('Create', [ns, cm('c1'), cm('c2')]), context());
    expect(api.get('', 'web', 'configmaps', 'c1').metadata.labels['cdk-eks-kit/owner']).toBe('fam1-aaaa');
    // c2 is taken over by a sibling (e.g. a renamed manifest), then both leave the manifest
    api.put({ ...cm('c2'), metadata: { ...cm('c2').metadata, labels: { 'cdk-eks-kit/owner': 'fam1-bbbb' } } });
    await handler(manifest('Update', [ns, cm('c3')], [ns, cm('c1'), cm('c2')]), context());
    expect(api.get('', 'web', 'configmaps', 'c1')).toBeUndefined();
    expect(api.get('', 'web', 'configmaps', 'c2')).toBeDefined();
    expect(api.get('', 'web', 'configmaps', 'c3')).toBeDefined();
    await handler(manifest('Delete', [ns, cm('c3')]), context());
    expect(api.get('', 'web', 'configmaps', 'c3')).toBeUndefined();
    expect(api.get('', '', 'namespaces', 'web')).toBeUndefined();
    expect(api.get('', 'web', 'configmaps', 'c2')).toBeDefined();
  }, 60_000);

  test('a 401 from the API server fails at once once the access entry is old, with the tool\'s message', async () => {
    api.setFaults([{ status: 401, message: 'Unauthorized' }]);
    try {
      await expect(handler(manifest('Create', [cm('x')]), context())).rejects.toThrow(/the server has asked for the client to provide credentials.*HTTP 401/);
    } finally {
      api.setFaults([]);
    }
  }, 60_000);

  const helm = (type: 'Create' | 'Update' | 'Delete', extra: Record<string, string> = {}): OnEventRequest => ({
    RequestType: type, ResourceType: RESOURCE_TYPES.helm, LogicalResourceId: 'Chart',
    PhysicalResourceId: type === 'Create' ? undefined : 'helm/demo/hello',
    ResourceProperties: {
      Release: 'hello', Namespace: 'demo', Chart: CHART, Values: JSON.stringify({ message: 'one' }), CreateNamespace: 'true',
      Wait: 'true', Atomic: 'true', TimeoutSeconds: '20', OwnerValue: 'fam1-chart', OwnerFamily: 'fam1', ...extra,
    },
  });

  test('helm: install labels the release with its owner; a stuck pending-upgrade is rolled back and upgraded; delete uninstalls what it owns', async () => {
    await handler(helm('Create'), context());
    let releases = api.helmReleases('hello', 'demo');
    expect(releases.map((r) => r.release.info.status)).toEqual(['deployed']);
    expect(releases[0].secret.metadata.labels['cdk-eks-kit/owner']).toBe('fam1-chart');
    expect(api.get('', 'demo', 'configmaps', 'hello-message').data.message).toBe('one');

    // GIVEN a killed upgrade left revision 2 pending
    const stuck = { ...releases[0].release, version: 2, info: { ...releases[0].release.info, status: 'pending-upgrade' } };
    api.put({ apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: 'sh.helm.release.v1.hello.v2', namespace: 'demo',
      labels: { name: 'hello', owner: 'helm', status: 'pending-upgrade', version: '2', 'cdk-eks-kit/owner': 'fam1-chart' } }, data: { release: encodeRelease(stuck) } });
    // WHEN the next deploy updates the release
    await handler(helm('Update', { Values: JSON.stringify({ message: 'two' }) }), context());
    // THEN it was rolled back to 1 (revision 3; Helm leaves the killed revision in the history as it was) and upgraded (revision 4)
    releases = api.helmReleases('hello', 'demo');
    expect(releases.map((r) => `${r.release.version}:${r.release.info.status}`)).toEqual(['1:superseded', '2:pending-upgrade', '3:superseded', '4:deployed']);
    expect(api.get('', 'demo', 'configmaps', 'hello-message').data.message).toBe('two');

    // a Delete by a resource that does not own it keeps it
    await handler(helm('Delete', { OwnerValue: 'fam1-someone-else' }), context());
    expect(api.helmReleases('hello', 'demo')).toHaveLength(4);
    await handler(helm('Delete'), context());
    expect(api.helmReleases('hello', 'demo')).toEqual([]);
    expect(api.get('', 'demo', 'configmaps', 'hello-message')).toBeUndefined();
  }, 90_000);

  test('helm: an OCI chart installs from the registry with the handler\'s flags, and its readiness check passes', async () => {
    await handler(helm('Create', { Chart: `${registry.reference}/charts/hello`, Version: '0.1.0', Release: 'oci-hello' }), context());
    expect(api.helmReleases('oci-hello', 'demo').map((r) => r.release.info.status)).toEqual(['deployed']);
    expect(registry.requests.some((r) => r.includes('/v2/charts/hello/manifests/0.1.0'))).toBe(true);
    await expect(handler({
      RequestType: 'Create', ResourceType: RESOURCE_TYPES.helmReady, LogicalResourceId: 'Ready1',
      ResourceProperties: { Release: 'oci-hello', Namespace: 'demo', TimeoutSeconds: '10', Final: 'true', Revision: 'r' },
    }, context())).resolves.toBeDefined();
  }, 90_000);
});
