import { CfnOutput, Duration, Lazy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { KubernetesObjectValue, KubernetesPatch, PatchType } from '../../lib';
import { clusterStack } from './fixtures';

test('a patch carries the apply and restore patches and its type', () => {
  const { stack, cluster } = clusterStack();
  new KubernetesPatch(stack, 'CoreDnsOnFargate', {
    cluster, resourceName: 'deployment/coredns', resourceNamespace: 'kube-system',
    applyPatch: { spec: { template: { metadata: { annotations: { 'eks.amazonaws.com/compute-type': 'fargate' } } } } },
    restorePatch: { spec: { template: { metadata: { annotations: { 'eks.amazonaws.com/compute-type': null } } } } },
  });
  new KubernetesPatch(stack, 'Json', {
    cluster, resourceName: 'configmap/x', patchType: PatchType.JSON,
    applyPatch: [{ op: 'add', path: '/data/a', value: '1' }], restorePatch: [{ op: 'remove', path: '/data/a' }],
  });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('Custom::CdkEksKitPatch', {
    ResourceName: 'deployment/coredns', Namespace: 'kube-system', PatchType: 'strategic',
    ApplyPatch: '{"spec":{"template":{"metadata":{"annotations":{"eks.amazonaws.com/compute-type":"fargate"}}}}}',
    RestorePatch: '{"spec":{"template":{"metadata":{"annotations":{"eks.amazonaws.com/compute-type":null}}}}}',
  });
  template.hasResourceProperties('Custom::CdkEksKitPatch', {
    Namespace: 'default', PatchType: 'json', ApplyPatch: '[{"op":"add","path":"/data/a","value":"1"}]',
  });
});

test('an object value is read as a CloudFormation attribute, with a timeout', () => {
  const { stack, cluster } = clusterStack();
  const hostname = new KubernetesObjectValue(stack, 'LbHost', {
    cluster, objectType: 'service', objectName: 'web', objectNamespace: 'demo',
    jsonPath: '.status.loadBalancer.ingress[0].hostname', timeout: Duration.minutes(10),
  });
  new CfnOutput(stack, 'Host', { value: hostname.value });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('Custom::CdkEksKitObjectValue', {
    ObjectType: 'service', ObjectName: 'web', Namespace: 'demo', JsonPath: '{.status.loadBalancer.ingress[0].hostname}', TimeoutSeconds: 600,
  });
  template.hasOutput('Host', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('LbHost'), 'Value'] } });
});

test('an object value cannot wait longer than the handler', () => {
  const { stack, cluster } = clusterStack();
  expect(() => new KubernetesObjectValue(stack, 'V', { cluster, objectType: 'service', objectName: 'web', jsonPath: '{.x}', timeout: Duration.minutes(14) }))
    .toThrow(/'timeout' is 840 seconds, longer than the kubectl handler can wait \(720 seconds\)/);
  expect(() => new KubernetesObjectValue(stack, 'T', { cluster, objectType: 'service', objectName: 'web', jsonPath: '{.x}', timeout: Duration.seconds(Lazy.number({ produce: () => 9999 })) }))
    .not.toThrow();
});
