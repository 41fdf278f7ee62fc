import { Match, Template } from 'aws-cdk-lib/assertions';
import { exampleTemplate } from '../validated-synth';

// GIVEN the example, synthesized once with the built-in validator (errors fatal) and AwsSolutions
let template: Template;
beforeAll(() => {
  template = exampleTemplate('BasicCluster');
});

test('the example passes the CloudFormation validator and AwsSolutions and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('the cluster is native, KMS-encrypted, fully logged and in API auth mode', () => {
  template.resourceCountIs('AWS::EKS::Cluster', 1);
  template.hasResourceProperties('AWS::EKS::Cluster', {
    Version: '1.35',
    EncryptionConfig: [{ Provider: { KeyArn: Match.anyValue() }, Resources: ['secrets'] }],
    Logging: { ClusterLogging: { EnabledTypes: [
      { Type: 'api' }, { Type: 'audit' }, { Type: 'authenticator' }, { Type: 'controllerManager' }, { Type: 'scheduler' },
    ] } },
    AccessConfig: { AuthenticationMode: 'API', BootstrapClusterCreatorAdminPermissions: false },
  });
});

test('the admin role gets an access entry with the cluster-admin policy', () => {
  template.hasResourceProperties('AWS::EKS::AccessEntry', {
    PrincipalArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ClusterAdmin'), 'Arn'] },
    AccessPolicies: [{
      PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']] },
      AccessScope: { Type: 'cluster' },
    }],
  });
});
