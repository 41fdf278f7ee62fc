import { Duration, Size, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { exampleClusterProps } from './example-cluster';
import { webDeployment } from './web-deployment';
import {
  AutoModeNodeClass, AutoModeObjects, Cluster, NodeArchitecture, NodePool, NodePoolCapacityType, NodePoolDuration, NodeRequirement,
} from '../lib';

/**
 * An EKS Auto Mode cluster: EKS runs the nodes of the built-in `general-purpose` and `system`
 * pools, block storage, load balancing, networking and DNS — no node groups and no add-ons.
 * A custom NodeClass (100 GiB ephemeral storage, tags) and a Graviton NodePool (Spot first,
 * On-Demand as fallback, at most 14 days per node) add capacity for an arm64 web app, which an
 * internet-facing ALB serves through Auto Mode's IngressClass. An encrypted gp3 StorageClass
 * of the Auto Mode provisioner is the default for volumes.
 *
 * `cdk destroy` deletes the Ingress first (Auto Mode removes its ALB), then the app, the pool
 * (waiting until its nodes are gone) and the node class; EKS deletes the built-in pools' nodes
 * with the cluster.
 */
export class AutoModeStack extends Stack {
  public readonly cluster: Cluster;
  public readonly nodeClass: AutoModeNodeClass;
  public readonly graviton: NodePool;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.cluster = new Cluster(this, 'Cluster', { ...exampleClusterProps(this, { kubectl: true }), autoMode: {} });

    this.nodeClass = new AutoModeNodeClass(this, 'AppNodes', {
      cluster: this.cluster,
      name: 'app',
      ephemeralStorage: { size: Size.gibibytes(100) },
      tags: { 'example.com/team': 'web' },
    });
    this.graviton = new NodePool(this, 'Graviton', {
      cluster: this.cluster,
      nodeClass: this.nodeClass,
      name: 'graviton',
      requirements: [
        NodeRequirement.architectures([NodeArchitecture.ARM64]),
        NodeRequirement.capacityTypes([NodePoolCapacityType.SPOT, NodePoolCapacityType.ON_DEMAND]),
        NodeRequirement.instanceCategories(['c', 'm', 'r']),
        NodeRequirement.instanceGenerationGreaterThan(6),
      ],
      expireAfter: NodePoolDuration.of(Duration.days(14)),
      limits: { cpu: 64 },
      disruption: { budgets: [{ nodes: '10%' }] },
    });

    const classes = this.cluster.addManifest('StorageAndIngressClasses',
      AutoModeObjects.storageClass(),
      ...AutoModeObjects.albIngressClass({ name: 'alb' }));

    const labels = { app: 'web' };
    const deployment = webDeployment({ name: 'web', namespace: 'web', labels });
    deployment.spec.template.spec.nodeSelector = { 'karpenter.sh/nodepool': 'graviton' };
    const app = this.cluster.addManifest('WebApp', {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    }, deployment, {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'web' },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    });
    app.node.addDependency(this.graviton);

    const ingress = this.cluster.addManifest('WebIngress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'web' },
      spec: {
        ingressClassName: 'alb',
        rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
      },
    });
    // Created after, and deleted before, its IngressClass and the Service it routes to.
    ingress.node.addDependency(classes, app);
  }
}
