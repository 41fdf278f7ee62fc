import { Annotations, Resource, Tags, Token, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AddonOrdering } from '../addons/addon-ordering';
import { AccessEntry, AccessEntryType } from '../cluster/access-entry';
import { literalClusterName } from '../cluster/cluster';
import { ICluster, IpFamily } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { eksAmiParameterName } from './ami-parameters';
import { NodeGroupAmiType } from './ami-type';
import { InstanceTypeInfo, commonArchitecture, describeArchitectures, instanceTypeInfo } from './instance-types';
import { kubeletLabelProblems, labelProblems, labelValueProblem, taintProblems } from './labels-taints-rules';
import { NodeAmiFamily } from './node-ami';
import { selfManagedAmiFamily, selfManagedAmiImage } from './self-managed-ami';
import { NodeGroupSize, nodeGroupSizeProblems, resolveNodeGroupSize } from './node-group-sizing';
import { autoscalerTemplateTags, rollingUpdateFloor, spotMaxPriceProblem } from './self-managed-node-group-rules';
import { createNodeRole } from './node-role';
import { NodeTaint } from './node-taint';
import { NodeTerminationHandler } from './node-termination-handler';
import { nodeSubnets } from './node-subnets';
import { NodeBootstrapOptions } from './node-user-data';
import { kubeletConfigConflicts, numberText, renderAl2023UserData, renderBottlerocketUserData } from './user-data';
import { checkProps, Is } from '../validation/prop-check';
import { SELF_MANAGED_NODE_GROUP_PROPS } from '../validation/prop-specs';
import { ClusterRemoval } from '../cluster/removal';

/** How a self-managed group mixes Spot and On-Demand capacity. */
export interface SpotOptions {
  /**
   * On-Demand instances kept before any Spot instance is launched.
   * @default 0
   */
  readonly onDemandBaseCapacity?: number;
  /**
   * Percentage of On-Demand instances above the base (0 = all Spot).
   * @default 0
   */
  readonly onDemandPercentageAboveBaseCapacity?: number;
  /**
   * How Spot capacity is chosen across the instance types.
   * @default autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED
   */
  readonly spotAllocationStrategy?: autoscaling.SpotAllocationStrategy;
  /**
   * The highest price per instance hour (USD) paid for Spot instances (`SpotMaxPrice` of the
   * mixed instances policy). Instances are interrupted when the Spot price rises above it.
   * @default - the On-Demand price (EC2's default)
   */
  readonly maxPrice?: number;
}

