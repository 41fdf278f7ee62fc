import { CfnResource, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  Cluster, IpFamily, KubernetesVersion, NodeAmiFamily, SelfManagedNodeGroup, SelfManagedNodeGroupOptions, TaintEffect,
} from '../../lib';
import { testApp } from '../validated-synth';
import { bottlerocketSettingsOf, nodeConfigsOf, placeholder, userDataText } from './user-data-helpers';

const it = (name: string) => new ec2.InstanceType(name);

function fixture() {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, outputConfigCommand: false });
  return { stack, cluster };
}

function userDataOf(template: Template, group: SelfManagedNodeGroup, stack: Stack): string {
  const id = stack.resolve(group.launchTemplate.launchTemplateId).Ref;
  return userDataText(template.toJSON().Resources[id].Properties.LaunchTemplateData.UserData);
}

describe('an AL2023 group with Spot and mixed instance types', () => {
  let stack: Stack;
  let cluster: Cluster;
  let group: SelfManagedNodeGroup;
  let template: Template;
  beforeAll(() => {
    // GIVEN
    ({ stack, cluster } = fixture());
    // WHEN
    group = cluster.addSelfManagedNodeGroup('Workers', {
      instanceTypes: [it('m7i.large'), it('m6i.large'), it('m5.large')],
      spot: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 20 },
      minSize: 1, maxSize: 6,
      labels: { 'lifecycle': 'spot' },
      taints: [{ key: 'spot', value: 'true', effect: TaintEffect.PREFER_NO_SCHEDULE }],
      maxPods: 58,
    });
    template = Template.fromStack(stack);
  });

  test('the user data is a NodeConfig wired to the cluster name, endpoint, CA and service CIDR', () => {
    // WHEN
    const [config] = nodeConfigsOf(userDataOf(template, group, stack));
    // THEN
    expect(config.apiVersion).toBe('node.eks.aws/v1alpha1');
    expect(config.spec.cluster).toEqual({
      name: placeholder(stack.resolve(cluster.clusterName)),
      apiServerEndpoint: placeholder(stack.resolve(cluster.clusterEndpoint)),
      certificateAuthority: placeholder(stack.resolve(cluster.clusterCertificateAuthorityData)),
      cidr: '172.20.0.0/16',
    });
    expect(placeholder(stack.resolve(cluster.clusterEndpoint))).toMatch(/^<GetAtt:Cluster\w+\.Endpoint>$/);
    expect(config.spec.kubelet).toEqual({
      config: { maxPods: 58 },
      flags: ['--node-labels=lifecycle=spot', '--register-with-taints=spot=true:PreferNoSchedule'],
    });
  });

  test('the launch template: EKS AL2023 AMI from SSM at deploy time, IMDSv2 hop 1, encrypted volume, node and cluster SGs', () => {
    template.hasParameter('*', {
      Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
      Default: '/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id',
    });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: {
        ImageId: { Ref: Match.stringLikeRegexp('^SsmParameterValue') },
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: 20, DeleteOnTermination: true } }],
        SecurityGroupIds: [stack.resolve(group.securityGroup.securityGroupId), stack.resolve(cluster.clusterSecurityGroupId)],
        InstanceType: Match.absent(),
      },
    });
  });

  test('the Auto Scaling group: mixed instances with Spot, capacity rebalance, rolling update, private subnets, no launch configuration', () => {
    template.resourceCountIs('AWS::AutoScaling::LaunchConfiguration', 0);
    template.hasResource('AWS::AutoScaling::AutoScalingGroup', {
      Properties: {
        MinSize: '1', MaxSize: '6', DesiredCapacity: Match.absent(),
        CapacityRebalance: true,
        VPCZoneIdentifier: stack.resolve(cluster.vpc.privateSubnets.map((s) => s.subnetId)),
        MixedInstancesPolicy: {
          InstancesDistribution: {
            OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 20, SpotAllocationStrategy: 'price-capacity-optimized',
          },
          LaunchTemplate: {
            LaunchTemplateSpecification: {
              LaunchTemplateId: stack.resolve(group.launchTemplate.launchTemplateId),
              Version: stack.resolve(group.launchTemplate.versionNumber),
            },
            Overrides: [{ InstanceType: 'm7i.large' }, { InstanceType: 'm6i.large' }, { InstanceType: 'm5.large' }],
          },
        },
      },
      UpdatePolicy: { AutoScalingRollingUpdate: Match.objectLike({ MaxBatchSize: 1 }) },
      // The access entry, and the Pod Identity agent the termination handler's association added (a networking add-on).
      DependsOn: Match.arrayWith([stack.resolve((group.accessEntry.node.defaultChild as CfnResource).logicalId)]),
    });
  });

  test('cluster-autoscaler discovery and node-template tags', () => {
    const [asg] = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'));
    expect(asg.Properties.Tags).toEqual(expect.arrayContaining([
      { Key: 'k8s.io/cluster-autoscaler/enabled', Value: 'true', PropagateAtLaunch: true },
      { Key: stack.resolve(`k8s.io/cluster-autoscaler/${cluster.clusterName}`), Value: 'owned', PropagateAtLaunch: true },
      { Key: 'k8s.io/cluster-autoscaler/node-template/label/lifecycle', Value: 'spot', PropagateAtLaunch: false },
      { Key: 'k8s.io/cluster-autoscaler/node-template/taint/spot', Value: 'true:PreferNoSchedule', PropagateAtLaunch: false },
      { Key: stack.resolve(`kubernetes.io/cluster/${cluster.clusterName}`), Value: 'owned', PropagateAtLaunch: true },
    ]));
  });

  test('the node role has the join policies and an EC2_LINUX access entry, created after the cluster', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] },
      ManagedPolicyArns: ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly', 'AmazonEKS_CNI_Policy'].map((name) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]],
      })),
    });
    template.hasResource('AWS::EKS::AccessEntry', {
      Properties: {
        ClusterName: stack.resolve(cluster.clusterName),
        PrincipalArn: stack.resolve(group.role.roleArn),
        Type: 'EC2_LINUX',
        AccessPolicies: Match.absent(),
      },
      DependsOn: [cluster.resource.logicalId].map((id) => stack.resolve(id)),
    });
  });
});

