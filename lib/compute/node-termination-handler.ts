import { createHash } from 'crypto';
import { Aws, Duration, Lazy, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AddonIdentityMode } from '../addons/addon-identity';
import { deepMerge } from '../addons/deep-merge';
import { ClusterState } from '../cluster/cluster-state';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { IrsaTrust } from '../identity/irsa-trust';
import { PodIdentityAssociation } from '../identity/pod-identity-association';
import { HelmChart, HelmChartSource } from '../kubectl/helm-chart';
import { defaultCredentials } from './fargate-cluster-state';
import { addInterruptionQueue, InterruptionRule } from './interruption-events';
import { nagResourceText } from '../nag/acknowledge';

const NAMESPACE = 'kube-system';
const SERVICE_ACCOUNT = 'aws-node-termination-handler';
const STATE_KEY = 'node-termination-handler:instance';

/** Options of a {@link NodeTerminationHandler}. */
export interface NodeTerminationHandlerOptions {
  /**
   * The version of the `aws-node-termination-handler` Helm chart
   * (`oci://public.ecr.aws/aws-ec2/helm/aws-node-termination-handler`).
   * @default '0.27.6' (NTH 1.25.6)
   */
  readonly chartVersion?: string;
  /**
   * How the handler's pods get AWS credentials.
   * @default AddonIdentityMode.POD_IDENTITY (AddonIdentityMode.IRSA on a FargateCluster)
   */
  readonly credentials?: AddonIdentityMode;
  /**
   * Handler pods. Two keep events handled while one of them is drained.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Extra Helm values, merged over the ones this construct sets.
   * @default - none
   */
  readonly values?: { [key: string]: any };
}

/** Properties of a {@link NodeTerminationHandler}. */
export interface NodeTerminationHandlerProps extends NodeTerminationHandlerOptions {
  /** The cluster whose self-managed nodes it drains. */
  readonly cluster: ICluster;
}

/**
 * The AWS Node Termination Handler in queue-processor mode, once per cluster: an SQS queue
 * (SSE-SQS encrypted, TLS only, 5-minute retention) fed by EventBridge rules for Spot
 * interruption warnings, rebalance recommendations, instance state changes, AWS Health
 * scheduled changes and the Auto Scaling termination lifecycle action of this cluster's
 * groups; a termination lifecycle hook and the handler's managed tag on each registered
 * Auto Scaling group; the handler's IAM role (Pod Identity or IRSA) and its Helm chart.
 * The handler cordons and drains a node before EC2 stops or terminates it, as EKS does for
 * managed node groups.
 *
 * `SelfManagedNodeGroup` creates it for groups with `spot` (opt out with
 * `nodeTerminationHandler: false`); create it yourself first to choose its options.
 *
 * @see https://github.com/aws/aws-node-termination-handler#queue-processor
 */
export class NodeTerminationHandler extends Construct {
  /** The handler of `cluster`, if one was created. */
  public static of(cluster: ICluster): NodeTerminationHandler | undefined {
    return ClusterState.of(cluster).peek<NodeTerminationHandler>(STATE_KEY);
  }

  /**
   * The handler of `cluster`: the one already created, or a new one with default options
   * (next to the cluster).
   * @internal
   */
  public static _ensure(cluster: ICluster): NodeTerminationHandler {
    return NodeTerminationHandler.of(cluster) ?? new NodeTerminationHandler(cluster, 'NodeTerminationHandler', { cluster });
  }

  /** The queue the EventBridge rules feed and the handler reads. */
  public readonly queue: sqs.Queue;
  /** The handler's IAM role. */
  public readonly role: iam.IRole;
  /** The Helm release. */
  public readonly chart: HelmChart;
  /** The tag (key) the handler requires on instances before it drains them. */
  public readonly managedTag: string;

  private readonly groups: autoscaling.AutoScalingGroup[] = [];

  constructor(scope: Construct, id: string, props: NodeTerminationHandlerProps) {
    super(scope, id);
    const cluster = props.cluster;
    const existing = NodeTerminationHandler.of(cluster);
    if (existing) {
      throw new KitValidationError(this, 'NodeTerminationHandlerDuplicate',
        `the cluster already has a node termination handler (${existing.node.path}); one per cluster reads the queue. `
        + 'To choose its options, create it before the Spot node groups.');
    }
    ClusterState.of(cluster).slot(STATE_KEY, () => this);
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 1) {
      throw new KitValidationError(this, 'NodeTerminationHandlerReplicas', `'replicas' is ${replicas}; use a whole number, 1 or more.`);
    }
    // Per cluster, so that the handlers of two clusters in one account never drain each other's nodes.
    this.managedTag = `aws-node-termination-handler/cdk-eks-kit-${createHash('sha256').update(cluster.node.path).digest('hex').slice(0, 12)}`;

    this.queue = addInterruptionQueue(this, this.rules(), {
      deadLetterReason: 'Interruption events are only useful for minutes (5-minute retention, as the NTH template); a dead-letter queue would hold nothing to act on.',
    }).queue;

    const credentials = props.credentials ?? defaultCredentials(cluster);
    this.role = this.createRole(cluster, credentials);
    this.grantHandler();

