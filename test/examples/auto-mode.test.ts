import { Match, Template } from 'aws-cdk-lib/assertions';
import { AutoModeStack } from '../../examples/auto-mode';
import { RESOURCE_TYPES } from '../../lib/kubectl/handler/resource-types';
import { exampleTemplate, testApp } from '../validated-synth';

// GIVEN the example, synthesized with the other examples with the built-in validator (errors fatal), AwsSolutions and EksKit
let stack: AutoModeStack;
let template: Template;
beforeAll(() => {
  template = exampleTemplate('AutoMode');
  // The same stack again, unvalidated, for its objects (tokens resolve the same).
  stack = new AutoModeStack(testApp(), 'AutoMode');
});

test('the example passes the CloudFormation validator, AwsSolutions and EksKit and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('Auto Mode with both built-in pools, and no node groups or add-ons', () => {
  template.hasResourceProperties('AWS::EKS::Cluster', {
    ComputeConfig: { Enabled: true, NodePools: ['general-purpose', 'system'], NodeRoleArn: Match.anyValue() },
    StorageConfig: { BlockStorage: { Enabled: true } },
    KubernetesNetworkConfig: Match.objectLike({ ElasticLoadBalancing: { Enabled: true } }),
  });
  template.resourceCountIs('AWS::EKS::Nodegroup', 0);
  template.resourceCountIs('AWS::EKS::Addon', 0);
});

test('the custom pool and class, the classes for storage and ALBs, and an Ingress deleted before them', () => {
  expect(stack.graviton.object.spec.template.spec.nodeClassRef).toEqual({ group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'app' });
  expect(stack.resolve(stack.graviton.object.spec.template.spec.requirements)).toEqual(expect.arrayContaining([
    { key: 'eks.amazonaws.com/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
  ]));
  const manifests = Object.entries(template.findResources(RESOURCE_TYPES.manifest));
  const find = (text: string) => manifests.find(([, m]) => JSON.stringify(m.Properties.Manifest).includes(text))!;
  const [ingressId, ingress] = find('"kind\\":\\"Ingress\\"');
  const [classesId] = find('ebs.csi.eks.amazonaws.com');
  expect(ingress.DependsOn).toContain(classesId);
  expect(JSON.stringify(template.toJSON().Resources[classesId].Properties.Manifest)).toContain('eks.amazonaws.com/alb');
  expect(ingressId).toBeDefined();
});
