import { CfnDeletionPolicy, CfnResource, RemovalPolicies, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import {
  AddonType, AuthenticationMode, AwsLoadBalancerController, Cluster, ClusterFileSystem, EndpointAccess, HelmChartSource,
  KubernetesManifest, KubernetesPatch, KubernetesVersion,
} from '../../lib';
import { ClusterRemoval, RemovalKind } from '../../lib/cluster/removal';
import { testApp } from '../validated-synth';

type Policies = [string | undefined, string | undefined];

/** Logical id → [DeletionPolicy, UpdateReplacePolicy] of every resource, with the construct path. */
function policiesOf(stack: Stack): { id: string; path: string; type: string; policies: Policies }[] {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, any>;
  const paths = new Map<string, string>();
  for (const c of stack.node.findAll()) {
    if (CfnResource.isCfnResource(c)) paths.set(stack.resolve(c.logicalId), c.node.path);
  }
  return Object.entries(resources).map(([id, r]) => ({
    id, path: paths.get(id) ?? id, type: r.Type, policies: [r.DeletionPolicy, r.UpdateReplacePolicy] as Policies,
  }));
}

/** Resource type → the distinct policy pairs it carries, for the resources matching `where`. */
function byType(rows: ReturnType<typeof policiesOf>, where: (r: ReturnType<typeof policiesOf>[number]) => boolean): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const r of rows.filter(where)) (out[r.type] ??= new Set()).add(r.policies.map((p) => p ?? '-').join('/'));
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)).map(([t, s]) => [t, [...s].sort()]));
}

const isApplier = (r: { path: string }) => r.path.includes('/KubectlProvider/');

/** A platform with one of everything the library attaches to a cluster. */
function platform(removalPolicy?: RemovalPolicy): { stack: Stack; cluster: Cluster } {
  const stack = new Stack(testApp(), 'Platform');
  const cluster = new Cluster(stack, 'Cluster', {
    version: KubernetesVersion.V1_35,
    authenticationMode: AuthenticationMode.API_AND_CONFIG_MAP,
    admins: [iam.Role.fromRoleArn(stack, 'Admin', 'arn:aws:iam::111122223333:role/admins')],
    removalPolicy,
  });
  cluster.addAddon('VpcCni', AddonType.vpcCni());
  cluster.addAddon('CoreDns', AddonType.coreDns());
  const nodes = cluster.addNodeGroup('Nodes');
  cluster.addSelfManagedNodeGroup('Self');
  cluster.addFargateProfile('Fargate', { selectors: [{ namespace: 'batch' }] });
  cluster.addServiceAccount('Reader', { name: 'reader', namespace: 'default' });
  cluster.addPodIdentityAssociation('Pods', { namespace: 'default', serviceAccount: 'app' });
  cluster.grantAccess('Viewers', iam.Role.fromRoleArn(stack, 'Viewer', 'arn:aws:iam::111122223333:role/viewers'), []);
  cluster.awsAuth.addAccount('444455556666');
  const lbc = new AwsLoadBalancerController(stack, 'Lbc', { cluster });
  lbc.node.addDependency(nodes);
  lbc.addManifest('Ingress', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default' }, spec: { ingressClassName: 'alb', defaultBackend: { service: { name: 'web', port: { number: 80 } } } } });
  // A resource of its own (batched manifests share one), so that its policy can be overridden alone.
  new KubernetesManifest(cluster, 'Namespace', { cluster, batch: false, manifest: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }] });
  cluster.addHelmChart('Chart', { source: HelmChartSource.fromRepository('https://charts.example.com', 'app'), namespace: 'apps' });
  new KubernetesPatch(stack, 'Patch', { cluster, resourceName: 'deployment/coredns', resourceNamespace: 'kube-system', applyPatch: {}, restorePatch: {} });
  new ClusterFileSystem(stack, 'Files', { cluster });
  return { stack, cluster };
}

