import { join } from 'path';
import { App, AspectPriority, Aspects, Aws, Lazy, SecretValue, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { KubernetesManifest, KubernetesObjects } from '../../lib';
import { clusterStack, namespace } from './fixtures';

const OWNER_LABEL = KubernetesManifest.OWNER_LABEL;

function manifestResources(template: Template): Record<string, any> {
  return template.findResources('Custom::CdkEksKitManifest');
}
function manifestProps(template: Template): any[] {
  return Object.values(manifestResources(template)).map((r: any) => r.Properties);
}
const configMap = (name: string, ns = 'tenants') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { tenant: name, tier: 'standard' } });
/** Object names per batch resource (logical id → names), from the inline part. */
function contents(template: Template): Record<string, string[]> {
  return Object.fromEntries(Object.entries(manifestResources(template)).map(([id, r]: [string, any]) =>
    [id, r.Properties.Manifest ? JSON.parse(r.Properties.Manifest).map((o: any) => o.metadata.name) : r.Properties.Inventory]));
}

describe('a manifest with a resource of its own (batch: false)', () => {
  // GIVEN a manifest with a namespace and a ConfigMap
  const original = namespace('shop');
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop', labels: { team: 'a' } }, data: { k: 'v' } };
  let props: any;
  let manifest: KubernetesManifest;
  beforeAll(() => {
    const { stack, cluster } = clusterStack();
    manifest = new KubernetesManifest(cluster, 'Shop', { cluster, manifest: [original, cm], batch: false });
    props = manifestProps(Template.fromStack(stack))[0];
  });

  test('travels inline as JSON, each object labelled with its owner value (family-prefixed)', () => {
    expect(manifest.isAsset).toBe(false);
    expect(manifest.isBatched).toBe(false);
    expect(manifest.resource).toBeDefined();
    const objects = JSON.parse(props.Manifest);
    expect(objects.map((o: any) => o.metadata.labels[OWNER_LABEL])).toEqual([props.OwnerValue, props.OwnerValue]);
    expect(props.OwnerValue).toMatch(new RegExp(`^${props.OwnerFamily}-[0-9a-f]{20}$`));
    expect(objects[1].metadata.labels.team).toBe('a');
    expect(props).toMatchObject({ OwnerLabel: OWNER_LABEL, Overwrite: false, SkipValidation: false });
  });

  test("does not modify the caller's objects", () => {
    expect(original).toEqual(namespace('shop'));
    expect(cm.metadata.labels).toEqual({ team: 'a' });
  });
});

test('a manifest over 50 KB with a resource of its own goes to S3 as an asset the handler may read (that object only)', () => {
  const { stack, cluster } = clusterStack();
  const big = new KubernetesManifest(stack, 'Big', { cluster, batch: false, manifest: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { blob: 'x'.repeat(60_000) } }] });
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
  const { stack, cluster } = clusterStack();
  expect(() => new KubernetesManifest(stack, 'Big', { cluster, batch: false, manifest: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' },
    data: { blob: 'x'.repeat(60_000), token: Lazy.string({ produce: () => 'v' }) } }] })).toThrow(/contains deploy-time values \(tokens\)/);
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

test('overwrite and skipValidation reach the handler: for the whole resource, or per object in a batch', () => {
  const { stack, cluster } = clusterStack();
  new KubernetesManifest(stack, 'M', { cluster, manifest: [namespace('a')], overwrite: true, skipValidation: true, batch: false });
  new KubernetesManifest(stack, 'B', { cluster, manifest: [configMap('b')], overwrite: true });
  new KubernetesManifest(stack, 'C', { cluster, manifest: [configMap('c')], skipValidation: true });
  const props = manifestProps(Template.fromStack(stack));
  expect(props.find((p) => p.Manifest?.includes('"a"'))).toMatchObject({ Overwrite: true, SkipValidation: true });
  const batches = props.filter((p) => p.OverwriteObjects || p.SkipValidationObjects);
  expect(batches.map((p) => p.OverwriteObjects).filter(Boolean)).toEqual(['v1|ConfigMap|tenants|b']);
  expect(batches.map((p) => p.SkipValidationObjects).filter(Boolean)).toEqual(['v1|ConfigMap|tenants|c']);
  expect(batches.every((p) => p.Overwrite === false && p.SkipValidation === false)).toBe(true);
});

