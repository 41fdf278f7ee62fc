import { IResolvable, IResolveContext, Token } from 'aws-cdk-lib';
import { optionProblems } from './option-check';

/** Where CoreDNS pods run. */
export enum CoreDnsComputeType {
  /** On EC2 nodes (the add-on's default). */
  EC2 = 'EC2',
  /** On Fargate, for clusters without EC2 capacity; needs a Fargate profile for `kube-system`. */
  FARGATE = 'Fargate',
}

/** How a toleration matches a taint. */
export enum TolerationOperator {
  /** Key and value must be equal. */
  EQUAL = 'Equal',
  /** The key must exist; no value may be given. */
  EXISTS = 'Exists',
}

/** The taint effect a toleration tolerates. */
export enum TolerationEffect {
  /** Pods are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods are evicted. */
  NO_EXECUTE = 'NoExecute',
}

/** A Kubernetes toleration for add-on pods. */
export interface Toleration {
  /**
   * The taint key; empty with operator EXISTS tolerates every taint.
   * @default - every key (only with TolerationOperator.EXISTS)
   */
  readonly key?: string;
  /**
   * How key and value are matched.
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;
  /**
   * The taint value (only with TolerationOperator.EQUAL).
   * @default - empty
   */
  readonly value?: string;
  /**
   * The effect tolerated.
   * @default - every effect
   */
  readonly effect?: TolerationEffect;
}

/**
 * Settings of the Amazon VPC CNI (`vpc-cni`) add-on.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html
 */
export interface VpcCniOptions {
  /**
   * Enforce Kubernetes NetworkPolicy with the VPC CNI's network policy agent
   * (add-on setting `enableNetworkPolicy`).
   * @default false
   */
  readonly enableNetworkPolicy?: boolean;
  /**
   * Assign /28 prefixes instead of single IPs to node ENIs, for more pods per node
   * (`ENABLE_PREFIX_DELEGATION`). Nitro instances only.
   * @default false
   */
  readonly enablePrefixDelegation?: boolean;
  /**
   * Free IP addresses each node keeps ready (`WARM_IP_TARGET`).
   * @default - the add-on's default (one warm ENI)
   */
  readonly warmIpTarget?: number;
  /**
   * IP addresses each node allocates at start (`MINIMUM_IP_TARGET`).
   * @default - the add-on's default
   */
  readonly minimumIpTarget?: number;
  /**
   * Free ENIs each node keeps attached (`WARM_ENI_TARGET`); ignored when `warmIpTarget` is set.
   * @default - the add-on's default (1)
   */
  readonly warmEniTarget?: number;
  /**
   * Free /28 prefixes each node keeps (`WARM_PREFIX_TARGET`); needs `enablePrefixDelegation`.
   * @default - the add-on's default
   */
  readonly warmPrefixTarget?: number;
  /**
   * Give pods IPs from the subnets of `ENIConfig` objects instead of the node's subnet
   * (`AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG`); the ENIConfig is chosen by the node's zone label
   * (`ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone`). Create one ENIConfig per zone.
   * @default false
   */
  readonly customNetworking?: boolean;
}

/**
 * Settings of the CoreDNS (`coredns`) add-on.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html
 */
export interface CoreDnsOptions {
  /**
   * Number of CoreDNS pods (`replicaCount`).
   * @default - the add-on's default (2)
   */
  readonly replicas?: number;
  /**
   * Where CoreDNS runs (`computeType`); FARGATE for clusters with Fargate capacity only.
   * @default CoreDnsComputeType.EC2
   */
  readonly computeType?: CoreDnsComputeType;
  /**
   * Tolerations of the CoreDNS pods (`tolerations`), e.g. for tainted system nodes.
   * @default - the add-on's defaults
   */
  readonly tolerations?: Toleration[];
}

/**
 * Settings of the Amazon EBS CSI driver (`aws-ebs-csi-driver`) add-on.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html
 */
export interface EbsCsiDriverOptions {
  /**
   * Let the add-on create its own default `gp3` StorageClass (`defaultStorageClass.enabled`).
   * Leave off when the app defines its own default StorageClass.
   * @default false
   */
  readonly addonDefaultStorageClass?: boolean;
  /**
   * Run the node plugin on every node regardless of taints (`node.tolerateAllTaints`).
   * @default - the add-on's default
   */
  readonly tolerateAllTaints?: boolean;
}

/**
 * Settings of the Amazon CloudWatch Observability (`amazon-cloudwatch-observability`) add-on.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html
 */
