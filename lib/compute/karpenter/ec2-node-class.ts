import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { KitValidationError } from '../../errors';
import { KubernetesManifest } from '../../kubectl/kubernetes-manifest';
import { Ec2NodeClassOptions } from './ec2-node-class-options';
import { renderEc2NodeClass } from './ec2-node-class-rules';
import type { IKarpenter } from './karpenter';
import type { INodeClass } from './node-class';
import { NodeClassSelector } from './node-class-selector';

/** Properties of an {@link Ec2NodeClass}. */
export interface Ec2NodeClassProps extends Ec2NodeClassOptions {
  /** The Karpenter installation. */
  readonly karpenter: IKarpenter;
}

/**
 * A Karpenter `EC2NodeClass` (karpenter.k8s.aws/v1), applied by the cluster's applier: the
 * AMI, IAM identity, subnets, security groups, IMDS settings, volumes and tags of the nodes
 * that node pools pointing at it launch. Defaults: the AL2023 alias, the installation's
 * instance profile, the VPC's private subnets and the cluster security group by ID, IMDSv2
 * required with hop limit 1.
 *
 * Created after the Karpenter controller and deleted before it, so the controller's
 * finalizer can clean up what it made for the class (launch templates, instance profiles).
 *
 * @see https://karpenter.sh/docs/concepts/nodeclasses/
 */
export class Ec2NodeClass extends Construct implements INodeClass {
  public readonly nodeClassName: string;
  public readonly nodeClassGroup = 'karpenter.k8s.aws';
  public readonly nodeClassKind = 'EC2NodeClass';
  /** The nodes' role: `role`, or the installation's node role behind its instance profile (unknown for another `instanceProfileName`). */
  public readonly nodeRole?: iam.IRole;
  /** The Karpenter installation the class belongs to. */
  public readonly karpenter: IKarpenter;
  /** The rendered EC2NodeClass object. */
  public readonly object: { [key: string]: any };
  /** The manifest that applies it. */
  public readonly manifest: KubernetesManifest;

  constructor(scope: Construct, id: string, props: Ec2NodeClassProps) {
    super(scope, id);
    const karpenter = props.karpenter;
    this.karpenter = karpenter;
    const cluster = karpenter.cluster;
    if (props.role && props.instanceProfileName) {
      throw new KitValidationError(this, 'Ec2NodeClassIdentity', "'role' and 'instanceProfileName' are both set; an EC2NodeClass takes one of them.");
    }
    this.nodeClassName = props.name;
    const useProfile = !props.role;
    this.nodeRole = props.role ?? (props.instanceProfileName === undefined ? karpenter.nodeRole : undefined);
    const privateSubnets = cluster.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnets;
    const rendered = renderEc2NodeClass(props, {
      roleName: useProfile ? undefined : props.role!.roleName,
      instanceProfileName: useProfile ? props.instanceProfileName ?? karpenter.instanceProfileName : undefined,
      subnets: props.subnetSelector ?? NodeClassSelector.subnets(privateSubnets),
      securityGroups: props.securityGroupSelector ?? NodeClassSelector.ids([cluster.clusterSecurityGroupId]),
    });
    if (rendered.problems.length > 0) throw new KitValidationError(this, 'Ec2NodeClass', `${rendered.problems.join('; ')}.`);
    for (const warning of rendered.warnings) Annotations.of(this).addWarningV2('cdk-eks-kit:ec2NodeClass', warning);
    if (props.role && props.role !== karpenter.nodeRole) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:ec2NodeClassRole',
        "'role' is not the Karpenter installation's node role: give it an EC2_LINUX access entry, and allow the controller to pass it "
        + '(iam:PassRole); the published policy allows only the installation\'s node role.');
    }
    this.object = rendered.object;
    this.manifest = new KubernetesManifest(this, 'Resource', { cluster, manifest: [rendered.object], foregroundDeletion: true });
    this.manifest.node.addDependency(karpenter.controller);
    if (props.role) this.manifest.node.addDependency(props.role);
  }
}
