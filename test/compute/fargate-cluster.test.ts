import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Cluster, FargateCluster, KubernetesVersion } from '../../lib';
import { testApp } from '../validated-synth';

test('a FargateCluster is a Cluster with a default profile for default and kube-system', () => {
  // GIVEN
  const stack = new Stack(testApp(), 'Stack');
  // WHEN
  const fargate = new FargateCluster(stack, 'Fargate', { version: KubernetesVersion.V1_35 });
  // THEN
  expect(fargate.cluster).toBeInstanceOf(Cluster);
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::EKS::Cluster', 1);
  template.resourceCountIs('AWS::EKS::Nodegroup', 0);
  template.hasResourceProperties('AWS::EKS::FargateProfile', {
    ClusterName: stack.resolve(fargate.cluster.clusterName),
    Selectors: [{ Namespace: 'default' }, { Namespace: 'kube-system' }],
    PodExecutionRoleArn: stack.resolve(fargate.defaultProfile.podExecutionRole.roleArn),
  });
});

test('the default profile can be replaced, and later profiles wait for it', () => {
  const stack = new Stack(testApp(), 'Stack');
  const fargate = new FargateCluster(stack, 'Fargate', {
    version: KubernetesVersion.V1_35,
    defaultProfile: { selectors: [{ namespace: 'kube-system' }], fargateProfileName: 'system' },
  });
  const apps = fargate.cluster.addFargateProfile('Apps', { selectors: [{ namespace: 'apps' }] });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::EKS::FargateProfile', { FargateProfileName: 'system', Selectors: [{ Namespace: 'kube-system' }] });
  expect(template.toJSON().Resources[stack.resolve(apps.resource.logicalId)].DependsOn)
    .toContain(stack.resolve(fargate.defaultProfile.resource.logicalId));
});
