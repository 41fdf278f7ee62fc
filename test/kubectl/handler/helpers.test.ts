beforeEach(() => { jest.spyOn(console, 'log').mockImplementation(() => undefined); });
afterEach(() => jest.restoreAllMocks());

import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { renderKubeconfig } from '../../../lib/kubectl/handler/kubeconfig';
import { applyPhases, objectKey, parseInventory, removedObjects } from '../../../lib/kubectl/handler/manifest';
import { redact, secretLeaves, secretValues } from '../../../lib/kubectl/handler/redact';
import { TransientError, withRetries } from '../../../lib/kubectl/handler/retry';
import { extractZip } from '../../../lib/kubectl/handler/unzip';
import { zipDirectory } from './zip-writer';

test('the kubeconfig points at the endpoint with the CA data and the bearer token', () => {
  const config = JSON.parse(renderKubeconfig({ clusterName: 'c1', endpoint: 'https://x.eks.amazonaws.com', certificateAuthorityData: 'Q0E=', token: 'k8s-aws-v1.abc' }));
  expect(config).toMatchObject({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'applier',
    clusters: [{ name: 'c1', cluster: { server: 'https://x.eks.amazonaws.com', 'certificate-authority-data': 'Q0E=' } }],
    users: [{ name: 'kubectl-applier', user: { token: 'k8s-aws-v1.abc' } }],
    contexts: [{ name: 'applier', context: { cluster: 'c1', user: 'kubectl-applier' } }],
  });
});

test('namespaces then CRDs apply first; removed objects are found by identity', () => {
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } };
  const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' } };
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' } };
  const phases = applyPhases([cm, crd, ns]);
  expect(phases.first).toEqual([ns, crd]);
  expect(phases.rest).toEqual([cm]);
  expect(phases.crdNames).toEqual(['widgets.example.com']);
  const renamed = { ...cm, metadata: { name: 'c2', namespace: 'a' } };
  expect(removedObjects([ns, cm], [ns, renamed])).toEqual([cm]);
});

test('withRetries backs off with jitter and gives up at the deadline', async () => {
  let attempts = 0;
  const result = await withRetries('x', async () => {
    attempts++;
    if (attempts < 3) throw new TransientError('busy');
    return 'ok';
  }, { deadline: Date.now() + 5000, baseDelayMs: 5, random: () => 0.5 });
  expect(result).toBe('ok');
  expect(attempts).toBe(3);
  const started = Date.now();
  await expect(withRetries('y', async () => { throw new TransientError('still busy'); }, { deadline: Date.now() + 300, baseDelayMs: 20 }))
    .rejects.toThrow(/still failing when the handler's deadline came.*still busy/);
  expect(Date.now() - started).toBeLessThan(1000);
  await expect(withRetries('z', async () => { throw new Error('invalid'); }, { deadline: Date.now() + 5000 })).rejects.toThrow('invalid');
  // an unreachable cluster gives up after the retry window, long before the deadline
  const windowStart = Date.now();
  await expect(withRetries('w', async () => { throw new TransientError('connection refused'); }, { deadline: Date.now() + 60_000, baseDelayMs: 20, windowMs: 300 }))
    .rejects.toThrow(/w still failing after retrying for \d+ s, after \d+ attempt\(s\): connection refused/);
  expect(Date.now() - windowStart).toBeLessThan(1500);
});

test('redact removes Secret values, their base64 forms and echoed data blocks', () => {
  const secrets = secretValues([{ kind: 'Secret', stringData: { password: 'hunter2-secret' } }, { kind: 'ConfigMap', data: { a: 'visible' } }]);
  expect(secrets).toEqual(['hunter2-secret']);
  const b64 = Buffer.from('hunter2-secret').toString('base64');
  const out = redact(`failed: password=hunter2-secret (${b64}) {"data":{"password":"abc"}}`, secrets);
  expect(out).not.toContain('hunter2');
  expect(out).not.toContain(b64);
  expect(out).toContain('"data":{***}');
});

test('extractZip unpacks deflated entries in subdirectories and refuses non-zips and path traversal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zip-'));
  mkdirSync(join(dir, 'src', 'templates'), { recursive: true });
  writeFileSync(join(dir, 'src', 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 0.1.0\n'.repeat(20));
  writeFileSync(join(dir, 'src', 'templates', 'cm.yaml'), 'x');
  extractZip(zipDirectory(join(dir, 'src')), join(dir, 'out'));
  expect(readFileSync(join(dir, 'out', 'Chart.yaml'), 'utf8')).toContain('name: demo');
  expect(readFileSync(join(dir, 'out', 'templates', 'cm.yaml'), 'utf8')).toBe('x');
  expect(() => extractZip(Buffer.from('not a zip at all, definitely not'), join(dir, 'bad'))).toThrow(/not a zip/);
  // an entry named ../x would land outside the target
  mkdirSync(join(dir, 'evil'));
  writeFileSync(join(dir, 'evil', 'aaaa.txt'), 'x');
  const evil = Buffer.from(zipDirectory(join(dir, 'evil')).toString('latin1').split('aaaa.txt').join('../a.txt'), 'latin1');
  expect(() => extractZip(evil, join(dir, 'target'))).toThrow(/escapes the target directory/);
});

