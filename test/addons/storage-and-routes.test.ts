import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AddonType, Cluster, ClusterFileSystem, EndpointAccess, HelmChartSource, KubernetesVersion, StorageClasses } from '../../lib';
import { claimsVolumes } from '../../lib/addons/storage-users';
import { testApp } from '../validated-synth';

/** Every resource `id` depends on, directly or through others (DependsOn and Ref/GetAtt). */
function closure(resources: Record<string, any>, id: string, seen = new Set<string>()): Set<string> {
  const refs = new Set<string>([...(resources[id].DependsOn ?? [])]);
  JSON.stringify(resources[id].Properties ?? {}, (k, v) => {
    if (k === 'Ref' && typeof v === 'string' && resources[v]) refs.add(v);
    if (k === 'Fn::GetAtt' && Array.isArray(v) && resources[v[0]]) refs.add(v[0]);
    return v;
  });
  for (const dep of refs) {
    if (seen.has(dep)) continue;
    seen.add(dep);
    closure(resources, dep, seen);
  }
  return seen;
}

function cluster(stack: Stack, endpointAccess = EndpointAccess.PRIVATE) {
  return new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, endpointAccess, outputConfigCommand: false });
}

describe('EFS mounts under @aws-cdk/aws-efs:denyAnonymousAccess (item 8)', () => {
  let stack: Stack;
  let template: Template;
  let fs: ClusterFileSystem;
  let c: Cluster;
  beforeAll(() => {
    // GIVEN the file system first, the node groups after it (order does not matter)
    stack = new Stack(testApp(), 'Stack');
    c = cluster(stack);
    fs = new ClusterFileSystem(stack, 'Files', { cluster: c });
    c.addNodeGroup('Managed');
    c.addSelfManagedNodeGroup('SelfManaged');
    template = Template.fromStack(stack);
  });

  test('the file system policy grants no anonymous ClientMount, whatever the feature flag', () => {
    const [fsResource] = Object.values(template.findResources('AWS::EFS::FileSystem')) as any[];
    const statements = fsResource.Properties.FileSystemPolicy.Statement as any[];
    const anonymous = statements.filter((s) => s.Principal?.AWS === '*' && s.Effect === 'Allow');
    expect(anonymous.flatMap((s) => [].concat(s.Action))).not.toContain('elasticfilesystem:ClientMount');
  });

  test('every node role of the cluster may ClientMount and ClientWrite this file system (identity policy)', () => {
    const roleIds = Object.entries(template.findResources('AWS::IAM::Role'))
      .filter(([, r]: any) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('ec2.amazonaws.com'))
      .map(([id]) => id);
    expect(roleIds).toHaveLength(2);
    const fsArn = stack.resolve(fs.fileSystem.fileSystemArn);
    for (const roleId of roleIds) {
      const statements = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((p: any) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
      expect(statements).toContainEqual({ Effect: 'Allow', Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'], Resource: fsArn });
    }
  });

  test('the StorageClass mounts with IAM over TLS, so the mount helper authenticates with the node role', () => {
    expect(fs.storageClass().mountOptions).toEqual(['tls', 'iam']);
    expect(StorageClasses.efs({ fileSystemId: 'fs-12345678', iamAuthorization: false }).mountOptions).toBeUndefined();
  });

  test('grantMount covers roles of capacity this library did not create', () => {
    const s = new Stack(testApp(), 'Other');
    const other = new ClusterFileSystem(s, 'Files', { cluster: cluster(s) });
    const karpenterNodes = new iam.Role(s, 'KarpenterNodes', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    other.grantMount(karpenterNodes);
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: s.getLogicalId(karpenterNodes.node.defaultChild as CfnResource) }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'], Resource: s.resolve(other.fileSystem.fileSystemArn) }] },
    });
  });
});

describe('ordering that matches what pods need (item 9)', () => {
  test('metrics-server, the CSI drivers and CloudWatch wait for capacity; networking add-ons do not', () => {
    const stack = new Stack(testApp(), 'Stack');
    const c = cluster(stack);
    const ng = c.addNodeGroup('Nodes');
    const addons = ['MetricsServer', 'Ebs', 'Efs', 'CloudWatch', 'Cni'].map((id) => c.addAddon(id, {
      MetricsServer: AddonType.metricsServer(), Ebs: AddonType.ebsCsiDriver(), Efs: AddonType.efsCsiDriver(),
      CloudWatch: AddonType.cloudWatchObservability(), Cni: AddonType.vpcCni(),
    }[id]!));
    const resources = Template.fromStack(stack).toJSON().Resources;
    const ngId = stack.getLogicalId(ng.resource);
    for (const addon of addons.slice(0, 4)) expect(resources[stack.getLogicalId(addon.resource)].DependsOn).toContain(ngId);
    expect(resources[stack.getLogicalId(addons[4].resource)].DependsOn).not.toContain(ngId);
  });

  test('claims of persistent volumes are deleted before the CSI drivers (they depend on them)', () => {
    expect(claimsVolumes([{ kind: 'PersistentVolumeClaim', metadata: { name: 'c' } }])).toBe(true);
    expect(claimsVolumes([{ kind: 'StatefulSet', spec: { volumeClaimTemplates: [{ metadata: { name: 'd' } }] } }])).toBe(true);
    expect(claimsVolumes([{ kind: 'StatefulSet', spec: {} }, { kind: 'Deployment' }])).toBe(false);

    const stack = new Stack(testApp(), 'Stack');
    const c = cluster(stack);
    c.addNodeGroup('Nodes');
    const ebs = c.addAddon('Ebs', AddonType.ebsCsiDriver());
    const claim = c.addManifest('Claim', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    const plain = c.addManifest('Plain', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } });
    const resources = Template.fromStack(stack).toJSON().Resources;
    // the claim takes part in a dependency, so it has a resource of its own; the ConfigMap is batched
    expect(resources[stack.getLogicalId(claim.resource!.node.defaultChild as CfnResource)].DependsOn).toContain(stack.getLogicalId(ebs.resource));
    expect(plain.isBatched).toBe(true);
    const batches = Object.entries(resources).filter(([id, r]: [string, any]) => r.Type === 'Custom::CdkEksKitManifest' && id.includes('KubernetesManifestBatches'));
    expect(batches.length).toBeGreaterThan(0);
    for (const [, r] of batches as Array<[string, any]>) expect(r.DependsOn ?? []).not.toContain(stack.getLogicalId(ebs.resource));
  });
});

