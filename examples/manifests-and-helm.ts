import { join } from 'path';
import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { addCoreAddons, exampleClusterProps } from './example-cluster';
import { webDeployment } from './web-deployment';
import { Cluster, HelmChartSource, KubernetesObjects } from '../lib';

/**
 * Kubernetes objects and Helm charts applied at deploy time: a namespace, a Deployment with
 * its Service, ConfigMaps from a YAML file, a chart from a public repository and a local chart.
 *
 * Kubernetes 1.35: the applier gets the v36 kubectl layer (kubectl 1.36 serves 1.35–1.37) without any layer prop.
 * The charts wait for their pods, so the cluster gets nodes (and the core add-ons) to run them
 * on; the charts are installed after the nodes and uninstalled before them.
 */
export class ManifestsAndHelmStack extends Stack {
  public readonly cluster: Cluster;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.cluster = new Cluster(this, 'Cluster', exampleClusterProps(this, { kubectl: true }));
    addCoreAddons(this.cluster);
    this.cluster.addNodeGroup('Nodes', { minSize: 2, maxSize: 3 });

    const labels = { app: 'web' };
    const namespace = this.cluster.addManifest('Namespace', {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' },
    });

    const web = this.cluster.addManifest('Web', webDeployment({ name: 'web', namespace: 'demo', labels }), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'demo' },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    });
    web.node.addDependency(namespace);

    // An IRSA service account: only demo/config-reader may assume its role.
    const reader = this.cluster.addServiceAccount('ConfigReader', { name: 'config-reader', namespace: 'demo' });
    reader.node.addDependency(namespace);

    const config = this.cluster.addManifest('AppConfig',
      ...KubernetesObjects.fromYamlFile(join(__dirname, 'manifests', 'app-config.yaml')));
    config.node.addDependency(namespace);

    this.cluster.addHelmChart('MetricsServer', {
      source: HelmChartSource.fromRepository('https://kubernetes-sigs.github.io/metrics-server/', 'metrics-server'),
      version: '3.12.2',
      namespace: 'kube-system',
      values: { replicas: 2 },
    });

    const hello = this.cluster.addHelmChart('Hello', {
      source: HelmChartSource.fromAsset(join(__dirname, 'charts', 'hello')),
      namespace: 'demo',
      createNamespace: false,
      values: { message: 'deployed by cdk-eks-kit' },
    });
    hello.node.addDependency(namespace);
  }
}