test('Helm values: values under secret-sounding keys and long opaque strings are hidden, ordinary settings are not', () => {
  const leaves = secretLeaves({ logLevel: 'info', auth: { user: 'admin', password: 'pw-1234' }, apiKey: 'k-123', image: { tag: 'v1.2.3' }, blob: 'A'.repeat(30) });
  expect(leaves.sort()).toEqual(['A'.repeat(30), 'admin', 'k-123', 'pw-1234'].sort());
});

test('inventories list names per type and namespace; identities ignore the version', () => {
  expect(parseInventory('v1|ConfigMap|web|a,b\napps/v1|Deployment|web|d\nv1|Namespace||web')).toEqual([
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'web' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'web' } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'web' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } },
  ]);
  expect(objectKey({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'n' } }))
    .toBe(objectKey({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'n' } }));
});

test('readiness follows what helm --wait waits for', () => {
  const { notReadyReason } = require('../../../lib/kubectl/handler/helm-ready');
  const dep = (status: object, spec: object = { replicas: 3 }) => ({ kind: 'Deployment', metadata: { generation: 2 }, spec, status });
  expect(notReadyReason(dep({ observedGeneration: 1, updatedReplicas: 3, availableReplicas: 3 }))).toBe('its new spec is not observed yet');
  expect(notReadyReason(dep({ observedGeneration: 2, updatedReplicas: 2, availableReplicas: 3 }))).toBe('2/3 replicas updated');
  expect(notReadyReason(dep({ observedGeneration: 2, updatedReplicas: 3, availableReplicas: 3 }))).toBeUndefined();
  expect(notReadyReason(dep({}, { paused: true }))).toBeUndefined();
  expect(notReadyReason({ kind: 'DaemonSet', metadata: {}, status: { desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 1 } })).toBe('1/3 pods available');
  expect(notReadyReason({ kind: 'StatefulSet', metadata: {}, spec: { replicas: 2 }, status: { readyReplicas: 2 } })).toBeUndefined();
  expect(notReadyReason({ kind: 'PersistentVolumeClaim', status: { phase: 'Pending' } })).toBe('Pending, not Bound');
  expect(notReadyReason({ kind: 'Service', spec: { type: 'LoadBalancer' }, status: {} })).toBe('no load balancer address yet');
  expect(notReadyReason({ kind: 'Service', spec: { type: 'ClusterIP' } })).toBeUndefined();
  expect(notReadyReason({ kind: 'Job', status: { conditions: [{ type: 'Complete', status: 'True' }] } })).toBeUndefined();
  expect(notReadyReason({ kind: 'ConfigMap' })).toBeUndefined();
});
