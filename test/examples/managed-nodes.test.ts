import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ManagedNodesStack } from '../../examples/managed-nodes';
import { exampleTemplate, testApp } from '../validated-synth';

// GIVEN the example, synthesized once with the built-in validator (errors fatal) and AwsSolutions
let stack: ManagedNodesStack;
let template: Template;
beforeAll(() => {
  stack = new ManagedNodesStack(testApp(), 'ManagedNodes'); // for resolving tokens and logical ids
  template = exampleTemplate('ManagedNodes');
});

test('the example passes the CloudFormation validator and AwsSolutions and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('an On-Demand x86 group and a Spot Graviton group, both on the cluster version', () => {
  template.resourceCountIs('AWS::EKS::Nodegroup', 2);
  template.hasResourceProperties('AWS::EKS::Nodegroup', {
    AmiType: 'AL2023_x86_64_STANDARD',
    InstanceTypes: ['m7i.large'],
    ScalingConfig: { MinSize: 2, DesiredSize: 2, MaxSize: 4 },
    NodeRepairConfig: { Enabled: true, MaxUnhealthyNodeThresholdPercentage: 33, MaxParallelNodesRepairedCount: 1 },
    WarmPoolConfig: { Enabled: true, MinSize: 1, PoolState: 'STOPPED' },
    Version: '1.35',
  });
  template.hasResourceProperties('AWS::EKS::Nodegroup', {
    AmiType: 'AL2023_ARM_64_STANDARD',
    CapacityType: 'SPOT',
    InstanceTypes: ['m7g.large', 'm6g.large', 'c7g.xlarge'],
    ScalingConfig: { MinSize: 0, DesiredSize: 1, MaxSize: 10 },
    Labels: { 'example.com/capacity': 'spot' },
    Taints: [{ Key: 'example.com/spot', Value: 'true', Effect: 'NO_SCHEDULE' }],
    UpdateConfig: { MaxUnavailablePercentage: 33 },
    Version: '1.35',
  });
});

test('every node launches with IMDSv2, hop limit 1 and encrypted volumes', () => {
  const templates = Object.values(template.findResources('AWS::EC2::LaunchTemplate'));
  expect(templates).toHaveLength(2);
  for (const lt of templates) {
    expect(lt.Properties.LaunchTemplateData.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    expect(lt.Properties.LaunchTemplateData.BlockDeviceMappings[0].Ebs).toEqual(expect.objectContaining({ Encrypted: true, VolumeType: 'gp3' }));
  }
});

test('node roles carry the join policies; the general group also has SSM', () => {
  const resolve = (s: Stack, v: any) => s.resolve(v);
  template.hasResourceProperties('AWS::IAM::Role', {
    ManagedPolicyArns: Match.arrayWith([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonEKSWorkerNodePolicy']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] },
    ]),
  });
  template.hasResourceProperties('AWS::EKS::Nodegroup', {
    NodeRole: resolve(stack, stack.general.role.roleArn),
    Subnets: resolve(stack, stack.cluster.vpc.privateSubnets.map((s) => s.subnetId)),
  });
});