describe("the cluster's workloads outlive the VPC's internet routes on delete (item 10)", () => {
  test.each([
    ['a public endpoint (applier outside the VPC)', EndpointAccess.PUBLIC],
    ['a private endpoint (applier in the VPC)', EndpointAccess.PRIVATE],
  ])('with %s, charts, manifests and node groups depend on the NAT routes', (_, access) => {
    const stack = new Stack(testApp(), 'Stack');
    const c = cluster(stack, access);
    const ng = c.addNodeGroup('Nodes');
    const sm = c.addSelfManagedNodeGroup('Self');
    const profile = c.addFargateProfile('Jobs', { selectors: [{ namespace: 'jobs' }] });
    const chart = c.addHelmChart('Web', { source: HelmChartSource.fromRepository('https://charts.example.com', 'web'), wait: false });
    const manifest = c.addManifest('Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } });
    const resources = Template.fromStack(stack).toJSON().Resources;
    const natRoutes = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::EC2::Route' && resources[id].Properties.NatGatewayId);
    expect(natRoutes.length).toBeGreaterThan(0);
    // the ConfigMap is batched: its batch resource is what must outlive the routes
    expect(manifest.isBatched).toBe(true);
    const batch = Object.keys(resources).find((id) => resources[id].Type === 'Custom::CdkEksKitManifest' && id.includes('KubernetesManifestBatches'))!;
    const ids = [ng.resource, sm.autoScalingGroup.node.defaultChild as CfnResource, profile.resource,
      chart.resource.node.defaultChild as CfnResource].map((r) => stack.getLogicalId(r)).concat(batch);
    for (const id of ids) {
      const deps = closure(resources, id);
      for (const route of natRoutes) expect({ id, route, found: deps.has(route) }).toEqual({ id, route, found: true });
    }
  });

  test('an imported cluster without a VPC still gets its applier', () => {
    const stack = new Stack(testApp(), 'Stack');
    const imported = Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: 'x', version: KubernetesVersion.V1_35, endpointAccess: EndpointAccess.PUBLIC,
    });
    imported.addManifest('Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});
