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
}