export interface CloudWatchObservabilityOptions {
  /**
   * Ship container logs to CloudWatch Logs with Fluent Bit (`containerLogs.enabled`).
   * @default - the add-on's default (enabled)
   */
  readonly containerLogs?: boolean;
  /**
   * Tolerations of the agent pods (`tolerations`).
   * @default - the add-on's defaults
   */
  readonly tolerations?: Toleration[];
}

/** The service account an add-on's pods use for AWS credentials, and what it needs. */
export interface AddonServiceAccount {
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Name of the service account. */
  readonly name: string;
  /** AWS managed policies (names as after `policy/`, e.g. `service-role/X`) the role needs. */
  readonly managedPolicies: string[];
}

/** The rendered configuration of an add-on: its JSON values and any problems found. */
export interface RenderedAddonConfiguration {
  /**
   * The configuration values.
   * @default - none set
   */
  readonly values?: { [key: string]: any };
  /** Problems with the options, one sentence each; empty when valid. */
  readonly problems: string[];
}

/** Add-ons nodes need from their first minute: installed before node groups. */
const BEFORE_CAPACITY_ADDONS = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'];
/** Add-ons without a service account of their own here whose pods run in kube-system. */
const KUBE_SYSTEM_ADDONS = ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent', 'metrics-server'];
/** Add-ons whose removal breaks pod networking or DNS: kept running when the add-on resource is deleted. */
const PRESERVED_ADDONS = ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent'];

/**
 * An EKS managed add-on: its name, its typed configuration, and the service account and
 * AWS managed policies it needs. Use a static factory, e.g. `AddonType.vpcCni({ enableNetworkPolicy: true })`,
 * or `AddonType.custom('name', values)` for any other add-on.
 */
export class AddonType {
  /** The Amazon VPC CNI plugin (`vpc-cni`): pod IPs from the VPC, optional network policy. */
  public static vpcCni(options: VpcCniOptions = {}): AddonType {
    return new AddonType('vpc-cni', () => renderVpcCni(options), {
      namespace: 'kube-system', name: 'aws-node', managedPolicies: ['AmazonEKS_CNI_Policy'],
    }, false);
  }

  /** CoreDNS (`coredns`): cluster DNS. Installed after the cluster has capacity. */
  public static coreDns(options: CoreDnsOptions = {}): AddonType {
    return new AddonType('coredns', () => renderCoreDns(options), undefined, false);
  }

  /** kube-proxy (`kube-proxy`): Service networking rules on every EC2 node. */
  public static kubeProxy(): AddonType {
    return new AddonType('kube-proxy', () => ({ problems: [] }), undefined, false);
  }

  /** The Amazon EBS CSI driver (`aws-ebs-csi-driver`), with a role holding `AmazonEBSCSIDriverPolicy`. */
  public static ebsCsiDriver(options: EbsCsiDriverOptions = {}): AddonType {
    return new AddonType('aws-ebs-csi-driver', () => renderEbsCsi(options), {
      namespace: 'kube-system', name: 'ebs-csi-controller-sa', managedPolicies: ['service-role/AmazonEBSCSIDriverPolicy'],
    }, true);
  }

  /** The Amazon EFS CSI driver (`aws-efs-csi-driver`), with a role holding `AmazonEFSCSIDriverPolicy`. */
  public static efsCsiDriver(): AddonType {
    return new AddonType('aws-efs-csi-driver', () => ({ problems: [] }), {
      namespace: 'kube-system', name: 'efs-csi-controller-sa', managedPolicies: ['service-role/AmazonEFSCSIDriverPolicy'],
    }, true);
  }

  /**
   * Amazon CloudWatch Observability (`amazon-cloudwatch-observability`): Container Insights
   * and Application Signals, with an agent role holding `CloudWatchAgentServerPolicy` and
   * `AWSXrayWriteOnlyAccess`.
   */
  public static cloudWatchObservability(options: CloudWatchObservabilityOptions = {}): AddonType {
    return new AddonType('amazon-cloudwatch-observability', () => renderCloudWatch(options), {
      namespace: 'amazon-cloudwatch', name: 'cloudwatch-agent', managedPolicies: ['CloudWatchAgentServerPolicy', 'AWSXrayWriteOnlyAccess'],
    }, true);
  }

  /** The Kubernetes metrics server (`metrics-server`), the source of `kubectl top` and HPA metrics. */
  public static metricsServer(): AddonType {
    return new AddonType('metrics-server', () => ({ problems: [] }), undefined, false);
  }

