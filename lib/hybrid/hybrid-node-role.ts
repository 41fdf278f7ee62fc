import { Aws, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AccessEntry, AccessEntryType } from '../cluster/access-entry';
import type { ICluster } from '../cluster/cluster-types';
import { acknowledgeRequiredManagedPolicies } from '../nag/acknowledge';
import { HybridCredentialSource, HybridNodeCredentials } from './hybrid-node-credentials';
import { ClusterRemoval } from '../cluster/removal';

/** Properties of a {@link HybridNodeRole}. */
export interface HybridNodeRoleProps {
  /** The cluster the hybrid nodes join (give it `remoteNetwork`). */
  readonly cluster: ICluster;
  /**
   * Where the nodes' credentials come from.
   * @default HybridNodeCredentials.ssm()
   */
  readonly credentials?: HybridNodeCredentials;
  /**
   * Let the EKS Pod Identity agent on the nodes fetch pod credentials
   * (`eks-auth:AssumeRoleForPodIdentity`).
   * @default false
   */
  readonly podIdentity?: boolean;
}

/**
 * The IAM role of EKS Hybrid Nodes with the permissions the EKS User Guide lists for it, and
 * its `HYBRID_LINUX` access entry (EKS gives such entries their node permissions itself and
 * takes no access policies).
 *
 * Permissions: `eks:DescribeCluster` and `eks:ListAccessEntries` on the cluster (nodeadm),
 * `AmazonEC2ContainerRegistryPullOnly` (kubelet image pulls); with SSM also
 * `AmazonSSMManagedInstanceCore` and `ssm:DeregisterManagedInstance` /
 * `ssm:DescribeInstanceInformation` (nodeadm uninstall).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-creds.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cluster-prep.html
 */
export class HybridNodeRole extends Construct {
  /** The role the nodes' credentials are for. */
  public readonly role: iam.IRole;
  /** The role's HYBRID_LINUX access entry. */
  public readonly accessEntry: AccessEntry;

  constructor(scope: Construct, id: string, props: HybridNodeRoleProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster); // lib/cluster/removal.ts
    const credentials = props.credentials ?? HybridNodeCredentials.ssm();
    const managed = ['AmazonEC2ContainerRegistryPullOnly',
      ...(credentials.source === HybridCredentialSource.SSM ? ['AmazonSSMManagedInstanceCore'] : [])];
    const role = new iam.Role(this, 'Role', {
      assumedBy: assumedBy(credentials),
      description: `EKS Hybrid Nodes role of ${this.node.path}`,
      managedPolicies: managed.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    if (credentials.source === HybridCredentialSource.ROLES_ANYWHERE) {
      // Roles Anywhere also sets the source identity and session tags (IAM Roles Anywhere trust model).
      role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
        actions: ['sts:TagSession', 'sts:SetSourceIdentity'],
        principals: [new iam.ServicePrincipal('rolesanywhere.amazonaws.com')],
        conditions: { ArnEquals: { 'aws:SourceArn': credentials.trustAnchorArn } },
      }));
    }
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['eks:DescribeCluster', 'eks:ListAccessEntries'],
      resources: [props.cluster.clusterArn],
    }));
    if (credentials.source === HybridCredentialSource.SSM) {
      // nodeadm uninstall deregisters the node's managed instance (any of this account's hybrid
      // activations) and first looks it up; DescribeInstanceInformation has no resource-level permissions.
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['ssm:DeregisterManagedInstance'],
        resources: [`arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:managed-instance/*`],
      }));
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ssm:DescribeInstanceInformation'], resources: ['*'] }));
      Validations.of(role).acknowledge(
        { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'ssm:DescribeInstanceInformation supports no resource-level permissions.' },
        {
          id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:managed-instance/*]',
          reason: 'A hybrid node deregisters its own managed instance, whose ID SSM assigns at activation (EKS User Guide, hybrid-nodes-creds).',
        },
      );
    }
    if (props.podIdentity) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['eks-auth:AssumeRoleForPodIdentity'], resources: [props.cluster.clusterArn] }));
    }
    acknowledgeRequiredManagedPolicies(role, managed,
      'The EKS User Guide (hybrid-nodes-creds) lists these AWS managed policies as the hybrid node role\'s image-pull and SSM permissions.');
    this.role = role;
    this.accessEntry = new AccessEntry(this, 'AccessEntry', {
      cluster: props.cluster,
      principalArn: role.roleArn,
      type: AccessEntryType.HYBRID_LINUX,
    });
  }
}

function assumedBy(credentials: HybridNodeCredentials): iam.IPrincipal {
  const account = Aws.ACCOUNT_ID;
  if (credentials.source === HybridCredentialSource.SSM) {
    // SSM hybrid activations assume the role for managed instances of this account (confused-deputy
    // conditions from the Systems Manager guide, hybrid-multicloud-service-role).
    return new iam.ServicePrincipal('ssm.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': account },
      ArnEquals: { 'aws:SourceArn': `arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${account}:*` },
    });
  }
  return new iam.ServicePrincipal('rolesanywhere.amazonaws.com').withConditions({
    ArnEquals: { 'aws:SourceArn': credentials.trustAnchorArn },
    // nodeadm names the session after the certificate's CN, which is the node name.
    StringEquals: { 'sts:RoleSessionName': '${aws:PrincipalTag/x509Subject/CN}' },
  });
}

