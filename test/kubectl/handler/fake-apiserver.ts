/**
 * A small in-memory Kubernetes API server over HTTPS, good enough for the real kubectl
 * (1.29–1.36) and Helm (3 and 4) of the kubectl layers: discovery, CRUD, list with label and
 * field selectors, server-side apply (as a merge), finalizers, CRDs that register their kind,
 * empty watches, and injected faults (status codes, hangs). It is a test double, not a
 * conformant server: it exists so that tests and the fixture capture script
 * (scripts/capture-tool-fixtures.ts) can see what the tools really print and do.
 */
import { createHash, randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import { join } from 'path';
import { gunzipSync } from 'zlib';

const FIXTURES = join(__dirname, '..', 'fixtures');
/** Test-only key and certificate (CN "cdk-eks-kit fake API server (test only)", SAN 127.0.0.1). */
export const FAKE_CERT = readFileSync(join(FIXTURES, 'fake-apiserver-cert.pem'));
const FAKE_KEY = readFileSync(join(FIXTURES, 'fake-apiserver-key.pem'));

/** An injected answer: the first fault whose method and path match wins. */
export interface Fault {
  /** HTTP method (GET, PATCH, ...); any when absent. */
  readonly method?: string;
  /** Tested against the path with its query string. */
  readonly path?: RegExp;
  /** Status code to answer with (a Kubernetes Status body is built unless `body` is given). */
  readonly status?: number;
  readonly reason?: string;
  readonly message?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Never answer (the client's timeout decides). */
  readonly hang?: boolean;
  /** Apply to the first N matching requests only. */
  readonly times?: number;
}

interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

const BUILT_IN: ResourceType[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true },
  { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress', namespaced: true },
  { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false },
];

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Paths that only discover the API (kept working by `writeFaults`). */
export const DISCOVERY_PATH = /^\/(version|api|apis|api\/v1|apis\/[^/]+\/[^/]+|openapi\/.*)(\?.*)?$/;

/** A Kubernetes Status object. */
export function statusBody(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

const REASONS: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 422: 'Invalid',
  429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout',
};

export class FakeApiServer {
  /** Starts a server on a free port of 127.0.0.1. */
  public static async start(faults: Fault[] = [], options: { minor?: number } = {}): Promise<FakeApiServer> {
    const server = new FakeApiServer(faults, options.minor ?? 35);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** Stored objects by `group|namespace|resource|name`. */
  public readonly objects = new Map<string, any>();
  /** Every request, as `METHOD path?query`. */
  public readonly requests: string[] = [];
  private faults: Array<Fault & { used: number }> = [];
  private readonly types = [...BUILT_IN];
  private readonly server: https.Server;
  private readonly sockets = new Set<net.Socket>();
  private revision = 1;

  private constructor(faults: Fault[], private readonly minor: number) {
    this.setFaults(faults);
    this.server = https.createServer({ key: FAKE_KEY, cert: FAKE_CERT }, (req, res) => this.handle(req, res));
    this.server.on('connection', (s: net.Socket) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
  }

  public get url(): string {
    const address = this.server.address() as net.AddressInfo;
    return `https://127.0.0.1:${address.port}`;
  }

  public setFaults(faults: Fault[]): void {
    this.faults = faults.map((f) => ({ ...f, used: 0 }));
  }

  /** A stored object, e.g. `get('', 'web', 'configmaps', 'c1')`. */
  public get(group: string, namespace: string, resource: string, name: string): any {
    return this.objects.get(key(group, namespace, resource, name));
  }

  /** Stores an object as if it had been created. */
  public put(object: any): void {
    const type = this.typeOfKind(object.apiVersion, object.kind);
    if (!type) throw new Error(`unknown kind ${object.apiVersion} ${object.kind}`);
    this.store(type, object.metadata.namespace ?? (type.namespaced ? 'default' : ''), object);
  }

  /** The Helm releases stored as Secrets (decoded), newest revision last. */
  public helmReleases(name: string, namespace: string): any[] {
    return [...this.objects.values()]
      .filter((o) => o.kind === 'Secret' && o.metadata.namespace === namespace && o.metadata.labels?.owner === 'helm' && o.metadata.labels?.name === name)
      .map((o) => ({ secret: o, release: decodeRelease(o.data.release) }))
      .sort((a, b) => a.release.version - b.release.version);
  }

  public async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: import('http').IncomingMessage, res: import('http').ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const method = req.method ?? 'GET';
      this.requests.push(`${method} ${path}`);
      const fault = this.faults.find((f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)) && (f.times === undefined || f.used < f.times));
      if (fault) {
        fault.used++;
        if (fault.hang) return; // never answer
        const status = fault.status ?? 500;
        const body = fault.body ?? statusBody(status, fault.reason ?? REASONS[status] ?? 'Unknown', fault.message ?? `injected ${status}`);
        send(res, status, body, fault.headers);
        return;
      }
      try {
        this.route(method, path, Buffer.concat(chunks), req.headers['content-type'] ?? '', res);
      } catch (e) {
        send(res, 500, statusBody(500, 'InternalError', `fake API server: ${(e as Error).message}`));
      }
    });
  }

  private route(method: string, rawPath: string, body: Buffer, contentType: string, res: import('http').ServerResponse): void {
    const url = new URL(rawPath, 'https://x');
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/version') {
      return send(res, 200, { major: '1', minor: String(this.minor), gitVersion: `v1.${this.minor}.0`, platform: 'linux/amd64' });
    }
    if (path === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (path === '/apis') return send(res, 200, this.groupList());
    if (path === '/openapi/v2') {
      // An empty OpenAPI v2 document (an empty protobuf message): no schemas to validate against.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end();
      return;
    }
    if (path === '/openapi/v3') return send(res, 200, { paths: {} });
    if (path.startsWith('/openapi')) return send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/(.*))?$/.exec(path);
    if (!m) return send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    const group = m[2] ?? '';
    const version = m[1] ?? m[3];
    const rest = (m[4] ?? '').split('/').filter(Boolean);
    if (rest.length === 0) return send(res, 200, this.resourceList(group, version));
    let namespace = '';
    let segments = rest;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      segments = rest.slice(2);
    }
    const [resource, name, sub] = segments;
    const type = this.types.find((t) => t.group === group && t.version === version && t.resource === resource);
    if (!type) return send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    if (sub && sub !== 'status') return send(res, 404, statusBody(404, 'NotFound', `unsupported subresource ${sub}`));
    const params = url.searchParams;
    if (!name) {
      if (method === 'GET') return this.list(type, namespace, params, res);
      if (method === 'POST') return this.create(type, namespace, parse(body), res, params);
      return send(res, 405, statusBody(405, 'MethodNotAllowed', `${method} on a collection`));
    }
    const k = key(group, type.namespaced ? namespace : '', resource, name);
    const existing = this.objects.get(k);
    const notFound = () => send(res, 404, statusBody(404, 'NotFound', `${resource}${group ? `.${group}` : ''} "${name}" not found`));
    switch (method) {
      case 'GET':
        return existing ? send(res, 200, existing) : notFound();
      case 'PUT': {
        if (!existing) return notFound();
        const obj = parse(body);
        return send(res, 200, this.store(type, namespace, { ...obj, metadata: { ...obj.metadata, uid: existing.metadata.uid, creationTimestamp: existing.metadata.creationTimestamp } }));
      }
      case 'PATCH': {
        const patch = parse(body);
        if (!existing && type.namespaced && !this.objects.has(key('', '', 'namespaces', namespace))) {
          return send(res, 404, { ...statusBody(404, 'NotFound', `namespaces "${namespace}" not found`), details: { name: namespace, kind: 'namespaces' } });
        }
        if (contentType.includes('apply-patch')) {
          const merged = existing ? merge(existing, patch) : patch;
          return send(res, existing ? 200 : 201, this.store(type, namespace, merged));
        }
        if (!existing) return notFound();
        if (contentType.includes('json-patch')) return send(res, 200, this.store(type, namespace, jsonPatch(existing, patch)));
        return send(res, 200, this.store(type, namespace, merge(existing, patch)));
      }
      case 'DELETE': {
        if (!existing) return notFound();
        if ((existing.metadata.finalizers ?? []).length > 0) {
          existing.metadata.deletionTimestamp ??= new Date().toISOString();
          return send(res, 200, existing);
        }
        this.objects.delete(k);
        return send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: resource, uid: existing.metadata.uid } });
      }
      default:
        return send(res, 405, statusBody(405, 'MethodNotAllowed', method));
    }
  }

  private list(type: ResourceType, namespace: string, params: URLSearchParams, res: import('http').ServerResponse): void {
    const selector = params.get('labelSelector') ?? '';
    const field = params.get('fieldSelector') ?? '';
    const items = [...this.objects.entries()]
      .filter(([k]) => k.startsWith(`${type.group}|`) && k.split('|')[2] === type.resource && (!namespace || k.split('|')[1] === namespace))
      .map(([, o]) => o)
      .filter((o) => matchesLabels(o.metadata.labels ?? {}, selector))
      .filter((o) => matchesFields(o, field));
    const list = { kind: `${type.kind}List`, apiVersion: type.group ? `${type.group}/${type.version}` : type.version, metadata: { resourceVersion: String(this.revision) }, items };
    if (params.get('watch') === 'true' || params.get('watch') === '1') {
      // A watch that stays open without events. With sendInitialEvents (client-go's
      // streaming list, used by Helm 4's watcher) the objects come first, then the bookmark
      // that ends the initial events.
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      if (params.get('sendInitialEvents') === 'true') {
        for (const o of items) res.write(`${JSON.stringify({ type: 'ADDED', object: o })}\n`);
        res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: type.kind, apiVersion: list.apiVersion, metadata: { resourceVersion: String(this.revision), annotations: { 'k8s.io/initial-events-end': 'true' } } } })}\n`);
      } else {
        res.write('');
      }
      return;
    }
    send(res, 200, list);
  }

  private create(type: ResourceType, namespace: string, obj: any, res: import('http').ServerResponse, params: URLSearchParams): void {
    const name = obj.metadata?.name ?? (obj.metadata?.generateName ? `${obj.metadata.generateName}${randomUUID().slice(0, 5)}` : undefined);
    if (!name) return send(res, 422, statusBody(422, 'Invalid', 'metadata.name: Required value'));
    const k = key(type.group, type.namespaced ? namespace : '', type.resource, name);
    if (type.namespaced && !this.objects.has(key('', '', 'namespaces', namespace))) {
      return send(res, 404, { ...statusBody(404, 'NotFound', `namespaces "${namespace}" not found`), details: { name: namespace, kind: 'namespaces' } });
    }
    if (this.objects.has(k)) {
      return send(res, 409, { ...statusBody(409, 'AlreadyExists', `${type.resource}${type.group ? `.${type.group}` : ''} "${name}" already exists`), details: { name, kind: type.resource } });
    }
    if (params.get('dryRun')) return send(res, 201, obj);
    send(res, 201, this.store(type, namespace, { ...obj, metadata: { ...obj.metadata, name } }));
  }

  private store(type: ResourceType, namespace: string, obj: any): any {
    const ns = type.namespaced ? namespace || obj.metadata?.namespace || 'default' : '';
    const k = key(type.group, ns, type.resource, obj.metadata.name);
    const previous = this.objects.get(k);
    const stored = {
      ...obj,
      apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
      kind: type.kind,
      metadata: {
        ...obj.metadata,
        ...(ns ? { namespace: ns } : {}),
        uid: previous?.metadata.uid ?? obj.metadata.uid ?? randomUUID(),
        resourceVersion: String(++this.revision),
        creationTimestamp: previous?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    };
    delete stored.metadata.managedFields;
    if (type.kind === 'CustomResourceDefinition') this.registerCrd(stored);
    if (type.kind === 'Deployment') {
      const replicas = stored.spec?.replicas ?? 1;
      stored.status = { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, conditions: [{ type: 'Available', status: 'True' }] };
      stored.metadata.generation = 1;
    }
    this.objects.set(k, stored);
    return stored;
  }

  private registerCrd(crd: any): void {
    const spec = crd.spec ?? {};
    for (const v of spec.versions ?? []) {
      if (!this.types.some((t) => t.group === spec.group && t.version === v.name && t.resource === spec.names?.plural)) {
        this.types.push({ group: spec.group, version: v.name, resource: spec.names.plural, kind: spec.names.kind, namespaced: spec.scope !== 'Cluster' });
      }
    }
    crd.status = {
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts' },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted' },
      ],
      acceptedNames: spec.names,
      storedVersions: (spec.versions ?? []).map((v: any) => v.name),
    };
  }

  private typeOfKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.types.find((t) => t.group === group && t.version === version && t.kind === kind);
  }

  private groupList(): unknown {
    const groups = new Map<string, Set<string>>();
    for (const t of this.types.filter((x) => x.group)) {
      if (!groups.has(t.group)) groups.set(t.group, new Set());
      groups.get(t.group)!.add(t.version);
    }
    return {
      kind: 'APIGroupList', apiVersion: 'v1',
      groups: [...groups.entries()].map(([name, versions]) => {
        const list = [...versions].map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
        return { name, versions: list, preferredVersion: list[0] };
      }),
    };
  }

  private resourceList(group: string, version: string): unknown {
    return {
      kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version,
      resources: this.types.filter((t) => t.group === group && t.version === version).flatMap((t) => [
        { name: t.resource, singularName: t.kind.toLowerCase(), namespaced: t.namespaced, kind: t.kind, verbs: VERBS },
        ...(t.kind === 'Deployment' || t.kind === 'CustomResourceDefinition' ? [{ name: `${t.resource}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] }] : []),
      ]),
    };
  }
}