describe('the policy table', () => {
  test.each([
    [RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, 'AWS::EKS::Nodegroup', RemovalKind.INFRASTRUCTURE, ['RetainExceptOnCreate', 'Delete']],
    [RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, 'AWS::EKS::Cluster', RemovalKind.INFRASTRUCTURE, ['RetainExceptOnCreate', 'Retain']],
    [RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, 'Custom::CdkEksKitManifest', RemovalKind.KUBERNETES, ['RetainExceptOnCreate', 'Delete']],
    [RemovalPolicy.RETAIN, 'AWS::Logs::LogGroup', RemovalKind.INFRASTRUCTURE, ['Retain', 'Retain']],
    [RemovalPolicy.RETAIN, 'AWS::IAM::Role', RemovalKind.INFRASTRUCTURE, ['Retain', 'Delete']],
    [RemovalPolicy.DESTROY, 'AWS::EKS::Cluster', RemovalKind.INFRASTRUCTURE, ['Delete', 'Delete']],
    [RemovalPolicy.DESTROY, 'Custom::CdkEksKitHelmRelease', RemovalKind.KUBERNETES, ['Delete', 'Delete']],
  ])('%s on %s (%s): %j', (policy, type, kind, expected) => {
    const a = ClusterRemoval.attributes(policy, type, kind);
    expect([a.deletionPolicy, a.updateReplacePolicy]).toEqual(expected);
  });
});

describe('default removal policy (RETAIN_ON_UPDATE_OR_DELETE): a stack delete leaves a working platform', () => {
  let rows: ReturnType<typeof policiesOf>;
  beforeAll(() => { rows = policiesOf(platform().stack); });

  test('every resource but the applier is retained; stateful ones also when replaced; Kubernetes objects skip their deletes', () => {
    expect(byType(rows, (r) => !isApplier(r))).toEqual({
      'AWS::AutoScaling::AutoScalingGroup': ['RetainExceptOnCreate/-'],
      'AWS::EC2::EIP': ['RetainExceptOnCreate/-'],
      'AWS::EC2::FlowLog': ['RetainExceptOnCreate/-'],
      'AWS::EC2::InternetGateway': ['RetainExceptOnCreate/-'],
      'AWS::EC2::LaunchTemplate': ['RetainExceptOnCreate/-'],
      'AWS::EC2::NatGateway': ['RetainExceptOnCreate/-'],
      'AWS::EC2::Route': ['RetainExceptOnCreate/-'],
      'AWS::EC2::RouteTable': ['RetainExceptOnCreate/-'],
      'AWS::EC2::SecurityGroup': ['RetainExceptOnCreate/-'],
      'AWS::EC2::SecurityGroupIngress': ['RetainExceptOnCreate/-'],
      'AWS::EC2::Subnet': ['RetainExceptOnCreate/-'],
      'AWS::EC2::SubnetRouteTableAssociation': ['RetainExceptOnCreate/-'],
      'AWS::EC2::VPC': ['RetainExceptOnCreate/-'],
      'AWS::EC2::VPCGatewayAttachment': ['RetainExceptOnCreate/-'],
      'AWS::EFS::FileSystem': ['RetainExceptOnCreate/Retain'],
      'AWS::EFS::MountTarget': ['RetainExceptOnCreate/-'],
      'AWS::EKS::AccessEntry': ['RetainExceptOnCreate/-'],
      'AWS::EKS::Addon': ['RetainExceptOnCreate/-'],
      'AWS::EKS::Cluster': ['RetainExceptOnCreate/Retain'],
      'AWS::EKS::FargateProfile': ['RetainExceptOnCreate/-'],
      'AWS::EKS::Nodegroup': ['RetainExceptOnCreate/-'],
      'AWS::EKS::PodIdentityAssociation': ['RetainExceptOnCreate/-'],
      'AWS::IAM::InstanceProfile': ['RetainExceptOnCreate/-'],
      'AWS::IAM::OIDCProvider': ['RetainExceptOnCreate/-'],
      'AWS::IAM::Policy': ['RetainExceptOnCreate/-'],
      'AWS::IAM::Role': ['RetainExceptOnCreate/-'],
      'AWS::KMS::Key': ['RetainExceptOnCreate/Retain'],
      'AWS::Logs::LogGroup': ['RetainExceptOnCreate/Retain'],
      'Custom::CdkEksKitAwsAuth': ['RetainExceptOnCreate/Delete'],
      'Custom::CdkEksKitHelmRelease': ['RetainExceptOnCreate/Delete'],
      'Custom::CdkEksKitManifest': ['RetainExceptOnCreate/Delete'],
      'Custom::CdkEksKitPatch': ['RetainExceptOnCreate/Delete'],
    });
  });

  test('only the applier (function, layer, role, log groups, provider framework, access entry) is deleted', () => {
    expect(byType(rows, isApplier)).toEqual({
      // its own security group and the rule that admits it to the cluster security group
      'AWS::EC2::SecurityGroup': ['-/-'],
      'AWS::EC2::SecurityGroupIngress': ['-/-'],
      'AWS::EKS::AccessEntry': ['-/-'],
      'AWS::IAM::Policy': ['-/-'],
      'AWS::IAM::Role': ['-/-'],
      'AWS::Lambda::Function': ['-/-'],
      'AWS::Lambda::LayerVersion': ['-/-'],
      'AWS::Logs::LogGroup': ['Delete/Delete'],
    });
  });

  test('EKS deletion protection is on', () => {
    expect(rows.find((r) => r.type === 'AWS::EKS::Cluster')).toBeDefined();
    const { stack } = platform();
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Cluster', { DeletionProtection: true });
  });
});

