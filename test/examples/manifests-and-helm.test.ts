import { Match, Template } from 'aws-cdk-lib/assertions';
import { expectedIrsaTrust, renderedIrsaTrust } from '../identity/irsa-trust-helpers';
import { exampleTemplate } from '../validated-synth';

// GIVEN the example, synthesized once with the built-in validator (errors fatal) and AwsSolutions
let template: Template;
beforeAll(() => {
  template = exampleTemplate('ManifestsAndHelm');
});

test('the example passes the CloudFormation validator and AwsSolutions and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('one applier per cluster: the handler and the provider framework are the only functions', () => {
  template.resourceCountIs('AWS::Lambda::Function', 2);
  template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', MemorySize: 1024, Timeout: 840, Handler: 'index.handler' });
});

test('manifests, the service account, the YAML ConfigMaps and both charts become custom resources', () => {
  template.resourceCountIs('Custom::CdkEksKitManifest', 4);
  template.resourceCountIs('Custom::CdkEksKitHelmRelease', 2);
  template.hasResourceProperties('Custom::CdkEksKitHelmRelease', {
    Release: 'metrics-server', Chart: 'metrics-server', Repository: 'https://kubernetes-sigs.github.io/metrics-server/', Version: '3.12.2', Atomic: true,
  });
  template.hasResourceProperties('Custom::CdkEksKitHelmRelease', { Release: 'hello', ChartAsset: { Bucket: Match.anyValue(), Key: Match.stringLikeRegexp('\\.zip$') } });
  template.hasResourceProperties('Custom::CdkEksKitManifest', { Manifest: Match.stringLikeRegexp('app-settings.*app-features') });
});

test('the IRSA role trusts only demo/config-reader, with no custom resource for the condition keys', () => {
  const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith('ClusterConfigReaderTrustRole'));
  expect(roles).toHaveLength(1);
  expect(renderedIrsaTrust(roles[0][1])).toEqual(expectedIrsaTrust('demo', 'config-reader'));
  template.resourceCountIs('Custom::AWSCDKCfnJson', 0);
  template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
});
