import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { addCoreAddons, exampleClusterProps } from './example-cluster';
import { webDeployment } from './web-deployment';
import { AddonType, Cluster } from '../lib';

/**
 * Metrics and autoscaling: Amazon CloudWatch Observability (Container Insights, Application
 * Signals, container logs; its agent role through Pod Identity), the metrics server, and a
 * HorizontalPodAutoscaler that scales a Deployment between 2 and 10 pods on CPU.
 */
export class ObservabilityStack extends Stack {
  public readonly cluster: Cluster;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.cluster = new Cluster(this, 'Cluster', exampleClusterProps(this, { kubectl: true }));
    addCoreAddons(this.cluster);
    this.cluster.addAddon('CloudWatch', AddonType.cloudWatchObservability({ containerLogs: true }));
    const metrics = this.cluster.addAddon('MetricsServer', AddonType.metricsServer());
    this.cluster.addNodeGroup('Nodes', { instanceTypes: [new ec2.InstanceType('m7i.large')], minSize: 2, maxSize: 6 });

    const labels = { app: 'api' };
    const api = this.cluster.addManifest('Api', {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'api', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    }, webDeployment({ name: 'api', namespace: 'api', labels }), {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'api' },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    }, {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api', namespace: 'api' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    });
    // The HPA reads pod metrics from the metrics server.
    api.node.addDependency(metrics);
  }
}
