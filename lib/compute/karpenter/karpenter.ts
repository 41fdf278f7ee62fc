import { Aws, Duration, Lazy, Stack, Tags, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { AddonIdentityMode } from '../../addons/addon-identity';
import { AccessEntry, AccessEntryType } from '../../cluster/access-entry';
import { ClusterState } from '../../cluster/cluster-state';
import { literalClusterName } from '../../cluster/cluster';
import type { ICluster } from '../../cluster/cluster-types';
import { defaultCredentials } from '../fargate-cluster-state';
import { ClusterRemoval } from '../../cluster/removal';
import { KitValidationError } from '../../errors';
import { PodIdentityAssociation } from '../../identity/pod-identity-association';
import { ServiceAccount } from '../../identity/service-account';
import { HelmChart, HelmChartSource } from '../../kubectl/helm-chart';
import { createNodeRole } from '../node-role';
import { Ec2NodeClass } from './ec2-node-class';
import { Ec2NodeClassOptions } from './ec2-node-class-options';
import { InterruptionQueue } from './interruption-queue';
import { PolicyGroupData } from './karpenter-iam-policy';
import { KarpenterVersion } from './karpenter-version';
import type { INodeClass } from './node-class';
import { NodePool } from './node-pool';
import { STATIC_KARPENTER_POOLS_SLOT } from './node-pool-flavor';
import { NodePoolOptions } from './node-pool-options';
import { mergeObjects } from './node-pool-rules';

const NAMESPACE = 'kube-system';
const SERVICE_ACCOUNT = 'karpenter';

/** A Karpenter installation that node classes attach to. */
export interface IKarpenter extends IConstruct {
  /** The cluster Karpenter runs on. */
  readonly cluster: ICluster;
  /** The IAM role of the nodes Karpenter launches. */
  readonly nodeRole: iam.IRole;
  /** The instance profile of `nodeRole` that node classes use by default. */
  readonly instanceProfileName: string;
  /** What node classes must be created after (the controller and its CRDs). */
  readonly controller: IConstruct;
}

/** Options of a {@link Karpenter} installation. */
export interface KarpenterOptions {
  /**
   * The release: charts, controller IAM policy and CRDs as one pin.
   * @default KarpenterVersion.V1_14_1
   */
  readonly version?: KarpenterVersion;
  /**
   * How the controller gets AWS credentials: `AddonIdentityMode.POD_IDENTITY` or
   * `AddonIdentityMode.IRSA` (needed when the controller runs on Fargate).
   * @default - AddonIdentityMode.POD_IDENTITY; IRSA on a FargateCluster
   */
  readonly credentials?: AddonIdentityMode;
  /**
   * The IAM role of the nodes Karpenter launches. It gets an `EC2_LINUX` access entry.
   * @default - a role with AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryPullOnly and
   * (IPv4) AmazonEKS_CNI_Policy
   */
  readonly nodeRole?: iam.IRole;
  /**
   * Whether the generated node role gets AmazonSSMManagedInstanceCore (Session Manager).
   * @default false
   */
  readonly enableSsm?: boolean;
  /**
   * Whether Karpenter drains nodes ahead of Spot interruptions, rebalance recommendations,
   * scheduled maintenance and instance stops (an encrypted SQS queue fed by EventBridge).
   * @default true
   */
  readonly interruptionHandling?: boolean;
  /**
   * Controller pods (two keep the webhook and leader election available during node drains).
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Extra Helm values of the `karpenter` chart, merged over the ones this construct sets.
   * @default - none
   */
  readonly values?: { [key: string]: any };
}

/** Properties of a {@link Karpenter} installation. */
export interface KarpenterProps extends KarpenterOptions {
  /** The cluster (not with EKS Auto Mode, which runs its own Karpenter). */
  readonly cluster: ICluster;
}

/**
 * Self-managed Karpenter on a cluster without EKS Auto Mode: the `karpenter-crd` and
 * `karpenter` charts of one pinned release (`KarpenterVersion`), the controller's IAM policy
 * of that exact release through Pod Identity (or IRSA), the node role with its `EC2_LINUX`
 * access entry and a CloudFormation-managed instance profile, the interruption queue with its
 * EventBridge rules, and `karpenter.sh/discovery` tags on the VPC's private subnets.
 *
 * The controller does not run on nodes it launches (the chart's affinity keeps it off them):
 * give the cluster other capacity first, e.g. a small managed node group or a Fargate profile
 * for `kube-system`.
 *
 * Teardown order: node pools (waiting until their NodeClaims and instances are gone), node
 * classes, then the controller, and only after it its IAM role, the queue, the node role's
 * access entry and the VPC's internet routes.
 *
 * @see https://karpenter.sh/docs/getting-started/getting-started-with-karpenter/
 */
export class Karpenter extends Construct implements IKarpenter {
  public readonly cluster: ICluster;
  public readonly nodeRole: iam.IRole;
  public readonly instanceProfileName: string;
  public readonly controller: IConstruct;
  /** The release. */
  public readonly version: KarpenterVersion;
  /** The controller's IAM role. */
  public readonly role: iam.IRole;
  /** The instance profile of the node role. */
  public readonly instanceProfile: iam.InstanceProfile;
  /** The node role's access entry. */
  public readonly accessEntry: AccessEntry;
  /** The interruption queue (undefined with `interruptionHandling: false`). */
  public readonly interruptionQueue?: InterruptionQueue;
  /** The `karpenter-crd` release. */
  public readonly crdChart: HelmChart;
  /** The `karpenter` release. */
  public readonly chart: HelmChart;
  /** The controller policies, one per group Karpenter publishes. */
  public readonly policies: iam.ManagedPolicy[] = [];

  constructor(scope: Construct, id: string, props: KarpenterProps) {
    super(scope, id);
    const cluster = props.cluster;
    this.cluster = cluster;
    ClusterRemoval.attach(this, cluster); // lib/cluster/removal.ts
    this.version = props.version ?? KarpenterVersion.V1_14_1;
    const clusterName = literalClusterName(cluster);
    this.validate(props, clusterName);
    const credentials = props.credentials ?? defaultCredentials(props.cluster);

    // Nodes: role, instance profile (CloudFormation owns it, so no controller finalizer has to
    // delete it before the role can go), EC2_LINUX access entry.
    this.nodeRole = props.nodeRole ?? createNodeRole(this, 'NodeRole', {
      ipFamily: cluster.ipFamily,
      enableSsm: props.enableSsm ?? false,
      description: `Role of the nodes Karpenter launches for ${cluster.node.path}`,
    });
    this.instanceProfile = new iam.InstanceProfile(this, 'InstanceProfile', { role: this.nodeRole });
    this.instanceProfileName = this.instanceProfile.instanceProfileName;
    this.accessEntry = new AccessEntry(this, 'NodeAccessEntry', { cluster, principalArn: this.nodeRole.roleArn, type: AccessEntryType.EC2_LINUX });
    // Karpenter's documented discovery tag, for node classes that select subnets by tag.
    for (const subnet of cluster.vpc.privateSubnets) Tags.of(subnet).add('karpenter.sh/discovery', clusterName!);

    if (props.interruptionHandling ?? true) {
      this.interruptionQueue = new InterruptionQueue(this, 'Interruption', { description: `Karpenter of ${cluster.node.path}` });
    }

    // Controller identity and its policy of this release.
    let serviceAccountDependency: IConstruct;
    if (credentials === AddonIdentityMode.IRSA) {
      const sa = new ServiceAccount(this, 'ServiceAccount', { cluster, name: SERVICE_ACCOUNT, namespace: NAMESPACE });
      this.role = sa.role;
      serviceAccountDependency = sa;
    } else {
      const association = new PodIdentityAssociation(this, 'PodIdentity', { cluster, namespace: NAMESPACE, serviceAccount: SERVICE_ACCOUNT });
      this.role = association.role;
      serviceAccountDependency = association;
    }
    for (const group of this.version._policy) {
      if (group.name === 'Interruption' && !this.interruptionQueue) continue;
      this.policies.push(this.createPolicy(group, clusterName!));
    }

    const source = (chart: string) => HelmChartSource.fromOci(`oci://public.ecr.aws/karpenter/${chart}`);
    this.crdChart = new HelmChart(this, 'CrdChart', {
      cluster, source: source('karpenter-crd'), version: this.version.version, release: 'karpenter-crd', namespace: NAMESPACE,
      createNamespace: false, wait: false,
    });
    const staticPools = ClusterState.of(cluster).slot(STATIC_KARPENTER_POOLS_SLOT, () => ({ count: 0 }));
    this.chart = new HelmChart(this, 'Chart', {
      cluster,
      source: source('karpenter'),
      version: this.version.version,
      release: 'karpenter',
      namespace: NAMESPACE,
      createNamespace: false,
      wait: true,
      timeout: Duration.minutes(10),
      values: mergeObjects({
        replicas: props.replicas ?? 2,
        serviceAccount: { create: credentials !== AddonIdentityMode.IRSA, name: SERVICE_ACCOUNT },
        settings: {
          clusterName,
          clusterEndpoint: cluster.clusterEndpoint,
          ...(this.interruptionQueue ? { interruptionQueue: this.interruptionQueue.queue.queueName } : {}),
          // Static node pools ('replicas') need this feature gate on self-managed Karpenter.
          featureGates: { staticCapacity: Lazy.any({ produce: () => staticPools.count > 0 }) },
        },
      }, props.values ?? {}),
    });
    this.controller = this.chart;
    this.chart.node.addDependency(this.crdChart, serviceAccountDependency, ...this.policies, this.accessEntry, this.instanceProfile);
    if (this.interruptionQueue) this.chart.node.addDependency(this.interruptionQueue);
    // The controller terminates instances while the stack is deleted: it keeps its routes to EC2 until then.
    this.chart.node.addDependency(cluster.vpc.internetConnectivityEstablished);
    for (const subnet of cluster.vpc.privateSubnets) this.chart.node.addDependency(subnet.internetConnectivityEstablished);
  }

  /**
   * Adds a Karpenter `EC2NodeClass` that uses this installation's node role (through its
   * instance profile) unless the options name another.
   */
  public addNodeClass(id: string, options: Ec2NodeClassOptions): Ec2NodeClass {
    return new Ec2NodeClass(this, id, { ...options, karpenter: this });
  }

  /** Adds a Karpenter `NodePool` for `nodeClass` (by default an EC2NodeClass of this installation). */
  public addNodePool(id: string, nodeClass: INodeClass, options: NodePoolOptions): NodePool {
    return new NodePool(this, id, { ...options, cluster: this.cluster, nodeClass });
  }

  private validate(props: KarpenterProps, clusterName: string | undefined): void {
    if (clusterName === undefined) {
      throw new KitValidationError(this, 'KarpenterClusterName',
        "the cluster's name is not known at synth time (a token); Karpenter's IAM policy keys its conditions on the name "
        + '(aws:ResourceTag/kubernetes.io/cluster/<name>). Give the cluster a literal clusterName.');
    }
    const version = props.cluster.version?.version;
    if (version !== undefined && !Token.isUnresolved(version) && !this.version.supportsKubernetes(version)) {
      throw new KitValidationError(this, 'KarpenterKubernetesVersion',
        `Karpenter ${this.version.version} supports Kubernetes ${this.version.minKubernetesVersion}–${this.version.maxKubernetesVersion}, `
        + `but the cluster runs ${version}; pin a Karpenter release that supports it, or use EKS Auto Mode.`);
    }
    const replicas = props.replicas;
    if (replicas !== undefined && !Token.isUnresolved(replicas) && (!Number.isInteger(replicas) || replicas < 1)) {
      throw new KitValidationError(this, 'KarpenterReplicas', `'replicas' is ${replicas}; use a whole number, 1 or more.`);
    }
    const credentials = props.credentials ?? defaultCredentials(props.cluster);
    if (credentials !== AddonIdentityMode.POD_IDENTITY && credentials !== AddonIdentityMode.IRSA) {
      throw new KitValidationError(this, 'KarpenterCredentials',
        "'credentials' must be AddonIdentityMode.POD_IDENTITY or AddonIdentityMode.IRSA; the controller calls AWS APIs.");
    }
    if (props.nodeRole && props.enableSsm) {
      throw new KitValidationError(this, 'KarpenterSsm', "'enableSsm' applies to the generated node role only; attach AmazonSSMManagedInstanceCore to your 'nodeRole'.");
    }
  }

  private createPolicy(group: PolicyGroupData, clusterName: string): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const values: { [name: string]: string } = {
      Partition: Aws.PARTITION,
      Region: stack.region,
      AccountId: stack.account,
      ClusterName: clusterName,
      NodeRoleArn: this.nodeRole.roleArn,
      QueueArn: this.interruptionQueue?.queue.queueArn ?? '',
    };
    const sub = (text: string) => text.split(/(\$\{\w+\})/).map((part) => {
      const m = /^\$\{(\w+)\}$/.exec(part);
      return m ? values[m[1]] : part;
    }).join('');
    const statements = group.statements.map((s) => new iam.PolicyStatement({
      sid: s.sid,
      actions: s.actions,
      resources: s.resources.map(sub),
      conditions: s.conditions ? Object.fromEntries(Object.entries(s.conditions).map(([op, entries]) => [op,
        Object.fromEntries(Object.entries(entries).map(([key, value]) => [sub(key), Array.isArray(value) ? value.map(sub) : sub(value)]))])) : undefined,
    }));
    const policy = new iam.ManagedPolicy(this, `${group.name}Policy`, {
      description: `Karpenter ${this.version.version} controller: ${group.name} (as published with the release)`,
      statements,
      roles: [this.role],
    });
    // cdk-nag names each wildcard resource as it reads it from the template.
    const nagName = (r: string) => r.replace('${Partition}', '<AWS::Partition>').replace('${Region}', '<AWS::Region>').replace('${AccountId}', '<AWS::AccountId>');
    const wildcards = [...new Set(group.statements.flatMap((s) => s.resources).filter((r) => r.includes('*')).map(nagName))];
    const reason = `The IAM policy Karpenter ${this.version.version} publishes, unchanged: instances, launch templates, fleets and instance `
      + 'profiles are created at run time with unknown IDs; mutations are limited by the kubernetes.io/cluster/<name>, '
      + 'karpenter.sh/nodepool and region tag conditions, reads to the region.';
    Validations.of(policy).acknowledge(...wildcards.map((r) => ({ id: `AwsSolutions-IAM5[Resource::${r}]`, reason })));
    return policy;
  }
}
