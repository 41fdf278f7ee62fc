// Deploys examples/manifests-and-helm.ts, checks that a manifest's objects and both Helm
// releases' objects exist in the cluster (read back through the applier), and destroys it.
import { App } from 'aws-cdk-lib';
import { ActualResult, ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { ManifestsAndHelmStack } from '../../examples/manifests-and-helm';
import { KubernetesObjectValue } from '../../lib';
import { CLUSTER_TEST_OPTIONS, runIfMain } from './integ-app';

export function build(app: App): IntegTest {
  const stack = new ManifestsAndHelmStack(app, 'IntegManifestsAndHelm');
  const read = (id: string, objectType: string, objectName: string, objectNamespace: string, jsonPath: string) => {
    const value = new KubernetesObjectValue(stack, id, { cluster: stack.cluster, objectType, objectName, objectNamespace, jsonPath });
    // After what the example applies (reads run last, and are deleted first).
    for (const applied of ['AppConfig', 'Web', 'MetricsServer', 'Hello']) value.node.addDependency(stack.cluster.node.findChild(applied));
    return value.resource;
  };
  const integ = new IntegTest(app, 'ManifestsAndHelm', { testCases: [stack], ...CLUSTER_TEST_OPTIONS });
  const expectValue = (id: string, expected: string, resource: ReturnType<typeof read>) =>
    integ.assertions.expect(id, ExpectedResult.exact(expected), ActualResult.fromCustomResource(resource, 'Value'));

  // A manifest from a YAML file (examples/manifests/app-config.yaml).
  expectValue('ConfigMapFromFile', 'hello', read('IntegAppSettings', 'configmap', 'app-settings', 'demo', '.data.GREETING'));
  const available = '.status.conditions[?(@.type=="Available")].status';
  // The web Deployment is available.
  expectValue('WebAvailable', 'True', read('IntegWebAvailable', 'deployment', 'web', 'demo', available));
  // The local chart's ConfigMap carries the value given to it, and the public chart runs.
  expectValue('LocalChart', 'deployed by cdk-eks-kit', read('IntegHelloMessage', 'configmap', 'hello-message', 'demo', '.data.message'));
  expectValue('RepositoryChart', 'True', read('IntegMetricsServer', 'deployment', 'metrics-server', 'kube-system', available));
  return integ;
}

runIfMain(module, build);
