import { Template } from 'aws-cdk-lib/assertions';
import { BlueGreenStack } from '../../examples/blue-green';
import { exampleTemplate, testApp } from '../validated-synth';

// GIVEN the example (blue live, 10% canary), synthesized with the validator and AwsSolutions
let template: Template;
beforeAll(() => {
  template = exampleTemplate('BlueGreen');
});

function objectsOf(t: Template, kind: string): any[] {
  const found = Object.values(t.findResources('Custom::CdkEksKitManifest')).find((r) => JSON.stringify(r.Properties).includes(`\\"kind\\":\\"${kind}\\"`))!;
  return JSON.parse(found.Properties.Manifest);
}

test('the example passes the CloudFormation validator and AwsSolutions and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('two Deployments, per-version Services, and the live Service selecting blue', () => {
  const objects = objectsOf(template, 'Deployment');
  expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['shop-blue', 'shop-green']);
  expect(objects.find((o) => o.kind === 'Service' && o.metadata.name === 'shop').spec.selector).toEqual({ app: 'shop', version: 'blue' });
});

test('the canary Ingress splits 90/10 over weighted target groups', () => {
  const ingress = objectsOf(template, 'Ingress')[0];
  const action = JSON.parse(ingress.metadata.annotations['alb.ingress.kubernetes.io/actions.weighted']);
  expect(action.forwardConfig.targetGroups.map((g: any) => [g.serviceName, g.weight])).toEqual([['shop-blue', 90], ['shop-green', 10]]);
  expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'weighted', port: { name: 'use-annotation' } });
});

test('switching to green is one value; a bad canary percentage fails', () => {
  const app = testApp();
  const green = Template.fromStack(new BlueGreenStack(app, 'Green', { live: 'green', canaryPercent: 50 }));
  expect(objectsOf(green, 'Deployment').find((o) => o.kind === 'Service' && o.metadata.name === 'shop').spec.selector.version).toBe('green');
  expect(() => new BlueGreenStack(testApp(), 'Bad', { canaryPercent: 120 })).toThrow(/'canaryPercent' is 120/);
});
