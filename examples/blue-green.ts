import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { addCoreAddons, exampleClusterProps } from './example-cluster';
import { webDeployment } from './web-deployment';
import { AwsLoadBalancerController, Cluster } from '../lib';

/** Properties of the {@link BlueGreenStack}. */
export interface BlueGreenStackProps extends StackProps {
  /**
   * Which Deployment the `shop` Service sends traffic to; change it and deploy to switch.
   * @default 'blue'
   */
  readonly live?: 'blue' | 'green';
  /**
   * Percentage of ALB traffic the canary (green) target group gets, 0–100.
   * @default 10
   */
  readonly canaryPercent?: number;
}

/**
 * Blue/green and canary releases with plain Kubernetes objects: two Deployments (`blue`,
 * `green`); the `shop` Service selects the live one by its `version` label, so switching is a
 * one-value change; and an ALB Ingress that splits traffic between per-version Services with
 * weighted target groups (the AWS Load Balancer Controller's `actions.<name>` annotation).
 */
export class BlueGreenStack extends Stack {
  public readonly cluster: Cluster;

  constructor(scope: Construct, id: string, props: BlueGreenStackProps = {}) {
    super(scope, id, props);
    const live = props.live ?? 'blue';
    const canary = props.canaryPercent ?? 10;
    if (!Number.isInteger(canary) || canary < 0 || canary > 100) {
      throw new Error(`BlueGreenStack: 'canaryPercent' is ${canary}; use a whole number from 0 to 100.`);
    }
    this.cluster = new Cluster(this, 'Cluster', exampleClusterProps(this, { kubectl: true }));
    addCoreAddons(this.cluster);
    this.cluster.addNodeGroup('Nodes', { instanceTypes: [new ec2.InstanceType('m7i.large')], minSize: 2, maxSize: 4 });
    const controller = new AwsLoadBalancerController(this, 'LoadBalancerController', { cluster: this.cluster });

    const versions = this.cluster.addManifest('Versions',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
      deployment('blue', '1.26'), deployment('green', '1.27'),
      service('shop-blue', { app: 'shop', version: 'blue' }),
      service('shop-green', { app: 'shop', version: 'green' }),
      // The blue/green switch: the live Service selects one version.
      service('shop', { app: 'shop', version: live }));

    const ingress = controller.addManifest('Canary', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'shop',
        namespace: 'shop',
        annotations: {
          'alb.ingress.kubernetes.io/scheme': 'internet-facing',
          'alb.ingress.kubernetes.io/target-type': 'ip',
          'alb.ingress.kubernetes.io/actions.weighted': JSON.stringify({
            type: 'forward',
            forwardConfig: {
              targetGroups: [
                { serviceName: 'shop-blue', servicePort: '80', weight: 100 - canary },
                { serviceName: 'shop-green', servicePort: '80', weight: canary },
              ],
            },
          }),
        },
      },
      spec: {
        ingressClassName: 'alb',
        rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'weighted', port: { name: 'use-annotation' } } } }] } }],
      },
    });
    ingress.node.addDependency(versions);
    // The controller's webhooks intercept Services cluster-wide: apply them once it is ready.
    controller.addLoadBalancerUser(versions);
  }
}

function deployment(version: string, nginx: string): Record<string, any> {
  const labels = { app: 'shop', version };
  return webDeployment({ name: `shop-${version}`, namespace: 'shop', labels, nginxVersion: nginx });
}

function service(name: string, selector: Record<string, string>): Record<string, any> {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' },
    spec: { selector, ports: [{ port: 80, targetPort: 8080 }] },
  };
}
