import { CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AddonIdentityMode, AddonOrdering, AwsLoadBalancerController, AwsLoadBalancerControllerVersion } from '../../lib';
import { clusterStack, withCapacity } from '../kubectl/fixtures';

describe('AwsLoadBalancerController with Pod Identity (default)', () => {
  let template: Template;
  beforeAll(() => {
    // GIVEN a cluster with stand-in capacity, the controller and an Ingress applied through it
    const { stack, cluster } = clusterStack();
    AddonOrdering.registerCapacity(cluster, new CfnResource(stack, 'Nodes', { type: 'AWS::EKS::Nodegroup', properties: {} }));
    const lbc = new AwsLoadBalancerController(stack, 'Lbc', { cluster });
    lbc.addManifest('Ingress', {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'default' },
      spec: { ingressClassName: 'alb', defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
    });
    template = Template.fromStack(stack);
  });

  test('the chart is pinned to the version of the policy, with cluster name, VPC ID, region and the alb IngressClass', () => {
    const helm = Object.values(template.findResources('Custom::CdkEksKitHelmRelease'))[0];
    const props = JSON.stringify(helm.Properties);
    expect(props).toContain(`"${AwsLoadBalancerControllerVersion.V2_13_3.chartVersion}"`);
    expect(props).toContain('https://aws.github.io/eks-charts');
    expect(props).toContain('aws-load-balancer-controller');
    for (const key of ['clusterName', 'vpcId', 'region', 'createIngressClassResource', 'ingressClass']) expect(props).toContain(key);
    expect(props).toContain('AWS::Region');
  });

  test('the role is a Pod Identity role for kube-system/aws-load-balancer-controller with the release policy', () => {
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'kube-system', ServiceAccount: 'aws-load-balancer-controller' });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { Service: 'pods.eks.amazonaws.com' } }] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['elasticloadbalancing:ModifyIpPools']) })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('^LbcPodIdentityRole') }],
    });
  });

  test('teardown order: the Ingress depends on the chart, the chart on the role, policy and capacity', () => {
    const helmId = Object.keys(template.findResources('Custom::CdkEksKitHelmRelease'))[0];
    const ingress = Object.values(template.findResources('Custom::CdkEksKitManifest')).find((r: any) => JSON.stringify(r.Properties).includes('Ingress'))!;
    expect(ingress.DependsOn).toContain(helmId);
    const helm = template.findResources('Custom::CdkEksKitHelmRelease')[helmId];
    expect(helm.DependsOn).toEqual(expect.arrayContaining(['Nodes', expect.stringMatching(/^LbcPolicy/), expect.stringMatching(/^LbcPodIdentity/)]));
  });
});

test('with IRSA the chart uses a ServiceAccount annotated with the role', () => {
  const { stack, cluster } = withCapacity(clusterStack());
  new AwsLoadBalancerController(stack, 'Lbc', { cluster, credentials: AddonIdentityMode.IRSA, replicas: 1 });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
  const sa = Object.values(template.findResources('Custom::CdkEksKitManifest')).map((r: any) => JSON.stringify(r.Properties.Manifest)).find((m) => m.includes('ServiceAccount'))!;
  expect(sa).toContain('aws-load-balancer-controller');
  expect(sa).toContain('eks.amazonaws.com/role-arn');
  const helm = JSON.stringify(Object.values(template.findResources('Custom::CdkEksKitHelmRelease'))[0].Properties);
  expect(helm).toMatch(/\\"create\\":false/);
});

test('bad replicas and NONE credentials fail with the prop named', () => {
  const { stack, cluster } = clusterStack();
  expect(() => new AwsLoadBalancerController(stack, 'A', { cluster, replicas: 0 })).toThrow(/'replicas' is 0/);
  expect(() => new AwsLoadBalancerController(stack, 'B', { cluster, credentials: AddonIdentityMode.NONE })).toThrow(/'credentials' must be/);
});
