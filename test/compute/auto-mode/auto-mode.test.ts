import { Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  AddonType, AlbScheme, AutoModeNodeClass, AutoModeNodePool, AutoModeObjects, AutoModeOptions, AwsLoadBalancerController, Cluster,
  HelmChartSource, KubernetesVersion, NodePool,
} from '../../../lib';
import { testApp } from '../../validated-synth';

function fixture(autoMode?: AutoModeOptions) {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, outputConfigCommand: false, autoMode });
  return { stack, cluster };
}
const managed = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]] });

describe('a cluster with Auto Mode', () => {
  let stack: Stack;
  let cluster: Cluster;
  let template: Template;
  beforeAll(() => {
    ({ stack, cluster } = fixture({}));
    template = Template.fromStack(stack);
  });

  test('sets the three switches together, with both built-in pools and the node role', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      ComputeConfig: { Enabled: true, NodePools: ['general-purpose', 'system'], NodeRoleArn: stack.resolve(cluster.autoModeNodeRole!.roleArn) },
      StorageConfig: { BlockStorage: { Enabled: true } },
      KubernetesNetworkConfig: Match.objectLike({ ElasticLoadBalancing: { Enabled: true }, IpFamily: 'ipv4' }),
    });
  });

  test('the cluster role trusts eks.amazonaws.com with sts:AssumeRole and sts:TagSession and has the Auto Mode policies', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession'], Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' } }] },
      ManagedPolicyArns: ['AmazonEKSClusterPolicy', 'AmazonEKSComputePolicy', 'AmazonEKSBlockStoragePolicy', 'AmazonEKSLoadBalancingPolicy',
        'AmazonEKSNetworkingPolicy'].map(managed),
    });
  });

  test('the node role: EC2 trust, the minimal worker-node and ECR pull policies, a stable logical id, no access entry of ours', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }] },
      ManagedPolicyArns: ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly'].map(managed),
    });
    expect(cluster.autoModeNodeRole!.node.path).toBe('Stack/Cluster/AutoModeNodeRole');
    expect(stack.getLogicalId(cluster.autoModeNodeRole!.node.defaultChild as iam.CfnRole)).toMatch(/^ClusterAutoModeNodeRole[0-9A-F]{8}$/);
    // EKS creates the access entry of the node role in ComputeConfig (EKS User Guide, create-node-class).
    template.resourcePropertiesCountIs('AWS::EKS::AccessEntry', { PrincipalArn: stack.resolve(cluster.autoModeNodeRole!.roleArn) }, 0);
  });
});

describe('switches', () => {
  test('without autoMode nothing is set and the cluster role keeps sts:AssumeRole only', () => {
    const { stack } = fixture();
    const t = Template.fromStack(stack);
    const props = Object.values(t.findResources('AWS::EKS::Cluster'))[0].Properties;
    expect(props.ComputeConfig).toBeUndefined();
    expect(props.StorageConfig).toBeUndefined();
    expect(props.KubernetesNetworkConfig.ElasticLoadBalancing).toBeUndefined();
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' } }] },
      ManagedPolicyArns: [managed('AmazonEKSClusterPolicy')],
    });
  });

  test('enabled: false turns all three off together (and adds no policies or node role)', () => {
    const { stack, cluster } = fixture({ enabled: false });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Cluster', {
      ComputeConfig: { Enabled: false }, StorageConfig: { BlockStorage: { Enabled: false } },
      KubernetesNetworkConfig: Match.objectLike({ ElasticLoadBalancing: { Enabled: false } }),
    });
    expect(cluster.autoModeNodeRole).toBeUndefined();
  });

  test('no built-in pools: neither pools nor a node role (EKS User Guide, cluster without built-in node pools)', () => {
    const { stack, cluster } = fixture({ nodePools: [] });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Cluster', { ComputeConfig: { Enabled: true, NodePools: [], NodeRoleArn: Match.absent() } });
    expect(cluster.autoModeNodeRole).toBeUndefined();
    expect(() => fixture({ nodePools: [], nodeRole: new iam.Role(new Stack(), 'R', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }) }))
      .toThrow(/'autoMode.nodeRole' is set but 'autoMode.nodePools' is empty.*\[ClusterAutoMode\]/);
  });

  test('only the system pool; unknown pool names are refused; a token list passes', () => {
    const { stack } = fixture({ nodePools: [AutoModeNodePool.SYSTEM] });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Cluster', { ComputeConfig: { NodePools: ['system'] } });
    expect(() => fixture({ nodePools: ['gpu' as AutoModeNodePool] })).toThrow(/contains 'gpu'; the built-in pools are general-purpose and system/);
    expect(() => fixture({ nodePools: Lazy.list({ produce: () => ['system'] }) as AutoModeNodePool[] })).not.toThrow();
  });
});