describe('batches are stable', () => {
  const build = (names: string[], id = (n: string) => `Config-${n}`) => {
    const { stack, cluster } = clusterStack();
    for (const n of names) cluster.addManifest(id(n), configMap(n));
    return Template.fromStack(stack);
  };
  const names = Array.from({ length: 300 }, (_, i) => `t${i}`);

  test('inserting or removing one manifest changes only the batch that holds it', () => {
    // GIVEN 300 manifests, then the same with one inserted in the middle and one removed
    const before = contents(build(names));
    const inserted = contents(build([...names.slice(0, 150), 'new-tenant', ...names.slice(150)]));
    const removed = contents(build(names.filter((n) => n !== 't42')));
    const changed = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((id) => JSON.stringify(a[id]) !== JSON.stringify(b[id]));
    // THEN exactly one batch differs each time, the one holding that manifest
    expect(changed(before, inserted)).toHaveLength(1);
    expect(JSON.stringify(inserted[changed(before, inserted)[0]])).toContain('new-tenant');
    expect(changed(before, removed)).toHaveLength(1);
    expect(JSON.stringify(before[changed(before, removed)[0]])).toContain('"t42"');
  });

  test('renaming manifest constructs or calling addManifest in another order changes nothing', () => {
    const a = build(names).toJSON();
    const b = build([...names].reverse(), (n) => `Renamed-${n}`).toJSON();
    expect(manifestResourcesOf(b)).toEqual(manifestResourcesOf(a));
  });

  const manifestResourcesOf = (t: any) => Object.fromEntries(Object.entries(t.Resources).filter(([, r]: [string, any]) => r.Type === 'Custom::CdkEksKitManifest'));
});

describe('Namespaces and CRDs of batched manifests', () => {
  let template: Template;
  let ownId: string;
  beforeAll(() => {
    const { stack, cluster } = clusterStack();
    cluster.addManifest('Tenants', namespace('tenants'));
    cluster.addManifest('Widgets', { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true }] } });
    for (let i = 0; i < 40; i++) cluster.addManifest(`Cm${i}`, configMap(`c${i}`));
    const own = cluster.addManifest('Own', configMap('own'));
    own.node.addDependency(new sns.Topic(stack, 'Topic'));
    template = Template.fromStack(stack);
    ownId = stack.resolve((own.resource!.node.defaultChild as any).logicalId);
  });

  test('go to the prelude batches, which every other batch and own-resource manifest waits for', () => {
    const all = manifestResources(template);
    const prelude = Object.keys(all).filter((id) => /Prelude\d/.test(id));
    const main = Object.keys(all).filter((id) => /Shard\d\d/.test(id));
    expect(prelude.length).toBeGreaterThan(0);
    expect(prelude.flatMap((id) => JSON.parse(all[id].Properties.Manifest).map((o: any) => o.kind)).sort()).toEqual(['CustomResourceDefinition', 'Namespace']);
    for (const id of [...main, ownId]) expect(all[id].DependsOn).toEqual(expect.arrayContaining(prelude));
    // the batches know the CRDs created in this stack (their "no matches for kind" is retried)
    expect(all[main[0]].Properties.CrdKinds).toBe('example.com/Widget');
  });
});

