import { App, CfnResource, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  AccessPolicy, AddonOrdering, CapacityScope, Cluster, EndpointAccess, HelmChartSource, ICluster, KubernetesVersion, ManagedNodeGroup, MissingCapacity,
} from '../../lib';
import { namespacePatternMatches } from '../../lib/compute/fargate-selector-rules';
import { testApp } from '../validated-synth';

const CHART = HelmChartSource.fromRepository('https://charts.example.com', 'web');

function cluster(stack: Stack, id = 'Cluster'): Cluster {
  return new Cluster(stack, id, { version: KubernetesVersion.V1_35, outputConfigCommand: false });
}

function nodes(stack: Stack, id: string): CfnResource {
  return new CfnResource(stack, id, { type: 'AWS::EKS::Nodegroup', properties: {} });
}

function dependsOn(stack: Stack, consumer: Construct): string[] {
  const template = Template.fromStack(stack).toJSON();
  const resource = consumer instanceof CfnResource ? consumer
    : consumer.node.findAll().find((c) => c instanceof CfnResource && c.cfnResourceType.startsWith('Custom::')) as CfnResource;
  return template.Resources[stack.getLogicalId(resource)].DependsOn ?? [];
}

describe('Fargate namespace patterns (EKS: * is any run of characters, ? exactly one)', () => {
  test.each<[string, string, boolean]>([
    ['prod*', 'prod', true],
    ['prod*', 'prod-metrics', true],
    ['*dev', 'team-dev', true],
    ['value?', 'valuea', true],
    ['value?', 'value', false],
    ['value?', 'value-a', false],
    ['frontend*?', 'frontend', false],
    ['frontend*?', 'frontend1', true],
    ['kube-system', 'kube-system', true],
    ['kube-system', 'kube-systems', false],
    ['a.b', 'axb', false],
  ])('%s matches %s: %s', (pattern, namespace, expected) => {
    expect(namespacePatternMatches(pattern, namespace)).toBe(expected);
  });

  test('scopes: nodes cover every namespace and run DaemonSets, Fargate only its namespaces; tokens match', () => {
    expect(CapacityScope.nodes().coversNamespace('anything')).toBe(true);
    expect(CapacityScope.nodes().runsDaemonSets).toBe(true);
    const fargate = CapacityScope.fargate(['team-*', 'kube-system']);
    expect(fargate.runsDaemonSets).toBe(false);
    expect(fargate.coversNamespace('team-a')).toBe(true);
    expect(fargate.coversNamespace('default')).toBe(false);
    expect(fargate.coversNamespace(Token.asString({ Ref: 'Ns' }))).toBe(true);
    expect(CapacityScope.fargate([Token.asString({ Ref: 'Ns' })]).coversNamespace('default')).toBe(true);
  });
});

describe('a Helm chart that waits', () => {
  test('depends on node capacity and on the Fargate profiles selecting its namespace (wildcards too), not on others', () => {
    const stack = new Stack(testApp(), 'Stack');
    const c = cluster(stack);
    const ng = c.addNodeGroup('Nodes');
    const team = c.addFargateProfile('Team', { selectors: [{ namespace: 'team-*' }] });
    const other = c.addFargateProfile('Other', { selectors: [{ namespace: 'batch' }] });
    const chart = c.addHelmChart('Web', { source: CHART, namespace: 'team-a' });
    const deps = dependsOn(stack, chart);
    expect(deps).toEqual(expect.arrayContaining([stack.getLogicalId(ng.resource), stack.getLogicalId(team.resource)]));
    expect(deps).not.toContain(stack.getLogicalId(other.resource));
  });

  test('capacity added after the chart counts too (evaluated at synth)', () => {
    const stack = new Stack(testApp(), 'Stack');
    const c = cluster(stack);
    const chart = c.addHelmChart('Web', { source: CHART });
    const ng = c.addNodeGroup('Nodes');
    expect(dependsOn(stack, chart)).toContain(stack.getLogicalId(ng.resource));
  });

  test('on a cluster without capacity is a synth error naming the chart; wait: false, and an imported cluster, are not', () => {
    const stack = new Stack(testApp(), 'Stack');
    cluster(stack).addHelmChart('Web', { source: CHART, release: 'web' });
    expect(() => Template.fromStack(stack)).toThrow(/the Helm chart 'web' \(wait: true\) needs capacity for its pods in namespace 'default', but the cluster Stack\/Cluster has none.*or set 'wait: false'.*\[NoCapacity\]/);

    const stack2 = new Stack(testApp(), 'Stack');
    cluster(stack2).addHelmChart('Web', { source: CHART, wait: false });
    expect(() => Template.fromStack(stack2)).not.toThrow();

    const stack3 = new Stack(testApp(), 'Stack');
    const imported = Cluster.fromClusterAttributes(stack3, 'Imported', {
      clusterName: 'imported', version: KubernetesVersion.V1_35, endpointAccess: EndpointAccess.PUBLIC_AND_PRIVATE,
    });
    imported.addHelmChart('Web', { source: CHART });
    expect(() => Template.fromStack(stack3)).not.toThrow();
  });

  test('with only Fargate profiles of other namespaces is an error that says so; a token namespace takes any capacity', () => {
    const stack = new Stack(testApp(), 'Stack');
    const c = cluster(stack);
    c.addFargateProfile('System', { selectors: [{ namespace: 'kube-system' }] });
    c.addHelmChart('Web', { source: CHART, namespace: 'web' });
    expect(() => Template.fromStack(stack)).toThrow(/its only capacity is Fargate profiles whose selectors do not match 'web'.*a Fargate profile selecting 'web'/);

    const stack2 = new Stack(testApp(), 'Stack');
    const c2 = cluster(stack2);
    const profile = c2.addFargateProfile('System', { selectors: [{ namespace: 'kube-system' }] });
    const chart = c2.addHelmChart('Web', { source: CHART, namespace: Lazy.string({ produce: () => 'web' }) });
    expect(dependsOn(stack2, chart)).toContain(stack2.getLogicalId(profile.resource));
  });
});