describe('RemovalPolicy.RETAIN', () => {
  test('is Retain everywhere the default is RetainExceptOnCreate (a failed first deploy then keeps what it created)', () => {
    const rows = policiesOf(platform(RemovalPolicy.RETAIN).stack).filter((r) => !isApplier(r));
    expect(new Set(rows.map((r) => r.policies[0]))).toEqual(new Set(['Retain']));
    expect(byType(rows, (r) => r.policies[1] === 'Retain')).toEqual({
      'AWS::EFS::FileSystem': ['Retain/Retain'],
      'AWS::EKS::Cluster': ['Retain/Retain'],
      'AWS::KMS::Key': ['Retain/Retain'],
      'AWS::Logs::LogGroup': ['Retain/Retain'],
    });
  });
});

describe('RemovalPolicy.DESTROY: everything goes, in dependency order', () => {
  let stack: Stack;
  let template: Template;
  beforeAll(() => {
    stack = platform(RemovalPolicy.DESTROY).stack;
    template = Template.fromStack(stack);
  });

  test('no resource is retained, on delete or on replacement (the VPC flow-log group included)', () => {
    const retained = policiesOf(stack).filter((r) => r.policies.some((p) => p !== undefined && p !== CfnDeletionPolicy.DELETE));
    expect(retained).toEqual([]);
    template.hasResourceProperties('AWS::EKS::Cluster', { DeletionProtection: false });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', Properties: { RetentionInDays: 90 } }); // flow logs and control-plane logs
  });

  test('Kubernetes objects are deleted before the applier (its function, role, access entry and NAT route)', () => {
    const applier = policiesOf(stack).filter(isApplier).map((r) => r.id);
    const dependsOn = (type: string) => Object.values(template.findResources(type)).map((r: any) => r.DependsOn ?? []);
    for (const type of ['Custom::CdkEksKitManifest', 'Custom::CdkEksKitHelmRelease', 'Custom::CdkEksKitPatch', 'Custom::CdkEksKitAwsAuth']) {
      for (const deps of dependsOn(type)) {
        expect(deps).toEqual(expect.arrayContaining(applier.filter((id) => template.toJSON().Resources[id].Type === 'AWS::EKS::AccessEntry')));
      }
    }
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((r: any) => r.Properties.VpcConfig) as any;
    expect(fn.DependsOn.some((d: string) => /ClusterVpcPrivateSubnet\d+DefaultRoute/.test(d))).toBe(true);
  });

  test('objects behind the load balancer controller go before its chart, the chart before the nodes; aws-auth before the node groups', () => {
    const resources = template.toJSON().Resources as Record<string, any>;
    const ingress = Object.values(resources).find((r) => r.Type === 'Custom::CdkEksKitManifest' && r.Properties.Manifest?.includes?.('Ingress')) as any;
    const chart = Object.entries(resources).find(([, r]) => r.Type === 'Custom::CdkEksKitHelmRelease' && r.Properties.Release === 'aws-load-balancer-controller')!;
    expect(ingress.DependsOn).toContain(chart[0]);
    const nodegroup = Object.keys(template.findResources('AWS::EKS::Nodegroup'))[0];
    expect(chart[1].DependsOn).toContain(nodegroup);
    const awsAuth = Object.values(template.findResources('Custom::CdkEksKitAwsAuth'))[0] as any;
    expect(awsAuth.DependsOn).toContain(nodegroup);
  });

  test('the cluster is deleted before its log group and role (it depends on them)', () => {
    const cluster = Object.values(template.findResources('AWS::EKS::Cluster'))[0] as any;
    const logGroup = policiesOf(stack).find((r) => r.type === 'AWS::Logs::LogGroup' && r.path.endsWith('/ControlPlaneLogs/Resource'))!;
    const role = policiesOf(stack).find((r) => r.path === 'Platform/Cluster/Role/Resource')!;
    expect(cluster.DependsOn).toEqual(expect.arrayContaining([logGroup.id, role.id]));
  });
});

