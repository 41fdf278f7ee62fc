// The Karpenter controller's IAM permissions, per release, as data: written from the
// CloudFormation template Karpenter publishes for the release (aws/karpenter-provider-aws,
// website/content/en/v1.14/getting-started/getting-started-with-karpenter/cloudformation.yaml
// at tag v1.14.1; sha256 of that file 7ffeb01f04b5da482ef43087830de00a476098416e3b4576c38239ef1b0bef4b),
// one group per managed policy there. Placeholders: ${Partition}, ${Region}, ${AccountId},
// ${ClusterName}, ${NodeRoleArn}, ${QueueArn}. Not exported from lib/index.ts.
//
// Change it only together with the release in karpenter-version.ts;
// test/compute/karpenter/karpenter-version.test.ts pins its fingerprint.

/** One statement: actions, resources and conditions, with placeholders. */
export interface PolicyStatementData {
  readonly sid: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly conditions?: { [operator: string]: { [key: string]: string | string[] } };
}

/** A named group of statements (one AWS::IAM::ManagedPolicy each, as Karpenter publishes them). */
export interface PolicyGroupData {
  readonly name: string;
  readonly statements: PolicyStatementData[];
}

const EC2 = 'arn:${Partition}:ec2:${Region}';
const OWNED = { 'aws:ResourceTag/kubernetes.io/cluster/${ClusterName}': 'owned' };
const LAUNCHED = ['fleet', 'instance', 'volume', 'network-interface', 'launch-template', 'spot-instances-request'].map((r) => `${EC2}:*:${r}/*`);
const PROFILE = 'arn:${Partition}:iam::${AccountId}:instance-profile/*';

/** Karpenter v1.14.1: NodeLifecycle, IAMIntegration, EKSIntegration, Interruption, ZonalShift, ResourceDiscovery. */
export const KARPENTER_V1_14_1_POLICY: PolicyGroupData[] = [
  {
    name: 'NodeLifecycle',
    statements: [
      {
        sid: 'AllowScopedEC2InstanceAccessActions',
        actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
        resources: [`${EC2}::image/*`, `${EC2}::snapshot/*`, ...['security-group', 'subnet', 'capacity-reservation', 'placement-group'].map((r) => `${EC2}:*:${r}/*`)],
      },
      {
        sid: 'AllowScopedEC2LaunchTemplateAccessActions',
        actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
        resources: [`${EC2}:*:launch-template/*`],
        conditions: { StringEquals: OWNED, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
      },
      {
        sid: 'AllowScopedEC2InstanceActionsWithTags',
        actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
        resources: LAUNCHED,
        conditions: {
          StringEquals: { 'aws:RequestTag/kubernetes.io/cluster/${ClusterName}': 'owned', 'aws:RequestTag/eks:eks-cluster-name': '${ClusterName}' },
          StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
        },
      },
      {
        sid: 'AllowScopedResourceCreationTagging',
        actions: ['ec2:CreateTags'],
        resources: LAUNCHED,
        conditions: {
          StringEquals: {
            'aws:RequestTag/kubernetes.io/cluster/${ClusterName}': 'owned',
            'aws:RequestTag/eks:eks-cluster-name': '${ClusterName}',
            'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
          },
          StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
        },
      },
      {
        sid: 'AllowScopedResourceTagging',
        actions: ['ec2:CreateTags'],
        resources: [`${EC2}:*:instance/*`],
        conditions: {
          'StringEquals': OWNED,
          'StringLike': { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
          'StringEqualsIfExists': { 'aws:RequestTag/eks:eks-cluster-name': '${ClusterName}' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
        },
      },
      {
        sid: 'AllowScopedDeletion',
        actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
        resources: [`${EC2}:*:instance/*`, `${EC2}:*:launch-template/*`],
        conditions: { StringEquals: OWNED, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
      },
    ],
  },
  {
    name: 'IAMIntegration',
    statements: [
      {
        sid: 'AllowPassingInstanceRole',
        actions: ['iam:PassRole'],
        resources: ['${NodeRoleArn}'],
        conditions: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
      },
      {
        sid: 'AllowScopedInstanceProfileCreationActions',
        actions: ['iam:CreateInstanceProfile'],
        resources: [PROFILE],
        conditions: {
          StringEquals: {
            'aws:RequestTag/kubernetes.io/cluster/${ClusterName}': 'owned',
            'aws:RequestTag/eks:eks-cluster-name': '${ClusterName}',
            'aws:RequestTag/topology.kubernetes.io/region': '${Region}',
          },
          StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      },
      {
        sid: 'AllowScopedInstanceProfileTagActions',
        actions: ['iam:TagInstanceProfile'],
        resources: [PROFILE],
        conditions: {
          StringEquals: {
            'aws:ResourceTag/kubernetes.io/cluster/${ClusterName}': 'owned',
            'aws:ResourceTag/topology.kubernetes.io/region': '${Region}',
            'aws:RequestTag/kubernetes.io/cluster/${ClusterName}': 'owned',
            'aws:RequestTag/eks:eks-cluster-name': '${ClusterName}',
            'aws:RequestTag/topology.kubernetes.io/region': '${Region}',
          },
          StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*', 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      },
      {
        sid: 'AllowScopedInstanceProfileActions',
        actions: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
        resources: [PROFILE],
        conditions: {
          StringEquals: { ...OWNED, 'aws:ResourceTag/topology.kubernetes.io/region': '${Region}' },
          StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
        },
      },
    ],
  },
  {
    name: 'EKSIntegration',
    statements: [{
      sid: 'AllowAPIServerEndpointDiscovery',
      actions: ['eks:DescribeCluster'],
      resources: ['arn:${Partition}:eks:${Region}:${AccountId}:cluster/${ClusterName}'],
    }],
  },
  {
    name: 'Interruption',
    statements: [{
      sid: 'AllowInterruptionQueueActions',
      actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      resources: ['${QueueArn}'],
    }],
  },
  {
    name: 'ZonalShift',
    statements: [{
      sid: 'AllowZonalShiftStatusReadOnly',
      actions: ['arc-zonal-shift:GetManagedResource'],
      resources: ['*'],
      conditions: { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': 'arn:${Partition}:eks:${Region}:${AccountId}:cluster/${ClusterName}' } },
    }],
  },
  {
    name: 'ResourceDiscovery',
    statements: [
      {
        sid: 'AllowRegionalReadActions',
        actions: [
          'ec2:DescribeCapacityReservations', 'ec2:DescribeImages', 'ec2:DescribeInstances', 'ec2:DescribeInstanceStatus',
          'ec2:DescribeInstanceTypeOfferings', 'ec2:DescribeInstanceTypes', 'ec2:DescribeLaunchTemplates', 'ec2:DescribePlacementGroups',
          'ec2:DescribeSecurityGroups', 'ec2:DescribeSpotPriceHistory', 'ec2:DescribeSubnets',
        ],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:RequestedRegion': '${Region}' } },
      },
      { sid: 'AllowSSMReadActions', actions: ['ssm:GetParameter'], resources: ['arn:${Partition}:ssm:${Region}::parameter/aws/service/*'] },
      { sid: 'AllowPricingReadActions', actions: ['pricing:GetProducts'], resources: ['*'] },
      { sid: 'AllowUnscopedInstanceProfileListAction', actions: ['iam:ListInstanceProfiles'], resources: ['*'] },
      { sid: 'AllowInstanceProfileReadActions', actions: ['iam:GetInstanceProfile'], resources: [PROFILE] },
    ],
  },
];
