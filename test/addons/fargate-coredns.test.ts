import { CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AddonType, Cluster, FargateCluster, KubernetesVersion } from '../../lib';
import { testApp } from '../validated-synth';

describe('FargateCluster CoreDNS', () => {
  let template: Template;
  let stack: Stack;
  let fargate: FargateCluster;
  beforeAll(() => {
    // GIVEN a Fargate-only cluster with an extra profile added later
    stack = new Stack(testApp(), 'Stack');
    fargate = new FargateCluster(stack, 'Fargate', { version: KubernetesVersion.V1_35, coreDns: { replicas: 3 } });
    fargate.cluster.addFargateProfile('Apps', { selectors: [{ namespace: 'apps' }] });
    template = Template.fromStack(stack);
  });

  test('the CoreDNS add-on runs on Fargate with the requested replicas', () => {
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'coredns', AddonVersion: 'v1.14.2-eksbuild.4',
      ConfigurationValues: '{"replicaCount":3,"computeType":"Fargate"}', PreserveOnDelete: true,
    });
  });

  test('it is created after the Fargate profile that selects kube-system, not after profiles of other namespaces', () => {
    const dns = template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'coredns' } });
    const profiles = template.findResources('AWS::EKS::FargateProfile');
    expect(Object.keys(profiles)).toHaveLength(2);
    const id = (ns: string) => Object.keys(profiles).find((k) => JSON.stringify(profiles[k].Properties.Selectors).includes(`"${ns}"`))!;
    expect(Object.values(dns)[0].DependsOn).toContain(id('kube-system'));
    expect(Object.values(dns)[0].DependsOn).not.toContain(id('apps'));
    expect(stack.resolve(fargate.coreDns.addonName)).toBe('coredns');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('needs capacity'));
  });
});

test('self-managed node groups of the cluster are wired too: after the networking add-ons, before coredns', () => {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
  const cni = cluster.addAddon('VpcCni', AddonType.vpcCni());
  const dns = cluster.addAddon('CoreDns', AddonType.coreDns());
  const nodes = cluster.addSelfManagedNodeGroup('Nodes', { instanceTypes: [new ec2.InstanceType('m7i.large')] });
  const template = Template.fromStack(stack);
  const asgId = stack.getLogicalId(nodes.autoScalingGroup.node.defaultChild as CfnResource);
  expect(template.findResources('AWS::AutoScaling::AutoScalingGroup')[asgId].DependsOn).toEqual(expect.arrayContaining([stack.getLogicalId(cni.resource)]));
  expect(template.findResources('AWS::EKS::Addon')[stack.getLogicalId(dns.resource)].DependsOn).toEqual(expect.arrayContaining([asgId]));
  Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('needs capacity'));
});
