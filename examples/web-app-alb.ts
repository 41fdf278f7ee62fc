import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { addCoreAddons, exampleClusterProps } from './example-cluster';
import { webDeployment } from './web-deployment';
import { AwsLoadBalancerController, Cluster } from '../lib';

/**
 * A web application behind AWS load balancers: the AWS Load Balancer Controller (pinned chart
 * and its IAM policy, Pod Identity), a Deployment with a Service, an Ingress that becomes an
 * internet-facing ALB and a Service of type LoadBalancer that becomes an NLB. Both are applied
 * through the controller, so `cdk destroy` deletes them (and waits for their load balancers to
 * go) before the controller is removed.
 */
export class WebAppAlbStack extends Stack {
  public readonly cluster: Cluster;
  public readonly controller: AwsLoadBalancerController;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.cluster = new Cluster(this, 'Cluster', exampleClusterProps(this, { kubectl: true }));
    addCoreAddons(this.cluster);
    this.cluster.addNodeGroup('Nodes', { instanceTypes: [new ec2.InstanceType('m7i.large')], minSize: 2, maxSize: 4 });

    this.controller = new AwsLoadBalancerController(this, 'LoadBalancerController', { cluster: this.cluster });

    const labels = { app: 'web' };
    const app = this.cluster.addManifest('WebApp', {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    }, webDeployment({ name: 'web', namespace: 'web', labels }), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'web' },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    });

    const loadBalancers = this.controller.addManifest('LoadBalancers', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'web',
        namespace: 'web',
        annotations: {
          'alb.ingress.kubernetes.io/scheme': 'internet-facing',
          'alb.ingress.kubernetes.io/target-type': 'ip',
          'alb.ingress.kubernetes.io/healthcheck-path': '/',
        },
      },
      spec: {
        ingressClassName: 'alb',
        rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
      },
    }, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'web-nlb',
        namespace: 'web',
        annotations: {
          // Handled by the AWS Load Balancer Controller (not the in-tree provider): an NLB with IP targets.
          'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
          'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
          'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
        },
      },
      spec: { type: 'LoadBalancer', selector: labels, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
    });
    loadBalancers.node.addDependency(app);
    // The controller's webhooks intercept Services and Ingresses cluster-wide: apply the app's
    // Service once the controller is ready, and delete it before the controller.
    this.controller.addLoadBalancerUser(app);
  }
}