describe('a Bottlerocket group', () => {
  test('gets TOML settings wired to the cluster, the Bottlerocket arm64 AMI and an encrypted data volume', () => {
    // GIVEN
    const { stack, cluster } = fixture();
    // WHEN
    const group = cluster.addSelfManagedNodeGroup('Br', {
      amiFamily: NodeAmiFamily.BOTTLEROCKET,
      instanceTypes: [it('m7g.large')],
      labels: { os: 'bottlerocket' },
      volumeSize: 60,
    });
    const template = Template.fromStack(stack);
    // THEN
    const settings = bottlerocketSettingsOf(userDataOf(template, group, stack)).settings.kubernetes;
    expect(settings).toEqual({
      'cluster-name': placeholder(stack.resolve(cluster.clusterName)),
      'api-server': placeholder(stack.resolve(cluster.clusterEndpoint)),
      'cluster-certificate': placeholder(stack.resolve(cluster.clusterCertificateAuthorityData)),
      'cluster-dns-ip': '172.20.0.10',
      'node-labels': { os: 'bottlerocket' },
    });
    template.hasParameter('*', { Default: '/aws/service/bottlerocket/aws-k8s-1.35/arm64/latest/image_id' });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: {
        InstanceType: 'm7g.large',
        BlockDeviceMappings: [{ DeviceName: '/dev/xvdb', Ebs: Match.objectLike({ Encrypted: true, VolumeSize: 60 }) }],
      },
    });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      LaunchTemplate: { LaunchTemplateId: stack.resolve(group.launchTemplate.launchTemplateId), Version: Match.anyValue() },
      MixedInstancesPolicy: Match.absent(),
      CapacityRebalance: Match.absent(),
    });
  });
});

