// The benchmark itself is not part of `npm test` (`npm run bench`); this only checks that
// every bench scenario still synthesizes and still contains what the benchmark says it
// does, so that the three libraries are compared on the same platform.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { benchContext, smallManifests, STANDARD_MANIFEST_COUNT } from '../../bench/scenarios/common';
import { eksV1Standard } from '../../bench/scenarios/eks-v1';
import { eksV2Scaling, eksV2Standard } from '../../bench/scenarios/eks-v2';
import { oursScaling, oursStandard } from '../../bench/scenarios/ours';

function benchTestApp(): App {
  return new App({ context: benchContext(), builtinCloudFormationValidation: false });
}

const KUBERNETES_RESOURCE = 'Custom::AWSCDK-EKS-KubernetesResource';

describe('smallManifests', () => {
  test('alternates ConfigMaps and Deployments with unique names', () => {
    // WHEN
    const objects = smallManifests(5);
    // THEN
    expect(objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Deployment', 'ConfigMap', 'Deployment', 'ConfigMap']);
    expect(new Set(objects.map((o) => o.metadata.name)).size).toBe(5);
  });
});

describe.each([
  ['aws-eks-v2', eksV2Standard, 'AWS::EKS::FargateProfile', 'AWS::EKS::Cluster'],
  ['aws-eks (v1)', eksV1Standard, 'Custom::AWSCDK-EKS-FargateProfile', 'Custom::AWSCDK-EKS-Cluster'],
])('standard scenario with %s', (_label, build, fargateType, clusterType) => {
  let template: Template;
  beforeAll(() => {
    // GIVEN / WHEN
    const stack: Stack = build(benchTestApp());
    template = Template.fromStack(stack);
  });

  test('has one 1.29 cluster with two managed node groups, one ASG and one Fargate profile', () => {
    // THEN
    template.resourceCountIs(clusterType, 1);
    template.hasResourceProperties(clusterType, clusterType === 'AWS::EKS::Cluster'
      ? { Version: '1.29' } : { Config: { version: '1.29' } });
    template.resourceCountIs('AWS::EKS::Nodegroup', 2);
    template.hasResourceProperties('AWS::EKS::Nodegroup', { CapacityType: 'SPOT', AmiType: 'AL2023_ARM_64_STANDARD' });
    template.hasResourceProperties('AWS::EKS::Nodegroup', { CapacityType: 'ON_DEMAND', AmiType: 'AL2023_x86_64_STANDARD' });
    template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 1);
    template.resourceCountIs(fargateType, 1);
  });

  test('has the four add-ons, EBS CSI with its IRSA role', () => {
    // THEN
    template.resourceCountIs('AWS::EKS::Addon', 4);
    for (const name of ['vpc-cni', 'coredns', 'kube-proxy']) {
      template.hasResourceProperties('AWS::EKS::Addon', { AddonName: name });
    }
    const ebs = template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'aws-ebs-csi-driver' } });
    expect(Object.values(ebs)[0].Properties.ServiceAccountRoleArn).toBeDefined();
  });

  test('applies 50 manifests and 3 IRSA service accounts through kubectl, and one Helm chart', () => {
    // THEN
    // A manifest is a JSON string, or an Fn::Join when it holds a token (the IRSA role ARN).
    const manifests = Object.values(template.findResources(KUBERNETES_RESOURCE)).map((r) => r.Properties.Manifest);
    const small = manifests.filter((m) => typeof m === 'string').flatMap((m) => JSON.parse(m))
      .filter((o: { kind: string }) => o.kind === 'ConfigMap' || o.kind === 'Deployment');
    expect(small).toHaveLength(STANDARD_MANIFEST_COUNT);
    const serviceAccounts = manifests.filter((m) => JSON.stringify(m).includes('\\"kind\\":\\"ServiceAccount\\"'));
    expect(serviceAccounts).toHaveLength(3);
    template.resourceCountIs('Custom::AWSCDK-EKS-HelmChart', 1);
  });
});

describe('scaling scenario with aws-eks-v2', () => {
  test('100 manifests synthesize', () => {
    // WHEN
    const template = Template.fromStack(eksV2Scaling(benchTestApp(), 100));
    // THEN
    template.resourceCountIs(KUBERNETES_RESOURCE, 100);
  });

  test('500 manifests exceed the 500-resource limit at synth (the failure the benchmark records)', () => {
    // GIVEN
    const app = benchTestApp();
    eksV2Scaling(app, 500);
    // WHEN / THEN
    expect(() => app.synth()).toThrow(/Number of resources in stack 'EksV2Scaling500': \d+ is greater than allowed maximum of 500/);
  });
});

describe('standard scenario with cdk-eks-kit', () => {
  let template: Template;
  beforeAll(() => {
    // GIVEN / WHEN
    template = Template.fromStack(oursStandard(benchTestApp()));
  });

  test('has the same platform as the aws-cdk-lib versions', () => {
    // THEN
    template.resourceCountIs('AWS::EKS::Cluster', 1);
    template.hasResourceProperties('AWS::EKS::Cluster', { Version: '1.29' });
    template.resourceCountIs('AWS::EKS::Nodegroup', 2);
    template.hasResourceProperties('AWS::EKS::Nodegroup', { CapacityType: 'SPOT', AmiType: 'AL2023_ARM_64_STANDARD' });
    template.hasResourceProperties('AWS::EKS::Nodegroup', { CapacityType: 'ON_DEMAND', AmiType: 'AL2023_x86_64_STANDARD' });
    template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 1);
    template.resourceCountIs('AWS::EKS::FargateProfile', 1);
    template.resourceCountIs('AWS::EKS::Addon', 4);
    const ebs = template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'aws-ebs-csi-driver' } });
    expect(Object.values(ebs)[0].Properties.ServiceAccountRoleArn).toBeDefined();
    template.resourceCountIs('Custom::CdkEksKitHelmRelease', 1);
  });

  test('applies 50 small manifests and 3 IRSA service accounts', () => {
    // THEN
    const resources = Object.values(template.findResources('Custom::CdkEksKitManifest'));
    const manifests = resources.map((r) => r.Properties.Manifest);
    expect(objectNames(resources).filter((n) => n.startsWith('bench-'))).toHaveLength(STANDARD_MANIFEST_COUNT);
    const serviceAccounts = manifests.filter((m) => JSON.stringify(m).includes('\\"kind\\":\\"ServiceAccount\\"'));
    expect(serviceAccounts).toHaveLength(3);
  });
});

describe('scaling scenario with cdk-eks-kit', () => {
  test('2,000 manifests synthesize in one stack, batched into few resources', () => {
    // WHEN
    const template = Template.fromStack(oursScaling(benchTestApp(), 2000));
    // THEN
    const resources = Object.keys(template.toJSON().Resources).length;
    expect(resources).toBeLessThan(500);
    const batches = Object.values(template.findResources('Custom::CdkEksKitManifest'));
    expect(batches.length).toBeLessThanOrEqual(36);
    expect(objectNames(batches)).toHaveLength(2000);
  });
});

/** Names of the objects the manifest resources apply: inline ones and those listed in an asset's inventory. */
function objectNames(resources: any[]): string[] {
  return resources.flatMap((r) => [
    ...(typeof r.Properties.Manifest === 'string' ? JSON.parse(r.Properties.Manifest).map((o: any) => o.metadata.name) : []),
    ...(r.Properties.Inventory ? r.Properties.Inventory.split('\n').flatMap((l: string) => l.split('|')[3].split(',')) : []),
  ]);
}
