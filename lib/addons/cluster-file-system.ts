import type { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { onNodeRole } from '../compute/node-role-registry';
import { StorageClasses } from './storage-classes';
import { checkProps, wrapErrors } from '../validation/prop-check';
import { CLUSTER_FILE_SYSTEM_PROPS } from '../validation/prop-specs';
import { ClusterRemoval, RemovalKind } from '../cluster/removal';

/** Properties of a {@link ClusterFileSystem}. */
export interface ClusterFileSystemProps {
  /** The cluster whose pods mount the file system (its VPC and security group are used). */
  readonly cluster: ICluster;
  /**
   * Subnets of the mount targets (one per zone).
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * KMS key encrypting the file system.
   * @default - the account's EFS key (`aws/elasticfilesystem`); the file system is encrypted either way
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * What happens to the file system (and its data), its mount targets and security group when
   * the stack is deleted or they are removed from it.
   * @default - the cluster's removal policy (`RETAIN_ON_UPDATE_OR_DELETE` unless the cluster sets one)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An encrypted EFS file system for a cluster's pods: mount targets in the cluster VPC's
 * private subnets, and a security group that accepts NFS (TCP 2049) only from the cluster
 * security group (managed nodes and Fargate pods use it). Anonymous mounts are refused:
 * `storageClass()` mounts with IAM (`tls`, `iam`), and every node role the cluster knows
 * (node groups, Karpenter and Auto Mode node pools, before or after this) gets
 * `ClientMount`/`ClientWrite`. Pair it with the `aws-efs-csi-driver` add-on.
 */
export class ClusterFileSystem extends Construct {
  /** The file system. */
  public readonly fileSystem: efs.FileSystem;
  /** The security group of the mount targets. */
  public readonly securityGroup: ec2.ISecurityGroup;

  constructor(scope: Construct, id: string, props: ClusterFileSystemProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster, RemovalKind.INFRASTRUCTURE, props.removalPolicy); // lib/cluster/removal.ts
    checkProps(this, props, CLUSTER_FILE_SYSTEM_PROPS);
    const vpc = props.cluster.vpc;
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `EFS mount targets of ${this.node.path} (NFS from the EKS cluster security group)`,
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(props.cluster.clusterSecurityGroup, ec2.Port.tcp(2049), 'NFS from EKS nodes and pods');
    this.securityGroup = securityGroup;
    this.fileSystem = wrapErrors(this, 'ClusterFileSystemSubnets', 'vpcSubnets', () => new efs.FileSystem(this, 'FileSystem', {
      vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup,
      encrypted: true,
      kmsKey: props.encryptionKey,
      // Stated, not left to the app's @aws-cdk/aws-efs:denyAnonymousAccess flag: only IAM-authenticated
      // clients (the 'iam' mount option of storageClass()) mount, and only those granted ClientMount.
      allowAnonymousAccess: false,
    }));
    // The EFS mount helper on each node authenticates with the node's role ('iam' mount option):
    // every node role of the cluster (node groups registered now or later) may mount and write.
    onNodeRole(props.cluster, (role) => this.grantMount(role));
  }

  /**
   * Lets an IAM principal mount the file system and write to it
   * (`elasticfilesystem:ClientMount` and `ClientWrite`), e.g. the node role of capacity this
   * library did not create. Node roles of the cluster's node groups are granted automatically.
   */
  public grantMount(grantee: iam.IGrantable): iam.Grant {
    return this.fileSystem.grant(grantee, 'elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite');
  }

  /**
   * The EFS StorageClass object for this file system (access point per volume).
   *
   * @param name StorageClass name, default `efs`
   */
  public storageClass(name?: string): { [key: string]: any } {
    return StorageClasses.efs({ fileSystemId: this.fileSystem.fileSystemId, name });
  }

  /** Lets other peers (e.g. self-managed node security groups) mount the file system. */
  public allowFrom(peer: ec2.IConnectable): void {
    this.fileSystem.connections.allowDefaultPortFrom(peer, 'NFS to EFS');
  }
}