describe('overrides and imports', () => {
  test('RemovalPolicies.of(scope) overrides the cluster policy for part of the app', () => {
    const { stack, cluster } = platform();
    const ns = cluster.node.findChild('Namespace') as IConstruct;
    RemovalPolicies.of(ns).destroy();
    const row = policiesOf(stack).find((r) => r.path === 'Platform/Cluster/Namespace/Resource/Default')!;
    expect(row.policies).toEqual(['Delete', 'Delete']);
  });

  test('a ClusterFileSystem with its own removal policy keeps it', () => {
    const stack = new Stack(testApp(), 'Files');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    new ClusterFileSystem(stack, 'Scratch', { cluster, removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource('AWS::EFS::FileSystem', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('what an app attaches to an imported cluster follows the import\'s removal policy (default: retained)', () => {
    const build = (removalPolicy?: RemovalPolicy) => {
      const stack = new Stack(testApp(), 'Attach');
      const imported = Cluster.fromClusterAttributes(stack, 'Prod', { clusterName: 'prod', endpointAccess: EndpointAccess.PUBLIC, version: KubernetesVersion.V1_35, removalPolicy });
      imported.grantAccess('Ops', iam.Role.fromRoleArn(stack, 'Ops', 'arn:aws:iam::111122223333:role/ops'), []);
      imported.addManifest('Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops' } });
      return byType(policiesOf(stack), (r) => !isApplier(r));
    };
    expect(build()).toEqual({ 'AWS::EKS::AccessEntry': ['RetainExceptOnCreate/-'], 'Custom::CdkEksKitManifest': ['RetainExceptOnCreate/Delete'] });
    expect(build(RemovalPolicy.DESTROY)).toEqual({ 'AWS::EKS::AccessEntry': ['-/-'], 'Custom::CdkEksKitManifest': ['Delete/Delete'] });
  });

  test('SNAPSHOT is a synth error', () => {
    expect(() => new Cluster(new Stack(testApp(), 'S'), 'Cluster', { version: KubernetesVersion.V1_35, removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow(/'removalPolicy' is SNAPSHOT.*\[ClusterRemovalPolicy\]/);
  });
});