  /** The EKS Pod Identity agent (`eks-pod-identity-agent`), needed by Pod Identity associations. */
  public static podIdentityAgent(): AddonType {
    return new AddonType('eks-pod-identity-agent', () => ({ problems: [] }), undefined, false);
  }

  // ---- Add-ons from AWS added in 2025–26 (EKS User Guide, "Available Amazon EKS add-ons from AWS") ----

  /** The CSI snapshot controller (`snapshot-controller`): VolumeSnapshots for CSI drivers such as EBS. */
  public static snapshotController(): AddonType {
    return new AddonType('snapshot-controller', () => ({ problems: [] }), undefined, false);
  }

  /**
   * The EKS node monitoring agent (`eks-node-monitoring-agent`): reports node health problems
   * that managed node group auto repair acts on.
   */
  public static nodeMonitoringAgent(): AddonType {
    return new AddonType('eks-node-monitoring-agent', () => ({ problems: [] }), undefined, false);
  }

  /**
   * Mountpoint for Amazon S3 CSI driver (`aws-mountpoint-s3-csi-driver`). AWS has no managed
   * policy scoped to your buckets: give `identity: AddonIdentity.podIdentity(roleWithBucketAccess)`
   * (or grant on `addon.role`); service account `kube-system/s3-csi-driver-sa`.
   */
  public static mountpointS3CsiDriver(): AddonType {
    return new AddonType('aws-mountpoint-s3-csi-driver', () => ({ problems: [] }), {
      namespace: 'kube-system', name: 's3-csi-driver-sa', managedPolicies: [],
    }, false);
  }

  /**
   * The AWS Secrets Manager and Config Provider for the Secrets Store CSI driver
   * (`aws-secrets-store-csi-driver-provider`). Pods read secrets with their own Pod Identity or
   * IRSA roles; the add-on needs none.
   */
  public static secretsStoreCsiProvider(): AddonType {
    return new AddonType('aws-secrets-store-csi-driver-provider', () => ({ problems: [] }), undefined, false);
  }

  /** The Amazon GuardDuty runtime monitoring agent (`aws-guardduty-agent`). */
  public static guardDutyAgent(): AddonType {
    return new AddonType('aws-guardduty-agent', () => ({ problems: [] }), undefined, false);
  }

  /**
   * AWS Distro for OpenTelemetry (`adot`), the operator; it needs cert-manager on the cluster
   * first (e.g. `AddonType.certManager()`), and collectors you configure get their own roles.
   */
  public static adot(): AddonType {
    return new AddonType('adot', () => ({ problems: [] }), undefined, false);
  }

  // ---- Community add-ons offered by EKS (EKS User Guide, "Community add-ons") ----

  /** cert-manager (`cert-manager`), community add-on. */
  public static certManager(): AddonType {
    return new AddonType('cert-manager', () => ({ problems: [] }), undefined, false);
  }

  /**
   * ExternalDNS (`external-dns`), community add-on; service account `external-dns/external-dns`.
   * Give it Route 53 permissions (`route53:ChangeResourceRecordSets` on your zones,
   * `route53:ListHostedZones`, `ListResourceRecordSets`, `ListTagsForResource`) through
   * `identity: AddonIdentity.podIdentity()` and `addon.role`.
   */
  public static externalDns(): AddonType {
    return new AddonType('external-dns', () => ({ problems: [] }), {
      namespace: 'external-dns', name: 'external-dns', managedPolicies: [],
    }, false);
  }

  /** kube-state-metrics (`kube-state-metrics`), community add-on. */
  public static kubeStateMetrics(): AddonType {
    return new AddonType('kube-state-metrics', () => ({ problems: [] }), undefined, false);
  }

  /** Prometheus node exporter (`prometheus-node-exporter`), community add-on. */
  public static prometheusNodeExporter(): AddonType {
    return new AddonType('prometheus-node-exporter', () => ({ problems: [] }), undefined, false);
  }

