// Deploys examples/web-app-alb.ts, waits for the Ingress to get its ALB, checks that the ALB
// answers HTTP 200 from the web pods, and destroys it (the Ingress first, so the controller
// removes the ALB before it is uninstalled).
import { App, Duration } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { WebAppAlbStack } from '../../examples/web-app-alb';
import { KubernetesObjectValue } from '../../lib';
import { CLUSTER_TEST_OPTIONS, runIfMain, settle } from './integ-app';

export function build(app: App): IntegTest {
  const stack = new WebAppAlbStack(app, 'IntegWebAppAlb');
  const hostname = new KubernetesObjectValue(stack, 'IntegIngressHostname', {
    cluster: stack.cluster, objectType: 'ingress', objectName: 'web', objectNamespace: 'web',
    jsonPath: '.status.loadBalancer.ingress[0].hostname',
    timeout: Duration.minutes(10), // the controller creates the ALB, then writes its name
  });
  // Read once the Ingress exists (and deleted before it).
  hostname.node.addDependency(stack.controller.node.findChild('LoadBalancers'));
  const integ = new IntegTest(app, 'WebAppAlb', { testCases: [stack], ...CLUSTER_TEST_OPTIONS });

  // A new ALB's DNS name takes a few minutes to resolve and its targets to turn healthy.
  settle(integ.assertions.httpApiCall(`http://${hostname.value}/`), 15)
    .expect(ExpectedResult.objectLike({ status: 200 }));
  return integ;
}

runIfMain(module, build);
