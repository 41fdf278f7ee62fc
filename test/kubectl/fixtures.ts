import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { AddonOrdering, Cluster, ClusterProps, KubernetesVersion } from '../../lib';
import { testApp } from '../validated-synth';

/**
 * A stack with a cluster the built-in v29 kubectl layer serves (1.30, past extended
 * support, so its end-of-support warning is acknowledged to keep test output quiet).
 */
export function clusterStack(props: Partial<ClusterProps> = {}, existing?: Stack): { stack: Stack; cluster: Cluster } {
  const stack = existing ?? new Stack(testApp(), 'S');
  const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_30, allowEndOfSupportVersion: true, ...props });
  Validations.of(cluster).acknowledge({ id: 'Annotation::cdk-eks-kit:endOfSupport', reason: 'test fixture' });
  return { stack, cluster };
}

/** A small namespace object. */
export function namespace(name: string): Record<string, any> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** Registers a stand-in node group as capacity of `cluster`, for charts that wait for their pods. */
export function withCapacity<T extends { stack: Stack; cluster: Cluster }>(fixture: T): T {
  AddonOrdering.registerCapacity(fixture.cluster, new CfnResource(fixture.stack, 'StandInNodes', { type: 'AWS::EKS::Nodegroup', properties: {} }));
  return fixture;
}