describe('a manifest that takes part in a dependency', () => {
  test('gets a resource of its own at synthesis, with the logical id batch: false would give, and the dependency holds', () => {
    // GIVEN two batched-by-default manifests, one depending on a topic, one depended on
    const { stack, cluster } = clusterStack();
    const topic = new sns.Topic(stack, 'Topic');
    const after = cluster.addManifest('After', configMap('after'));
    after.node.addDependency(topic);
    const before = cluster.addManifest('Before', configMap('before'));
    const waiter = new sns.Topic(stack, 'Waiter');
    waiter.node.addDependency(before);
    const plain = cluster.addManifest('Plain', configMap('plain'));
    expect(after.resource).toBeUndefined(); // decided at synthesis
    const template = Template.fromStack(stack);
    // THEN both have their own resource at <manifest>/Resource, the plain one is batched
    expect(after.isBatched).toBe(false);
    expect(before.isBatched).toBe(false);
    expect(plain.isBatched).toBe(true);
    const afterId = stack.resolve((after.resource!.node.defaultChild as any).logicalId);
    const beforeId = stack.resolve((before.resource!.node.defaultChild as any).logicalId);
    expect(afterId).toMatch(/^ClusterAfter/);
    expect(template.toJSON().Resources[afterId].DependsOn).toEqual(expect.arrayContaining([stack.resolve((topic.node.defaultChild as any).logicalId)]));
    expect(template.toJSON().Resources[stack.resolve((waiter.node.defaultChild as any).logicalId)].DependsOn).toEqual(expect.arrayContaining([beforeId]));
  });

  test('inside a construct that takes part in a dependency also gets one', () => {
    const { stack, cluster } = clusterStack();
    const group = new Construct(stack, 'Group');
    const inside = new KubernetesManifest(group, 'Inside', { cluster, manifest: [configMap('inside')] });
    group.node.addDependency(new sns.Topic(stack, 'Topic'));
    Template.fromStack(stack);
    expect(inside.isBatched).toBe(false);
  });

  test('leaves its batch claiming its objects, so that the batch does not prune them on the deploy that moves them', () => {
    // GIVEN a manifest that would be in some batch, now with a dependency
    const { stack, cluster } = clusterStack();
    for (let i = 0; i < 100; i++) cluster.addManifest(`Cm${i}`, configMap(`c${i}`));
    const moved = cluster.addManifest('Moved', configMap('moved'));
    moved.node.addDependency(new sns.Topic(stack, 'Topic'));
    const claims = manifestProps(Template.fromStack(stack)).map((p) => p.ClaimedElsewhere).filter(Boolean);
    expect(claims).toEqual(['v1|ConfigMap|tenants|moved']);
  });

  test('a dependency added after the batches were formed (a late aspect) is a synth error, not a lost dependency', () => {
    const app = new App();
    const { stack, cluster } = clusterStack({}, new Stack(app, 'S'));
    const m = cluster.addManifest('Late', configMap('late'));
    const topic = new sns.Topic(stack, 'Topic');
    Aspects.of(stack).add({ visit: (node: IConstruct) => { if (node === topic) m.node.addDependency(topic); } }, { priority: AspectPriority.READONLY });
    expect(() => app.synth()).toThrow(/takes part in a dependency that was added after the manifest batches were formed/);
  });
});

test('two manifests of a cluster may not declare the same object (what makes taking over a sibling\'s objects safe)', () => {
  const { cluster } = clusterStack();
  cluster.addManifest('A', configMap('same'));
  expect(() => cluster.addManifest('B', configMap('other'), configMap('same'))).toThrow(/KubernetesObjectDuplicate/);
});

test('a batch with deploy-time values keeps them inline and sends the rest as an asset', () => {
  const { stack, cluster } = clusterStack();
  cluster.addManifest('Big', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'tenants' }, data: { blob: 'x'.repeat(20_000) } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tok', namespace: 'tenants' }, data: { region: Aws.REGION } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'lit', namespace: 'tenants' }, data: { a: 'b' } });
  const props = manifestProps(Template.fromStack(stack))[0];
  expect(props.ManifestAsset).toBeDefined();
  expect(props.Inventory).toBe('v1|ConfigMap|tenants|big,lit');
  expect(JSON.stringify(props.Manifest)).toContain('AWS::Region');
});

