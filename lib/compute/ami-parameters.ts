import { KubernetesVersion } from '../cluster/kubernetes-version';
import { CpuArchitecture } from './instance-types';
import { NodeAmiFamily } from './node-ami';

/**
 * The public SSM parameter holding the recommended EKS-optimized AMI ID for a family,
 * Kubernetes version and architecture.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id-bottlerocket.html
 */
export function eksAmiParameterName(family: NodeAmiFamily, version: KubernetesVersion, architecture: CpuArchitecture): string {
  switch (family) {
    case NodeAmiFamily.AL2023:
      return `/aws/service/eks/optimized-ami/${version.version}/amazon-linux-2023/${architecture}/standard/recommended/image_id`;
    case NodeAmiFamily.BOTTLEROCKET:
      return `/aws/service/bottlerocket/aws-k8s-${version.version}/${architecture}/latest/image_id`;
  }
}
