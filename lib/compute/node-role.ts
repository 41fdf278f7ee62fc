import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IpFamily } from '../cluster/cluster-types';
import { acknowledgeRequiredManagedPolicies } from '../nag/acknowledge';

/**
 * The AWS managed policies EKS documents for the node IAM role.
 * `AmazonEKS_CNI_Policy` covers IPv4 clusters only; IPv6 clusters need their own CNI policy.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
 */
export function nodeRoleManagedPolicyNames(ipFamily: IpFamily, enableSsm: boolean): string[] {
  return [
    'AmazonEKSWorkerNodePolicy',
    // The pull-only policy replaced AmazonEC2ContainerRegistryReadOnly in the EKS guide.
    'AmazonEC2ContainerRegistryPullOnly',
    ...(ipFamily === IpFamily.IP_V4 ? ['AmazonEKS_CNI_Policy'] : []),
    ...(enableSsm ? ['AmazonSSMManagedInstanceCore'] : []),
  ];
}

/** @internal */
export interface NodeRoleOptions {
  readonly ipFamily: IpFamily;
  readonly enableSsm: boolean;
  readonly description: string;
}

/**
 * Creates the IAM role of a node group: trusted by EC2, with the policies a node needs to
 * join the cluster, pull images and run the VPC CNI (and Session Manager when asked).
 *
 * @internal
 */
export function createNodeRole(scope: Construct, id: string, options: NodeRoleOptions): iam.Role {
  const names = nodeRoleManagedPolicyNames(options.ipFamily, options.enableSsm);
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: names.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    description: options.description,
  });
  acknowledgeRequiredManagedPolicies(role, names,
    'EKS documents these AWS managed policies for the node role: worker-node and ECR pull permissions are needed to join the cluster and pull '
    + 'system images, the CNI policy lets aws-node assign pod IPs, and SSM core (only when enableSsm is set) replaces SSH access.');
  if (options.ipFamily === IpFamily.IP_V6) {
    Annotations.of(scope).addWarningV2('cdk-eks-kit:ipv6CniPolicy',
      'The node role has no CNI policy: AmazonEKS_CNI_Policy covers IPv4 only. Give the aws-node service account the IPv6 CNI policy '
      + '(IRSA or Pod Identity), or pass a nodeRole that has it.');
  }
  return role;
}
