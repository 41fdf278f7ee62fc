import { Annotations, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { literalClusterName } from '../cluster/cluster';
import { ClusterState } from '../cluster/cluster-state';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { KubernetesManifest } from '../kubectl/kubernetes-manifest';
import { nagResourceText } from '../nag/acknowledge';
import { checkProps, Is } from '../validation/prop-check';
import {
  FARGATE_LOGGING_CONFIG_MAP, FARGATE_LOGGING_MAX_CHARACTERS, FARGATE_LOGGING_NAMESPACE, FluentBitSection,
  TOKEN_ESTIMATE, configMapCharacters, renderSections, sectionProblems,
} from './fargate-logging-rules';
import { forEachPodExecutionRole } from './fargate-pod-execution-roles';

/** Which records a log destination receives. */
export interface FargateLogRouteOptions {
  /**
   * The Fluent Bit `Match` pattern. The Fargate log router tags container logs `kube.*`.
   * @default 'kube.*'
   */
  readonly match?: string;
}

/** A CloudWatch Logs destination of Fargate logs. */
export interface FargateCloudWatchLogsOptions extends FargateLogRouteOptions {
  /**
   * The log group.
   * @default - a new log group with `retention`, `encryptionKey` and `removalPolicy`
   */
  readonly logGroup?: logs.ILogGroup;
  /**
   * Retention of the new log group.
   * @default RetentionDays.TWO_MONTHS (the EKS User Guide's example keeps 60 days)
   */
  readonly retention?: logs.RetentionDays;
  /**
   * KMS key of the new log group; its key policy must let CloudWatch Logs use it.
   * @default - CloudWatch Logs' own encryption
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * What happens to the new log group when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Prefix of the log stream names; Fluent Bit appends the record tag
   * (`kube.var.log.containers.<pod>_<namespace>_<container>-<id>.log`).
   * @default 'fargate-'
   */
  readonly logStreamPrefix?: string;
}

/** What a destination adds to the ConfigMap and to the pod execution roles. */
interface BoundDestination {
  readonly output: FluentBitSection;
  readonly statements: iam.PolicyStatement[];
  readonly logGroup?: logs.ILogGroup;
}

/**
 * Where the Fargate log router sends container logs: one `[OUTPUT]` section of the
 * `aws-logging` ConfigMap, and the permissions the pod execution role needs for it.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/fargate-logging.html
 */
export class FargateLogDestination {
  /**
   * CloudWatch Logs (Fluent Bit's `cloudwatch_logs` plugin). The log group is created by
   * CloudFormation, so the pod execution roles only get `logs:CreateLogStream`,
   * `logs:DescribeLogStreams` and `logs:PutLogEvents` on it (EKS's example policy also has
   * `logs:CreateLogGroup` and `logs:PutRetentionPolicy`, for groups the router creates).
   */
  public static cloudWatchLogs(options: FargateCloudWatchLogsOptions = {}): FargateLogDestination {
    return new FargateLogDestination('cloudwatch_logs', (scope, id) => {
      const logGroup = options.logGroup ?? new logs.LogGroup(scope, id, {
        retention: options.retention ?? logs.RetentionDays.TWO_MONTHS,
        encryptionKey: options.encryptionKey,
        removalPolicy: options.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      return {
        logGroup,
        output: {
          directive: 'OUTPUT',
          entries: [
            ['Name', 'cloudwatch_logs'],
            ['Match', options.match ?? 'kube.*'],
            ['region', logGroup.env.region],
            ['log_group_name', logGroup.logGroupName],
            ['log_stream_prefix', options.logStreamPrefix ?? 'fargate-'],
          ],
        },
        statements: [new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        })],
      };
    });
  }

  /**
   * An Amazon Data Firehose stream (Fluent Bit's `kinesis_firehose` plugin); the pod execution
   * roles get `firehose:PutRecordBatch` on it.
   */
  public static firehose(deliveryStream: firehose.IDeliveryStream, options: FargateLogRouteOptions = {}): FargateLogDestination {
    return new FargateLogDestination('kinesis_firehose', () => ({
      output: {
        directive: 'OUTPUT',
        entries: [
          ['Name', 'kinesis_firehose'],
          ['Match', options.match ?? 'kube.*'],
          ['region', deliveryStream.env.region],
          ['delivery_stream', deliveryStream.deliveryStreamName],
        ],
      },
      statements: [new iam.PolicyStatement({ actions: ['firehose:PutRecordBatch'], resources: [deliveryStream.deliveryStreamArn] })],
    }));
  }

  /**
   * A Kinesis data stream (Fluent Bit's `kinesis` plugin); the pod execution roles get
   * `kinesis:PutRecords` on it (EKS User Guide), and `kms:GenerateDataKey` on its key if it has one.
   */
  public static kinesis(stream: kinesis.IStream, options: FargateLogRouteOptions = {}): FargateLogDestination {
    return new FargateLogDestination('kinesis', () => ({
      output: {
        directive: 'OUTPUT',
        entries: [
          ['Name', 'kinesis'],
          ['Match', options.match ?? 'kube.*'],
          ['region', stream.env.region],
          ['stream', stream.streamName],
        ],
      },
      statements: [
        new iam.PolicyStatement({ actions: ['kinesis:PutRecords'], resources: [stream.streamArn] }),
        ...(stream.encryptionKey ? [new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [stream.encryptionKey.keyArn] })] : []),
      ],
    }));
  }

  /** The Fluent Bit output plugin. */
  public readonly plugin: string;

  private constructor(plugin: string, private readonly binder: (scope: Construct, id: string) => BoundDestination) {
    this.plugin = plugin;
  }

  /** @internal */
  public _bind(scope: Construct, id: string): BoundDestination {
    return this.binder(scope, id);
  }
}

