import { CfnResource, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { synthValidated } from './validated-synth';

// The example tests rely on this helper failing; prove that it does.
test('synthValidated fails on a CloudFormation schema error', () => {
  expect(() => synthValidated((app) => {
    const stack = new Stack(app, 'Broken');
    new CfnResource(stack, 'Param', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: 'x', NotAProperty: true } });
    return [stack];
  })).toThrow(/NotAProperty/);
});

test('synthValidated fails on an AwsSolutions finding', () => {
  expect(() => synthValidated((app) => {
    const stack = new Stack(app, 'Nag');
    new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    return [stack];
  })).toThrow(/AwsSolutions-SQS/);
});
