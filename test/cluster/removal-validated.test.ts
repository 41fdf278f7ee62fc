import { Stack } from 'aws-cdk-lib';
import { Cluster, KubernetesVersion } from '../../lib';
import { synthValidated } from '../validated-synth';

test('the default removal policy passes the CloudFormation validator and cdk-nag (RetainExceptOnCreate, UpdateReplacePolicy)', () => {
  const templates = synthValidated((app) => {
    const stack = new Stack(app, 'Retained');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    cluster.addNodeGroup('Nodes');
    cluster.addManifest('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } });
    return [stack];
  });
  const template = templates.get('Retained')!;
  template.hasResource('AWS::EKS::Cluster', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  template.hasResource('AWS::EKS::Nodegroup', { DeletionPolicy: 'RetainExceptOnCreate' });
  template.hasResource('Custom::CdkEksKitManifest', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Delete' });
});