/** A Fluent Bit `[FILTER]` section of the Fargate log router. */
export interface FargateLogFilter {
  /**
   * The filter plugin: `grep`, `parser`, `record_modifier`, `rewrite_tag`, `throttle`, `nest`,
   * `modify` or `kubernetes` (the ones Fargate accepts).
   */
  readonly name: string;
  /** The `Match` pattern, e.g. `kube.*`. */
  readonly match: string;
  /**
   * The other keys of the section, e.g. `{ Regex: 'log ERROR' }` for grep.
   * @default - none
   */
  readonly properties?: { [key: string]: string };
}

/** A Fluent Bit `[PARSER]` section of the Fargate log router. */
export interface FargateLogParser {
  /** The parser name, as filters refer to it. */
  readonly name: string;
  /** The `Format`: `json`, `regex`, `ltsv` or `logfmt`. */
  readonly format: string;
  /**
   * The other keys, e.g. `{ Regex: '...', Time_Key: 'time' }`.
   * @default - none
   */
  readonly properties?: { [key: string]: string };
}

/** Options of {@link FargateLogging}. */
export interface FargateLoggingOptions {
  /**
   * Where the logs go (one `[OUTPUT]` each; at least one).
   * @default - [FargateLogDestination.cloudWatchLogs()]
   */
  readonly destinations?: FargateLogDestination[];
  /**
   * Split the container runtime's line format (`<time> <stream> <P|F> <log>`) into fields with
   * a `crio` parser, as the EKS User Guide's example does.
   * @default true
   */
  readonly parseContainerRuntimeFormat?: boolean;
  /**
   * Add pod, namespace, labels and container metadata to each record with the `kubernetes`
   * filter (`Merge_Log On`, `Keep_Log Off`, `Buffer_Size 0`, `Kube_Meta_Cache_TTL 300s`).
   * @default true
   */
  readonly kubernetesMetadata?: boolean;
  /**
   * More filters, after the default ones.
   * @default - none
   */
  readonly filters?: FargateLogFilter[];
  /**
   * More parsers.
   * @default - none
   */
  readonly parsers?: FargateLogParser[];
  /**
   * Ship the Fluent Bit process logs too (`flb_log_cw: "true"`), to the log group
   * `<cluster name>-fluent-bit-logs`, which is created here with `processLogRetention`.
   * Extra ingestion and storage cost; helps when the router rejects the configuration.
   * @default false
   */
  readonly processLogs?: boolean;
  /**
   * Retention of the process log group.
   * @default RetentionDays.ONE_WEEK
   */
  readonly processLogRetention?: logs.RetentionDays;
  /**
   * Pod execution roles to grant the destinations to, besides those of the cluster's Fargate
   * profiles created in this app (which are granted automatically, also when added later).
   * @default - none
   */
  readonly podExecutionRoles?: iam.IRole[];
}

/** Properties of {@link FargateLogging}. */
export interface FargateLoggingProps extends FargateLoggingOptions {
  /** The cluster whose Fargate pods log. */
  readonly cluster: ICluster;
}

