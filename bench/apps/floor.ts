// The floor of every figure: an app with one stack holding one SNS topic and no EKS
// library, so the table shows what aws-cdk-lib and its validator cost before any EKS code.
import { Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { synthApp } from './synth-app';

synthApp((app) => new sns.Topic(new Stack(app, 'Floor'), 'Topic'));