/**
 * A TCP server that accepts connections and never speaks (the client's TLS handshake times
 * out), and a port where nothing listens (connections are refused).
 */
export class SilentServer {
  public static async start(): Promise<SilentServer> {
    const s = new SilentServer();
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  private readonly server = net.createServer((socket) => { this.sockets.add(socket); socket.on('error', () => undefined); });
  private readonly sockets = new Set<net.Socket>();

  public get url(): string {
    return `https://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port on 127.0.0.1 where nothing listens. */
export async function refusedUrl(): Promise<string> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `https://127.0.0.1:${port}`;
}

/**
 * A minimal OCI registry (the distribution API subset Helm pulls with) serving charts
 * packaged by `helm package`, with the same fault injection as the API server. It answers
 * HTTPS and plain HTTP on the same port: Helm 3 talks plain HTTP to a registry on 127.0.0.1,
 * Helm 4 HTTPS.
 */
export class FakeOciRegistry {
  public static async start(faults: Fault[] = []): Promise<FakeOciRegistry> {
    const r = new FakeOciRegistry(faults);
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  public readonly requests: string[] = [];
  private faults: Array<Fault & { used: number }> = [];
  private readonly blobs = new Map<string, { mediaType: string; data: Buffer }>();
  private readonly manifests = new Map<string, Buffer>();
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  private constructor(faults: Fault[]) {
    this.setFaults(faults);
    const plain = http.createServer((req, res) => this.handle(req, res));
    const tls = https.createServer({ key: FAKE_KEY, cert: FAKE_CERT }, (req, res) => this.handle(req, res));
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      // A TLS ClientHello starts with 0x16: hand the connection to the HTTPS server, else to HTTP.
      socket.once('readable', () => {
        const first: Buffer | null = socket.read(1);
        if (!first) return;
        socket.unshift(first);
        (first[0] === 0x16 ? tls : plain).emit('connection', socket);
      });
    });
  }

  /** `oci://127.0.0.1:<port>` */
  public get reference(): string {
    return `oci://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  public setFaults(faults: Fault[]): void {
    this.faults = faults.map((f) => ({ ...f, used: 0 }));
  }

  /** Serves a packaged chart (`helm package` output) as `<repository>:<version>`. */
  public addChart(repository: string, name: string, version: string, tgz: Buffer): void {
    const config = Buffer.from(JSON.stringify({ apiVersion: 'v2', name, version }));
    const layer = { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: digest(tgz), size: tgz.length };
    const configDesc = { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: digest(config), size: config.length };
    this.blobs.set(layer.digest, { mediaType: layer.mediaType, data: tgz });
    this.blobs.set(configDesc.digest, { mediaType: configDesc.mediaType, data: config });
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: configDesc, layers: [layer] }));
    this.manifests.set(`${repository}:${version}`, manifest);
    this.manifests.set(`${repository}@${digest(manifest)}`, manifest);
  }

  public async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: import('http').IncomingMessage, res: import('http').ServerResponse): void {
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    this.requests.push(`${method} ${path}`);
    req.resume();
    const fault = this.faults.find((f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)) && (f.times === undefined || f.used < f.times));
    if (fault) {
      fault.used++;
      if (fault.hang) return;
      const status = fault.status ?? 500;
      const body = fault.body ?? { errors: [{ code: status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'DENIED' : status === 429 ? 'TOOMANYREQUESTS' : 'UNKNOWN', message: fault.message ?? `injected ${status}` }] };
      // '{self}' in a header is this registry's own URL (e.g. the token realm of a 401).
      const self = `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
      const headers = Object.fromEntries(Object.entries(fault.headers ?? {}).map(([k, v]) => [k, v.split('{self}').join(self)]));
      send(res, status, body, headers);
      return;
    }
    const pathname = new URL(path, 'https://x').pathname;
    if (pathname === '/v2/' || pathname === '/v2') return send(res, 200, {});
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/(.+)$/.exec(pathname);
    if (!m) return send(res, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
    const [, repo, kind, ref] = m;
    if (kind === 'manifests') {
      const manifest = this.manifests.get(ref.startsWith('sha256:') ? `${repo}@${ref}` : `${repo}:${ref}`);
      if (!manifest) return send(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
      const headers = { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': digest(manifest), 'content-length': String(manifest.length) };
      res.writeHead(200, headers);
      res.end(method === 'HEAD' ? undefined : manifest);
      return;
    }
    const blob = this.blobs.get(ref);
    if (!blob) return send(res, 404, { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry' }] });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'docker-content-digest': ref, 'content-length': String(blob.data.length) });
    res.end(method === 'HEAD' ? undefined : blob.data);
  }
}

function digest(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function key(group: string, namespace: string, resource: string, name: string): string {
  return [group, namespace, resource, name].join('|');
}

function send(res: import('http').ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

function parse(body: Buffer): any {
  // Helm's typed clients (its release Secrets) send protobuf: magic 'k8s\0' + runtime.Unknown.
  if (body.length >= 4 && body.subarray(0, 4).toString('latin1') === 'k8s\0') return decodeProtobufObject(body.subarray(4));
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error(`request body is neither JSON nor Kubernetes protobuf: ${body.toString('utf8').slice(0, 80)}`);
  }
}

type ProtoField = { field: number; wire: number; value: bigint | Buffer };

/** Splits a protobuf message into its fields (varint and length-delimited only). */
function protoFields(buf: Buffer): ProtoField[] {
  const fields: ProtoField[] = [];
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[i++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (i < buf.length) {
    const tag = Number(varint());
    const wire = tag & 7;
    const field = tag >> 3;
    if (wire === 0) fields.push({ field, wire, value: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      fields.push({ field, wire, value: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 5) i += 4;
    else if (wire === 1) i += 8;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return fields;
}

function protoMap(entries: ProtoField[], field: number, asBase64: boolean): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const e of entries.filter((f) => f.field === field)) {
    const kv = protoFields(e.value as Buffer);
    const k = (kv.find((f) => f.field === 1)?.value as Buffer | undefined)?.toString('utf8') ?? '';
    const v = (kv.find((f) => f.field === 2)?.value as Buffer | undefined) ?? Buffer.alloc(0);
    out[k] = asBase64 ? v.toString('base64') : v.toString('utf8');
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Decodes the protobuf objects Helm sends (Secrets) into their JSON form. */
function decodeProtobufObject(buf: Buffer): any {
  const unknown = protoFields(buf);
  const typeMeta = protoFields((unknown.find((f) => f.field === 1)?.value as Buffer) ?? Buffer.alloc(0));
  const str = (fs: ProtoField[], n: number) => (fs.find((f) => f.field === n)?.value as Buffer | undefined)?.toString('utf8');
  const apiVersion = str(typeMeta, 1);
  const kind = str(typeMeta, 2);
  if (kind !== 'Secret') throw new Error(`protobuf body of kind ${kind} is not supported`);
  const secret = protoFields((unknown.find((f) => f.field === 2)?.value as Buffer) ?? Buffer.alloc(0));
  const meta = protoFields((secret.find((f) => f.field === 1)?.value as Buffer) ?? Buffer.alloc(0));
  const metadata: any = { name: str(meta, 1), namespace: str(meta, 3) };
  const labels = protoMap(meta, 11, false);
  if (labels) metadata.labels = labels;
  const annotations = protoMap(meta, 12, false);
  if (annotations) metadata.annotations = annotations;
  const rv = str(meta, 6);
  if (rv) metadata.resourceVersion = rv;
  return { apiVersion, kind, metadata, data: protoMap(secret, 2, true) ?? {}, type: str(secret, 3) };
}

/** JSON merge patch (RFC 7386), close enough to strategic merge and server-side apply here. */
function merge(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: any = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

function jsonPatch(target: any, ops: Array<{ op: string; path: string; value?: unknown }>): any {
  const out = JSON.parse(JSON.stringify(target));
  for (const op of ops) {
    const parts = op.path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop()!;
    let parent = out;
    for (const p of parts) parent = parent[p] ??= {};
    if (op.op === 'remove') delete parent[last];
    else parent[last] = op.value;
  }
  return out;
}

function matchesLabels(labels: Record<string, string>, selector: string): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const neq = /^([^!=]+)!=(.*)$/.exec(term);
    if (neq) return labels[neq[1]] !== neq[2];
    const eq = /^([^=]+)==?(.*)$/.exec(term);
    if (eq) return labels[eq[1]] === eq[2];
    if (term.startsWith('!')) return !(term.slice(1) in labels);
    return term in labels;
  });
}

function matchesFields(o: any, selector: string): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [field, value] = term.split('=');
    if (field === 'metadata.name') return o.metadata.name === value;
    if (field === 'metadata.namespace') return o.metadata.namespace === value;
    return true;
  });
}

/** Helm's storage format: base64 of gzipped JSON, inside the Secret's base64 `data`. */
export function decodeRelease(data: string): any {
  const inner = Buffer.from(data, 'base64').toString('utf8');
  return JSON.parse(gunzipSync(Buffer.from(inner, 'base64')).toString('utf8'));
}

/** The inverse of {@link decodeRelease}. */
export function encodeRelease(release: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { gzipSync } = require('zlib') as typeof import('zlib');
  return Buffer.from(gzipSync(Buffer.from(JSON.stringify(release))).toString('base64')).toString('base64');
}
