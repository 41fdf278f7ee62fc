import { Template } from 'aws-cdk-lib/assertions';
import { KarpenterStack } from '../../examples/karpenter';
import { RESOURCE_TYPES } from '../../lib/kubectl/handler/resource-types';
import { exampleTemplate, testApp } from '../validated-synth';

// GIVEN the example, synthesized with the other examples with the built-in validator (errors fatal), AwsSolutions and EksKit
let stack: KarpenterStack;
let template: Template;
beforeAll(() => {
  template = exampleTemplate('Karpenter');
  // The same stack again, unvalidated, for its objects (tokens resolve the same).
  stack = new KarpenterStack(testApp(), 'Karpenter');
});

test('the example passes the CloudFormation validator, AwsSolutions and EksKit and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('an On-Demand and a Spot NodePool on one EC2NodeClass, deleted in the foreground', () => {
  expect(stack.resolve(stack.onDemand.object.spec.template.spec.requirements)).toEqual([
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
    { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
    { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['5'] },
  ]);
  expect(stack.spot.object.spec.template.spec.taints).toEqual([{ key: 'example.com/spot', value: 'true', effect: 'NoSchedule' }]);
  expect(stack.spot.object.spec.disruption).toEqual({
    consolidateAfter: '0s',
    budgets: [{ nodes: '20%' }, { nodes: '0', schedule: '0 8 * * mon-fri', duration: '10h', reasons: ['Drifted'] }],
  });
  const pools = Object.values(template.findResources(RESOURCE_TYPES.manifest)).filter((m) => JSON.stringify(m.Properties.Manifest).includes('NodePool'));
  expect(pools).toHaveLength(2);
  for (const pool of pools) expect(pool.Properties.ForegroundDeletion).toBe(true);
});
