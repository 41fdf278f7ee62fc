import type * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A node class a node pool points at (`spec.template.spec.nodeClassRef`): a Karpenter
 * `EC2NodeClass`, an EKS Auto Mode `NodeClass`, or Auto Mode's built-in `default`
 * (`AutoModeNodeClass.DEFAULT`).
 */
export interface INodeClass {
  /** The node class's Kubernetes name. */
  readonly nodeClassName: string;
  /** Its API group: `karpenter.k8s.aws` (Karpenter) or `eks.amazonaws.com` (Auto Mode). */
  readonly nodeClassGroup: string;
  /** Its kind: `EC2NodeClass` or `NodeClass`. */
  readonly nodeClassKind: string;
  /**
   * The IAM role of the nodes it launches, where known at synth: node pools register it with
   * the cluster's capacity, so that grants to node roles (e.g. `ClusterFileSystem`'s
   * `ClientMount` for IAM mounts) reach these nodes too.
   * @default - unknown (an instance profile given by name; Auto Mode's built-in class uses the
   * cluster's Auto Mode node role)
   */
  readonly nodeRole?: iam.IRole;
}