/** Options of a self-managed node group, for `cluster.addSelfManagedNodeGroup()`. */
export interface SelfManagedNodeGroupOptions {
  /**
   * Instance types; all must share one CPU architecture. More than one (or `spot`) makes the
   * group use a mixed instances policy.
   * @default - [t3.medium]
   */
  readonly instanceTypes?: ec2.InstanceType[];
  /**
   * The OS of the nodes; decides the AMI and the user data format.
   * @default NodeAmiFamily.AL2023
   */
  readonly amiFamily?: NodeAmiFamily;
  /**
   * An EKS-optimized AMI variant, e.g. `NodeGroupAmiType.AL2023_X86_64_NVIDIA` or
   * `BOTTLEROCKET_ARM_64_FIPS`: decides `amiFamily` and the public SSM parameter the image is
   * read from (AL2023 and Bottlerocket types only; AL2 is gone from Kubernetes 1.33 on).
   * @default - the standard AL2023 or Bottlerocket AMI of `amiFamily`
   */
  readonly amiType?: NodeGroupAmiType;
  /**
   * The AMI. Its OS must match `amiFamily` unless you pass `userData` too.
   * @default - the EKS-optimized AMI for the cluster's version and the instances' architecture,
   * read from its public SSM parameter at deploy time (a new release is picked up on the next deploy)
   */
  readonly machineImage?: ec2.IMachineImage;
  /**
   * User data that joins your custom AMI to the cluster. Replaces the generated user data, so
   * `labels`, `taints`, `maxPods` and `kubeletConfig` cannot be set with it.
   * @default - generated for `amiFamily`: a nodeadm NodeConfig (AL2023) or TOML settings (Bottlerocket)
   */
  readonly userData?: ec2.UserData;
  /**
   * Minimum number of nodes.
   * @default 1
   */
  readonly minSize?: number;
  /**
   * Desired number of nodes. Every deploy resets the group to it, so leave it unset when an
   * autoscaler manages the group.
   * @default - not set: the group starts at `minSize`
   */
  readonly desiredSize?: number;
  /**
   * Maximum number of nodes.
   * @default - 3, or `minSize` (or `desiredSize`) when larger
   */
  readonly maxSize?: number;
  /**
   * Use Spot instances as set here.
   * @default - On-Demand only
   */
  readonly spot?: SpotOptions;
  /**
   * Whether the cluster's {@link NodeTerminationHandler} (created once per cluster when first
   * needed) cordons and drains these nodes before EC2 interrupts, stops or terminates them:
   * the group gets a termination lifecycle hook and the handler's tag.
   * @default - true with `spot`, else false
   */
  readonly nodeTerminationHandler?: boolean;
  /**
   * Whether Auto Scaling launches a replacement when a Spot instance is at risk of interruption.
   * @default - true with `spot`, else false
   */
  readonly capacityRebalance?: boolean;
  /**
   * Labels the kubelet registers nodes with.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Taints the kubelet registers nodes with.
   * @default - none
   */
  readonly taints?: NodeTaint[];
  /**
   * Maximum number of pods per node.
   * @default - the AMI's value for the instance type
   */
  readonly maxPods?: number;
  /**
   * More kubelet settings: `KubeletConfiguration` fields for AL2023, `settings.kubernetes`
   * keys for Bottlerocket.
   * @default - none
   */
  readonly kubeletConfig?: { [key: string]: any };
  /**
   * How CloudFormation replaces instances when the launch template changes. CloudFormation
   * does not cordon or drain nodes; run a node termination handler for graceful replacement.
   * @default - a rolling update, one instance at a time
   */
  readonly updatePolicy?: autoscaling.UpdatePolicy;
  /**
   * A warm pool of pre-initialized instances (not with Spot or several instance types).
   * Warm instances run the user data once before they stop, so they register with the
   * cluster and show as NotReady nodes until they are started.
   * @default - no warm pool
   */
  readonly warmPool?: autoscaling.WarmPoolOptions;
  /**
   * Subnets of the nodes.
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The node IAM role; it gets an EC2_LINUX access entry.
   * @default - a role with AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryPullOnly and
   * (IPv4 clusters) AmazonEKS_CNI_Policy
   */
  readonly nodeRole?: iam.IRole;
  /**
   * Whether the generated node role gets AmazonSSMManagedInstanceCore for Session Manager.
   * @default false
   */
  readonly enableSsm?: boolean;
  /**
   * Size in GiB of the root volume (AL2023) or data volume (Bottlerocket); encrypted gp3.
   * @default 20
   */
  readonly volumeSize?: number;
  /**
   * More security groups for the nodes, besides the node and cluster security groups.
   * @default - none
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * Whether to tag the group for cluster-autoscaler auto-discovery
   * (`k8s.io/cluster-autoscaler/enabled`, `k8s.io/cluster-autoscaler/<cluster>`), with
   * node-template tags for its labels and taints so it can scale from zero.
   * @default true
   */
  readonly clusterAutoscalerDiscovery?: boolean;
}

/** Properties of a {@link SelfManagedNodeGroup}. */
export interface SelfManagedNodeGroupProps extends SelfManagedNodeGroupOptions {
  /** The cluster the nodes join. */
  readonly cluster: ICluster;
}

/**
 * Self-managed nodes: an Auto Scaling group with a launch template (IMDSv2, encrypted volume,
 * the EKS-optimized AL2023 or Bottlerocket AMI), user data that joins the cluster, an
 * `EC2_LINUX` access entry for the node role and the cluster security group on the nodes.
 */
export class SelfManagedNodeGroup extends Resource implements ec2.IConnectable {
  /** The Auto Scaling group. */
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The launch template. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The node IAM role. */
  public readonly role: iam.IRole;
  /** The security group of these nodes (the cluster security group is attached too). */
  public readonly securityGroup: ec2.ISecurityGroup;
  /** The access entry that authorizes the node role. */
  public readonly accessEntry: AccessEntry;
  /** The node security group, for rules such as NodePort access from a load balancer. */
  public readonly connections: ec2.Connections;
  private readonly cluster: ICluster;

