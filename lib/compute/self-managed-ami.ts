import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { KubernetesVersion } from '../cluster/kubernetes-version';
import { KitValidationError } from '../errors';
import { amiTypeParameterName } from './ami-parameters';
import { NodeGroupAmiType } from './ami-type';
import { amiTypeFindings } from './ami-type-rules';
import type { InstanceTypeInfo } from './instance-types';
import { NodeAmiFamily } from './node-ami';

/**
 * The `amiType` of a self-managed node group (not part of the public API): an EKS-optimized
 * AMI variant whose image ID is read from its public SSM parameter at deploy time.
 * Self-managed groups bootstrap AL2023 (nodeadm) and Bottlerocket (TOML settings) only, so
 * Windows, AL2 and CUSTOM types are refused here.
 */
export function selfManagedAmiFamily(scope: Construct, amiType: NodeGroupAmiType | undefined, amiFamily: NodeAmiFamily | undefined): NodeAmiFamily {
  if (!amiType) return amiFamily ?? NodeAmiFamily.AL2023;
  const family = amiType.family === 'AL2023' ? NodeAmiFamily.AL2023 : amiType.family === 'BOTTLEROCKET' ? NodeAmiFamily.BOTTLEROCKET : undefined;
  if (!family) {
    throw new KitValidationError(scope, 'NodeGroupAmiType',
      `'amiType' is ${amiType.value}; self-managed node groups bootstrap AL2023 and Bottlerocket AMI types only. `
      + 'Use a ManagedNodeGroup for Windows, or pass your own machineImage and userData.');
  }
  if (amiFamily !== undefined && amiFamily !== family) {
    throw new KitValidationError(scope, 'NodeGroupAmiType', `'amiType' ${amiType.value} is ${family}, but 'amiFamily' is ${amiFamily}; remove 'amiFamily'.`);
  }
  return family;
}

/** The machine image of an AMI type for the cluster's version, after the architecture and version checks. */
export function selfManagedAmiImage(scope: Construct, amiType: NodeGroupAmiType, version: KubernetesVersion, infos: InstanceTypeInfo[]): ec2.IMachineImage {
  const { errors } = amiTypeFindings(amiType, infos, version);
  if (errors.length > 0) throw new KitValidationError(scope, 'NodeGroupAmiType', errors.join(' '));
  const parameter = amiTypeParameterName(amiType, version);
  if (!parameter) {
    throw new KitValidationError(scope, 'NodeGroupAmiType',
      `'amiType' ${amiType.value} has no public SSM parameter known to this library; pass 'machineImage'.`);
  }
  // A CloudFormation parameter of type AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>: resolved at deploy, no synth lookup.
  return ec2.MachineImage.fromSsmParameter(parameter, { os: ec2.OperatingSystemType.LINUX });
}
