/**
 * The name of an EKS access policy (`arn:<partition>:eks::aws:cluster-access-policy/<name>`).
 *
 * The constants are the policies EKS listed in 2026 (`aws eks list-access-policies`); use
 * `AccessPolicyName.of('…')` for one that is newer than this release of the library.
 * Several are meant for the entries EKS creates itself (Auto Mode, capabilities, other AWS
 * services) and are listed so that you can recognise them; associate them only where the EKS
 * User Guide says so.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 */
export class AccessPolicyName {
  // The classic policies, like the Kubernetes user-facing ClusterRoles.
  /** Everything on the cluster (like `cluster-admin`). */
  public static readonly CLUSTER_ADMIN = new AccessPolicyName('AmazonEKSClusterAdminPolicy');
  /** Most permissions on namespaced resources (like `admin`). */
  public static readonly ADMIN = new AccessPolicyName('AmazonEKSAdminPolicy');
  /** List and read every resource, including Secrets. */
  public static readonly ADMIN_VIEW = new AccessPolicyName('AmazonEKSAdminViewPolicy');
  /** Create and change most namespaced resources (like `edit`). */
  public static readonly EDIT = new AccessPolicyName('AmazonEKSEditPolicy');
  /** Read most resources, not Secrets (like `view`). */
  public static readonly VIEW = new AccessPolicyName('AmazonEKSViewPolicy');

  // Secrets.
  /** Read Secrets. */
  public static readonly SECRET_READER = new AccessPolicyName('AmazonEKSSecretReaderPolicy');

  // EKS Auto Mode: the node role of a custom NodeClass (EC2 entry), and the cluster role's policies.
  /** The node role of an EKS Auto Mode custom NodeClass (an `EC2` entry, cluster scope). */
  public static readonly AUTO_NODE = new AccessPolicyName('AmazonEKSAutoNodePolicy');
  /** Auto Mode compute (associated by EKS with the cluster role). */
  public static readonly COMPUTE = new AccessPolicyName('AmazonEKSComputePolicy');
  /** Auto Mode block storage (associated by EKS with the cluster role). */
  public static readonly BLOCK_STORAGE = new AccessPolicyName('AmazonEKSBlockStoragePolicy');
  /** Auto Mode load balancing (associated by EKS with the cluster role). */
  public static readonly LOAD_BALANCING = new AccessPolicyName('AmazonEKSLoadBalancingPolicy');
  /** Auto Mode networking (associated by EKS with the cluster role). */
  public static readonly NETWORKING = new AccessPolicyName('AmazonEKSNetworkingPolicy');

  // EKS Capabilities (associated by EKS with the capability role's entry).
  /** The ACK capability. */
  public static readonly ACK = new AccessPolicyName('AmazonEKSACKPolicy');
  /** The Argo CD capability, cluster-wide part. */
  public static readonly ARGO_CD_CLUSTER = new AccessPolicyName('AmazonEKSArgoCDClusterPolicy');
  /** The Argo CD capability, its namespace. */
  public static readonly ARGO_CD = new AccessPolicyName('AmazonEKSArgoCDPolicy');
  /** The kro capability. */
  public static readonly KRO = new AccessPolicyName('AmazonEKSKROPolicy');

  // Other EKS components.
  /** EKS Hybrid Nodes components. */
  public static readonly HYBRID = new AccessPolicyName('AmazonEKSHybridPolicy');
  /** Kubernetes events for EKS. */
  public static readonly EVENT = new AccessPolicyName('AmazonEKSEventPolicy');
  /** EKS Pod Identity. */
  public static readonly POD_IDENTITY = new AccessPolicyName('AmazonEKSPodIdentityPolicy');

  /** A policy by name, e.g. one EKS added after this release. */
  public static of(name: string): AccessPolicyName {
    return new AccessPolicyName(name);
  }

  /** The policy name, e.g. `AmazonEKSViewPolicy`. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  public toString(): string {
    return this.name;
  }
}
