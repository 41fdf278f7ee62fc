import { join } from 'path';
import { Lazy, SecretValue, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { KubernetesManifest, KubernetesObjects } from '../../lib';

const OWNER_LABEL = KubernetesManifest.OWNER_LABEL;
import { clusterStack, namespace } from './fixtures';

function manifestProps(template: Template): any[] {
  return Object.values(template.findResources('Custom::CdkEksKitManifest')).map((r: any) => r.Properties);
}

describe('a small manifest', () => {
  // GIVEN a manifest with a namespace and a ConfigMap
  const original = namespace('shop');
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop', labels: { team: 'a' } }, data: { k: 'v' } };
  let props: any;
  let manifest: KubernetesManifest;
  beforeAll(() => {
    const { stack, cluster } = clusterStack();
    manifest = cluster.addManifest('Shop', original, cm);
    props = manifestProps(Template.fromStack(stack))[0];
  });

  test('travels inline as JSON, each object labelled with the owner', () => {
    expect(manifest.isAsset).toBe(false);
    const objects = JSON.parse(props.Manifest);
    expect(objects.map((o: any) => o.metadata.labels[OWNER_LABEL])).toEqual([props.OwnerValue, props.OwnerValue]);
    expect(objects[1].metadata.labels.team).toBe('a');
    expect(props).toMatchObject({ OwnerLabel: OWNER_LABEL, Overwrite: false, SkipValidation: false });
  });

  test("does not modify the caller's objects", () => {
    expect(original).toEqual(namespace('shop'));
    expect(cm.metadata.labels).toEqual({ team: 'a' });
  });
});

test('a manifest over 50 KB goes to S3 as an asset the handler may read (that object only)', () => {
  // GIVEN a ConfigMap of ~60 KB
  const { stack, cluster } = clusterStack();
  const big = cluster.addManifest('Big', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { blob: 'x'.repeat(60_000) } });
  const template = Template.fromStack(stack);
  expect(big.isAsset).toBe(true);
  const props = manifestProps(template)[0];
  expect(props.Manifest).toBeUndefined();
  expect(props.Inventory).toBe('v1|ConfigMap||big');
  expect(props.ManifestAsset).toEqual({ Bucket: { 'Fn::Sub': expect.stringContaining('assets') }, Key: expect.stringMatching(/^[0-9a-f]{64}\.json$/) });
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyName: Match.stringLikeRegexp('HandlerRole'),
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`/${props.ManifestAsset.Key}$`)])] },
    })]) },
  });
});

test('a large manifest with deploy-time values cannot become an asset', () => {
  const { cluster } = clusterStack();
  expect(() => cluster.addManifest('Big', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' },
    data: { blob: 'x'.repeat(60_000), token: Lazy.string({ produce: () => 'v' }) } })).toThrow(/contains deploy-time values \(tokens\)/);
});

test('objects without apiVersion, kind or name are rejected; token objects are not inspected', () => {
  const { cluster } = clusterStack();
  expect(() => cluster.addManifest('Bad', { kind: 'ConfigMap', metadata: {} })).toThrow(/'manifest': object 0 has no 'apiVersion'; object 0 \(ConfigMap\) has no 'metadata.name'/);
  expect(() => cluster.addManifest('Token', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: Lazy.string({ produce: () => 'n' }) } })).not.toThrow();
});

test('YAML files load with several documents and List kinds', () => {
  const objects = KubernetesObjects.fromYamlFile(join(__dirname, 'fixtures', 'multi.yaml'));
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/shop', 'ConfigMap/a', 'ConfigMap/b']);
  expect(() => KubernetesObjects.fromYaml('a: [unclosed')).toThrow(/invalid YAML/);
  expect(() => KubernetesObjects.fromYaml('- just\n- a list')).toThrow(/not a Kubernetes object/);
});

test('overwrite and skipValidation reach the handler', () => {
  const { stack, cluster } = clusterStack();
  new KubernetesManifest(stack, 'M', { cluster, manifest: [namespace('a')], overwrite: true, skipValidation: true });
  expect(manifestProps(Template.fromStack(stack))[0]).toMatchObject({ Overwrite: true, SkipValidation: true });
});