    this.chart = new HelmChart(this, 'Chart', {
      cluster,
      source: HelmChartSource.fromOci('oci://public.ecr.aws/aws-ec2/helm/aws-node-termination-handler'),
      version: props.chartVersion ?? '0.27.6',
      release: 'aws-node-termination-handler',
      namespace: NAMESPACE,
      values: deepMerge({
        enableSqsTerminationDraining: true,
        queueURL: this.queue.queueUrl,
        // Given explicitly: with an IMDS hop limit of 1 the pods cannot read the region from instance metadata.
        awsRegion: Aws.REGION,
        checkTagBeforeDraining: true,
        managedTag: this.managedTag,
        replicas,
        serviceAccount: {
          create: true,
          name: SERVICE_ACCOUNT,
          ...(credentials === AddonIdentityMode.IRSA ? { annotations: { 'eks.amazonaws.com/role-arn': this.role.roleArn } } : {}),
        },
      }, props.values ?? {}),
    });
  }

  /**
   * Lets the handler drain the nodes of an Auto Scaling group: the group gets the managed tag
   * (propagated to its instances) and a termination lifecycle hook, which the handler
   * completes once the node is drained (EC2 Auto Scaling continues after 5 minutes otherwise).
   */
  public addAutoScalingGroup(group: autoscaling.AutoScalingGroup): void {
    if (this.groups.includes(group)) return;
    this.groups.push(group);
    if (this.groups.length === 1) {
      // Only the registered groups (all of them, also those added later).
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['autoscaling:CompleteLifecycleAction'],
        resources: Lazy.list({ produce: () => this.groups.map((g) => g.autoScalingGroupArn) }),
      }));
    }
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResourceText(Stack.of(this).resolve(group.autoScalingGroupArn))}]`,
      reason: "An Auto Scaling group ARN carries the group's generated ID, which only the wildcard can name; the group name pins it to this node group.",
    });
    Tags.of(group).add(this.managedTag, 'true', { applyToLaunchedInstances: true });
    group.addLifecycleHook('TerminationHandlerHook', {
      lifecycleTransition: autoscaling.LifecycleTransition.INSTANCE_TERMINATING,
      defaultResult: autoscaling.DefaultResult.CONTINUE,
      heartbeatTimeout: Duration.minutes(5),
    });
  }

  /** The EventBridge rules of the NTH README ("Create Amazon EventBridge Rules"), all into the queue. */
  private rules(): InterruptionRule[] {
    return [
      {
        id: 'AsgTerminationRule',
        pattern: {
          source: ['aws.autoscaling'],
          detailType: ['EC2 Instance-terminate Lifecycle Action'],
          // Only this cluster's groups.
          detail: { AutoScalingGroupName: Lazy.list({ produce: () => this.groups.map((g) => g.autoScalingGroupName) }) },
        },
        description: 'Auto Scaling termination lifecycle actions of the cluster\'s node groups, for the node termination handler',
      },
      { id: 'SpotInterruptionRule', pattern: { source: ['aws.ec2'], detailType: ['EC2 Spot Instance Interruption Warning'] },
        description: 'EC2 Spot interruption warnings, for the node termination handler' },
      { id: 'RebalanceRule', pattern: { source: ['aws.ec2'], detailType: ['EC2 Instance Rebalance Recommendation'] },
        description: 'EC2 rebalance recommendations, for the node termination handler' },
      { id: 'StateChangeRule', pattern: { source: ['aws.ec2'], detailType: ['EC2 Instance State-change Notification'] },
        description: 'EC2 instance state changes, for the node termination handler' },
      {
        id: 'ScheduledChangeRule',
        pattern: { source: ['aws.health'], detailType: ['AWS Health Event'], detail: { service: ['EC2'], eventTypeCategory: ['scheduledChange'] } },
        description: 'AWS Health scheduled changes of EC2 instances, for the node termination handler',
      },
    ];
  }

  private createRole(cluster: ICluster, credentials: AddonIdentityMode): iam.IRole {
    const description = `AWS Node Termination Handler of ${cluster.node.path} (${NAMESPACE}/${SERVICE_ACCOUNT})`;
    if (credentials === AddonIdentityMode.IRSA) {
      return new IrsaTrust(this, 'Trust', { cluster, namespace: NAMESPACE, serviceAccountName: SERVICE_ACCOUNT }).createRole('Role', { description });
    }
    if (credentials !== AddonIdentityMode.POD_IDENTITY) {
      throw new KitValidationError(this, 'NodeTerminationHandlerCredentials',
        "'credentials' must be AddonIdentityMode.POD_IDENTITY or AddonIdentityMode.IRSA; the handler calls AWS APIs.");
    }
    return new PodIdentityAssociation(this, 'PodIdentity', { cluster, namespace: NAMESPACE, serviceAccount: SERVICE_ACCOUNT }).role;
  }

  /** The IAM policy of the NTH README ("Create an IAM Role for the Pods"), scoped where the APIs allow it. */
  private grantHandler(): void {
    this.queue.grant(this.role, 'sqs:ReceiveMessage', 'sqs:DeleteMessage');
    const describe = new iam.PolicyStatement({
      actions: ['autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeTags', 'ec2:DescribeInstances'],
      resources: ['*'],
    });
    this.role.addToPrincipalPolicy(describe);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'autoscaling:DescribeAutoScalingInstances, autoscaling:DescribeTags and ec2:DescribeInstances support no resource-level permissions; '
        + 'CompleteLifecycleAction is limited to this cluster\'s groups and the SQS actions to the queue.',
    });
  }
}
