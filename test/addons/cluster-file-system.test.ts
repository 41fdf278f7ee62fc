import { CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Cluster, ClusterFileSystem } from '../../lib';
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