describe('Auto Mode is capacity, and what it runs is not installed twice', () => {
  test('a waiting Helm chart on an Auto-Mode-only cluster is fine and waits for the cluster', () => {
    const { stack, cluster } = fixture({});
    const chart = cluster.addHelmChart('Web', { source: HelmChartSource.fromRepository('https://example.com/charts', 'web'), version: '1.0.0' });
    const t = Template.fromStack(stack).toJSON();
    const id = stack.getLogicalId(chart.resource.node.defaultChild as any);
    expect(t.Resources[id].DependsOn).toContain(stack.getLogicalId(cluster.resource));
  });

  test('Pod Identity does not add a second agent; networking add-ons warn on an Auto-Mode-only cluster', () => {
    const { stack, cluster } = fixture({});
    cluster.addPodIdentityAssociation('App', { namespace: 'web', serviceAccount: 'app' });
    cluster.addAddon('VpcCni', AddonType.vpcCni());
    const t = Template.fromStack(stack);
    t.resourcePropertiesCountIs('AWS::EKS::Addon', { AddonName: 'eks-pod-identity-agent' }, 0);
    Annotations.fromStack(stack).hasWarning('/Stack/Cluster/VpcCni', Match.stringLikeRegexp("already runs pod networking.*'vpc-cni' add-on"));
  });

  test('with a managed node group too, the add-ons are needed and do not warn; Pod Identity warns without the agent', () => {
    const { stack, cluster } = fixture({});
    cluster.addNodeGroup('Nodes', { instanceTypes: [new ec2.InstanceType('m7i.large')] });
    cluster.addAddon('VpcCni', AddonType.vpcCni());
    cluster.addPodIdentityAssociation('App', { namespace: 'web', serviceAccount: 'app' });
    const a = Annotations.fromStack(stack);
    a.hasNoWarning('/Stack/Cluster/VpcCni', Match.anyValue());
    a.hasWarning('/Stack/Cluster', Match.stringLikeRegexp('node groups do not'));
  });

  test('the AWS Load Balancer Controller on an Auto Mode cluster warns', () => {
    const { stack, cluster } = fixture({});
    cluster.addNodeGroup('Nodes', { instanceTypes: [new ec2.InstanceType('m7i.large')] });
    new AwsLoadBalancerController(stack, 'Lbc', { cluster });
    Annotations.fromStack(stack).hasWarning('/Stack/Lbc', Match.stringLikeRegexp('already runs a load balancer controller'));
  });
});

