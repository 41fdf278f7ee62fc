import { Annotations, Token } from 'aws-cdk-lib';
import type { CfnCluster } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, Dependable, IConstruct, IDependable } from 'constructs';
import { Addon } from '../../addons/addon';
import { AddonOrdering } from '../../addons/addon-ordering';
import { ClusterState } from '../../cluster/cluster-state';
import type { ICluster } from '../../cluster/cluster-types';
import { KitValidationError } from '../../errors';
import { acknowledgeRequiredManagedPolicies } from '../../nag/acknowledge';
import { AutoModeNodePool, AutoModeOptions } from './auto-mode-options';
import { recordAutoMode } from './auto-mode-state';
import { POD_IDENTITY_USERS_SLOT } from './pod-identity-agent';

// Not exported from lib/index.ts: how a Cluster renders its `autoMode` prop.
//
// Sources:
// - the three capabilities are enabled or disabled in the same request: EKS User Guide,
//   "Disable EKS Auto Mode" (auto-disable) and "Enable EKS Auto Mode on an existing cluster";
// - cluster role policies and the sts:AssumeRole + sts:TagSession trust: "Amazon EKS Auto Mode
//   cluster IAM role" (auto-cluster-iam-role);
// - node role policies and EC2 trust: "Amazon EKS Auto Mode node IAM role" (auto-create-node-role);
// - EKS creates the node role's access entry at cluster creation; custom NodeClass roles need
//   an EC2 entry with AmazonEKSAutoNodePolicy: "Create a Node Class" (create-node-class);
// - without built-in pools, leave nodePools and nodeRoleArn empty: "Create a Node Pool"
//   (create-node-pool, "Cluster without built-in node pools");
// - ComputeConfig.NodeRoleArn "cannot be changed after the compute capability of EKS Auto Mode
//   is enabled": CloudFormation reference, AWS::EKS::Cluster ComputeConfig.

/** Whether Auto Mode is on for the prop. */
export function autoModeEnabled(options?: AutoModeOptions): boolean {
  return options !== undefined && options.enabled !== false;
}

/** The AWS managed policies of the cluster role. */
export function clusterRolePolicyNames(autoMode: boolean): string[] {
  return [
    'AmazonEKSClusterPolicy',
    ...(autoMode ? ['AmazonEKSComputePolicy', 'AmazonEKSBlockStoragePolicy', 'AmazonEKSLoadBalancingPolicy', 'AmazonEKSNetworkingPolicy'] : []),
  ];
}

/** The AWS managed policies of the Auto Mode node role. */
export const AUTO_MODE_NODE_ROLE_POLICIES = ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly'];

/** Problems of the options. */
export function autoModeProblems(options: AutoModeOptions): string[] {
  const problems: string[] = [];
  const pools = options.nodePools;
  if (pools && !Token.isUnresolved(pools)) {
    for (const pool of pools) {
      if (!Object.values(AutoModeNodePool).includes(pool)) {
        problems.push(`'autoMode.nodePools' contains '${pool}'; the built-in pools are ${Object.values(AutoModeNodePool).join(' and ')}`);
      }
    }
    if (new Set(pools).size !== pools.length) problems.push("'autoMode.nodePools' lists a pool twice");
    if (pools.length === 0 && options.nodeRole) {
      problems.push("'autoMode.nodeRole' is set but 'autoMode.nodePools' is empty; the node role belongs to the built-in pools "
        + '(EKS expects neither without them). Give the role to an AutoModeNodeClass instead');
    }
  }
  return problems;
}

/** The three switches, rendered (all on, or all off). */
export interface RenderedAutoMode {
  readonly computeConfig: CfnCluster.ComputeConfigProperty;
  readonly storageConfig: CfnCluster.StorageConfigProperty;
  readonly elasticLoadBalancing: CfnCluster.ElasticLoadBalancingProperty;
}

/** The CfnCluster sub-properties of the options, with the node role ARN (when there are pools). */
export function renderAutoMode(options: AutoModeOptions, nodeRoleArn?: string): RenderedAutoMode {
  if (!autoModeEnabled(options)) {
    return { computeConfig: { enabled: false }, storageConfig: { blockStorage: { enabled: false } }, elasticLoadBalancing: { enabled: false } };
  }
  const pools = options.nodePools ?? [AutoModeNodePool.GENERAL_PURPOSE, AutoModeNodePool.SYSTEM];
  return {
    computeConfig: { enabled: true, nodePools: [...pools], nodeRoleArn: pools.length > 0 ? nodeRoleArn : undefined },
    storageConfig: { blockStorage: { enabled: true } },
    elasticLoadBalancing: { enabled: true },
  };
}

/**
 * Applies `autoMode` to a cluster of this app: the node role (logical id `AutoModeNodeRole`
 * under the cluster), the cluster role's Auto Mode policies, the three switches, Auto Mode as
 * capacity, and the state node classes and pools read. Returns the node role.
 *
 * @param cluster the cluster construct
 * @param resource its CfnCluster
 * @param clusterRole the cluster role (its trust must already allow sts:TagSession)
 */
