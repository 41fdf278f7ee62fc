import { CfnResource, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { synthValidated } from './validated-synth';

// The example tests rely on this helper failing; prove that it does, on both kinds of finding.
// One synthesis with both mistakes (the validator's start-up is most of the cost), so each is
// reported whatever the other does.
let message = '';
beforeAll(() => {
  try {
    synthValidated((app) => {
      const broken = new Stack(app, 'Broken');
      new CfnResource(broken, 'Param', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: 'x', NotAProperty: true } });
      const nag = new Stack(app, 'Nag');
      new sqs.Queue(nag, 'Queue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
      return [broken, nag];
    });
  } catch (e) {
    message = String((e as Error).message);
  }
});

test('synthValidated fails on a CloudFormation schema error', () => {
  expect(message).toMatch(/NotAProperty/);
});

test('synthValidated fails on an AwsSolutions finding', () => {
  expect(message).toMatch(/AwsSolutions-SQS/);
});
