import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AccessEntry, AccessEntryType } from '../../cluster/access-entry';
import { AccessPolicy } from '../../cluster/access-policy';
import type { ICluster } from '../../cluster/cluster-types';
import { KitValidationError } from '../../errors';
import { KubernetesManifest } from '../../kubectl/kubernetes-manifest';
import type { INodeClass } from '../karpenter/node-class';
import { NodeClassSelector } from '../karpenter/node-class-selector';
import { AutoModeNodeClassOptions } from './auto-mode-node-class-options';
import { renderAutoModeNodeClass } from './auto-mode-node-class-rules';
import { autoModeOf } from './auto-mode-state';

/** Properties of an {@link AutoModeNodeClass}. */
export interface AutoModeNodeClassProps extends AutoModeNodeClassOptions {
  /** The cluster (with Auto Mode on). */
  readonly cluster: ICluster;
}

class BuiltInNodeClass implements INodeClass {
  public readonly nodeClassName = 'default';
  public readonly nodeClassGroup = 'eks.amazonaws.com';
  public readonly nodeClassKind = 'NodeClass';
}

/**
 * An EKS Auto Mode `NodeClass` (eks.amazonaws.com/v1), applied by the cluster's applier:
 * the node role, subnets, security groups, network policy defaults, ephemeral storage and
 * tags of the nodes that node pools pointing at it launch.
 *
 * A role other than the cluster's Auto Mode node role gets an `EC2` access entry with
 * `AmazonEKSAutoNodePolicy`, so its nodes can join; EKS creates that entry itself only for the
 * cluster's node role. The node class is created after the role and its access entry and
 * deleted before them (EKS removes the instance profile it made for the role when the class goes).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html
 */
export class AutoModeNodeClass extends Construct implements INodeClass {
  /** Auto Mode's built-in `default` NodeClass (exists while a built-in node pool is on). */
  public static readonly DEFAULT: INodeClass = new BuiltInNodeClass();

  public readonly nodeClassName: string;
  public readonly nodeClassGroup = 'eks.amazonaws.com';
  public readonly nodeClassKind = 'NodeClass';
  /** The node role. */
  public readonly role: iam.IRole;
  /** The access entry of a custom role (undefined for the cluster's own node role). */
  public readonly accessEntry?: AccessEntry;
  /** The rendered NodeClass object. */
  public readonly object: { [key: string]: any };
  /** The manifest that applies it. */
  public readonly manifest: KubernetesManifest;

  /** The node role (`role`), for node pools that register it with the cluster's capacity. */
  public get nodeRole(): iam.IRole | undefined {
    return this.role;
  }

  constructor(scope: Construct, id: string, props: AutoModeNodeClassProps) {
    super(scope, id);
    const cluster = props.cluster;
    const info = autoModeOf(cluster);
    if (!info && cluster.node.defaultChild) {
      throw new KitValidationError(this, 'AutoModeNodeClassWithoutAutoMode',
        "the cluster does not run EKS Auto Mode, so an Auto Mode NodeClass has no controller; set 'autoMode' on the cluster, "
        + 'or use Karpenter with an Ec2NodeClass.');
    }
    const role = props.role ?? info?.nodeRole;
    if (!role) {
      throw new KitValidationError(this, 'AutoModeNodeClassRole',
        "'role' is required: the cluster has no Auto Mode node role (no built-in node pools), so pass the IAM role of this class's nodes.");
    }
    this.role = role;
    this.nodeClassName = props.name;
    const privateSubnets = cluster.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets;

    const rendered = renderAutoModeNodeClass(props, {
      roleName: role.roleName,
      subnets: props.subnetSelector ?? NodeClassSelector.subnets(privateSubnets),
      securityGroups: props.securityGroupSelector ?? NodeClassSelector.ids([cluster.clusterSecurityGroupId]),
      kmsKeyArn: props.ephemeralStorage?.kmsKey?.keyArn,
    });
    if (rendered.problems.length > 0) throw new KitValidationError(this, 'AutoModeNodeClass', `${rendered.problems.join('; ')}.`);
    for (const warning of rendered.warnings) Annotations.of(this).addWarningV2('cdk-eks-kit:autoModeNodeClass', warning);
    this.object = rendered.object;

    const key = props.ephemeralStorage?.kmsKey;
    if (key && info?.clusterRole) {
      // EKS User Guide, "EKS Auto Mode KMS": the cluster role uses the key and creates grants for AWS resources.
      key.grant(info.clusterRole, 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey');
      iam.Grant.addToPrincipalOrResource({
        grantee: info.clusterRole,
        actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        resourceArns: [key.keyArn],
        resource: key,
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      });
    }

    this.manifest = new KubernetesManifest(this, 'Resource', { cluster, manifest: [rendered.object], foregroundDeletion: true });
    if (role !== info?.nodeRole) {
      this.accessEntry = new AccessEntry(this, 'AccessEntry', {
        cluster,
        principalArn: role.roleArn,
        type: AccessEntryType.EC2,
        accessPolicies: [AccessPolicy.autoNode()],
      });
      this.manifest.node.addDependency(this.accessEntry);
    }
    this.manifest.node.addDependency(role);
  }
}