describe('10,000 plain addManifest calls', () => {
  let template: any;
  let seconds: number;
  beforeAll(() => {
    const started = Date.now();
    const { stack, cluster } = clusterStack();
    for (let i = 0; i < 10_000; i++) cluster.addManifest(`Config${i}`, configMap(`tenant-${i}`));
    template = Template.fromStack(stack).toJSON();
    seconds = (Date.now() - started) / 1000;
  });

  test('make one stack with fewer than 500 resources, a template under 1 MB and 2 Lambda functions', () => {
    const resources = Object.values(template.Resources) as any[];
    const bytes = JSON.stringify(template).length;
    console.log(`10,000 manifests: ${resources.length} resources, ${bytes} bytes of template, ${seconds.toFixed(1)} s to build and synthesize`);
    expect(resources.length).toBeLessThan(500);
    expect(bytes).toBeLessThan(1_000_000);
    expect(resources.filter((r) => r.Type === 'AWS::Lambda::Function')).toHaveLength(2);
  });

  test('every object is in exactly one batch (S3 assets, listed in their inventories)', () => {
    const batches = resourcesOfType(template, 'Custom::CdkEksKitManifest');
    expect(batches.length).toBeLessThanOrEqual(36);
    const names = batches.flatMap((r) => r.Properties.Inventory.split('\n').flatMap((l: string) => l.split('|')[3].split(',')));
    expect(names).toHaveLength(10_000);
    expect(new Set(names).size).toBe(10_000);
    expect(batches.every((r) => r.Properties.ManifestAsset)).toBe(true);
  });
});

function resourcesOfType(template: any, type: string): any[] {
  return (Object.values(template.Resources) as any[]).filter((r) => r.Type === type);
}

test('500 manifests with a resource each (batch: false) exceed the 500-resource limit (aws-cdk-lib refuses the stack)', () => {
  const { stack, cluster } = clusterStack();
  for (let i = 0; i < 500; i++) new KubernetesManifest(cluster, `Config${i}`, { cluster, manifest: [namespace(`n${i}`)], batch: false });
  expect(() => Template.fromStack(stack)).toThrow(/greater than allowed maximum of 500/);
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

test('when the template would get large, the largest manifests with a resource of their own move to S3 assets', () => {
  // GIVEN 30 manifests of ~40 KB each (1.2 MB inline in all), each with a resource of its own
  const { stack, cluster } = clusterStack();
  const manifests = Array.from({ length: 30 }, (_, i) => new KubernetesManifest(stack, `Big${i}`, {
    cluster, batch: false, manifest: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `big-${i}`, namespace: 'tenants' }, data: { blob: 'x'.repeat(40_000) } }],
  }));
  const template = Template.fromStack(stack).toJSON();
  // THEN enough of them became assets for the template to stay far under 1 MB
  expect(JSON.stringify(template).length).toBeLessThan(700_000);
  const assets = manifests.filter((m) => m.isAsset);
  expect(assets.length).toBeGreaterThan(10);
  expect(assets.length).toBeLessThan(30);
  const props = (m: KubernetesManifest) => template.Resources[stack.resolve((m.resource!.node.defaultChild as any).logicalId)].Properties;
  expect(props(assets[0])).toMatchObject({ ManifestAsset: expect.anything(), Inventory: `v1|ConfigMap|tenants|${assets[0].node.id.replace('Big', 'big-')}` });
  expect(props(assets[0]).Manifest).toBeUndefined();
});

test('batches created at synthesis get the cluster\'s removal policy like any Kubernetes resource', () => {
  const { stack, cluster } = clusterStack();
  cluster.addManifest('Ns', namespace('apps'));
  cluster.addManifest('Cm', configMap('c', 'apps'));
  const batches = Object.values(manifestResources(Template.fromStack(stack)));
  expect(batches).toHaveLength(2);
  expect(batches.map((r: any) => r.DeletionPolicy)).toEqual(['RetainExceptOnCreate', 'RetainExceptOnCreate']);
});