describe('Auto Mode node classes and pools', () => {
  test('a custom role gets an EC2 access entry with AmazonEKSAutoNodePolicy; the cluster node role does not', () => {
    const { stack, cluster } = fixture({});
    const role = new iam.Role(stack, 'Custom', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const custom = new AutoModeNodeClass(stack, 'Custom Class', { cluster, name: 'custom', role });
    const own = new AutoModeNodeClass(stack, 'Own', { cluster, name: 'own' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: stack.resolve(role.roleArn), Type: 'EC2',
      AccessPolicies: [{ AccessScope: { Type: 'cluster' }, PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy']] } }],
    });
    expect(own.accessEntry).toBeUndefined();
    expect(stack.resolve(own.object.spec.role)).toEqual(stack.resolve(cluster.autoModeNodeRole!.roleName));
    expect(custom.object.spec.securityGroupSelectorTerms).toEqual([{ id: cluster.clusterSecurityGroupId }]);
  });

  test('a customer managed key: the cluster role may use it and create grants for AWS resources', () => {
    const { stack, cluster } = fixture({});
    const key = new kms.Key(stack, 'Key');
    new AutoModeNodeClass(stack, 'Encrypted', { cluster, name: 'encrypted', ephemeralStorage: { kmsKey: key } });
    // In the cluster role's policy (the key policy delegates to IAM in the key's account).
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [stack.resolve((cluster.role as iam.Role).roleName)],
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'], Resource: stack.resolve(key.keyArn) }),
        Match.objectLike({
          Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } }, Resource: stack.resolve(key.keyArn),
        }),
      ]) },
    });
  });

  test('pools on Auto Mode: eks.amazonaws.com keys, the built-in class, reserved names, deleted in the foreground', () => {
    const { stack, cluster } = fixture({});
    const pool = new NodePool(stack, 'Gpu', { cluster, nodeClass: AutoModeNodeClass.DEFAULT, name: 'gpu', replicas: 2, limits: { nodes: 3 } });
    expect(pool.object.spec.template.spec.nodeClassRef).toEqual({ group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' });
    expect(() => new NodePool(stack, 'Sys', { cluster, nodeClass: AutoModeNodeClass.DEFAULT, name: 'system' }))
      .toThrow(/'name' is 'system', a built-in Auto Mode node pool.*\[NodePoolName\]/);
    expect(() => new NodePool(stack, 'Dup', { cluster, nodeClass: AutoModeNodeClass.DEFAULT, name: 'gpu' })).toThrow(/\[NodePoolDuplicate\]/);
    const t = Template.fromStack(stack).toJSON();
    expect(t.Resources[stack.getLogicalId(pool.manifest.node.defaultChild as any)].Properties.ForegroundDeletion).toBe(true);
  });

  test('without built-in pools the default class does not exist, and a class needs a role', () => {
    const { stack, cluster } = fixture({ nodePools: [] });
    expect(() => new NodePool(stack, 'P', { cluster, nodeClass: AutoModeNodeClass.DEFAULT, name: 'p' })).toThrow(/\[NodePoolNodeClass\]/);
    expect(() => new AutoModeNodeClass(stack, 'C', { cluster, name: 'c' })).toThrow(/'role' is required.*\[AutoModeNodeClassRole\]/);
  });

  test('Auto Mode classes and pools need an Auto Mode cluster', () => {
    const { stack, cluster } = fixture();
    expect(() => new AutoModeNodeClass(stack, 'C', { cluster, name: 'c' })).toThrow(/\[AutoModeNodeClassWithoutAutoMode\]/);
    expect(() => new NodePool(stack, 'P', { cluster, nodeClass: AutoModeNodeClass.DEFAULT, name: 'p' })).toThrow(/\[NodePoolAutoMode\]/);
  });
});

test('the Auto Mode StorageClass and ALB IngressClass objects', () => {
  expect(AutoModeObjects.storageClass()).toEqual({
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name: 'auto-ebs-sc', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'ebs.csi.eks.amazonaws.com', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true,
    parameters: { type: 'gp3', encrypted: 'true' },
  });
  expect(AutoModeObjects.albIngressClass({ scheme: AlbScheme.INTERNAL, groupName: 'shared' })).toEqual([
    { apiVersion: 'eks.amazonaws.com/v1', kind: 'IngressClassParams', metadata: { name: 'alb' }, spec: { scheme: 'internal', group: { name: 'shared' } } },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass',
      metadata: { name: 'alb', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'false' } },
      spec: { controller: 'eks.amazonaws.com/alb', parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name: 'alb' } },
    },
  ]);
});
