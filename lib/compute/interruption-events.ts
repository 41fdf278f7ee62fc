import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** One EventBridge rule that forwards EC2/Auto Scaling/Health events to an interruption queue. */
export interface InterruptionRule {
  /** The rule's construct id. */
  readonly id: string;
  readonly pattern: events.EventPattern;
  readonly description: string;
}

/** What {@link addInterruptionQueue} created. */
export interface InterruptionQueueResources {
  readonly queue: sqs.Queue;
  /** The rules, by their construct ids. */
  readonly rules: { [id: string]: events.Rule };
}

/**
 * The queue a node handler (Karpenter, the AWS Node Termination Handler) reads interruption
 * events from, as both projects publish it: SQS-managed encryption (EventBridge can send to it
 * without a key policy; the NTH README rules out SSE-KMS with an AWS managed key), TLS only,
 * 5-minute retention, no dead-letter queue; and the EventBridge `rules` into it (each may send
 * only to this queue, `aws:SourceArn`). Creates `Queue` and the rules' ids in `scope`, so the
 * callers' logical ids stay their own.
 *
 * @see https://karpenter.sh/docs/concepts/disruption/#interruption
 * @see https://github.com/aws/aws-node-termination-handler#queue-processor
 */
export function addInterruptionQueue(scope: Construct, rules: InterruptionRule[], options: {
  /** Why no dead-letter queue, for the AwsSolutions-SQS3 acknowledgement. */
  readonly deadLetterReason: string;
}): InterruptionQueueResources {
  const queue = new sqs.Queue(scope, 'Queue', {
    retentionPeriod: Duration.minutes(5),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // Removal: the queue's default (DESTROY); under a cluster, its ClusterRemoval policy wins
    // (retained with the default policy, like the controller that reads it).
  });
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: options.deadLetterReason });
  const created: { [id: string]: events.Rule } = {};
  for (const rule of rules) {
    created[rule.id] = new events.Rule(scope, rule.id, {
      description: rule.description,
      eventPattern: rule.pattern,
      targets: [new targets.SqsQueue(queue)],
    });
  }
  return { queue, rules: created };
}
