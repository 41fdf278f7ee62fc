import { Template } from 'aws-cdk-lib/assertions';
import { exampleTemplate } from '../validated-synth';

// GIVEN the example, synthesized once with the built-in validator (errors fatal) and AwsSolutions
let template: Template;
beforeAll(() => {
  template = exampleTemplate('WebAppAlb');
});

function manifestWith(text: string): any {
  return Object.entries(template.findResources('Custom::CdkEksKitManifest')).find(([, r]) => JSON.stringify(r.Properties).includes(text));
}

test('the example passes the CloudFormation validator and AwsSolutions and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('the controller chart and its release policy', () => {
  template.hasResourceProperties('Custom::CdkEksKitHelmRelease', { Release: 'aws-load-balancer-controller', Version: '1.13.3', Repository: 'https://aws.github.io/eks-charts' });
  template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'kube-system', ServiceAccount: 'aws-load-balancer-controller' });
});

test('the Ingress (ALB) and the LoadBalancer Service (NLB) are deleted before the controller', () => {
  const [, lb] = manifestWith('"Ingress');
  expect(JSON.stringify(lb.Properties)).toContain('LoadBalancer');
  const helmId = Object.keys(template.findResources('Custom::CdkEksKitHelmRelease'))[0];
  expect(lb.DependsOn).toContain(helmId);
  // The app's own Service waits for the controller's webhook too.
  const [, app] = manifestWith('"Deployment');
  expect(app.DependsOn).toContain(helmId);
});

test('nodes wait for the networking add-ons; coredns and the controller wait for the nodes', () => {
  const nodegroupId = Object.keys(template.findResources('AWS::EKS::Nodegroup'))[0];
  const addons = template.findResources('AWS::EKS::Addon');
  const idOf = (name: string) => Object.entries(addons).find(([, r]) => r.Properties.AddonName === name)![0];
  expect(template.findResources('AWS::EKS::Nodegroup')[nodegroupId].DependsOn).toEqual(expect.arrayContaining([idOf('vpc-cni'), idOf('kube-proxy')]));
  expect(addons[idOf('coredns')].DependsOn).toContain(nodegroupId);
  const helm = Object.values(template.findResources('Custom::CdkEksKitHelmRelease'))[0];
  expect(helm.DependsOn).toContain(nodegroupId);
  template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'vpc-cni', PreserveOnDelete: true, ResolveConflicts: 'OVERWRITE' });
});