const FARGATE_LOGGING_PROPS = {
  cluster: Is.required(Is.cluster),
  destinations: Is.listOf(Is.object, 'FargateLogDestination objects'),
  parseContainerRuntimeFormat: Is.boolean,
  kubernetesMetadata: Is.boolean,
  filters: Is.listOf(Is.object, 'filters ({ name, match, properties? })'),
  parsers: Is.listOf(Is.object, 'parsers ({ name, format, properties? })'),
  processLogs: Is.boolean,
  podExecutionRoles: Is.listOf(Is.role, 'IAM roles'),
};

const CRI_PARSER: FluentBitSection = {
  directive: 'PARSER',
  entries: [
    ['Name', 'crio'],
    ['Format', 'Regex'],
    ['Regex', '^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>P|F) (?<log>.*)$'],
    ['Time_Key', 'time'],
    ['Time_Format', '%Y-%m-%dT%H:%M:%S.%L%z'],
  ],
};
const CRI_FILTER: FluentBitSection = {
  directive: 'FILTER',
  entries: [['Name', 'parser'], ['Match', '*'], ['Key_name', 'log'], ['Parser', 'crio']],
};
const KUBERNETES_FILTER: FluentBitSection = {
  directive: 'FILTER',
  entries: [['Name', 'kubernetes'], ['Match', 'kube.*'], ['Merge_Log', 'On'], ['Keep_Log', 'Off'], ['Buffer_Size', '0'], ['Kube_Meta_Cache_TTL', '300s']],
};

/**
 * Logging of a cluster's Fargate pods through the log router EKS runs on every Fargate node:
 * the `aws-observability` namespace (label `aws-observability: enabled`) and its
 * `aws-logging` ConfigMap with Fluent Bit filters, outputs and parsers, applied by the
 * cluster's kubectl applier, plus an IAM policy with the destinations' permissions on the pod
 * execution role of every Fargate profile of the cluster. One per cluster.
 *
 * EKS reads the ConfigMap when a pod starts: changes reach new pods only, so restart pods
 * after changing it. The configuration is checked at synth against the rules EKS documents
 * (sections, supported filters, required keys, no `${...}`, 5300 characters).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/fargate-logging.html
 */
