/**
 * What the library does on a cluster in `AuthenticationMode.CONFIG_MAP` (aws-auth only).
 *
 * On such a cluster only two kinds of principal reach the Kubernetes API: the cluster's
 * creator (EKS requires `bootstrapClusterCreatorAdminPermissions: true` in this mode; for a
 * native `AWS::EKS::Cluster` the creator is the CloudFormation deploy role, or the caller's
 * credentials) and the principals mapped in aws-auth. EKS rejects access entries there
 * ("The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP]"). The
 * applier's Lambda role is neither, and only someone who already has access could map it —
 * the CloudFormation role, which runs no code of ours. So a CONFIG_MAP cluster of this app
 * cannot use the applier, and the library refuses, at synth, everything that would need it or
 * an access entry. Managed node groups, Fargate profiles (EKS maps their roles itself), add-ons
 * and Pod Identity associations work.
 *
 * An imported CONFIG_MAP cluster can use an applier whose role the user mapped in aws-auth
 * beforehand (`kubectlProvider` in the attributes).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
 */
export class ConfigMapMode {
  /** Why the applier cannot run on a CONFIG_MAP cluster of this app, and what to do instead. */
  public static applierProblem(): string {
    return "'authenticationMode' is CONFIG_MAP, but this needs the kubectl applier (manifests, Helm charts, service accounts, "
      + 'patches, aws-auth rows). On a CONFIG_MAP cluster only its creator (for an AWS::EKS::Cluster, the CloudFormation deploy role) '
      + 'and principals mapped in the aws-auth ConfigMap can call the Kubernetes API, and EKS rejects access entries, so nothing '
      + "could give the applier's role access. Use AuthenticationMode.API_AND_CONFIG_MAP (aws-auth rows and access entries) or API.";
  }

  /** Why an imported CONFIG_MAP cluster needs its own, already mapped applier. */
  public static importedApplierProblem(): string {
    return "the imported cluster's 'authenticationMode' is CONFIG_MAP, so a new kubectl applier could not get access (EKS rejects "
      + "access entries in that mode). Map an applier's role in aws-auth yourself (e.g. eksctl create iamidentitymapping "
      + "--group system:masters) and pass it as 'kubectlProvider' (KubectlProvider.fromKubectlProviderAttributes), or switch the "
      + 'cluster to API_AND_CONFIG_MAP (aws eks update-cluster-config --access-config authenticationMode=API_AND_CONFIG_MAP).';
  }

  /** Why access entries (admins, grantAccess, node roles) are refused. */
  public static accessEntryProblem(): string {
    return "the cluster's 'authenticationMode' is CONFIG_MAP, in which EKS rejects access entries (admins, grantAccess, the node "
      + 'roles of self-managed, Auto Mode, Karpenter and hybrid nodes). Use AuthenticationMode.API_AND_CONFIG_MAP or API; '
      + 'EKS can move a cluster from CONFIG_MAP to API_AND_CONFIG_MAP in place, but never back.';
  }

  private constructor() {}
}
