// Deploys examples/managed-nodes.ts, checks that both node groups are ACTIVE and healthy and
// that their nodes are Ready (CoreDNS runs its two replicas on them), and destroys it.
import { App } from 'aws-cdk-lib';
import { ActualResult, ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { ManagedNodesStack } from '../../examples/managed-nodes';
import { KubernetesObjectValue } from '../../lib';
import { CLUSTER_TEST_OPTIONS, runIfMain, settle } from './integ-app';

export function build(app: App): IntegTest {
  const stack = new ManagedNodesStack(app, 'IntegManagedNodes');
  // Pods run only on Ready nodes: read whether CoreDNS (installed by EKS) is Available,
  // through the applier (it waits until the condition is there).
  const coreDnsReady = new KubernetesObjectValue(stack, 'IntegCoreDnsAvailable', {
    cluster: stack.cluster, objectType: 'deployment', objectName: 'coredns', objectNamespace: 'kube-system',
    jsonPath: '.status.conditions[?(@.type=="Available")].status',
  });
  coreDnsReady.node.addDependency(stack.general, stack.spot);
  const integ = new IntegTest(app, 'ManagedNodes', { testCases: [stack], ...CLUSTER_TEST_OPTIONS });

  for (const group of [stack.general, stack.spot]) {
    settle(integ.assertions.awsApiCall('EKS', 'describeNodegroup', { clusterName: stack.cluster.clusterName, nodegroupName: group.nodegroupName }))
      .expect(ExpectedResult.objectLike({ nodegroup: { status: 'ACTIVE', health: { issues: [] } } }));
  }
  integ.assertions.expect('CoreDnsOnReadyNodes', ExpectedResult.exact('True'), ActualResult.fromCustomResource(coreDnsReady.resource, 'Value'));
  return integ;
}

runIfMain(module, build);
