import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { exampleClusterProps } from './example-cluster';
import { CapacityType, Cluster, ManagedNodeGroup, TaintEffect, WarmPoolState } from '../lib';

/**
 * A cluster with two managed node groups: On-Demand x86 nodes for system and general
 * workloads, and Spot Graviton nodes for interruption-tolerant work, labelled and tainted so
 * that only pods that tolerate Spot land there.
 *
 * The general group keeps one stopped, already-booted instance in a warm pool for fast
 * scale-out, and repairs unhealthy nodes one at a time, pausing when more than a third of the
 * group is unhealthy.
 */
export class ManagedNodesStack extends Stack {
  public readonly cluster: Cluster;
  public readonly general: ManagedNodeGroup;
  public readonly spot: ManagedNodeGroup;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.cluster = new Cluster(this, 'Cluster', exampleClusterProps(this, { kubectl: false }));

    this.general = this.cluster.addNodeGroup('General', {
      instanceTypes: [new ec2.InstanceType('m7i.large')],
      minSize: 2,
      maxSize: 4,
      nodeRepair: { maxUnhealthyNodeThresholdPercentage: 33, maxParallelNodesRepairedCount: 1 },
      warmPool: { minSize: 1, poolState: WarmPoolState.STOPPED },
      enableSsm: true,
    });

    this.spot = this.cluster.addNodeGroup('SpotGraviton', {
      instanceTypes: [new ec2.InstanceType('m7g.large'), new ec2.InstanceType('m6g.large'), new ec2.InstanceType('c7g.xlarge')],
      capacityType: CapacityType.SPOT,
      minSize: 0,
      desiredSize: 1,
      maxSize: 10,
      labels: { 'example.com/capacity': 'spot' },
      taints: [{ key: 'example.com/spot', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
      maxUnavailablePercentage: 33,
    });
  }
}