export function applyAutoMode(cluster: Construct & ICluster, resource: CfnCluster, clusterRole: iam.IRole, options?: AutoModeOptions): iam.IRole | undefined {
  if (options === undefined) return undefined;
  const problems = autoModeProblems(options);
  if (problems.length > 0) throw new KitValidationError(cluster, 'ClusterAutoMode', `${problems.join('; ')}.`);
  const enabled = autoModeEnabled(options);
  const pools = options.nodePools ?? [AutoModeNodePool.GENERAL_PURPOSE, AutoModeNodePool.SYSTEM];

  let nodeRole: iam.IRole | undefined;
  if (enabled) {
    const names = clusterRolePolicyNames(true).slice(1);
    for (const name of names) clusterRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(name));
    acknowledgeRequiredManagedPolicies(clusterRole, names,
      'EKS Auto Mode requires these AWS managed policies on the cluster role (compute, block storage, load balancing, networking).');
    if (pools.length > 0) {
      nodeRole = options.nodeRole ?? createAutoModeNodeRole(cluster);
    }
  }
  const rendered = renderAutoMode(options, nodeRole?.roleArn);
  resource.computeConfig = rendered.computeConfig;
  resource.storageConfig = rendered.storageConfig;
  const network = (resource.kubernetesNetworkConfig ?? {}) as CfnCluster.KubernetesNetworkConfigProperty;
  resource.kubernetesNetworkConfig = { ...network, elasticLoadBalancing: rendered.elasticLoadBalancing };
  if (nodeRole) resource.node.addDependency(nodeRole);

  if (enabled) {
    recordAutoMode(cluster, { nodeRole, clusterRole, builtInNodePools: [...pools] });
    // Auto Mode launches nodes for pending pods once the cluster is ACTIVE.
    registerAutoModeCapacity(cluster, resource, [], nodeRole);
    cluster.node.addValidation({ validate: () => warnAboutDuplicates(cluster) });
  }
  return nodeRole;
}

/** What EKS Auto Mode runs itself, by the EKS add-on that would install it again. */
const RUN_BY_AUTO_MODE: { [addon: string]: string } = {
  'vpc-cni': 'pod networking',
  'kube-proxy': 'service networking',
  'coredns': 'cluster DNS',
  'aws-ebs-csi-driver': 'EBS block storage (provisioner ebs.csi.eks.amazonaws.com)',
  'eks-pod-identity-agent': 'the Pod Identity agent',
};

const AUTO_MODE_CAPACITY_SLOT = 'auto-mode:capacity';

/**
 * Registers capacity that EKS Auto Mode provides (the cluster itself, Auto Mode node pools),
 * remembering it so that other capacity (node groups, Fargate) can be told apart at synth.
 */
export function registerAutoModeCapacity(cluster: ICluster, capacity: IDependable, builtOn: IConstruct[] = [], nodeRole?: iam.IRole): void {
  AddonOrdering.registerCapacity(cluster, capacity, { builtOn, nodeRole });
  ClusterState.of(cluster).slot(AUTO_MODE_CAPACITY_SLOT, () => new Set<IConstruct>());
  for (const root of Dependable.of(capacity).dependencyRoots) ClusterState.of(cluster).peek<Set<IConstruct>>(AUTO_MODE_CAPACITY_SLOT)!.add(root);
}

/** Whether the cluster has capacity besides what Auto Mode provides (evaluated at synth). */
export function hasNonAutoModeCapacity(cluster: ICluster): boolean {
  const own = ClusterState.of(cluster).peek<Set<IConstruct>>(AUTO_MODE_CAPACITY_SLOT) ?? new Set();
  return Dependable.of(AddonOrdering.capacityOf(cluster)).dependencyRoots.some((root) => !own.has(root));
}

/**
 * Warnings for what would install a component Auto Mode already runs. On a cluster whose only
 * capacity is Auto Mode these add-ons have nothing to do (their DaemonSets skip Auto Mode
 * nodes, EKS User Guide, "Enable EKS Auto Mode on an existing cluster", required add-on
 * versions); with node groups as well, their nodes need them and nothing is said, except that
 * Pod Identity on those nodes needs the agent add-on.
 */
function warnAboutDuplicates(cluster: ICluster): string[] {
  const mixed = hasNonAutoModeCapacity(cluster);
  for (const [name, what] of Object.entries(RUN_BY_AUTO_MODE)) {
    const addon = Addon.tryFind(cluster, name);
    if (addon && !mixed) {
      Annotations.of(addon).addWarningV2('cdk-eks-kit:installedByAutoMode',
        `EKS Auto Mode already runs ${what} on its nodes, and this cluster has no other nodes: the '${name}' add-on installs it a second time `
        + 'for nothing. Remove it, unless you add managed or self-managed node groups.');
    }
  }
  const podIdentityUsers = ClusterState.of(cluster).peek<{ count: number }>(POD_IDENTITY_USERS_SLOT)?.count ?? 0;
  if (mixed && podIdentityUsers > 0 && !Addon.tryFind(cluster, 'eks-pod-identity-agent')) {
    Annotations.of(cluster).addWarningV2('cdk-eks-kit:podIdentityAgentOnNodeGroups',
      'this Auto Mode cluster also has node groups, and Pod Identity is used: Auto Mode nodes run the Pod Identity agent, node groups '
      + "do not. Add cluster.addAddon('PodIdentityAgent', AddonType.podIdentityAgent()) if such pods can run on node groups.");
  }
  return [];
}

function createAutoModeNodeRole(scope: Construct): iam.Role {
  // A fixed id under the cluster: the role's logical id (and so its ARN) stays the same on
  // every deploy, since EKS rejects a change of ComputeConfig.NodeRoleArn.
  const role = new iam.Role(scope, 'AutoModeNodeRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: AUTO_MODE_NODE_ROLE_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    description: `Node role of the EKS Auto Mode built-in node pools of ${scope.node.path}`,
  });
  acknowledgeRequiredManagedPolicies(role, AUTO_MODE_NODE_ROLE_POLICIES,
    'EKS documents these AWS managed policies for the Auto Mode node role (minimal worker-node and ECR pull permissions).');
  return role;
}