describe('other options', () => {
  test('custom AMI with own user data, warm pool and own update policy', () => {
    const { stack, cluster } = fixture();
    const userData = ec2.UserData.forLinux();
    userData.addCommands('echo custom bootstrap');
    cluster.addSelfManagedNodeGroup('Custom', {
      instanceTypes: [it('c7i.large')],
      machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-12345678' }),
      userData,
      warmPool: { minSize: 1, poolState: autoscaling.PoolState.STOPPED },
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({ maxBatchSize: 2, pauseTime: Duration.minutes(2) }),
      clusterAutoscalerDiscovery: false,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::AutoScaling::WarmPool', { MinSize: 1, PoolState: 'Stopped' });
    template.hasResource('AWS::AutoScaling::AutoScalingGroup', {
      UpdatePolicy: { AutoScalingRollingUpdate: Match.objectLike({ MaxBatchSize: 2, PauseTime: 'PT2M' }) },
    });
    expect(JSON.stringify(template.toJSON())).toContain('echo custom bootstrap');
    expect(JSON.stringify(template.findResources('AWS::AutoScaling::AutoScalingGroup'))).not.toContain('cluster-autoscaler');
  });

  test('GPU instances with the standard AMI warn', () => {
    const { stack, cluster } = fixture();
    cluster.addSelfManagedNodeGroup('Gpu', { instanceTypes: [it('g5.xlarge')] });
    Annotations.fromStack(stack).hasWarning('/Stack/Cluster/Gpu', Match.stringLikeRegexp('no GPU or Neuron drivers'));
  });

  test('works on an imported cluster given endpoint, CA, security group, version and service CIDR', () => {
    const stack = new Stack(testApp(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 1 });
    const cluster = Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: 'legacy', vpc, version: KubernetesVersion.V1_34, serviceIpv4Cidr: '10.100.0.0/16',
      clusterEndpoint: 'https://ABC.eks.amazonaws.com', clusterCertificateAuthorityData: 'Q0E=', clusterSecurityGroupId: 'sg-123',
    });
    const group = new SelfManagedNodeGroup(stack, 'Nodes', { cluster });
    const [config] = nodeConfigsOf(userDataOf(Template.fromStack(stack), group, stack));
    expect(config.spec.cluster).toEqual({
      name: 'legacy', apiServerEndpoint: 'https://ABC.eks.amazonaws.com', certificateAuthority: 'Q0E=', cidr: '10.100.0.0/16',
    });
  });
});

