// The code of the README's kubectl section, type-checked by `tsc --noEmit` (npm test).
// test/kubectl/readme.test.ts checks that every ```ts block of the section appears here.
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import * as cdk8s from 'cdk8s';
import { Construct } from 'constructs';
import {
  Cluster, EndpointAccess, HelmChartSource, KubernetesObjectValue, KubernetesObjects, KubernetesPatch, KubernetesVersion,
} from '../../lib';

class MyCdk8sChart extends cdk8s.Chart {}

export class ReadmeKubectlStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const cluster = new Cluster(this, 'Cluster', {
      version: KubernetesVersion.V1_35,
      // kubectl serves API servers one minor version apart: 1.35 needs a v34–v36 layer.
      kubectlLayer: new KubectlV35Layer(this, 'KubectlLayer'),
      kubectlVersion: KubernetesVersion.V1_35,
    });

    const ns = cluster.addManifest('Namespace', {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' },
    });
    const config = cluster.addManifest('Config', ...KubernetesObjects.fromYamlFile('k8s/config.yaml'));
    config.node.addDependency(ns);

    cluster.addHelmChart('MetricsServer', {
      source: HelmChartSource.fromRepository('https://kubernetes-sigs.github.io/metrics-server/', 'metrics-server'),
      version: '3.12.2',
      namespace: 'kube-system',
    });
    cluster.addHelmChart('Karpenter', {
      source: HelmChartSource.fromOci('oci://public.ecr.aws/karpenter/karpenter'),
      version: '1.0.0',
      namespace: 'karpenter',
    });
    cluster.addHelmChart('Local', { source: HelmChartSource.fromAsset('charts/hello'), namespace: 'demo' });

    new KubernetesPatch(this, 'CoreDnsReplicas', {
      cluster,
      resourceName: 'deployment/coredns',
      resourceNamespace: 'kube-system',
      applyPatch: { spec: { replicas: 3 } },
      restorePatch: { spec: { replicas: 2 } },
    });

    const host = new KubernetesObjectValue(this, 'WebHost', {
      cluster,
      objectType: 'service',
      objectName: 'web',
      objectNamespace: 'demo',
      jsonPath: '.status.loadBalancer.ingress[0].hostname',
      timeout: Duration.minutes(5),
    });
    new CfnOutput(this, 'WebUrl', { value: `http://${host.value}` });

    cluster.addCdk8sChart('App', new MyCdk8sChart(new cdk8s.App(), 'app'));

    // Another app's cluster: give its endpoint access (and VPC for a private endpoint),
    // or reuse the provider of the stack that owns the cluster.
    const shared = Cluster.fromClusterAttributes(this, 'Shared', {
      clusterName: 'shared',
      version: KubernetesVersion.V1_35,
      endpointAccess: EndpointAccess.PUBLIC,
      kubectlLayer: new KubectlV35Layer(this, 'SharedKubectlLayer'),
      kubectlVersion: KubernetesVersion.V1_35,
    });
    shared.addManifest('Team', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
  }
}
