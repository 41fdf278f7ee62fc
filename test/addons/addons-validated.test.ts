import { Template } from 'aws-cdk-lib/assertions';
import { fixturePath } from '../validated-fixtures';
import { exampleTemplate } from '../validated-synth';

// GIVEN a cluster with every typed add-on, IRSA and Pod Identity roles and an EFS file system,
// synthesized with the CloudFormation validator (errors fatal) and cdk-nag AwsSolutions
// (the fixture 'Addons' of test/validated-fixtures.ts)
let template: Template;
beforeAll(() => {
  template = exampleTemplate(fixturePath('Addons'));
});

test('every add-on synthesizes, passes the CloudFormation validator and AwsSolutions', () => {
  template.resourceCountIs('AWS::EKS::Addon', 8);
  template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 1);
  template.resourceCountIs('AWS::EFS::FileSystem', 1);
});
