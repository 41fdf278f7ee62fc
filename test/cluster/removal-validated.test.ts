import { fixturePath } from '../validated-fixtures';
import { exampleTemplate } from '../validated-synth';

test('the default removal policy passes the CloudFormation validator and cdk-nag (RetainExceptOnCreate, UpdateReplacePolicy)', () => {
  // The fixture 'Retained' (test/validated-fixtures.ts): a cluster, a node group and a manifest with the default removal policy.
  const template = exampleTemplate(fixturePath('Retained'));
  template.hasResource('AWS::EKS::Cluster', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  template.hasResource('AWS::EKS::Nodegroup', { DeletionPolicy: 'RetainExceptOnCreate' });
  template.hasResource('Custom::CdkEksKitManifest', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Delete' });
});
