import { Template } from 'aws-cdk-lib/assertions';
import { FargateStack } from '../../examples/fargate';
import { exampleTemplate, testApp } from '../validated-synth';

// GIVEN the example, synthesized once with the built-in validator (errors fatal) and AwsSolutions
let stack: FargateStack;
let template: Template;
beforeAll(() => {
  stack = new FargateStack(testApp(), 'Fargate'); // for resolving tokens and logical ids
  template = exampleTemplate('Fargate');
});

test('the example passes the CloudFormation validator and AwsSolutions and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('a cluster without node groups and two Fargate profiles, the second after the first', () => {
  template.resourceCountIs('AWS::EKS::Nodegroup', 0);
  template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 0);
  template.resourceCountIs('AWS::EKS::FargateProfile', 2);
  template.hasResourceProperties('AWS::EKS::FargateProfile', { Selectors: [{ Namespace: 'default' }, { Namespace: 'kube-system' }] });
  template.hasResourceProperties('AWS::EKS::FargateProfile', {
    FargateProfileName: 'apps',
    Selectors: [{ Namespace: 'apps', Labels: [{ Key: 'compute', Value: 'fargate' }] }],
  });
  const apps = template.toJSON().Resources[stack.resolve(stack.apps.resource.logicalId)];
  expect(apps.DependsOn).toContain(stack.resolve(stack.fargate.defaultProfile.resource.logicalId));
});

test('pod execution roles trust Fargate pods of this cluster only', () => {
  template.resourcePropertiesCountIs('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [{
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'eks-fargate-pods.amazonaws.com' },
        Condition: { ArnLike: { 'aws:SourceArn': {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' },
            ':fargateprofile/', stack.resolve(stack.fargate.cluster.clusterName), '/*']],
        } } },
      }],
      Version: '2012-10-17',
    },
  }, 2);
});