describe('the NodeConfig always carries spec.cluster.cidr (nodeadm: "CIDR is missing in cluster configuration")', () => {
  const subnets = { availabilityZones: ['eu-west-1a', 'eu-west-1b'], privateSubnetIds: ['subnet-1', 'subnet-2'] };

  test('IPv6 cluster: the ServiceIpv6Cidr attribute of the cluster, resolved at deploy time', () => {
    const stack = new Stack(testApp(), 'Stack');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', vpcCidrBlock: '10.0.0.0/16', ...subnets });
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, ipFamily: IpFamily.IP_V6, vpc, outputConfigCommand: false });
    const group = cluster.addSelfManagedNodeGroup('Nodes');
    const [config] = nodeConfigsOf(userDataOf(Template.fromStack(stack), group, stack));
    expect(config.spec.cluster.cidr).toBe(placeholder(stack.resolve(cluster.resource.attrKubernetesNetworkConfigServiceIpv6Cidr)));
    expect(config.spec.cluster.cidr).toBe(`<GetAtt:${stack.getLogicalId(cluster.resource)}.KubernetesNetworkConfig.ServiceIpv6Cidr>`);
  });

  test('a VPC whose CIDR is a token: the given serviceIpv4Cidr; without it a synth error naming serviceIpv4Cidr', () => {
    const stack = new Stack(testApp(), 'Stack');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', vpcCidrBlock: Token.asString({ Ref: 'VpcCidr' }), ...subnets });
    const unknown = new Cluster(stack, 'Unknown', { version: KubernetesVersion.V1_35, vpc, outputConfigCommand: false });
    expect(() => unknown.addSelfManagedNodeGroup('Nodes')).toThrow(/service IPv4 CIDR is unknown at synth \(the VPC's CIDR is a deploy-time value.*pass 'serviceIpv4Cidr' to the Cluster.*\[NodeGroupServiceCidr\]/);
    expect(() => unknown.addSelfManagedNodeGroup('Rocket', { amiFamily: NodeAmiFamily.BOTTLEROCKET })).not.toThrow();

    const known = new Cluster(stack, 'Known', { version: KubernetesVersion.V1_35, vpc, serviceIpv4Cidr: '172.20.0.0/16', outputConfigCommand: false });
    const group = known.addSelfManagedNodeGroup('Nodes');
    expect(nodeConfigsOf(userDataOf(Template.fromStack(stack), group, stack))[0].spec.cluster.cidr).toBe('172.20.0.0/16');
  });

  test('an import without the service CIDR is a synth error naming the attribute (IPv4 and IPv6)', () => {
    const stack = new Stack(testApp(), 'Stack');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', ...subnets });
    const attrs = { clusterName: 'c', vpc, version: KubernetesVersion.V1_35, clusterEndpoint: 'https://x', clusterCertificateAuthorityData: 'Q0E=', clusterSecurityGroupId: 'sg-1' };
    const v4 = Cluster.fromClusterAttributes(stack, 'V4', attrs);
    expect(() => new SelfManagedNodeGroup(stack, 'A', { cluster: v4 })).toThrow(/pass 'serviceIpv4Cidr' to Cluster.fromClusterAttributes\(\)/);
    const v6 = Cluster.fromClusterAttributes(stack, 'V6', { ...attrs, ipFamily: IpFamily.IP_V6 });
    expect(() => new SelfManagedNodeGroup(stack, 'B', { cluster: v6 })).toThrow(/service IPv6 CIDR is unknown.*pass 'serviceIpv6Cidr'/);
    const v6Known = Cluster.fromClusterAttributes(stack, 'V6Known', { ...attrs, ipFamily: IpFamily.IP_V6, serviceIpv6Cidr: 'fd12:3456:789a::/108' });
    const group = new SelfManagedNodeGroup(stack, 'C', { cluster: v6Known });
    expect(nodeConfigsOf(userDataOf(Template.fromStack(stack), group, stack))[0].spec.cluster.cidr).toBe('fd12:3456:789a::/108');
  });
});

