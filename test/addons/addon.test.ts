import { CfnResource, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnNodegroup } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  Addon, AddonIdentity, AddonOrdering, AddonType, Cluster, CoreDnsComputeType, ICluster, IpFamily,
  KubernetesVersion, ResolveConflicts, TolerationEffect, TolerationOperator,
} from '../../lib';
import { expectedIrsaTrust, renderedIrsaTrust } from '../identity/irsa-trust-helpers';
import { testApp } from '../validated-synth';

function importedCluster(stack: Stack, version?: KubernetesVersion, ipFamily?: IpFamily): ICluster {
  return Cluster.fromClusterAttributes(stack, 'Imported', {
    clusterName: 'imported',
    version,
    ipFamily,
    openIdConnectProvider: iam.OidcProviderNative.fromOidcProviderArn(stack, 'Oidc',
      'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123'),
  });
}

function freshStack(): Stack {
  return new Stack(testApp(), 'Stack');
}

const managedPolicy = (name: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]],
});

describe('add-ons on a cluster of this app', () => {
  // GIVEN one cluster with the core add-ons, a stand-in node group and a stand-in Fargate profile
  let template: Template;
  let stack: Stack;
  beforeAll(() => {
    stack = freshStack();
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    cluster.addAddon('VpcCni', AddonType.vpcCni({ enableNetworkPolicy: true, enablePrefixDelegation: true, warmPrefixTarget: 1 }));
    cluster.addAddon('KubeProxy', AddonType.kubeProxy());
    cluster.addAddon('CoreDns', AddonType.coreDns({
      replicas: 3,
      computeType: CoreDnsComputeType.FARGATE,
      tolerations: [{ key: 'CriticalAddonsOnly', operator: TolerationOperator.EXISTS, effect: TolerationEffect.NO_SCHEDULE }],
    }));
    cluster.addAddon('Ebs', AddonType.ebsCsiDriver({ addonDefaultStorageClass: false }));
    cluster.addAddon('Efs', AddonType.efsCsiDriver(), { identity: AddonIdentity.irsa() });
    cluster.addAddon('CloudWatch', AddonType.cloudWatchObservability({ containerLogs: true }), { resolveConflicts: ResolveConflicts.PRESERVE });
    cluster.addAddon('MetricsServer', AddonType.metricsServer());
    const nodeGroup = new CfnResource(stack, 'NodeGroupStandIn', { type: 'AWS::EKS::Nodegroup', properties: {} });
    nodeGroup.node.addDependency(AddonOrdering.networkingAddonsOf(cluster));
    const fargate = new CfnResource(stack, 'FargateStandIn', { type: 'AWS::EKS::FargateProfile', properties: {} });
    AddonOrdering.registerCapacity(cluster, fargate);
    template = Template.fromStack(stack);
  });

  test('vpc-cni: typed settings become the schema strings, networking add-ons are preserved on delete', () => {
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'vpc-cni',
      AddonVersion: 'v1.21.1-eksbuild.8',
      ConfigurationValues: JSON.stringify({ enableNetworkPolicy: 'true', env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' } }),
      ResolveConflicts: 'OVERWRITE',
      PreserveOnDelete: true,
      ServiceAccountRoleArn: Match.absent(),
    });
  });

  test('every add-on waits for the EKS cluster resource', () => {
    const addons = template.findResources('AWS::EKS::Addon');
    const clusterId = Object.keys(template.findResources('AWS::EKS::Cluster'))[0];
    for (const addon of Object.values(addons)) expect(addon.DependsOn).toEqual(expect.arrayContaining([clusterId]));
  });

  test('coredns runs on Fargate with replicas and tolerations, after the registered capacity', () => {
    template.hasResource('AWS::EKS::Addon', {
      Properties: {
        AddonName: 'coredns',
        AddonVersion: 'v1.14.2-eksbuild.4',
        ConfigurationValues: JSON.stringify({
          replicaCount: 3, computeType: 'Fargate',
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists', effect: 'NoSchedule' }],
        }),
        PreserveOnDelete: true,
      },
      DependsOn: Match.arrayWith(['FargateStandIn']),
    });
  });

  test('node groups depend on vpc-cni, kube-proxy and the pod identity agent', () => {
    const nodeGroup = template.findResources('AWS::EKS::Nodegroup').NodeGroupStandIn;
    const addons = template.findResources('AWS::EKS::Addon');
    const idOf = (name: string) => Object.entries(addons).find(([, r]) => r.Properties.AddonName === name)![0];
    expect(nodeGroup.DependsOn).toEqual(expect.arrayContaining([idOf('vpc-cni'), idOf('kube-proxy'), idOf('eks-pod-identity-agent')]));
    expect(nodeGroup.DependsOn).not.toContain(idOf('coredns'));
  });

  test('the EBS CSI driver gets a Pod Identity role with AmazonEBSCSIDriverPolicy, and the agent is added once', () => {
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'aws-ebs-csi-driver',
      AddonVersion: 'v1.57.1-eksbuild.1',
      ConfigurationValues: JSON.stringify({ defaultStorageClass: { enabled: false } }),
      PreserveOnDelete: false,
      PodIdentityAssociations: [{ RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterEbsRole'), 'Arn'] }, ServiceAccount: 'ebs-csi-controller-sa' }],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession'], Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' } }] },
      ManagedPolicyArns: [managedPolicy('service-role/AmazonEBSCSIDriverPolicy')],
    });
    const agents = Object.values(template.findResources('AWS::EKS::Addon')).filter((r) => r.Properties.AddonName === 'eks-pod-identity-agent');
    expect(agents).toHaveLength(1);
    expect(agents[0].Properties.AddonVersion).toBe('v1.3.10-eksbuild.3');
  });

  test('the EFS CSI driver with IRSA: OIDC trust scoped to its service account and the STS audience', () => {
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'aws-efs-csi-driver',
      ServiceAccountRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterEfsTrustRole'), 'Arn'] },
      PodIdentityAssociations: Match.absent(),
    });
    const roles = template.findResources('AWS::IAM::Role', { Properties: { ManagedPolicyArns: [managedPolicy('service-role/AmazonEFSCSIDriverPolicy')] } });
    expect(Object.values(roles)).toHaveLength(1);
    expect(renderedIrsaTrust(Object.values(roles)[0])).toEqual(expectedIrsaTrust('kube-system', 'efs-csi-controller-sa'));
  });

  test('CloudWatch observability: agent role with CloudWatchAgentServerPolicy and AWSXrayWriteOnlyAccess, PRESERVE as asked', () => {
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'amazon-cloudwatch-observability',
      ResolveConflicts: 'PRESERVE',
      ConfigurationValues: JSON.stringify({ containerLogs: { enabled: true } }),
      PodIdentityAssociations: [{ RoleArn: Match.anyValue(), ServiceAccount: 'cloudwatch-agent' }],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [managedPolicy('CloudWatchAgentServerPolicy'), managedPolicy('AWSXrayWriteOnlyAccess')],
    });
  });

  test('metrics-server and kube-proxy get their table versions and no configuration', () => {
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'metrics-server', AddonVersion: 'v0.8.1-eksbuild.5', ConfigurationValues: Match.absent() });
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'kube-proxy', AddonVersion: 'v1.35.3-eksbuild.2', PreserveOnDelete: true });
  });
});