  constructor(scope: Construct, id: string, props: SelfManagedNodeGroupProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster); // lib/cluster/removal.ts
    checkProps(this, props, { ...SELF_MANAGED_NODE_GROUP_PROPS, amiFamily: Is.enumOf(NodeAmiFamily, 'NodeAmiFamily') });
    const cluster = props.cluster;
    this.cluster = cluster;
    const family = selfManagedAmiFamily(this, props.amiType, props.amiFamily);
    const instanceTypes = props.instanceTypes ?? [new ec2.InstanceType('t3.medium')];
    const infos = instanceTypes.map((t) => instanceTypeInfo(t.toString())).filter((i) => i !== undefined);
    const size = resolveNodeGroupSize(props.minSize, props.desiredSize, props.maxSize, false);
    const mixed = props.spot !== undefined || instanceTypes.length > 1;
    this.validate(props, infos, mixed);
    this.fail('NodeGroupSize', nodeGroupSizeProblems(size));

    this.role = props.nodeRole ?? createNodeRole(this, 'NodeRole', {
      ipFamily: cluster.ipFamily,
      enableSsm: props.enableSsm ?? false,
      description: `Node role of EKS self-managed node group ${this.node.path}`,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: cluster.vpc,
      description: `EKS self-managed nodes ${this.node.path}`,
      allowAllOutbound: true,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup] });

    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage: props.machineImage ?? (props.amiType
        ? selfManagedAmiImage(this, props.amiType, this.requireVersion(), infos) : this.defaultMachineImage(family, infos)),
      userData: props.userData ?? this.generatedUserData(family, props),
      instanceType: mixed ? undefined : instanceTypes[0],
      role: this.role,
      securityGroup: this.securityGroup,
      requireImdsv2: true,
      // Pods get AWS credentials from IRSA or Pod Identity, never from the node role.
      httpPutResponseHopLimit: 1,
      blockDevices: [{
        deviceName: family === NodeAmiFamily.BOTTLEROCKET ? '/dev/xvdb' : '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(props.volumeSize ?? 20, {
          encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3, deleteOnTermination: true,
        }),
      }],
    });
    // The cluster security group lets nodes, managed nodes and the control plane talk freely.
    this.launchTemplate.addSecurityGroup(cluster.clusterSecurityGroup);
    for (const sg of props.securityGroups ?? []) this.launchTemplate.addSecurityGroup(sg);

    const subnets = nodeSubnets(this, cluster.vpc, props.vpcSubnets);
    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Asg', {
      vpc: cluster.vpc,
      vpcSubnets: { subnets: subnets.subnets },
      launchTemplate: mixed ? undefined : this.launchTemplate,
      mixedInstancesPolicy: mixed ? {
        launchTemplate: this.launchTemplate,
        launchTemplateOverrides: instanceTypes.map((instanceType) => ({ instanceType })),
        instancesDistribution: props.spot ? {
          onDemandBaseCapacity: props.spot.onDemandBaseCapacity ?? 0,
          onDemandPercentageAboveBaseCapacity: props.spot.onDemandPercentageAboveBaseCapacity ?? 0,
          spotAllocationStrategy: props.spot.spotAllocationStrategy ?? autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
          spotMaxPrice: props.spot.maxPrice !== undefined ? numberText(props.spot.maxPrice) : undefined,
        } : { onDemandPercentageAboveBaseCapacity: 100 },
      } : undefined,
      minCapacity: size.minSize,
      maxCapacity: size.maxSize,
      desiredCapacity: size.desiredSize,
      capacityRebalance: props.capacityRebalance ?? (props.spot !== undefined ? true : undefined),
      updatePolicy: props.updatePolicy ?? this.defaultUpdatePolicy(size),
    });
    Validations.of(this.autoScalingGroup).acknowledge({
      id: 'AwsSolutions-AS3',
      reason: 'Node launches and terminations surface as Kubernetes node events and in cluster-autoscaler; '
        + 'scaling notifications are left to the user (autoScalingGroup.addNotification…).',
    });
    if (mixed) {
      Validations.of(this.autoScalingGroup).acknowledge({
        id: 'AwsSolutions-EC26',
        reason: 'cdk-nag 3.0.2 reads only the LaunchTemplate property of an Auto Scaling group and throws on a MixedInstancesPolicy; '
          + 'the launch template this group uses encrypts its only block device (asserted in the unit tests).',
      });
    }
    if (props.warmPool) this.autoScalingGroup.addWarmPool(props.warmPool);
    this.tagGroup(props);

    this.accessEntry = new AccessEntry(this, 'AccessEntry', {
      cluster,
      principalArn: this.role.roleArn,
      type: AccessEntryType.EC2_LINUX,
    });
    const clusterResource = cluster.node.defaultChild;
    if (clusterResource) this.accessEntry.node.addDependency(clusterResource);
    // Nodes that boot before their access entry exists fail to register until it appears.
    this.autoScalingGroup.node.addDependency(this.accessEntry);
    // Nodes join after the networking add-ons, and are capacity for pods of every namespace.
    this.autoScalingGroup.node.addDependency(AddonOrdering.networkingAddonsOf(cluster));
    AddonOrdering.registerCapacity(cluster, this.autoScalingGroup, { nodeRole: this.role });
    // Created after, deleted before the subnets' routes to the internet (NAT), like managed node groups.
    this.autoScalingGroup.node.addDependency(subnets.internetConnectivityEstablished);
    // Spot interruptions (and scale-in, rolling updates) drain the node first, as EKS does for managed node groups.
    if (props.nodeTerminationHandler ?? props.spot !== undefined) {
      NodeTerminationHandler._ensure(cluster).addAutoScalingGroup(this.autoScalingGroup);
    }
  }

  private validate(props: SelfManagedNodeGroupProps, infos: InstanceTypeInfo[], mixed: boolean): void {
    if (commonArchitecture(infos) === 'mixed') {
      throw new KitValidationError(this, 'NodeGroupInstanceTypes', `'instanceTypes' mixes CPU architectures: ${describeArchitectures(infos)}. `
        + 'One group runs one AMI; put x86_64 and arm64 instance types in separate node groups.');
    }
    if (props.warmPool && mixed) {
      throw new KitValidationError(this, 'NodeGroupWarmPool', "'warmPool' cannot be combined with 'spot' or several 'instanceTypes'; "
        + 'EC2 Auto Scaling does not support warm pools with a mixed instances policy. Use one On-Demand instance type.');
    }
    if (props.userData && (props.labels || props.taints || props.maxPods !== undefined || props.kubeletConfig)) {
      throw new KitValidationError(this, 'NodeGroupUserData', "'labels', 'taints', 'maxPods' and 'kubeletConfig' go into the generated user data "
        + "and would be ignored with your own 'userData'; put them in your user data instead.");
    }
    if (props.nodeRole && props.enableSsm) {
      throw new KitValidationError(this, 'NodeGroupSsm',
        "'enableSsm' applies to the generated node role only; attach AmazonSSMManagedInstanceCore to your 'nodeRole' instead.");
    }
    const maxPods = props.maxPods;
    if (maxPods !== undefined && !Token.isUnresolved(maxPods) && (!Number.isInteger(maxPods) || maxPods < 1)) {
      throw new KitValidationError(this, 'NodeGroupMaxPods', `'maxPods' is ${maxPods}; use a whole number of at least 1.`);
    }
    const spot = props.spot ?? {};
    const pct = spot.onDemandPercentageAboveBaseCapacity;
    if (pct !== undefined && !Token.isUnresolved(pct) && (pct < 0 || pct > 100)) {
      throw new KitValidationError(this, 'NodeGroupSpot', `'spot.onDemandPercentageAboveBaseCapacity' is ${pct}; use 0–100.`);
    }
    const base = spot.onDemandBaseCapacity;
    if (base !== undefined && !Token.isUnresolved(base) && (!Number.isInteger(base) || base < 0)) {
      throw new KitValidationError(this, 'NodeGroupSpot', `'spot.onDemandBaseCapacity' is ${base}; use a whole number of at least 0.`);
    }
    this.fail('NodeGroupLabels', labelProblems(props.labels ?? {}).map((p) => `'labels': ${p}`));
    this.fail('NodeGroupLabels', kubeletLabelProblems(props.labels ?? {}).map((p) => `'labels': ${p}`));
    this.fail('NodeGroupTaints', taintProblems(props.taints ?? []).map((p) => `'taints': ${p}`));
    const priceProblem = spotMaxPriceProblem(spot.maxPrice);
    if (priceProblem) throw new KitValidationError(this, 'NodeGroupSpot', `${priceProblem}.`);
  }

  /**
   * One instance at a time, never below the group's capacity: CloudFormation launches the
   * replacement before it terminates the old node (MinInstancesInService = desired or min
   * size, below maxSize), with the Auto Scaling processes that would fight the update suspended.
   *
   * @see https://repost.aws/knowledge-center/auto-scaling-group-rolling-updates
   */
  private defaultUpdatePolicy(size: NodeGroupSize): autoscaling.UpdatePolicy {
    const floor = rollingUpdateFloor(size);
    if (floor.capped) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:rollingUpdateBelowCapacity',
        `'maxSize' (${size.maxSize}) leaves no room to launch a replacement node before the old one is terminated, so a rolling update `
        + `runs with ${floor.minInstancesInService} of ${size.desiredSize ?? size.minSize} nodes at times; raise 'maxSize' by one, or pass 'updatePolicy'.`);
    }
    return autoscaling.UpdatePolicy.rollingUpdate({
      maxBatchSize: 1,
      minInstancesInService: floor.minInstancesInService,
      suspendProcesses: [autoscaling.ScalingProcess.HEALTH_CHECK, autoscaling.ScalingProcess.REPLACE_UNHEALTHY,
        autoscaling.ScalingProcess.AZ_REBALANCE, autoscaling.ScalingProcess.ALARM_NOTIFICATION, autoscaling.ScalingProcess.SCHEDULED_ACTIONS],
    });
  }

  private fail(code: string, problems: string[]): void {
    if (problems.length > 0) throw new KitValidationError(this, code, `${problems.join('; ')}.`);
  }

  private defaultMachineImage(family: NodeAmiFamily, infos: InstanceTypeInfo[]): ec2.IMachineImage {
    const version = this.requireVersion();
    const arch = commonArchitecture(infos) === 'arm64' ? 'arm64' : 'x86_64';
    const accelerated = infos.filter((i) => i.accelerator !== 'none');
    if (accelerated.length > 0) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:acceleratedInstanceStandardAmi',
        `${accelerated.map((i) => i.name).join(', ')} carry accelerators, but the standard ${family} AMI has no GPU or Neuron drivers; `
        + "pass a 'machineImage' of the accelerated variant, or use a ManagedNodeGroup which picks it.");
    }
    // A CloudFormation parameter of type AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>: resolved at deploy, no synth lookup.
    return ec2.MachineImage.fromSsmParameter(eksAmiParameterName(family, version, arch), { os: ec2.OperatingSystemType.LINUX });
  }

  private generatedUserData(family: NodeAmiFamily, props: SelfManagedNodeGroupProps): ec2.UserData {
    const cluster = props.cluster;
    const options: NodeBootstrapOptions = {
      clusterName: cluster.clusterName,
      apiServerEndpoint: cluster.clusterEndpoint,
      certificateAuthority: cluster.clusterCertificateAuthorityData,
      serviceCidr: this.serviceCidr(family),
      labels: props.labels,
      taints: props.taints,
      maxPods: props.maxPods,
      kubeletConfig: props.kubeletConfig,
    };
    const conflicts = kubeletConfigConflicts(family, options);
    if (conflicts.length > 0) {
      throw new KitValidationError(this, 'NodeGroupKubeletConfig', `'kubeletConfig' sets ${conflicts.map((k) => `'${k}'`).join(', ')}, which the generated `
        + `${family} user data writes from the cluster and from 'maxPods', 'labels' and 'taints'; set them through those props instead.`);
    }
    const literalName = literalClusterName(cluster);
    if (family === NodeAmiFamily.BOTTLEROCKET && literalName !== undefined
      && (literalName === '' || labelValueProblem(literalName))) {
      throw new KitValidationError(this, 'NodeGroupClusterName', `the cluster name '${literalName}' (${literalName.length} characters) `
        + "is not a valid Kubernetes label value, which Bottlerocket requires of 'settings.kubernetes.cluster-name' (at most 63 letters, digits, '-', '_', '.'). "
        + "Give the cluster a shorter 'clusterName'.");
    }
    return ec2.UserData.custom(family === NodeAmiFamily.BOTTLEROCKET ? renderBottlerocketUserData(options) : renderAl2023UserData(options));
  }

  /**
   * The service CIDR for the node bootstrap: IPv4 from the cluster, IPv6 from its
   * `ServiceIpv6Cidr` attribute. nodeadm refuses a NodeConfig without `spec.cluster.cidr`
   * ("CIDR is missing in cluster configuration") and does not look it up, so AL2023 needs it
   * (awslabs/amazon-eks-ami nodeadm/internal/api/validation.go); Bottlerocket derives the
   * cluster DNS address itself when it is absent.
   */
  private serviceCidr(family: NodeAmiFamily): string | undefined {
    const cluster = this.cluster;
    const ipv6 = cluster.ipFamily === IpFamily.IP_V6;
    const cidr = ipv6 ? cluster.serviceIpv6Cidr : cluster.serviceIpv4Cidr;
    if (cidr === undefined && family === NodeAmiFamily.AL2023) {
      const prop = ipv6 ? 'serviceIpv6Cidr' : 'serviceIpv4Cidr';
      throw new KitValidationError(this, 'NodeGroupServiceCidr', ipv6
        ? `the cluster's service IPv6 CIDR is unknown, and nodeadm (AL2023) refuses to start without it ('CIDR is missing in cluster configuration'); `
          + `pass '${prop}' to Cluster.fromClusterAttributes() (aws eks describe-cluster --query cluster.kubernetesNetworkConfig.serviceIpv6Cidr).`
        : `the cluster's service IPv4 CIDR is unknown at synth (${cluster.node.defaultChild ? "the VPC's CIDR is a deploy-time value, so EKS picks it" : 'the import was not given it'}), `
          + `and nodeadm (AL2023) refuses to start without it ('CIDR is missing in cluster configuration'); pass '${prop}' to `
          + `${cluster.node.defaultChild ? 'the Cluster (e.g. 172.20.0.0/16, outside the VPC)' : 'Cluster.fromClusterAttributes() (aws eks describe-cluster --query cluster.kubernetesNetworkConfig.serviceIpv4Cidr)'}, `
          + 'or use NodeAmiFamily.BOTTLEROCKET.');
    }
    return cidr;
  }

  private requireVersion() {
    const version = this.cluster.version;
    if (!version) {
      throw new KitValidationError(this, 'NodeGroupVersion', "the cluster has no known Kubernetes 'version', which picks the node AMI; "
        + "pass 'version' to Cluster.fromClusterAttributes() or give a 'machineImage'.");
    }
    return version;
  }

  private tagGroup(props: SelfManagedNodeGroupProps): void {
    const clusterName = props.cluster.clusterName;
    const tags = Tags.of(this.autoScalingGroup);
    tags.add(`kubernetes.io/cluster/${clusterName}`, 'owned');
    if (props.clusterAutoscalerDiscovery ?? true) {
      tags.add('k8s.io/cluster-autoscaler/enabled', 'true');
      tags.add(`k8s.io/cluster-autoscaler/${clusterName}`, 'owned');
      const template = autoscalerTemplateTags(props.labels ?? {}, props.taints ?? []);
      for (const [key, value] of Object.entries(template.tags)) tags.add(key, value, { applyToLaunchedInstances: false });
      if (template.skipped.length > 0) {
        Annotations.of(this).addWarningV2('cdk-eks-kit:autoscalerTagTooLong',
          `no cluster-autoscaler node-template tag for ${template.skipped.map((k) => `'${k}'`).join(', ')}: the tag key would exceed `
          + "the 128 characters EC2 Auto Scaling allows; cluster-autoscaler cannot scale this group from zero for pods that select them.");
      }
    }
  }
}
