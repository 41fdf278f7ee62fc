import { AccessPolicy, AccessScopeType } from './access-policy';
import { AccessPolicyName } from './access-policy-name';

/**
 * Which access policies an access entry of each type takes (not part of the public API).
 *
 * - STANDARD: any access policy.
 * - EC2 (the node role of an EKS Auto Mode custom NodeClass, or of Karpenter nodes on Auto
 *   Mode): only `AmazonEKSAutoNodePolicy`, at cluster scope — the EKS User Guide, "Create a
 *   Node Class" ("Create node class access entry": `create-access-entry --type EC2`, then
 *   `associate-access-policy … AmazonEKSAutoNodePolicy --access-scope type=cluster`).
 * - EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX, HYBRID_LINUX, HYPERPOD_LINUX: none; EKS grants those
 *   node identities their permissions itself (EKS API_CreateAccessEntry: "If you set the value to
 *   EC2_LINUX or EC2_WINDOWS, you can't … associate an AccessPolicy"; hybrid-nodes-cluster-prep
 *   and the HyperPod guide create those entries without policies).
 *
 * Returns a problem message, or undefined when the policy fits. A policy whose name is a token
 * is not judged.
 */
export function accessPolicyTypeProblem(type: string, policy: AccessPolicy): string | undefined {
  if (type === 'STANDARD') return undefined;
  if (type === 'EC2') {
    if (policy.policyName === undefined) return undefined;
    if (policy.policyName !== AccessPolicyName.AUTO_NODE.name) {
      return `an access entry of type EC2 takes only ${AccessPolicyName.AUTO_NODE.name} (the EKS Auto Mode node role), not ${policy.policyName}; `
        + 'use AccessPolicy.autoNode()';
    }
    if (policy.scopeType !== AccessScopeType.CLUSTER) {
      return `${AccessPolicyName.AUTO_NODE.name} on an EC2 entry needs cluster scope; use AccessPolicy.autoNode() (no namespaces)`;
    }
    return undefined;
  }
  return `an access entry of type ${type} takes no access policies (EKS grants node identities their permissions itself); remove 'accessPolicies'`;
}