describe('capacity registered explicitly', () => {
  test('an L1 CfnNodegroup is capacity only once registered; node groups of another cluster with the same name are untouched', () => {
    const stack = freshStack();
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    const dns = cluster.addAddon('CoreDns', AddonType.coreDns());
    const cni = cluster.addAddon('VpcCni', AddonType.vpcCni());
    const nodes = new CfnNodegroup(stack, 'Nodes', { clusterName: cluster.clusterName, nodeRole: 'arn:aws:iam::1:role/n', subnets: ['subnet-1'] });
    nodes.node.addDependency(AddonOrdering.networkingAddonsOf(cluster));
    AddonOrdering.registerCapacity(cluster, nodes);
    new CfnNodegroup(stack, 'Unregistered', { clusterName: cluster.clusterName, nodeRole: 'arn:aws:iam::1:role/n', subnets: ['subnet-1'] });
    const template = Template.fromStack(stack);
    const ids = (c: Addon) => stack.getLogicalId(c.resource);
    expect(template.findResources('AWS::EKS::Nodegroup').Nodes.DependsOn).toEqual(expect.arrayContaining([ids(cni)]));
    expect(template.findResources('AWS::EKS::Nodegroup').Unregistered.DependsOn).toBeUndefined();
    const dnsDeps = template.findResources('AWS::EKS::Addon')[ids(dns)].DependsOn;
    expect(dnsDeps).toContain('Nodes');
    expect(dnsDeps).not.toContain('Unregistered');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('needs capacity'));
  });
});