describe('explicit registration by other capacity providers (Auto Mode, Karpenter)', () => {
  test('capacity built on a chart is skipped by that chart (no cycle) but counts for the others', () => {
    const stack = new Stack(testApp(), 'Stack');
    const c = cluster(stack);
    const ng = c.addNodeGroup('Nodes');
    const controller = c.addHelmChart('Karpenter', { source: CHART, namespace: 'kube-system' });
    const nodePool = nodes(stack, 'NodePool');
    nodePool.node.addDependency(controller);
    AddonOrdering.registerCapacity(c, nodePool, { scope: CapacityScope.nodes(), builtOn: [controller] });
    const app = c.addHelmChart('App', { source: CHART, namespace: 'apps' });

    expect(dependsOn(stack, controller)).toContain(stack.getLogicalId(ng.resource));
    expect(dependsOn(stack, controller)).not.toContain('NodePool');
    expect(dependsOn(stack, app)).toEqual(expect.arrayContaining(['NodePool', stack.getLogicalId(ng.resource)]));
  });

  test('waitForCapacity on any construct: warn or ignore instead of failing', () => {
    const stack = new Stack(testApp(), 'Stack');
    const c = cluster(stack);
    const consumer = nodes(stack, 'Consumer');
    AddonOrdering.waitForCapacity(consumer, c, { namespace: 'x', whenMissing: MissingCapacity.WARN, description: 'the thing' });
    const ignored = nodes(stack, 'Ignored');
    AddonOrdering.waitForCapacity(ignored, c, { whenMissing: MissingCapacity.IGNORE });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('needs capacity'));
    expect(warnings.map((w) => [w.id, w.entry.data])).toEqual([['/Stack/Consumer', expect.stringMatching(/^the thing needs capacity for its pods in namespace 'x'/)]]);
    expect(AddonOrdering.hasCapacity(c)).toBe(false);
    AddonOrdering.registerCapacity(c, nodes(stack, 'Fargate'), { scope: CapacityScope.fargate(['x']) });
    expect(AddonOrdering.hasCapacity(c, 'x')).toBe(true);
    expect(AddonOrdering.hasCapacity(c, 'y')).toBe(false);
    expect(AddonOrdering.hasOnlyFargateCapacity(c)).toBe(true);
  });
});

describe('state lives on the cluster object, not on its name', () => {
  function imported(stack: Stack): ICluster {
    return Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: 'shared-name',
      version: KubernetesVersion.V1_35,
      endpointAccess: EndpointAccess.PUBLIC_AND_PRIVATE,
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['a', 'b'], privateSubnetIds: ['s-1', 's-2'] }),
      clusterSecurityGroupId: 'sg-1',
    });
  }

  test('two imports with the same name in two regions are not cross-wired', () => {
    // GIVEN two stacks in different regions, each importing a cluster called 'shared-name'
    const app = new App();
    const east = new Stack(app, 'East', { env: { account: '111122223333', region: 'us-east-1' } });
    const west = new Stack(app, 'West', { env: { account: '111122223333', region: 'us-west-2' } });
    const a = imported(east);
    const b = imported(west);
    // WHEN only the east import gets nodes, and both get a chart
    const ng = new ManagedNodeGroup(east, 'Nodes', { cluster: a });
    const chartA = a.addHelmChart('Web', { source: CHART });
    const chartB = b.addHelmChart('Web', { source: CHART });
    // THEN the east chart waits for east's nodes; the west chart depends on nothing outside its stack
    expect(dependsOn(east, chartA)).toContain(east.getLogicalId(ng.resource));
    const westResources = Template.fromStack(west).toJSON().Resources;
    expect(dependsOn(west, chartB).every((id) => id in westResources)).toBe(true);
    expect(west.dependencies).toEqual([]);
    expect(AddonOrdering.hasCapacity(a)).toBe(true);
    expect(AddonOrdering.hasCapacity(b)).toBe(false);
  });

  test('access entries of one principal on two clusters are independent; twice on one is an error', () => {
    const stack = new Stack(testApp(), 'Stack');
    const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::111122223333:role/dev');
    const one = cluster(stack, 'One');
    const two = cluster(stack, 'Two');
    one.grantAccess('Dev', role, [AccessPolicy.view()]);
    expect(() => two.grantAccess('Dev', role, [AccessPolicy.view()])).not.toThrow();
    expect(() => one.grantAccess('Dev2', role, [AccessPolicy.view()])).toThrow(/\[AccessEntryDuplicate\]/);
  });

  test('the Fargate profile chain is per cluster', () => {
    const stack = new Stack(testApp(), 'Stack');
    const one = cluster(stack, 'One');
    const two = cluster(stack, 'Two');
    one.addFargateProfile('A', { selectors: [{ namespace: 'a' }] });
    const b = two.addFargateProfile('B', { selectors: [{ namespace: 'b' }] });
    const deps = dependsOn(stack, b.resource);
    expect(deps).toContain(stack.getLogicalId(two.resource));
    expect(deps.filter((d) => d.includes('FargateProfile') || /^One/.test(d))).toEqual([]);
  });
});
