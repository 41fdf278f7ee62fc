import { readdirSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { IntegTest, IntegTestCase } from '@aws-cdk/integ-tests-alpha';
import { testApp } from '../validated-synth';

// The integration tests (test/integ/integ.*.ts) deploy example stacks and assert on the live
// cluster (scripts/integ.js, see README "Integration tests"). Here they are only synthesized —
// all of them once, in one app — so that `npm test` catches a broken integ test without an AWS
// account. The example stacks they deploy are the examples' own, which test/examples synthesizes
// with aws-cdk-lib's CloudFormation validator (errors fatal), AwsSolutions and EksKit; the
// assertion stacks are integ-tests-alpha's custom resources (free-form properties, nothing of
// ours for the validator to check), so this synthesis runs without the validator's start-up.
const files = readdirSync(__dirname).filter((f) => /^integ\..+\.ts$/.test(f)).sort();

let app: App;
const integs = new Map<string, IntegTest>();
beforeAll(() => {
  app = testApp();
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require(join(__dirname, file)) as { build: (a: App) => IntegTest };
    integs.set(file, build(app));
  }
  app.synth();
});

/** Resource type → count in the assertion stack of `file`. */
function assertionTypes(file: string): Record<string, number> {
  const integ = integs.get(file)!;
  const stack = integ.node.findAll().find((c): c is Stack => Stack.isStack(c))!;
  const template = app.synth().getStackArtifact(stack.artifactId).template;
  const counts: Record<string, number> = {};
  for (const r of Object.values(template.Resources) as { Type: string }[]) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
  return counts;
}

test('there is an integ test for each example that exercises the live cluster', () => {
  expect(files).toEqual(['integ.basic-cluster.ts', 'integ.managed-nodes.ts', 'integ.manifests-and-helm.ts', 'integ.web-app-alb.ts']);
});

test('each is one test case: its example stack, an assertion stack, one deploy (no update workflow)', () => {
  for (const integ of integs.values()) {
    const { testCases } = (integ.node.findChild('DefaultTest') as IntegTestCase).manifest;
    const [c, ...others] = Object.values(testCases);
    expect(others).toEqual([]);
    expect(c.stacks).toEqual([expect.stringMatching(/^Integ/)]);
    expect(c.assertionStackName).toMatch(/DeployAssert/);
    expect(c.stackUpdateWorkflow).toBe(false);
  }
});

test('the assertions: DescribeCluster and access entries, node groups and Ready pods, objects in the cluster, the ALB answering', () => {
  expect(assertionTypes('integ.basic-cluster.ts')).toMatchObject({
    'Custom::DeployAssert@SdkCallEKSdescribeCluster': 1, 'Custom::DeployAssert@SdkCallEKSlistAccessEntries': 1,
  });
  expect(assertionTypes('integ.managed-nodes.ts')).toMatchObject({
    'Custom::DeployAssert@SdkCallEKSdescribeNodegroup': 2, 'Custom::DeployAssert@AssertEquals': 1,
  });
  expect(assertionTypes('integ.manifests-and-helm.ts')).toMatchObject({ 'Custom::DeployAssert@AssertEquals': 4 });
  expect(assertionTypes('integ.web-app-alb.ts')).toMatchObject({ 'Custom::DeployAssert@HttpCall': 1 });
});

test('scripts/integ.js reads assertion results from stack outputs as integ-runner does', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { assertionFailures } = require('../../scripts/integ.js');
  expect(assertionFailures({
    Assert: { AssertionResultsA: '{"status":"success"}', AssertionResultsB: '{"status":"fail","message":"Expected ACTIVE\nbut got CREATING"}', Other: 'x' },
    Test: {},
  })).toEqual({ failures: [['Assert', 'AssertionResultsB', 'Expected ACTIVE\nbut got CREATING']], seen: 2 });
});
