import { Annotations, Aws, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { literalClusterName } from '../cluster/cluster';
import type { ICluster } from '../cluster/cluster-types';
import { autoModeOf } from '../compute/auto-mode/auto-mode-state';
import { mergeObjects } from '../compute/karpenter/node-pool-rules';
import { defaultCredentials } from '../compute/fargate-cluster-state';
import { ClusterRemoval } from '../cluster/removal';
import { KitValidationError } from '../errors';
import { PodIdentityAssociation } from '../identity/pod-identity-association';
import { ServiceAccount } from '../identity/service-account';
import { HelmChart, HelmChartSource } from '../kubectl/helm-chart';
import { AddonIdentityMode } from './addon-identity';

const NAMESPACE = 'kube-system';
const SERVICE_ACCOUNT = 'cluster-autoscaler';
const CHART_VERSION = '9.59.0';

/**
 * The Cluster Autoscaler release for each Kubernetes minor version: "the versioning scheme
 * matches Kubernetes minor releases exactly" and CA should run the control plane's minor
 * (kubernetes/autoscaler cluster-autoscaler/README.md). Latest patch tags of each line in
 * kubernetes/autoscaler as of chart 9.59.0 (2026-07-21).
 */
const IMAGE_TAGS: { [minor: string]: string } = {
  '1.32': 'v1.32.7',
  '1.33': 'v1.33.6',
  '1.34': 'v1.34.5',
  '1.35': 'v1.35.2',
  '1.36': 'v1.36.1',
};

/** How Cluster Autoscaler picks the node group to grow (`--expander`). */
export enum ClusterAutoscalerExpander {
  /** The group that wastes the least CPU and memory after scale-up. */
  LEAST_WASTE = 'least-waste',
  /** A random group. */
  RANDOM = 'random',
  /** The group that schedules the most pods. */
  MOST_PODS = 'most-pods',
  /** The group that needs the fewest new nodes. */
  LEAST_NODES = 'least-nodes',
  /** Groups in the order of the `cluster-autoscaler-priority-expander` ConfigMap. */
  PRIORITY = 'priority',
}

/** Options of a {@link ClusterAutoscaler}. */
export interface ClusterAutoscalerOptions {
  /**
   * How the autoscaler gets AWS credentials: `AddonIdentityMode.POD_IDENTITY` or `AddonIdentityMode.IRSA`.
   * @default - AddonIdentityMode.POD_IDENTITY; IRSA on a FargateCluster
   */
  readonly credentials?: AddonIdentityMode;
  /**
   * The image tag of `registry.k8s.io/autoscaling/cluster-autoscaler`, for a Kubernetes version
   * this library has no release for (e.g. `v1.37.0`).
   * @default - the release of the cluster's Kubernetes minor version (1.32–1.36)
   */
  readonly imageTag?: string;
  /**
   * How the node group to grow is picked.
   * @default ClusterAutoscalerExpander.LEAST_WASTE
   */
  readonly expander?: ClusterAutoscalerExpander;
  /**
   * Treat node groups with the same instance resources and labels as one and keep them the
   * same size (for groups split by availability zone).
   * @default true
   */
  readonly balanceSimilarNodeGroups?: boolean;
  /**
   * How long a node must be unneeded before it is removed.
   * @default Duration.minutes(10)
   */
  readonly scaleDownUnneededTime?: Duration;
  /**
   * Extra Helm values of the `cluster-autoscaler` chart, merged over the ones this construct sets.
   * @default - none
   */
  readonly values?: { [key: string]: any };
}

/** Properties of a {@link ClusterAutoscaler}. */
export interface ClusterAutoscalerProps extends ClusterAutoscalerOptions {
  /** The cluster. */
  readonly cluster: ICluster;
}

/**
 * The Kubernetes Cluster Autoscaler (chart `cluster-autoscaler` 9.59.0 of
 * https://kubernetes.github.io/autoscaler) at the release of the cluster's Kubernetes minor
 * version, with Pod Identity (or IRSA) and an IAM policy that may change only the Auto Scaling
 * groups tagged `k8s.io/cluster-autoscaler/<cluster>` = `owned`. It finds groups by the
 * auto-discovery tags, which EKS puts on managed node groups and `SelfManagedNodeGroup` puts on
 * its groups. For EKS Auto Mode or Karpenter node pools it is not needed (they scale themselves).
 *
 * @see https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md
 */
export class ClusterAutoscaler extends Construct {
  /** The autoscaler's IAM role. */
  public readonly role: iam.IRole;
  /** The Helm release. */
  public readonly chart: HelmChart;
  /** The image tag it runs. */
  public readonly imageTag: string;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const cluster = props.cluster;
    ClusterRemoval.attach(this, cluster); // lib/cluster/removal.ts
    const clusterName = literalClusterName(cluster);
    if (clusterName === undefined) {
      throw new KitValidationError(this, 'ClusterAutoscalerClusterName',
        "the cluster's name is not known at synth time (a token); the autoscaler's IAM policy keys its condition on the name "
        + '(aws:ResourceTag/k8s.io/cluster-autoscaler/<name>). Give the cluster a literal clusterName.');
    }
    this.imageTag = this.resolveImageTag(cluster, props.imageTag);
    if (autoModeOf(cluster)) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:clusterAutoscalerOnAutoMode',
        'EKS Auto Mode scales its own nodes; Cluster Autoscaler only manages the Auto Scaling groups of node groups on this cluster.');
    }
    const credentials = props.credentials ?? defaultCredentials(props.cluster);
    let identity: IConstruct;
    if (credentials === AddonIdentityMode.IRSA) {
      const sa = new ServiceAccount(this, 'ServiceAccount', { cluster, name: SERVICE_ACCOUNT, namespace: NAMESPACE });
      this.role = sa.role;
      identity = sa;
    } else if (credentials === AddonIdentityMode.POD_IDENTITY) {
      const association = new PodIdentityAssociation(this, 'PodIdentity', { cluster, namespace: NAMESPACE, serviceAccount: SERVICE_ACCOUNT });
      this.role = association.role;
      identity = association;
    } else {
      throw new KitValidationError(this, 'ClusterAutoscalerCredentials',
        "'credentials' must be AddonIdentityMode.POD_IDENTITY or AddonIdentityMode.IRSA; the autoscaler calls AWS APIs.");
    }
    const policy = this.createPolicy(clusterName);

    const unneeded = props.scaleDownUnneededTime ?? Duration.minutes(10);
    this.chart = new HelmChart(this, 'Chart', {
      cluster,
      source: HelmChartSource.fromRepository('https://kubernetes.github.io/autoscaler', 'cluster-autoscaler'),
      version: CHART_VERSION,
      release: 'cluster-autoscaler',
      namespace: NAMESPACE,
      createNamespace: false,
      values: mergeObjects({
        cloudProvider: 'aws',
        awsRegion: Stack.of(this).region,
        autoDiscovery: { clusterName },
        image: { tag: this.imageTag },
        fullnameOverride: 'cluster-autoscaler',
        rbac: { serviceAccount: { create: credentials !== AddonIdentityMode.IRSA, name: SERVICE_ACCOUNT } },
        extraArgs: {
          'expander': props.expander ?? ClusterAutoscalerExpander.LEAST_WASTE,
          'balance-similar-node-groups': props.balanceSimilarNodeGroups ?? true,
          'scale-down-unneeded-time': `${unneeded.toMinutes()}m`,
        },
      }, props.values ?? {}),
    });
    this.chart.node.addDependency(identity, policy);
  }

  private resolveImageTag(cluster: ICluster, imageTag?: string): string {
    if (imageTag !== undefined) {
      if (!Token.isUnresolved(imageTag) && !/^v\d+\.\d+\.\d+/.test(imageTag)) {
        throw new KitValidationError(this, 'ClusterAutoscalerImageTag', `'imageTag' is '${imageTag}'; use a release tag such as v1.36.1.`);
      }
      const minor = cluster.version?.version;
      if (minor && !Token.isUnresolved(minor) && !Token.isUnresolved(imageTag) && !imageTag.startsWith(`v${minor}.`)) {
        Annotations.of(this).addWarningV2('cdk-eks-kit:clusterAutoscalerVersionSkew',
          `'imageTag' ${imageTag} is not of the cluster's Kubernetes ${minor}; Cluster Autoscaler should run the control plane's minor version.`);
      }
      return imageTag;
    }
    const version = cluster.version?.version;
    const tag = version ? IMAGE_TAGS[version] : undefined;
    if (!tag) {
      throw new KitValidationError(this, 'ClusterAutoscalerVersion',
        `this library knows no Cluster Autoscaler release for Kubernetes ${version ?? '(unknown: imported without version)'} `
        + `(known: ${Object.keys(IMAGE_TAGS).join(', ')}); pass 'imageTag' with the release of that minor version, e.g. v${version ?? '1.x'}.0.`);
    }
    return tag;
  }

  private createPolicy(clusterName: string): iam.Policy {
    const stack = Stack.of(this);
    const policy = new iam.Policy(this, 'Policy', {
      statements: [
        // Reads; these actions have no resource-level permissions (AWS README "Full Cluster Autoscaler Features Policy").
        new iam.PolicyStatement({
          actions: [
            'autoscaling:DescribeAutoScalingGroups', 'autoscaling:DescribeAutoScalingInstances', 'autoscaling:DescribeLaunchConfigurations',
            'autoscaling:DescribeScalingActivities', 'ec2:DescribeImages', 'ec2:DescribeInstanceTypes', 'ec2:DescribeLaunchTemplateVersions',
            'ec2:GetInstanceTypesFromInstanceRequirements',
          ],
          resources: ['*'],
        }),
        // Labels and taints of managed node groups scaled from zero, of this cluster only.
        new iam.PolicyStatement({
          actions: ['eks:DescribeNodegroup'],
          resources: [`arn:${Aws.PARTITION}:eks:${stack.region}:${stack.account}:nodegroup/${clusterName}/*/*`],
        }),
        // Changes only to the groups of this cluster (the README's tag-based restriction).
        new iam.PolicyStatement({
          actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
          resources: [`arn:${Aws.PARTITION}:autoscaling:${stack.region}:${stack.account}:autoScalingGroup:*:autoScalingGroupName/*`],
          conditions: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' } },
        }),
      ],
      roles: [this.role],
    });
    const reason = 'Cluster Autoscaler discovers Auto Scaling groups and instance types at run time (describe calls without resource-level '
      + 'permissions); it may change only the groups tagged k8s.io/cluster-autoscaler/<cluster>=owned, and describe only this cluster\'s node groups.';
    Validations.of(policy).acknowledge(
      { id: 'AwsSolutions-IAM5[Resource::*]', reason },
      { id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:eks:<AWS::Region>:<AWS::AccountId>:nodegroup/${clusterName}/*/*]`, reason },
      { id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:*:autoScalingGroupName/*]', reason },
    );
    return policy;
  }
}