test('2,000 unbatched manifests exceed the 500-resource limit (aws-cdk-lib refuses the stack)', () => {
  const { stack, cluster } = clusterStack();
  for (let i = 0; i < 2000; i++) cluster.addManifest(`Config${i}`, namespace(`n${i}`));
  expect(() => Template.fromStack(stack)).toThrow(/greater than allowed maximum of 500/);
});

describe('2,000 small batched manifests in one stack', () => {
  let template: Template;
  let bytes: number;
  let seconds: number;
  let stack: Stack;
  beforeAll(() => {
    const started = Date.now();
    const built = clusterStack();
    stack = built.stack;
    for (let i = 0; i < 2000; i++) {
      new KubernetesManifest(stack, `Config${i}`, {
        cluster: built.cluster, batch: true,
        manifest: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `tenant-${i}`, namespace: 'tenants' }, data: { tenant: `t-${i}`, tier: 'standard' } }],
      });
    }
    template = Template.fromStack(stack);
    bytes = JSON.stringify(template.toJSON()).length;
    seconds = (Date.now() - started) / 1000;
  });

  test('stay under 500 resources and 1 MB of template', () => {
    const resources = Object.keys(template.toJSON().Resources).length;
    console.log(`2,000 batched manifests: ${resources} resources (${manifestProps(template).length} batches), ${bytes} bytes of template, ${seconds.toFixed(1)} s to build and synthesize`);
    expect(resources).toBeLessThan(500);
    expect(bytes).toBeLessThan(1_000_000);
  });

  test('every object is in exactly one batch, each batch under 50 KB inline', () => {
    const batches = manifestProps(template);
    const names = batches.flatMap((p) => JSON.parse(p.Manifest).map((o: any) => o.metadata.name));
    expect(names).toHaveLength(2000);
    expect(new Set(names).size).toBe(2000);
    expect(Math.max(...batches.map((p) => p.Manifest.length))).toBeLessThan(50_000);
    expect(new Set(batches.map((p) => p.OwnerValue)).size).toBe(batches.length);
  });
});

test('a batched manifest cannot take part in dependencies', () => {
  const { stack, cluster } = clusterStack();
  const ns = cluster.addManifest('Ns', namespace('a'));
  const batched = new KubernetesManifest(stack, 'Batched', { cluster, batch: true, manifest: [namespace('b')] });
  batched.node.addDependency(ns);
  expect(() => Template.fromStack(stack)).toThrow(/batched manifest \('batch: true'\) has no CloudFormation resource of its own.*set 'batch: false'/);
});

test('batched manifests with different options go to different batches', () => {
  const { stack, cluster } = clusterStack();
  new KubernetesManifest(stack, 'A', { cluster, batch: true, manifest: [namespace('a')] });
  new KubernetesManifest(stack, 'B', { cluster, batch: true, overwrite: true, manifest: [namespace('b')] });
  new KubernetesManifest(stack, 'C', { cluster, batch: true, manifest: [namespace('c')] });
  const batches = manifestProps(Template.fromStack(stack)).map((p) => ({ overwrite: p.Overwrite, names: JSON.parse(p.Manifest).map((o: any) => o.metadata.name) }));
  expect(batches).toEqual(expect.arrayContaining([{ overwrite: false, names: ['a', 'c'] }, { overwrite: true, names: ['b'] }]));
  expect(batches).toHaveLength(2);
});

test('a Secret with data in a manifest warns that it lands in the template', () => {
  const { stack, cluster } = clusterStack();
  cluster.addManifest('Creds', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'x' } });
  cluster.addManifest('Resolved', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db2' },
    stringData: { password: SecretValue.secretsManager('db').unsafeUnwrap() } });
  const annotations = Annotations.fromStack(stack);
  annotations.hasWarning('/S/Cluster/Creds', Match.stringLikeRegexp('stored in plain text in the CloudFormation template'));
  annotations.hasNoWarning('/S/Cluster/Resolved', Match.anyValue());
});