describe('synth-time errors', () => {
  const token = Token.asNumber({ Ref: 'N' });
  const add = (options: SelfManagedNodeGroupOptions) => {
    const { cluster } = fixture();
    return () => cluster.addSelfManagedNodeGroup('Nodes', options);
  };

  test.each<[string, SelfManagedNodeGroupOptions, RegExp]>([
    ['mixed arch', { instanceTypes: [it('m7g.large'), it('m7i.large')] }, /'instanceTypes' mixes CPU architectures.*\[NodeGroupInstanceTypes\]/],
    ['warm pool with spot', { spot: {}, warmPool: {} }, /'warmPool' cannot be combined with 'spot' or several 'instanceTypes'/],
    ['warm pool with several types', { instanceTypes: [it('m7i.large'), it('m6i.large')], warmPool: {} }, /'warmPool' cannot be combined/],
    ['labels with own user data', { userData: ec2.UserData.forLinux(), labels: { a: 'b' } }, /'labels', 'taints', 'maxPods' and 'kubeletConfig' go into the generated user data/],
    ['ssm with own role', { enableSsm: true, nodeRole: iam.Role.fromRoleArn(new Stack(), 'R', 'arn:aws:iam::123456789012:role/n') }, /'enableSsm' applies to the generated node role only/],
    ['maxPods 0', { maxPods: 0 }, /'maxPods' is 0; use a whole number of at least 1/],
    ['spot percentage', { spot: { onDemandPercentageAboveBaseCapacity: 120 } }, /'spot\.onDemandPercentageAboveBaseCapacity' is 120; use 0–100/],
    ['spot base', { spot: { onDemandBaseCapacity: -1 } }, /'spot\.onDemandBaseCapacity' is -1/],
    ['min > max', { minSize: 5, maxSize: 2 }, /'minSize' \(5\) is greater than 'maxSize' \(2\).*\[NodeGroupSize\]/],
    ['bad label', { labels: { '-x': 'y' } }, /'labels': label key '-x'/],
    ['kubeletConfig clash (AL2023)', { maxPods: 20, kubeletConfig: { maxPods: 30 } }, /'kubeletConfig' sets 'maxPods', which the generated AL2023 user data writes.*\[NodeGroupKubeletConfig\]/],
    ['kubeletConfig clash (Bottlerocket)', { amiFamily: NodeAmiFamily.BOTTLEROCKET, labels: { a: 'b' }, kubeletConfig: { 'node-labels': {} } }, /'kubeletConfig' sets 'node-labels', which the generated BOTTLEROCKET user data writes/],
    ['bad taint', { taints: [{ key: 'k', value: 'v'.repeat(64), effect: TaintEffect.NO_SCHEDULE }] }, /'taints': taint 'k' value/],
  ])('%s', (_, options, message) => {
    expect(add(options)).toThrow(message);
  });

  test.each<[string, SelfManagedNodeGroupOptions]>([
    ['token maxPods twin', { maxPods: token }],
    ['token spot twin', { spot: { onDemandPercentageAboveBaseCapacity: token, onDemandBaseCapacity: token } }],
    ['token sizes twin', { minSize: token, maxSize: 2 }],
    ['token label twin', { labels: { [Token.asString({ Ref: 'K' })]: 'v' } }],
    ['kubeletConfig maxPods without the maxPods prop twin', { kubeletConfig: { maxPods: 30 } }],
  ])('%s passes', (_, options) => {
    expect(add(options)).not.toThrow();
  });

  test('Bottlerocket needs a cluster name that is a label value; a token name passes', () => {
    const stack = new Stack(testApp(), 'Stack');
    const long = new Cluster(stack, 'Long', { version: KubernetesVersion.V1_35, clusterName: 'c'.repeat(64), outputConfigCommand: false });
    expect(() => long.addSelfManagedNodeGroup('Br', { amiFamily: NodeAmiFamily.BOTTLEROCKET }))
      .toThrow(/the cluster name 'c{64}' \(64 characters\) is not a valid Kubernetes label value.*\[NodeGroupClusterName\]/);
    expect(() => long.addSelfManagedNodeGroup('Al', {})).not.toThrow();
    const imported = Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: Token.asString({ Ref: 'ClusterName' }), vpc: long.vpc, version: KubernetesVersion.V1_35,
      clusterEndpoint: 'https://x', clusterCertificateAuthorityData: 'Q0E=', clusterSecurityGroupId: 'sg-1',
    });
    expect(() => new SelfManagedNodeGroup(stack, 'Twin', { cluster: imported, amiFamily: NodeAmiFamily.BOTTLEROCKET })).not.toThrow();
  });

  test('an imported cluster without a version needs a machineImage', () => {
    const stack = new Stack(testApp(), 'Stack');
    const cluster = Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: 'legacy', vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 1 }), serviceIpv4Cidr: '172.20.0.0/16',
      clusterEndpoint: 'https://x', clusterCertificateAuthorityData: 'Q0E=', clusterSecurityGroupId: 'sg-1',
    });
    expect(() => new SelfManagedNodeGroup(stack, 'Nodes', { cluster })).toThrow(/no known Kubernetes 'version'.*\[NodeGroupVersion\]/);
    expect(() => new SelfManagedNodeGroup(stack, 'Twin', { cluster, machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-1' }) })).not.toThrow();
  });
});
