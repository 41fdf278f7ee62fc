import { Template } from 'aws-cdk-lib/assertions';
import { ApiObject, App as Cdk8sApp, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterStack } from './fixtures';

test('a cdk8s chart becomes one manifest with its objects', () => {
  // GIVEN a cdk8s chart with a namespace and a ConfigMap
  const chart = new Chart(new Cdk8sApp(), 'web', { namespace: 'web' });
  new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } });
  new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } } as any);
  const { stack, cluster } = clusterStack();
  // WHEN
  const manifest = cluster.addCdk8sChart('Web', chart, { overwrite: true, batch: false });
  // THEN
  const props = Object.values(Template.fromStack(stack).findResources('Custom::CdkEksKitManifest'))[0] as any;
  const objects = JSON.parse(props.Properties.Manifest);
  expect(manifest.isBatched).toBe(false);
  expect(objects.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/web', 'ConfigMap/settings']);
  expect(objects[1].metadata.namespace).toBe('web');
  expect(props.Properties.Overwrite).toBe(true);
});

test('anything that is not a cdk8s chart is refused', () => {
  const { stack, cluster } = clusterStack();
  expect(() => cluster.addCdk8sChart('X', new Construct(stack, 'NotAChart'))).toThrow(/is not a cdk8s Chart: it has no toJson\(\) method/);
});