describe('coredns without capacity', () => {
  test('warns at synth when no capacity is registered; not when some is, nor on imported clusters', () => {
    const stack = freshStack();
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    cluster.addAddon('CoreDns', AddonType.coreDns());
    new Addon(stack, 'ImportedDns', { cluster: importedCluster(stack, KubernetesVersion.V1_35), addon: AddonType.coreDns() });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('needs capacity'));
    expect(warnings.map((w) => w.id)).toEqual(['/Stack/Cluster/CoreDns']);

    const stack2 = freshStack();
    const cluster2 = new Cluster(stack2, 'Cluster', { version: KubernetesVersion.V1_35 });
    cluster2.addAddon('CoreDns', AddonType.coreDns());
    AddonOrdering.registerCapacity(cluster2, new CfnResource(stack2, 'Nodes', { type: 'AWS::EKS::Nodegroup', properties: {} }));
    Annotations.fromStack(stack2).hasNoWarning('*', Match.stringLikeRegexp('needs capacity'));
  });
});

describe('versions', () => {
  test('a pinned version overrides the table', () => {
    const stack = freshStack();
    new Addon(stack, 'Cni', { cluster: importedCluster(stack, KubernetesVersion.V1_35), addon: AddonType.vpcCni(), version: 'v1.20.4-eksbuild.2' });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', { AddonVersion: 'v1.20.4-eksbuild.2' });
  });

  test('a malformed pinned version fails; a token passes', () => {
    const stack = freshStack();
    const cluster = importedCluster(stack, KubernetesVersion.V1_35);
    expect(() => new Addon(stack, 'Bad', { cluster, addon: AddonType.kubeProxy(), version: '1.35.3' }))
      .toThrow(/'version' is "1.35.3"; EKS add-on versions look like/);
    expect(() => new Addon(stack, 'Tok', { cluster, addon: AddonType.coreDns(), version: Lazy.string({ produce: () => 'v1.14.2-eksbuild.4' }) }))
      .not.toThrow();
  });

  test('a combination missing from the table lets EKS choose its default build, with a warning naming the known builds', () => {
    const stack = freshStack();
    const cw = new Addon(stack, 'Cw', { cluster: importedCluster(stack, KubernetesVersion.V1_28), addon: AddonType.cloudWatchObservability() });
    expect(cw.addonVersion).toBeUndefined();
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', { AddonName: 'amazon-cloudwatch-observability', AddonVersion: Match.absent() });
    Annotations.fromStack(stack).hasWarning('/Stack/Cw', Match.stringLikeRegexp(
      "no build of 'amazon-cloudwatch-observability' for Kubernetes 1.28 \\(known: 1.30: v6.0.1-eksbuild.1, .*\\), so EKS installs its default build"));
  });

  test('an add-on the table does not track gets EKS\'s default build silently; a pinned version is sent as is', () => {
    const stack = freshStack();
    const cluster = importedCluster(stack, KubernetesVersion.V1_35);
    new Addon(stack, 'Mountpoint', { cluster, addon: AddonType.mountpointS3CsiDriver() });
    new Addon(stack, 'S3', { cluster, addon: AddonType.custom('snapshot-controller', { replicas: 1 }), version: 'v8.2.0-eksbuild.1' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'aws-mountpoint-s3-csi-driver', AddonVersion: Match.absent() });
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'snapshot-controller', AddonVersion: 'v8.2.0-eksbuild.1', ConfigurationValues: '{"replicas":1}', PreserveOnDelete: false,
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('addonVersionFromEks'));
  });

  test('an imported cluster without a version: EKS picks the build, with a warning', () => {
    const stack = freshStack();
    new Addon(stack, 'Cni', { cluster: importedCluster(stack), addon: AddonType.vpcCni() });
    Annotations.fromStack(stack).hasWarning('/Stack/Cni', Match.stringLikeRegexp("no build of 'vpc-cni' for a cluster of unknown version"));
  });

  test('a custom namespace: NamespaceConfig, and the IRSA trust follows the service account there', () => {
    const stack = freshStack();
    const cluster = importedCluster(stack, KubernetesVersion.V1_35);
    new Addon(stack, 'Dns', { cluster, addon: AddonType.externalDns(), namespace: 'dns', identity: AddonIdentity.podIdentity() });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'external-dns', NamespaceConfig: { Namespace: 'dns' },
      PodIdentityAssociations: [{ ServiceAccount: 'external-dns', RoleArn: Match.anyValue() }],
    });
    expect(() => new Addon(stack, 'Bad', { cluster, addon: AddonType.certManager(), namespace: 'Not_A_Namespace' }))
      .toThrow(/'namespace' is "Not_A_Namespace".*\[AddonNamespace\]/);
  });

  test('the 2025–26 add-ons have their EKS names', () => {
    expect([
      AddonType.snapshotController(), AddonType.nodeMonitoringAgent(), AddonType.mountpointS3CsiDriver(), AddonType.secretsStoreCsiProvider(),
      AddonType.guardDutyAgent(), AddonType.adot(), AddonType.certManager(), AddonType.externalDns(), AddonType.kubeStateMetrics(),
      AddonType.prometheusNodeExporter(),
    ].map((t) => t.name)).toEqual([
      'snapshot-controller', 'eks-node-monitoring-agent', 'aws-mountpoint-s3-csi-driver', 'aws-secrets-store-csi-driver-provider',
      'aws-guardduty-agent', 'adot', 'cert-manager', 'external-dns', 'kube-state-metrics', 'prometheus-node-exporter',
    ]);
    expect(AddonType.mountpointS3CsiDriver().serviceAccount).toEqual({ namespace: 'kube-system', name: 's3-csi-driver-sa', managedPolicies: [] });
  });
});

