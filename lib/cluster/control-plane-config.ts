import { Annotations, Duration, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import type { Construct } from 'constructs';
import { KitValidationError } from '../errors';
import { ControlPlaneEgressMode, ControlPlaneOptions, NodePortRange } from './control-plane';
import type { KubernetesVersion } from './kubernetes-version';

/**
 * Pure renderers and checks of the `controlPlane` prop of a Cluster (not part of the public API).
 *
 * Sources of the rules:
 * - RollbackConfig.TimeoutMinutes 120–10080: CloudFormation reference
 *   (aws-properties-eks-cluster-rollbackconfig) and EKS API_RollbackConfig.
 * - Control-plane component settings need Kubernetes 1.31 or later: EKS User Guide
 *   "Configure advanced Kubernetes control plane parameters" (control-plane-configuration-getting-started).
 * - EventTtl / HPA sync period are single-unit durations ("30m", "1h"): EKS API_KubeApiServerConfigRequest.
 * - Scoring strategy LeastAllocated | MostAllocated, at most 100 resource weights, weight 1–100,
 *   resource name 1–253 characters: EKS API_ScoringStrategy and API_ResourceWeight.
 * - Egress mode CUSTOMER_ROUTED is one-way: EKS API_VpcConfigRequest.
 */

/** The CfnCluster properties the control-plane options set. */
export interface RenderedControlPlane {
  readonly zonalShiftConfig?: CfnCluster.ZonalShiftConfigProperty;
  readonly controlPlaneScalingConfig?: CfnCluster.ControlPlaneScalingConfigProperty;
  readonly rollbackConfig?: CfnCluster.RollbackConfigProperty;
  readonly force?: boolean;
  readonly controlPlaneEgressMode?: string;
  readonly kubeApiServerConfig?: CfnCluster.KubeApiServerConfigProperty;
  readonly kubeSchedulerConfig?: CfnCluster.KubeSchedulerConfigProperty;
  readonly kubeControllerManagerConfig?: CfnCluster.KubeControllerManagerConfigProperty;
}

const COMPONENT_CONFIG_MIN_MINOR = 31;
const ROLLBACK_MIN_MINUTES = 120;
const ROLLBACK_MAX_MINUTES = 10080;

/** Problems of the options (empty when valid); tokens are never judged. */
export function controlPlaneProblems(o: ControlPlaneOptions, version?: KubernetesVersion): string[] {
  const problems: string[] = [];
  if (o.rollbackTimeout !== undefined) {
    problems.push(...tokenUnitProblems('controlPlane.rollbackTimeout', o.rollbackTimeout, ['minutes']));
    const minutes = durationIn(o.rollbackTimeout, 60);
    if (minutes !== undefined && (!Number.isInteger(minutes) || minutes < ROLLBACK_MIN_MINUTES || minutes > ROLLBACK_MAX_MINUTES)) {
      problems.push(`'controlPlane.rollbackTimeout' is ${o.rollbackTimeout.toHumanString()}; EKS accepts whole minutes from `
        + `${ROLLBACK_MIN_MINUTES} (2 hours) to ${ROLLBACK_MAX_MINUTES} (7 days)`);
    }
  }
  const components = o.apiServer !== undefined || o.scheduler !== undefined || o.controllerManager !== undefined;
  if (components && version && version.minor < COMPONENT_CONFIG_MIN_MINOR) {
    problems.push(`'controlPlane' sets API server, scheduler or controller manager settings, which EKS supports from Kubernetes 1.${COMPONENT_CONFIG_MIN_MINOR}; `
      + `the cluster runs ${version.version}`);
  }
  const api = o.apiServer ?? {};
  problems.push(...positiveDurationProblems('controlPlane.apiServer.eventTtl', api.eventTtl));
  if (api.serviceNodePortRange) problems.push(...portRangeProblems(api.serviceNodePortRange));

  const weights = o.scheduler?.resourceWeights;
  if (weights !== undefined && !Token.isUnresolved(weights)) {
    const entries = Object.entries(weights);
    if (entries.length > 100) {
      problems.push(`'controlPlane.scheduler.resourceWeights' has ${entries.length} entries; EKS allows at most 100`);
    }
    for (const [name, weight] of entries) {
      if (!Token.isUnresolved(name) && (name.length < 1 || name.length > 253)) {
        problems.push(`'controlPlane.scheduler.resourceWeights' key '${name}' must be 1–253 characters`);
      }
      if (!Token.isUnresolved(weight) && (!Number.isInteger(weight) || weight < 1 || weight > 100)) {
        problems.push(`'controlPlane.scheduler.resourceWeights.${name}' is ${weight}; EKS accepts whole numbers from 1 to 100`);
      }
    }
  }
  if (weights !== undefined && o.scheduler?.scoringStrategy === undefined) {
    problems.push("'controlPlane.scheduler.resourceWeights' needs 'scoringStrategy' (the weights belong to a scoring strategy)");
  }

  const kcm = o.controllerManager ?? {};
  const threshold = kcm.terminatedPodGcThreshold;
  if (threshold !== undefined && !Token.isUnresolved(threshold) && (!Number.isInteger(threshold) || threshold < 0)) {
    problems.push(`'controlPlane.controllerManager.terminatedPodGcThreshold' is ${threshold}; use a whole number (0 or more)`);
  }
  problems.push(...positiveDurationProblems('controlPlane.controllerManager.horizontalPodAutoscalerSyncPeriod', kcm.horizontalPodAutoscalerSyncPeriod));
  return problems;
}

/** The CfnCluster properties for valid options. */
export function renderControlPlane(o: ControlPlaneOptions): RenderedControlPlane {
  const api = o.apiServer;
  const scheduler = o.scheduler;
  const kcm = o.controllerManager;
  return {
    zonalShiftConfig: o.zonalShift !== undefined ? { enabled: o.zonalShift } : undefined,
    controlPlaneScalingConfig: o.scalingTier ? { tier: o.scalingTier.value } : undefined,
    rollbackConfig: o.rollbackTimeout ? { timeoutMinutes: o.rollbackTimeout.toMinutes() } : undefined,
    force: o.forceUpgrade,
    controlPlaneEgressMode: o.egressMode?.value,
    kubeApiServerConfig: api && (api.eventTtl || api.serviceNodePortRange) ? {
      eventTtl: api.eventTtl ? singleUnitDuration(api.eventTtl) : undefined,
      serviceNodePortRange: api.serviceNodePortRange
        ? { minPort: api.serviceNodePortRange.minPort, maxPort: api.serviceNodePortRange.maxPort } : undefined,
    } : undefined,
    kubeSchedulerConfig: scheduler?.scoringStrategy ? {
      nodeResourcesFit: {
        scoringStrategy: {
          type: scheduler.scoringStrategy,
          resources: scheduler.resourceWeights
            ? Object.entries(scheduler.resourceWeights).map(([name, weight]) => ({ name, weight })) : undefined,
        },
      },
    } : undefined,
    kubeControllerManagerConfig: kcm && (kcm.terminatedPodGcThreshold !== undefined || kcm.horizontalPodAutoscalerSyncPeriod) ? {
      podGcControllerConfig: kcm.terminatedPodGcThreshold !== undefined
        ? { terminatedPodGcThreshold: kcm.terminatedPodGcThreshold } : undefined,
      horizontalPodAutoscalerControllerConfig: kcm.horizontalPodAutoscalerSyncPeriod
        ? { horizontalPodAutoscalerSyncPeriod: singleUnitDuration(kcm.horizontalPodAutoscalerSyncPeriod) } : undefined,
    } : undefined,
  };
}

/**
 * A duration in the single-unit form EKS accepts: whole hours as `2h`, whole minutes as `90m`,
 * otherwise seconds (`45s`).
 */
export function singleUnitDuration(d: Duration): string {
  if (d.isUnresolved()) {
    // A token amount keeps its unit (checked by tokenUnitProblems).
    switch (d.unitLabel()) {
      case 'hours': return `${Token.asString(d.toHours())}h`;
      case 'minutes': return `${Token.asString(d.toMinutes())}m`;
      default: return `${Token.asString(d.toSeconds())}s`;
    }
  }
  const seconds = d.toSeconds();
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * Applies the `controlPlane` prop to the cluster's CfnCluster: validates it (synth error on
 * what EKS would reject), warns about an egress path that cannot reach outside the VPC, and
 * sets the properties.
 */
export function applyControlPlaneOptions(cluster: Construct & { readonly resource: CfnCluster; readonly vpc: ec2.IVpc; readonly controlPlaneSubnets: ec2.ISubnet[] },
  options: ControlPlaneOptions | undefined, version?: KubernetesVersion): void {
  if (!options) return;
  const problems = controlPlaneProblems(options, version);
  if (problems.length > 0) throw new KitValidationError(cluster, 'ClusterControlPlane', `${problems.join('; ')}.`);
  const r = renderControlPlane(options);
  const cfn = cluster.resource;
  cfn.zonalShiftConfig = r.zonalShiftConfig;
  cfn.controlPlaneScalingConfig = r.controlPlaneScalingConfig;
  cfn.rollbackConfig = r.rollbackConfig;
  cfn.force = r.force;
  cfn.kubeApiServerConfig = r.kubeApiServerConfig;
  cfn.kubeSchedulerConfig = r.kubeSchedulerConfig;
  cfn.kubeControllerManagerConfig = r.kubeControllerManagerConfig;
  if (r.controlPlaneEgressMode) {
    cfn.resourcesVpcConfig = { ...(cfn.resourcesVpcConfig as CfnCluster.ResourcesVpcConfigProperty), controlPlaneEgressMode: r.controlPlaneEgressMode };
  }
  if (options.egressMode?.value === ControlPlaneEgressMode.CUSTOMER_ROUTED.value) {
    checkCustomerRoutedEgress(cluster);
  }
}

/**
 * CUSTOMER_ROUTED sends the API server's calls through its network interfaces in the
 * control-plane subnets (EKS User Guide, control-plane-egress). Those interfaces have no public
 * address, so only private subnets with a NAT route reach the internet; public or isolated
 * subnets reach only the VPC and its endpoints. The cluster also waits for the VPC's internet
 * routes, which then stay until the cluster is deleted.
 */
function checkCustomerRoutedEgress(cluster: Construct & { readonly resource: CfnCluster; readonly vpc: ec2.IVpc; readonly controlPlaneSubnets: ec2.ISubnet[] }): void {
  const ids = (subnets: ec2.ISubnet[]) => new Set(subnets.map((s) => s.subnetId));
  const publicIds = ids(cluster.vpc.publicSubnets);
  const isolatedIds = ids(cluster.vpc.isolatedSubnets);
  const noEgress = cluster.controlPlaneSubnets.filter((s) => publicIds.has(s.subnetId) || isolatedIds.has(s.subnetId));
  if (noEgress.length > 0) {
    Annotations.of(cluster).addWarningV2('cdk-eks-kit:controlPlaneEgressNoRoute',
      `'controlPlane.egressMode' is CUSTOMER_ROUTED, but ${noEgress.length} control-plane subnet(s) are public or isolated: the API server's `
      + 'network interfaces have no public address, so its webhook, OIDC and aggregated-API calls reach only the VPC and its endpoints. '
      + "Use private subnets with a NAT route ('vpcSubnets'), or make sure every endpoint the API server calls is reachable privately.");
  }
  cluster.resource.node.addDependency(cluster.vpc.internetConnectivityEstablished,
    ...cluster.controlPlaneSubnets.map((s) => s.internetConnectivityEstablished));
}

function durationIn(d: Duration, unitSeconds: number): number | undefined {
  return d.isUnresolved() ? undefined : d.toMilliseconds({ integral: false }) / 1000 / unitSeconds;
}

/** A duration whose amount is a token can be sent only in the units it was given in. */
function tokenUnitProblems(prop: string, d: Duration, units: string[]): string[] {
  if (!d.isUnresolved() || units.includes(d.unitLabel())) return [];
  return [`'${prop}' is a token in ${d.unitLabel()}; give a token amount with Duration.${units.join('(), Duration.')}()`];
}

function positiveDurationProblems(prop: string, d: Duration | undefined): string[] {
  if (d === undefined) return [];
  const seconds = durationIn(d, 1);
  if (seconds === undefined) return tokenUnitProblems(prop, d, ['seconds', 'minutes', 'hours']);
  if (!Number.isInteger(seconds) || seconds < 1) {
    return [`'${prop}' is ${d.toHumanString()}; use a whole number of seconds of at least 1`];
  }
  return [];
}

function portRangeProblems(range: NodePortRange): string[] {
  const { minPort, maxPort } = range;
  const problems: string[] = [];
  for (const [name, port] of [['minPort', minPort], ['maxPort', maxPort]] as const) {
    if (!Token.isUnresolved(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      problems.push(`'controlPlane.apiServer.serviceNodePortRange.${name}' is ${port}; ports are whole numbers from 1 to 65535`);
    }
  }
  if (problems.length === 0 && !Token.isUnresolved(minPort) && !Token.isUnresolved(maxPort) && minPort > maxPort) {
    problems.push(`'controlPlane.apiServer.serviceNodePortRange' has minPort ${minPort} above maxPort ${maxPort}`);
  }
  return problems;
}
