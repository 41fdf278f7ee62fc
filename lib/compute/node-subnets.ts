import { Annotations, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, DependencyGroup, IDependable } from 'constructs';
import { KitValidationError } from '../errors';
import { wrapErrors } from '../validation/prop-check';

/**
 * The subnets nodes run in: the selection given, else the VPC's private subnets (isolated
 * ones when it has no private subnets with egress). Nodes placed in public subnets get a
 * warning: they need public IPs to reach the API and are reachable from the internet.
 *
 * @internal
 */
export function nodeSubnets(scope: Construct, vpc: ec2.IVpc, selection?: ec2.SubnetSelection): ec2.SelectedSubnets {
  const selected = wrapErrors(scope, 'NodeSubnets', 'vpcSubnets', () => vpc.selectSubnets(selection ?? defaultPrivateSelection(scope, vpc)));
  if (selection && selected.hasPublic) {
    Annotations.of(scope).addWarningV2('cdk-eks-kit:nodesInPublicSubnets',
      "'vpcSubnets' selects public subnets; nodes there are exposed to the internet. Prefer private subnets with a NAT gateway or VPC endpoints.");
  }
  if (selected.subnets.length === 0 && !Token.isUnresolved(selected.subnetIds)) {
    throw new KitValidationError(scope, 'NodeSubnets', "'vpcSubnets' selects no subnets; select at least one subnet of the cluster's VPC.");
  }
  return selected;
}

/** @internal */
export function defaultPrivateSelection(scope: Construct, vpc: ec2.IVpc): ec2.SubnetSelection {
  if (vpc.privateSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  if (vpc.isolatedSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  throw new KitValidationError(scope, 'NodeSubnets',
    "the cluster's VPC has no private subnets; pass 'vpcSubnets' to choose the node subnets explicitly.");
}

/**
 * The VPC's routes to the internet: the internet gateway attachment and the default routes of
 * its private subnets (through NAT). What depends on them is deleted before them, so that it
 * keeps egress while it cleans up (e.g. load balancers removed by the controller).
 *
 * @internal
 */
export function internetRoutesOf(vpc: ec2.IVpc): IDependable {
  const routes = new DependencyGroup(vpc.internetConnectivityEstablished);
  if (vpc.privateSubnets.length > 0) routes.add(vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).internetConnectivityEstablished);
  return routes;
}