describe('configuration validation', () => {
  const cases: Array<[string, () => AddonType, RegExp]> = [
    ['unknown key', () => AddonType.vpcCni({ warmIps: 3 } as any), /vpc-cni has no option 'warmIps'; allowed: 'enableNetworkPolicy'/],
    ['wrong type', () => AddonType.vpcCni({ enableNetworkPolicy: 'yes' } as any), /vpc-cni option 'enableNetworkPolicy' must be a boolean, got the string "yes"/],
    ['below range', () => AddonType.vpcCni({ warmIpTarget: -1 }), /vpc-cni option 'warmIpTarget' is -1; allowed: 0 or more/],
    ['not whole', () => AddonType.vpcCni({ warmEniTarget: 1.5 }), /'warmEniTarget' must be a whole number, got number 1.5/],
    ['prefix target without delegation', () => AddonType.vpcCni({ warmPrefixTarget: 2 }), /'warmPrefixTarget' only applies with 'enablePrefixDelegation: true'/],
    ['coredns replicas', () => AddonType.coreDns({ replicas: 0 }), /coredns option 'replicas' is 0; allowed: 1–100/],
    ['coredns compute type', () => AddonType.coreDns({ computeType: 'fargate' as any }), /'computeType' is "fargate"; allowed: "EC2", "Fargate"/],
    ['toleration Exists with value', () => AddonType.coreDns({ tolerations: [{ key: 'a', operator: TolerationOperator.EXISTS, value: 'b' }] }),
      /coredns 'tolerations\[0\]' has operator Exists and a value/],
    ['toleration Equal without key', () => AddonType.cloudWatchObservability({ tolerations: [{ value: 'x' }] }),
      /'tolerations\[0\]' has operator Equal but no 'key'/],
    ['ebs unknown key', () => AddonType.ebsCsiDriver({ defaultStorageClass: true } as any), /aws-ebs-csi-driver has no option 'defaultStorageClass'/],
    ['cloudwatch wrong type', () => AddonType.cloudWatchObservability({ containerLogs: 1 } as any), /'containerLogs' must be a boolean, got number 1/],
    ['custom bad name', () => AddonType.custom('Not A Name'), /add-on name "Not A Name" is not an EKS add-on name/],
  ];
  test.each(cases)('%s fails at synth with the option named', (_name, make, message) => {
    const stack = freshStack();
    expect(() => new Addon(stack, 'A', { cluster: importedCluster(stack, KubernetesVersion.V1_35), addon: make(), version: 'v1.0.0-eksbuild.1' }))
      .toThrow(message);
  });

  test('token values are not range-checked and are rendered as strings where the schema wants strings', () => {
    const stack = freshStack();
    const warm = Token.asNumber(Lazy.number({ produce: () => 7 }));
    new Addon(stack, 'Cni', { cluster: importedCluster(stack, KubernetesVersion.V1_35), addon: AddonType.vpcCni({ warmIpTarget: warm, minimumIpTarget: 2 }) });
    new Addon(stack, 'Dns', { cluster: Cluster.fromClusterAttributes(stack, 'Other', { clusterName: 'o', version: KubernetesVersion.V1_35 }),
      addon: AddonType.coreDns({ replicas: Token.asNumber(Lazy.number({ produce: () => 0 })) }) });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'vpc-cni', ConfigurationValues: '{"env":{"WARM_IP_TARGET":"7","MINIMUM_IP_TARGET":"2"}}',
    });
  });

  test('custom networking sets the ENIConfig label; additionalConfiguration merges over typed values', () => {
    const stack = freshStack();
    new Addon(stack, 'Cni', {
      cluster: importedCluster(stack, KubernetesVersion.V1_35),
      addon: AddonType.vpcCni({ customNetworking: true }),
      additionalConfiguration: { env: { AWS_VPC_K8S_CNI_EXTERNALSNAT: 'true' }, nodeAgent: { enablePolicyEventLogs: 'true' } },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', {
      ConfigurationValues: JSON.stringify({
        env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true', ENI_CONFIG_LABEL_DEF: 'topology.kubernetes.io/zone', AWS_VPC_K8S_CNI_EXTERNALSNAT: 'true' },
        nodeAgent: { enablePolicyEventLogs: 'true' },
      }),
    });
  });
});

