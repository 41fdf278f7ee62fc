import { Duration, Size, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { addCoreAddons, exampleClusterProps } from './example-cluster';
import { webDeployment } from './web-deployment';
import {
  AmiSelector, Cluster, ConsolidationPolicy, DisruptionReason, Ec2NodeClass, Karpenter, NodeArchitecture, NodePool, NodePoolCapacityType,
  NodePoolDuration, NodeRequirement, TaintEffect,
} from '../lib';

/**
 * Self-managed Karpenter: the controller (Pod Identity, interruption queue) runs on a small
 * managed node group; one EC2NodeClass (AL2023, encrypted 50 GiB root volume) feeds an
 * On-Demand pool for general workloads and a tainted Spot pool (Graviton and x86) for
 * interruption-tolerant ones, with consolidation and disruption budgets. A Deployment that
 * tolerates the Spot taint lands on Spot nodes Karpenter launches for it.
 *
 * `cdk destroy` removes the Deployment first, then the node pools (waiting until their
 * NodeClaims and instances are gone), the node class, the controller, and only then its IAM
 * role, the queue and the VPC.
 */
export class KarpenterStack extends Stack {
  public readonly cluster: Cluster;
  public readonly karpenter: Karpenter;
  public readonly nodeClass: Ec2NodeClass;
  public readonly onDemand: NodePool;
  public readonly spot: NodePool;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.cluster = new Cluster(this, 'Cluster', { ...exampleClusterProps(this, { kubectl: true }), clusterName: 'karpenter-example' });
    addCoreAddons(this.cluster);
    // The controller's own capacity (Karpenter does not run on nodes it launches).
    this.cluster.addNodeGroup('System', { instanceTypes: [new ec2.InstanceType('m7i.large')], minSize: 2, maxSize: 3 });

    this.karpenter = new Karpenter(this, 'Karpenter', { cluster: this.cluster });
    this.nodeClass = this.karpenter.addNodeClass('Default', {
      name: 'default',
      amiSelector: AmiSelector.al2023(),
      volumes: [{ deviceName: '/dev/xvda', size: Size.gibibytes(50), rootVolume: true }],
      tags: { 'example.com/team': 'platform' },
    });

    this.onDemand = this.karpenter.addNodePool('OnDemand', this.nodeClass, {
      name: 'on-demand',
      requirements: [
        NodeRequirement.capacityTypes([NodePoolCapacityType.ON_DEMAND]),
        NodeRequirement.instanceCategories(['c', 'm', 'r']),
        NodeRequirement.instanceGenerationGreaterThan(5),
      ],
      limits: { cpu: 64, memory: Size.gibibytes(256) },
      disruption: {
        consolidationPolicy: ConsolidationPolicy.WHEN_EMPTY_OR_UNDERUTILIZED,
        consolidateAfter: NodePoolDuration.of(Duration.minutes(1)),
        budgets: [{ nodes: '10%' }],
      },
      weight: 10,
    });

    this.spot = this.karpenter.addNodePool('Spot', this.nodeClass, {
      name: 'spot',
      requirements: [
        NodeRequirement.capacityTypes([NodePoolCapacityType.SPOT]),
        NodeRequirement.architectures([NodeArchitecture.ARM64, NodeArchitecture.AMD64]),
        NodeRequirement.instanceCategories(['c', 'm']),
      ],
      labels: { 'example.com/capacity': 'spot' },
      taints: [{ key: 'example.com/spot', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
      expireAfter: NodePoolDuration.of(Duration.days(7)),
      limits: { cpu: 128 },
      disruption: {
        budgets: [
          { nodes: '20%' },
          // No drift replacements during business hours (UTC).
          { nodes: '0', schedule: '0 8 * * mon-fri', duration: Duration.hours(10), reasons: [DisruptionReason.DRIFTED] },
        ],
      },
    });

    const labels = { app: 'batch' };
    const deployment = webDeployment({ name: 'batch', namespace: 'batch', labels });
    deployment.spec.template.spec.nodeSelector = { 'example.com/capacity': 'spot' };
    deployment.spec.template.spec.tolerations = [{ key: 'example.com/spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' }];
    const app = this.cluster.addManifest('Batch', {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'batch', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    }, deployment);
    // Removed before its pool, so the pool's nodes drain quickly on delete.
    app.node.addDependency(this.spot);
  }
}
