import { Match, Template } from 'aws-cdk-lib/assertions';
import { SelfManagedNodesStack } from '../../examples/self-managed-nodes';
import { bottlerocketSettingsOf, nodeConfigsOf, placeholder, userDataText } from '../compute/user-data-helpers';
import { exampleTemplate, testApp } from '../validated-synth';

// GIVEN the example, synthesized once with the built-in validator (errors fatal) and AwsSolutions
let stack: SelfManagedNodesStack;
let template: Template;
beforeAll(() => {
  stack = new SelfManagedNodesStack(testApp(), 'SelfManagedNodes'); // for resolving tokens and logical ids
  template = exampleTemplate('SelfManagedNodes');
});

function userData(launchTemplateId: string): string {
  return userDataText(template.toJSON().Resources[stack.resolve(launchTemplateId).Ref].Properties.LaunchTemplateData.UserData);
}

test('the example passes the CloudFormation validator and AwsSolutions and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('the AL2023 group joins the cluster through a NodeConfig and runs mixed instances with Spot', () => {
  const [config] = nodeConfigsOf(userData(stack.mixed.launchTemplate.launchTemplateId!));
  expect(config.spec.cluster).toEqual({
    name: placeholder(stack.resolve(stack.cluster.clusterName)),
    apiServerEndpoint: placeholder(stack.resolve(stack.cluster.clusterEndpoint)),
    certificateAuthority: placeholder(stack.resolve(stack.cluster.clusterCertificateAuthorityData)),
    cidr: stack.cluster.serviceIpv4Cidr,
  });
  template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
    CapacityRebalance: true,
    MixedInstancesPolicy: {
      InstancesDistribution: { OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 0, SpotAllocationStrategy: 'price-capacity-optimized' },
      LaunchTemplate: Match.objectLike({ Overrides: [{ InstanceType: 'm7i.large' }, { InstanceType: 'm6i.large' }, { InstanceType: 'm6a.large' }, { InstanceType: 'm5.large' }] }),
    },
  });
});

test('the Bottlerocket group joins the cluster through TOML settings', () => {
  const settings = bottlerocketSettingsOf(userData(stack.bottlerocket.launchTemplate.launchTemplateId!)).settings.kubernetes;
  expect(settings).toEqual(expect.objectContaining({
    'cluster-name': placeholder(stack.resolve(stack.cluster.clusterName)),
    'api-server': placeholder(stack.resolve(stack.cluster.clusterEndpoint)),
    'cluster-certificate': placeholder(stack.resolve(stack.cluster.clusterCertificateAuthorityData)),
    'node-taints': { 'example.com/os': ['bottlerocket:NoSchedule'] },
  }));
  template.hasParameter('*', { Default: '/aws/service/bottlerocket/aws-k8s-1.35/arm64/latest/image_id' });
});

test('both node roles have EC2_LINUX access entries and IMDSv2-only launch templates', () => {
  template.resourcePropertiesCountIs('AWS::EKS::AccessEntry', { Type: 'EC2_LINUX' }, 2);
  for (const group of [stack.mixed, stack.bottlerocket]) {
    template.hasResourceProperties('AWS::EKS::AccessEntry', { PrincipalArn: stack.resolve(group.role.roleArn), Type: 'EC2_LINUX' });
  }
  const templates = Object.values(template.findResources('AWS::EC2::LaunchTemplate'));
  expect(templates).toHaveLength(2);
  for (const lt of templates) {
    expect(lt.Properties.LaunchTemplateData.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
  }
  template.resourceCountIs('AWS::AutoScaling::LaunchConfiguration', 0);
});
