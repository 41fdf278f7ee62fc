// Not exported from lib/index.ts: which kind of karpenter.sh/v1 NodePool an object is for.

/** The node pool kinds whose requirement keys, label rules and defaults differ. */
export enum NodePoolFlavor {
  /** Self-managed Karpenter (karpenter.k8s.aws EC2NodeClass). */
  KARPENTER = 'karpenter',
  /** EKS Auto Mode (eks.amazonaws.com NodeClass). */
  AUTO_MODE = 'auto-mode',
}

/**
 * The prefix of instance-attribute labels per kind: Karpenter's well-known labels
 * (karpenter-provider-aws `pkg/apis/v1/labels.go`) and Auto Mode's ("EKS Auto Mode uses
 * different labels than Karpenter", EKS User Guide, create-node-pool).
 */
export const INSTANCE_LABEL_PREFIX: Record<NodePoolFlavor, string> = {
  [NodePoolFlavor.KARPENTER]: 'karpenter.k8s.aws/',
  [NodePoolFlavor.AUTO_MODE]: 'eks.amazonaws.com/',
};

/** The node class group of each kind. */
export const NODE_CLASS_GROUP: Record<NodePoolFlavor, string> = {
  [NodePoolFlavor.KARPENTER]: 'karpenter.k8s.aws',
  [NodePoolFlavor.AUTO_MODE]: 'eks.amazonaws.com',
};

/** How many static Karpenter pools a cluster has (the Karpenter construct turns its feature gate on). */
export const STATIC_KARPENTER_POOLS_SLOT = 'node-pool:staticKarpenterPools';
