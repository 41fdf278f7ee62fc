import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { exampleClusterProps } from './example-cluster';
import { Cluster, NodeAmiFamily, SelfManagedNodeGroup, TaintEffect } from '../lib';

/**
 * A cluster with two self-managed node groups: AL2023 nodes from a mixed instances policy
 * (one On-Demand base node, the rest Spot), and a Bottlerocket group on Graviton. Both are
 * tagged for cluster-autoscaler auto-discovery.
 */
export class SelfManagedNodesStack extends Stack {
  public readonly cluster: Cluster;
  public readonly mixed: SelfManagedNodeGroup;
  public readonly bottlerocket: SelfManagedNodeGroup;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.cluster = new Cluster(this, 'Cluster', exampleClusterProps(this, { kubectl: false }));

    this.mixed = this.cluster.addSelfManagedNodeGroup('Mixed', {
      instanceTypes: ['m7i.large', 'm6i.large', 'm6a.large', 'm5.large'].map((t) => new ec2.InstanceType(t)),
      spot: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0 },
      minSize: 1,
      maxSize: 6,
      labels: { 'example.com/pool': 'mixed' },
      enableSsm: true,
    });

    this.bottlerocket = this.cluster.addSelfManagedNodeGroup('Bottlerocket', {
      amiFamily: NodeAmiFamily.BOTTLEROCKET,
      instanceTypes: [new ec2.InstanceType('m7g.large')],
      minSize: 1,
      maxSize: 3,
      labels: { 'example.com/os': 'bottlerocket' },
      taints: [{ key: 'example.com/os', value: 'bottlerocket', effect: TaintEffect.NO_SCHEDULE }],
      volumeSize: 40,
    });
  }
}
