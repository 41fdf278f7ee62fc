import { Token } from 'aws-cdk-lib';
import type { CfnCluster } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AddonOrdering } from '../../addons/addon-ordering';
import type { ICluster } from '../../cluster/cluster-types';
import { KitValidationError } from '../../errors';
import { acknowledgeRequiredManagedPolicies } from '../../nag/acknowledge';
import { AutoModeNodePool, AutoModeOptions } from './auto-mode-options';
import { recordAutoMode } from './auto-mode-state';

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
    AddonOrdering.registerCapacity(cluster, resource);
  }
  return nodeRole;
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