describe('identity and uniqueness', () => {
  test('the same add-on twice on one cluster fails and names the first', () => {
    const stack = freshStack();
    const cluster = importedCluster(stack, KubernetesVersion.V1_35);
    new Addon(stack, 'First', { cluster, addon: AddonType.kubeProxy() });
    expect(() => new Addon(stack, 'Second', { cluster, addon: AddonType.kubeProxy() }))
      .toThrow(/the add-on 'kube-proxy' is already installed on this cluster by Stack\/First/);
  });

  test('an add-on without a known service account cannot get a role', () => {
    const stack = freshStack();
    expect(() => new Addon(stack, 'Ms', { cluster: importedCluster(stack, KubernetesVersion.V1_35), addon: AddonType.metricsServer(), identity: AddonIdentity.podIdentity() }))
      .toThrow(/'metrics-server' has no service account known to this library/);
  });

  test('vpc-cni on an IPv6 cluster needs the caller\'s role', () => {
    const stack = freshStack();
    expect(() => new Addon(stack, 'Cni', { cluster: importedCluster(stack, KubernetesVersion.V1_35, IpFamily.IP_V6), addon: AddonType.vpcCni(), identity: AddonIdentity.irsa() }))
      .toThrow(/the cluster is IPv6, but AmazonEKS_CNI_Policy grants IPv4 permissions only/);
  });

  test('IRSA on an imported cluster with a literal issuer needs no CfnJson; a given role is used as is', () => {
    const stack = freshStack();
    const cluster = importedCluster(stack, KubernetesVersion.V1_35);
    new Addon(stack, 'Cni', { cluster, addon: AddonType.vpcCni(), identity: AddonIdentity.irsa() });
    const existing = iam.Role.fromRoleArn(stack, 'Existing', 'arn:aws:iam::111122223333:role/ebs');
    new Addon(stack, 'Ebs', { cluster, addon: AddonType.ebsCsiDriver(), identity: AddonIdentity.podIdentity(existing) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::AWSCDKCfnJson', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Condition: { StringEquals: {
        'oidc.eks.eu-west-1.amazonaws.com/id/ABC123:sub': 'system:serviceaccount:kube-system:aws-node',
        'oidc.eks.eu-west-1.amazonaws.com/id/ABC123:aud': 'sts.amazonaws.com',
      } } }] },
      ManagedPolicyArns: [managedPolicy('AmazonEKS_CNI_Policy')],
    });
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'aws-ebs-csi-driver',
      PodIdentityAssociations: [{ RoleArn: 'arn:aws:iam::111122223333:role/ebs', ServiceAccount: 'ebs-csi-controller-sa' }],
    });
  });
});
