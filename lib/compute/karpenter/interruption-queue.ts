import type * as events from 'aws-cdk-lib/aws-events';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { addInterruptionQueue } from '../interruption-events';

/** Properties of an {@link InterruptionQueue}. */
export interface InterruptionQueueProps {
  /**
   * Who is warned, for the queue's description (e.g. `Karpenter of cluster X`).
   * @default - none
   */
  readonly description?: string;
}

/**
 * The EventBridge events a node provisioner reacts to before EC2 takes an instance away
 * (Karpenter's published interruption rules): Spot interruption warnings, rebalance
 * recommendations, instance state changes, AWS Health scheduled changes and capacity
 * reservation interruption warnings.
 *
 * @see https://karpenter.sh/docs/concepts/disruption/#interruption
 */
const RULES: Array<{ id: string; source: string; detailType: string }> = [
  { id: 'ScheduledChange', source: 'aws.health', detailType: 'AWS Health Event' },
  { id: 'SpotInterruption', source: 'aws.ec2', detailType: 'EC2 Spot Instance Interruption Warning' },
  { id: 'Rebalance', source: 'aws.ec2', detailType: 'EC2 Instance Rebalance Recommendation' },
  { id: 'InstanceStateChange', source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' },
  { id: 'CapacityReservationInterruption', source: 'aws.ec2', detailType: 'EC2 Capacity Reservation Instance Interruption Warning' },
];

/**
 * An encrypted SQS queue (SQS-managed SSE, TLS only, 5-minute retention as Karpenter
 * publishes it; built as the node termination handler's queue is) fed by EventBridge rules
 * for Spot interruption warnings, rebalance recommendations, instance state changes, AWS
 * Health events and capacity reservation interruptions. Each rule may send only to this queue (`aws:SourceArn`).
 */
export class InterruptionQueue extends Construct {
  /** The queue. */
  public readonly queue: sqs.Queue;
  /** The EventBridge rules, by id (`SpotInterruption`, `Rebalance`, …). */
  public readonly rules: { [id: string]: events.Rule } = {};

  constructor(scope: Construct, id: string, props: InterruptionQueueProps = {}) {
    super(scope, id);
    const created = addInterruptionQueue(this, RULES.map((rule) => ({
      id: `${rule.id}Rule`,
      pattern: { source: [rule.source], detailType: [rule.detailType] },
      description: `${rule.detailType} → ${props.description ?? 'interruption queue'}`,
    })), {
      deadLetterReason: 'Interruption events are only useful within minutes (Karpenter keeps them 5 minutes); a message that cannot be handled '
        + 'in time is obsolete, so there is nothing a dead-letter queue could replay.',
    });
    this.queue = created.queue;
    for (const rule of RULES) this.rules[rule.id] = created.rules[`${rule.id}Rule`];
  }
}
