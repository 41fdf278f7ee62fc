import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { NodeTaint } from './node-taint';

/**
 * What the EKS API itself refuses in a managed node group (pure functions; not part of the
 * public API). The Kubernetes rules for labels and taints are in labels-taints-rules.ts;
 * these are EKS's own, stricter limits.
 */

const NODEGROUP_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;
const MAX_NAME = 63;
/** EKS accepts at most 20 instance types per managed node group. */
export const MAX_INSTANCE_TYPES = 20;
const MAX_KEY = 63;
const MAX_VALUE = 63;

/**
 * Node group names: at most 63 characters, starting with a letter or digit, then letters,
 * digits, '-' and '_'.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-managed-node-group.html
 */
export function nodegroupNameProblem(name: string | undefined): string | undefined {
  if (name === undefined || Token.isUnresolved(name)) return undefined;
  if (name.length < 1 || name.length > MAX_NAME) {
    return `'nodegroupName' is '${name}' (${name.length} characters); EKS allows 1 to ${MAX_NAME}`;
  }
  if (!NODEGROUP_NAME.test(name)) {
    return `'nodegroupName' is '${name}'; EKS allows letters, digits, '-' and '_', starting with a letter or digit`;
  }
  return undefined;
}

/**
 * EKS limits on managed node group labels, on top of the Kubernetes rules: the whole key
 * (prefix included) and the value have 1 to 63 characters.
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateLabelsPayload.html
 */
export function eksLabelProblems(labels: { [key: string]: string }): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!Token.isUnresolved(key) && key.length > MAX_KEY) {
      problems.push(`label key '${key}' has ${key.length} characters; EKS allows at most ${MAX_KEY} for the whole key, prefix included`);
    }
    if (!Token.isUnresolved(value) && (value.length < 1 || value.length > MAX_VALUE)) {
      problems.push(`label '${key}' value '${value}' has ${value.length} characters; EKS allows 1 to ${MAX_VALUE}`);
    }
  }
  return problems;
}

/**
 * EKS limits on managed node group taints, on top of the Kubernetes rules: the whole key has
 * 1 to 63 characters (the value at most 63, as Kubernetes allows).
 *
 * @see AWS::EKS::Nodegroup Taint (CloudFormation registry schema: Key maxLength 63, Value maxLength 63)
 */
export function eksTaintProblems(taints: NodeTaint[]): string[] {
  return taints
    .filter((t) => !Token.isUnresolved(t.key) && t.key.length > MAX_KEY)
    .map((t) => `taint key '${t.key}' has ${t.key.length} characters; EKS allows at most ${MAX_KEY} for the whole key, prefix included`);
}

/** At most 20 instance types (EKS User Guide, launch templates: "0–20 instance types"). */
export function instanceTypeCountProblem(count: number): string | undefined {
  return count > MAX_INSTANCE_TYPES
    ? `'instanceTypes' lists ${count} instance types; EKS allows at most ${MAX_INSTANCE_TYPES} per managed node group. Split them over several groups`
    : undefined;
}

/** What this library can read of a user's launch template without resolving it. */
export interface LaunchTemplateFacts {
  /** Whether the template sets an image (a custom AMI). */
  readonly hasImage: boolean;
  /** Whether the template sets an instance type. */
  readonly hasInstanceType: boolean;
  /** Settings EKS refuses in a node group's launch template. */
  readonly prohibited: string[];
}

/**
 * Reads an L2 `ec2.LaunchTemplate` (or a `CfnLaunchTemplate` behind one) without resolving
 * anything: only whether fields are present. Undefined for imported templates, whose content
 * is unknown.
 *
 * EKS: "The launch template can't include SubnetId, IamInstanceProfile, RequestSpotInstances,
 * HibernationOptions, or TerminateInstances, or the node group deployment or update will
 * fail." In launch template data those are `NetworkInterfaces[].SubnetId`,
 * `IamInstanceProfile` (the L2 renders one for `role`), `InstanceMarketOptions` (L2
 * `spotOptions`), `HibernationOptions` (L2 `hibernationConfigured`) and
 * `InstanceInitiatedShutdownBehavior` (L2 `instanceInitiatedShutdownBehavior`).
 *
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_LaunchTemplateSpecification.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
 */
export function launchTemplateFacts(template: ec2.ILaunchTemplate): LaunchTemplateFacts | undefined {
  const cfn = template.node?.defaultChild;
  if (!(cfn instanceof ec2.CfnLaunchTemplate)) return undefined;
  const data = cfn.launchTemplateData as { [key: string]: any } | undefined;
  if (data === undefined || Token.isUnresolved(data)) return undefined;
  const prohibited: string[] = [];
  if (data.iamInstanceProfile !== undefined) {
    prohibited.push("an IAM instance profile (an L2 LaunchTemplate renders one for 'role'; EKS attaches the node group's 'nodeRole' itself)");
  }
  const interfaces = data.networkInterfaces;
  if (Array.isArray(interfaces) && interfaces.some((ni) => ni && typeof ni === 'object' && ni.subnetId !== undefined)) {
    prohibited.push("a subnet in its network interfaces (use the node group's 'vpcSubnets')");
  }
  if (data.instanceMarketOptions !== undefined) prohibited.push("instance market options (Spot: use 'capacityType: CapacityType.SPOT')");
  if (data.hibernationOptions !== undefined) prohibited.push('hibernation options');
  if (data.instanceInitiatedShutdownBehavior !== undefined) prohibited.push('a shutdown behavior (EKS must control the instance lifecycle)');
  return { hasImage: data.imageId !== undefined, hasInstanceType: data.instanceType !== undefined, prohibited };
}