  /**
   * Any other add-on by its EKS name, with raw configuration values (checked by EKS at
   * deploy time against the add-on's JSON schema, not here).
   *
   * @param addonName the EKS add-on name, e.g. `aws-mountpoint-s3-csi-driver`
   * @param configurationValues the add-on's configuration values
   * @param serviceAccount the add-on's service account and the AWS managed policies it needs,
   * so that `identity` can give it a role
   */
  public static custom(addonName: string, configurationValues?: { [key: string]: any }, serviceAccount?: AddonServiceAccount): AddonType {
    return new AddonType(addonName, () => {
      if (!Token.isUnresolved(addonName) && !/^[a-z0-9][a-z0-9-]{0,99}$/.test(addonName)) {
        return { problems: [`add-on name "${addonName}" is not an EKS add-on name (lowercase letters, digits and '-')`] };
      }
      if (configurationValues !== undefined && !Token.isUnresolved(configurationValues)
        && (configurationValues === null || typeof configurationValues !== 'object' || Array.isArray(configurationValues))) {
        return { problems: [`the configuration values of add-on "${addonName}" must be an object (the add-on's configuration schema), got ${Array.isArray(configurationValues) ? 'a list' : JSON.stringify(configurationValues)}`] };
      }
      return {
        values: configurationValues && Object.keys(configurationValues).length > 0 ? configurationValues : undefined,
        problems: [],
      };
    }, serviceAccount, false);
  }

  /** The EKS add-on name. */
  public readonly name: string;
  /** The service account and managed policies of the add-on, when it calls AWS APIs. */
  public readonly serviceAccount?: AddonServiceAccount;
  /** Whether the add-on gets an IAM role through Pod Identity unless told otherwise. */
  public readonly podIdentityByDefault: boolean;

  private readonly renderer: () => RenderedAddonConfiguration;

  private constructor(name: string, renderer: () => RenderedAddonConfiguration,
    serviceAccount: AddonServiceAccount | undefined, podIdentityByDefault: boolean) {
    this.name = name;
    this.renderer = renderer;
    this.serviceAccount = serviceAccount;
    this.podIdentityByDefault = podIdentityByDefault;
  }

  /** Whether pod networking depends on the add-on (installed before node groups, preserved on delete). */
  public get isNetworking(): boolean {
    return BEFORE_CAPACITY_ADDONS.includes(this.name);
  }

  /** Whether deleting the add-on by default leaves its Kubernetes objects running. */
  public get preservedByDefault(): boolean {
    return PRESERVED_ADDONS.includes(this.name);
  }

  /**
   * Whether the add-on's pods need capacity (nodes or Fargate) to become healthy: every
   * add-on except the networking ones, which nodes need before they become Ready.
   */
  public get needsCapacity(): boolean {
    return !this.isNetworking;
  }

  /** The namespace the add-on's pods run in, when known (its service account's, or kube-system for the EKS core add-ons). */
  public get podNamespace(): string | undefined {
    return this.serviceAccount?.namespace ?? (KUBE_SYSTEM_ADDONS.includes(this.name) ? 'kube-system' : undefined);
  }

  /** Validates the options and renders the configuration values. */
  public renderConfiguration(): RenderedAddonConfiguration {
    return this.renderer();
  }
}

const TOLERATION_SPEC = {
  key: { kind: 'string' as const },
  operator: { kind: 'string' as const, oneOf: Object.values(TolerationOperator) },
  value: { kind: 'string' as const },
  effect: { kind: 'string' as const, oneOf: Object.values(TolerationEffect) },
};

function renderVpcCni(o: VpcCniOptions): RenderedAddonConfiguration {
  const problems = optionProblems('vpc-cni', o, {
    enableNetworkPolicy: { kind: 'boolean' },
    enablePrefixDelegation: { kind: 'boolean' },
    warmIpTarget: { kind: 'integer', min: 0 },
    minimumIpTarget: { kind: 'integer', min: 0 },
    warmEniTarget: { kind: 'integer', min: 0 },
    warmPrefixTarget: { kind: 'integer', min: 0 },
    customNetworking: { kind: 'boolean' },
  });
  if (o.warmPrefixTarget !== undefined && o.enablePrefixDelegation !== true) {
    problems.push("vpc-cni option 'warmPrefixTarget' only applies with 'enablePrefixDelegation: true'");
  }
  if (problems.length > 0) return { problems };
  const env: { [key: string]: string } = {};
  if (o.enablePrefixDelegation !== undefined) env.ENABLE_PREFIX_DELEGATION = String(o.enablePrefixDelegation);
  if (o.warmIpTarget !== undefined) env.WARM_IP_TARGET = numberString(o.warmIpTarget);
  if (o.minimumIpTarget !== undefined) env.MINIMUM_IP_TARGET = numberString(o.minimumIpTarget);
  if (o.warmEniTarget !== undefined) env.WARM_ENI_TARGET = numberString(o.warmEniTarget);
  if (o.warmPrefixTarget !== undefined) env.WARM_PREFIX_TARGET = numberString(o.warmPrefixTarget);
  if (o.customNetworking !== undefined) {
    env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = String(o.customNetworking);
    if (o.customNetworking) env.ENI_CONFIG_LABEL_DEF = 'topology.kubernetes.io/zone';
  }
  const values: { [key: string]: any } = {};
  // The add-on schema types these as strings ("true"/"false", "5").
  if (o.enableNetworkPolicy !== undefined) values.enableNetworkPolicy = String(o.enableNetworkPolicy);
  if (Object.keys(env).length > 0) values.env = env;
  return { values: Object.keys(values).length > 0 ? values : undefined, problems };
}