export class FargateLogging extends Construct {
  /** The namespace and ConfigMap. */
  public readonly manifest: KubernetesManifest;
  /** The policy attached to the pod execution roles. */
  public readonly policy: iam.Policy;
  /** The log group of the first CloudWatch Logs destination, if any. */
  public readonly logGroup?: logs.ILogGroup;
  /** The log group of the Fluent Bit process logs (with `processLogs`). */
  public readonly processLogGroup?: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: FargateLoggingProps) {
    super(scope, id);
    checkProps(this, props, FARGATE_LOGGING_PROPS);
    const cluster = props.cluster;
    this.registerOnce(cluster);

    const destinations = props.destinations ?? [FargateLogDestination.cloudWatchLogs()];
    if (destinations.length === 0) {
      throw new KitValidationError(this, 'FargateLogging',
        "'destinations' is empty; the Fargate log router logs only with at least one output. Omit it for CloudWatch Logs.");
    }
    const userFilters = props.filters ?? [];
    const userParsers = props.parsers ?? [];
    const parseCri = props.parseContainerRuntimeFormat ?? true;
    const problems = [
      ...userFilters.flatMap((f, i) => sectionProblems(`filters[${i}]`, 'FILTER', f.name, { match: f.match }, f.properties)),
      ...userParsers.flatMap((p, i) => sectionProblems(`parsers[${i}]`, 'PARSER', p.name, { format: p.format }, p.properties)),
      ...(parseCri && userParsers.some((p) => p.name === 'crio')
        ? ["'parsers' defines 'crio', the parser of 'parseContainerRuntimeFormat'; rename it or set parseContainerRuntimeFormat: false"] : []),
    ];
    if (problems.length > 0) throw new KitValidationError(this, 'FargateLogging', `${problems.join('; ')}.`);

    const bound = destinations.map((d, i) => d._bind(this, i === 0 ? 'LogGroup' : `LogGroup${i + 1}`));
    this.logGroup = bound.find((b) => b.logGroup)?.logGroup;
    const statements = bound.flatMap((b) => b.statements);
    if (props.processLogs) {
      // EKS: process logs go to `<cluster>-fluent-bit-logs`; created here, so it has a retention.
      this.processLogGroup = new logs.LogGroup(this, 'ProcessLogGroup', {
        logGroupName: `${literalClusterName(cluster) ?? cluster.clusterName}-fluent-bit-logs`,
        retention: props.processLogRetention ?? logs.RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      statements.push(new iam.PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        resources: [this.processLogGroup.logGroupArn],
      }));
    }
    this.policy = new iam.Policy(this, 'Policy', { statements });
    this.acknowledgeImportedLogGroups(bound);
    for (const role of props.podExecutionRoles ?? []) this.policy.attachToRole(role);
    forEachPodExecutionRole(cluster, (role) => this.policy.attachToRole(role));

    const data: { [key: string]: string } = {
      'flb_log_cw': props.processLogs ? 'true' : 'false',
      'output.conf': renderSections(bound.map((b) => b.output)),
    };
    const filters = [
      ...(parseCri ? [CRI_FILTER] : []),
      ...((props.kubernetesMetadata ?? true) ? [KUBERNETES_FILTER] : []),
      ...userFilters.map((f): FluentBitSection => ({
        directive: 'FILTER', entries: [['Name', f.name], ['Match', f.match], ...Object.entries(f.properties ?? {})],
      })),
    ];
    if (filters.length > 0) data['filters.conf'] = renderSections(filters);
    const parsers = [
      ...(parseCri ? [CRI_PARSER] : []),
      ...userParsers.map((p): FluentBitSection => ({
        directive: 'PARSER', entries: [['Name', p.name], ['Format', p.format], ...Object.entries(p.properties ?? {})],
      })),
    ];
    if (parsers.length > 0) data['parsers.conf'] = renderSections(parsers);
    this.checkSize(data);

    this.manifest = new KubernetesManifest(this, 'Manifest', {
      cluster,
      manifest: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: FARGATE_LOGGING_NAMESPACE, labels: { 'aws-observability': 'enabled' } } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: FARGATE_LOGGING_CONFIG_MAP, namespace: FARGATE_LOGGING_NAMESPACE }, data },
      ],
    });
    // The permissions and log groups exist before pods read the configuration.
    this.manifest.node.addDependency(this.policy);
    for (const group of [...bound.map((b) => b.logGroup), this.processLogGroup]) {
      if (group && group.node.scope === this) this.manifest.node.addDependency(group);
    }
  }

  /** Grants the destinations to another pod execution role (one of a profile outside this app). */
  public grantTo(role: iam.IRole): void {
    this.policy.attachToRole(role);
  }

  /** EKS reads one `aws-logging` ConfigMap per cluster. */
  private registerOnce(cluster: ICluster): void {
    const state = ClusterState.shared(cluster);
    const existing = state.peek<string>('fargate-logging:path');
    if (existing) {
      throw new KitValidationError(this, 'FargateLoggingDuplicate',
        `this cluster's Fargate logging is configured by ${existing} already; EKS reads one aws-logging ConfigMap per cluster. Add destinations to it instead.`);
    }
    state.slot('fargate-logging:path', () => this.node.path);
  }

  private checkSize(data: { [key: string]: string }): void {
    const { literal, estimate } = configMapCharacters(data);
    if (literal > FARGATE_LOGGING_MAX_CHARACTERS) {
      throw new KitValidationError(this, 'FargateLoggingSize',
        `the aws-logging ConfigMap has ${literal} characters; EKS accepts at most ${FARGATE_LOGGING_MAX_CHARACTERS}. Use fewer filters, parsers or outputs.`);
    }
    if (estimate > FARGATE_LOGGING_MAX_CHARACTERS) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:fargateLoggingSize',
        `the aws-logging ConfigMap has ${literal} characters plus deploy-time values (counted as ${TOKEN_ESTIMATE} each: about ${estimate}); `
        + `EKS accepts at most ${FARGATE_LOGGING_MAX_CHARACTERS} and disables logging of new pods otherwise (pod event LoggingDisabled).`);
    }
  }

  /** An imported log group's ARN ends in a literal `:*`, which cdk-nag reports. */
  private acknowledgeImportedLogGroups(bound: BoundDestination[]): void {
    for (const group of bound.map((b) => b.logGroup)) {
      if (!group || group.node.scope === this) continue;
      const text = nagResourceText(Stack.of(this).resolve(group.logGroupArn));
      if (!text.includes('*')) continue;
      Validations.of(this.policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${text}]`,
        reason: 'The log group ARN with its log streams (:*): Fluent Bit creates one stream per container in this one group.',
      });
    }
  }
}
