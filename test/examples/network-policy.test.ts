import { Template } from 'aws-cdk-lib/assertions';
import { exampleTemplate } from '../validated-synth';

// GIVEN the example, synthesized once with the built-in validator (errors fatal) and AwsSolutions
let template: Template;
beforeAll(() => {
  template = exampleTemplate('NetworkPolicy');
});

function manifestWith(text: string): [string, any] {
  return Object.entries(template.findResources('Custom::CdkEksKitManifest')).find(([, r]) => JSON.stringify(r.Properties).includes(text))!;
}

test('the example passes the CloudFormation validator and AwsSolutions and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('the VPC CNI add-on enforces network policy', () => {
  template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'vpc-cni', ConfigurationValues: '{"enableNetworkPolicy":"true"}' });
});

test('default deny, api reachable from frontend on 8080, DNS egress; applied after the CNI and the namespace, before the pods', () => {
  const [policiesId, policies] = manifestWith('default-deny-ingress');
  const objects = JSON.parse(policies.Properties.Manifest);
  expect(objects.map((o: any) => o.metadata.name)).toEqual(['default-deny-ingress', 'api-from-frontend', 'dns-egress']);
  expect(objects[0].spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  expect(objects[1].spec.ingress[0]).toEqual({ from: [{ podSelector: { matchLabels: { role: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8080 }] });
  const cniId = Object.keys(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'vpc-cni' } }))[0];
  const [namespaceId] = manifestWith('ResourceQuota');
  expect(policies.DependsOn).toEqual(expect.arrayContaining([cniId, namespaceId]));
  const [, apps] = manifestWith('\\"kind\\":\\"Deployment');
  expect(apps.DependsOn).toContain(policiesId);
});