function renderCoreDns(o: CoreDnsOptions): RenderedAddonConfiguration {
  const problems = optionProblems('coredns', o, {
    replicas: { kind: 'integer', min: 1, max: 100 },
    computeType: { kind: 'string', oneOf: Object.values(CoreDnsComputeType) },
    tolerations: { kind: 'array' },
  });
  problems.push(...tolerationProblems('coredns', o.tolerations));
  if (problems.length > 0) return { problems };
  const values: { [key: string]: any } = {};
  if (o.replicas !== undefined) values.replicaCount = o.replicas;
  if (o.computeType === CoreDnsComputeType.FARGATE) values.computeType = CoreDnsComputeType.FARGATE;
  if (o.tolerations !== undefined) values.tolerations = o.tolerations.map(renderToleration);
  return { values: Object.keys(values).length > 0 ? values : undefined, problems };
}

function renderEbsCsi(o: EbsCsiDriverOptions): RenderedAddonConfiguration {
  const problems = optionProblems('aws-ebs-csi-driver', o, {
    addonDefaultStorageClass: { kind: 'boolean' },
    tolerateAllTaints: { kind: 'boolean' },
  });
  if (problems.length > 0) return { problems };
  const values: { [key: string]: any } = {};
  if (o.addonDefaultStorageClass !== undefined) values.defaultStorageClass = { enabled: o.addonDefaultStorageClass };
  if (o.tolerateAllTaints !== undefined) values.node = { tolerateAllTaints: o.tolerateAllTaints };
  return { values: Object.keys(values).length > 0 ? values : undefined, problems };
}

function renderCloudWatch(o: CloudWatchObservabilityOptions): RenderedAddonConfiguration {
  const problems = optionProblems('amazon-cloudwatch-observability', o, {
    containerLogs: { kind: 'boolean' },
    tolerations: { kind: 'array' },
  });
  problems.push(...tolerationProblems('amazon-cloudwatch-observability', o.tolerations));
  if (problems.length > 0) return { problems };
  const values: { [key: string]: any } = {};
  if (o.containerLogs !== undefined) values.containerLogs = { enabled: o.containerLogs };
  if (o.tolerations !== undefined) values.tolerations = o.tolerations.map(renderToleration);
  return { values: Object.keys(values).length > 0 ? values : undefined, problems };
}

function tolerationProblems(what: string, tolerations: Toleration[] | undefined): string[] {
  if (!Array.isArray(tolerations)) return [];
  const problems: string[] = [];
  tolerations.forEach((t, i) => {
    const label = `${what} 'tolerations[${i}]'`;
    problems.push(...optionProblems(label, t, TOLERATION_SPEC));
    if (t.operator === TolerationOperator.EXISTS && t.value !== undefined) {
      problems.push(`${label} has operator Exists and a value; Exists matches the key only, remove 'value'`);
    }
    if ((t.operator ?? TolerationOperator.EQUAL) === TolerationOperator.EQUAL && !t.key) {
      problems.push(`${label} has operator Equal but no 'key'; set a key or use TolerationOperator.EXISTS`);
    }
  });
  return problems;
}

function renderToleration(t: Toleration): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  if (t.key !== undefined) out.key = t.key;
  out.operator = t.operator ?? TolerationOperator.EQUAL;
  if (t.value !== undefined) out.value = t.value;
  if (t.effect !== undefined) out.effect = t.effect;
  return out;
}

/** A number as the string the add-on schema wants (`"5"`), also when it is a token resolving to a number. */
function numberString(n: number): string {
  if (!Token.isUnresolved(n)) return String(n);
  const asString: IResolvable = {
    creationStack: [],
    resolve: (context: IResolveContext) => {
      const value = context.resolve(n);
      return typeof value === 'number' ? String(value) : value;
    },
    toString: () => Token.asString(n),
  };
  return Token.asString(asString);
}
