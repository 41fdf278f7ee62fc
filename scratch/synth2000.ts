import { App, Stack, Validations } from 'aws-cdk-lib';
import { Cluster, KubernetesManifest, KubernetesVersion } from '../lib';
const t0 = Date.now();
const app = new App({ outdir: '/tmp/synth2000', context: { 'cdk-eks-kit:supportCalendarDate': '2026-11-25' } });
const stack = new Stack(app, 'Tenants');
const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_30, allowEndOfSupportVersion: true });
Validations.of(cluster).acknowledge({ id: 'Annotation::cdk-eks-kit:endOfSupport', reason: 'measurement' });
for (let i = 0; i < 2000; i++) {
  new KubernetesManifest(stack, `Config${i}`, { cluster, batch: true, manifest: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `tenant-${i}`, namespace: 'tenants' }, data: { tenant: `t-${i}`, tier: 'standard' } }] });
}
const t1 = Date.now();
const asm = app.synth();
const t2 = Date.now();
const tpl = JSON.stringify(asm.getStackByName('Tenants').template);
console.log(`construct ${t1 - t0} ms, synth ${t2 - t1} ms, ${Object.keys(asm.getStackByName('Tenants').template.Resources).length} resources, ${tpl.length} bytes`);
