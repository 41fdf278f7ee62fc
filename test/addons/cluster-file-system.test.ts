import { CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AutoModeNodeClass, Cluster, ClusterFileSystem, Karpenter, KubernetesVersion, NodePool } from '../../lib';
import { testApp } from '../validated-synth';

describe('ClusterFileSystem', () => {
  // GIVEN an imported cluster with a VPC and security group
  let template: Template;
  let fs: ClusterFileSystem;
  let stack: Stack;
  beforeAll(() => {
    stack = new Stack(testApp(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'c', vpc, clusterSecurityGroupId: 'sg-0123456789abcdef0' });
    fs = new ClusterFileSystem(stack, 'Shared', { cluster });
    template = Template.fromStack(stack);
  });

  test('an encrypted, retained file system with a mount target per private subnet', () => {
    template.hasResource('AWS::EFS::FileSystem', { Properties: { Encrypted: true }, DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    template.resourceCountIs('AWS::EFS::MountTarget', 2);
  });

  test('NFS is open only from the cluster security group, no outbound rules', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp', FromPort: 2049, ToPort: 2049, SourceSecurityGroupId: 'sg-0123456789abcdef0',
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  test('its StorageClass points at the file system', () => {
    const logicalId = stack.getLogicalId(fs.fileSystem.node.defaultChild as CfnResource);
    expect(logicalId).toMatch(/^SharedFileSystem/);
    expect(stack.resolve(fs.storageClass('shared').parameters.fileSystemId)).toEqual({ Ref: logicalId });
    expect(fs.storageClass('shared').metadata.name).toBe('shared');
  });
});

describe('ClusterFileSystem mount grants reach Karpenter and Auto Mode nodes', () => {
  /** The roles (Ref ids) whose policies allow ClientMount on the file system. */
  function mountRoles(template: Template): string[] {
    const roles: string[] = [];
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy')) as any[]) {
      const grants = JSON.stringify(policy.Properties.PolicyDocument).includes('elasticfilesystem:ClientMount');
      if (grants) roles.push(...policy.Properties.Roles.map((r: any) => r.Ref));
    }
    return roles;
  }

  test("a Karpenter NodePool's nodes (the installation's node role behind its instance profile) may mount", () => {
    // GIVEN a cluster whose workload nodes come from Karpenter
    const stack = new Stack(testApp(), 'Stack');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, clusterName: 'demo' });
    cluster.addNodeGroup('System', { instanceTypes: [new ec2.InstanceType('m7i.large')] });
    const karpenter = new Karpenter(stack, 'Karpenter', { cluster });
    // WHEN a file system is added before the pool
    new ClusterFileSystem(stack, 'Shared', { cluster });
    karpenter.addNodePool('General', karpenter.addNodeClass('Default', { name: 'default' }), { name: 'general' });
    // THEN the Karpenter node role is granted, beside the node group's role
    const template = Template.fromStack(stack);
    const karpenterRole = stack.resolve((karpenter.nodeRole.node.defaultChild as CfnResource).logicalId);
    expect(mountRoles(template)).toContain(karpenterRole);
    expect(mountRoles(template)).toHaveLength(2);
  });

  test("Auto Mode's built-in pools and a custom node class's role may mount", () => {
    // GIVEN an Auto Mode cluster with a custom node class on its own role
    const stack = new Stack(testApp(), 'Stack');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, autoMode: {} });
    const role = new iam.Role(stack, 'AppNodes', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const nodeClass = new AutoModeNodeClass(stack, 'AppClass', { cluster, name: 'app', role });
    new NodePool(stack, 'AppPool', { cluster, nodeClass, name: 'app' });
    // WHEN
    new ClusterFileSystem(stack, 'Shared', { cluster });
    // THEN both the cluster's Auto Mode node role and the custom role are granted
    const roles = mountRoles(Template.fromStack(stack));
    expect(roles).toContain(stack.resolve((role.node.defaultChild as CfnResource).logicalId));
    expect(roles).toHaveLength(2);
  });
});
