/**
 * Who can reach the cluster's Kubernetes API server endpoint.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
 */
export class EndpointAccess {
  /**
   * Reachable only from inside the VPC (and networks connected to it). The default.
   * The kubectl applier then runs in the cluster's private subnets.
   */
  public static readonly PRIVATE = new EndpointAccess(false, true, []);

  /**
   * Reachable from the internet (from the CIDRs given with `onlyFrom`), and nodes reach it
   * from inside the VPC through the private endpoint as well.
   */
  public static readonly PUBLIC_AND_PRIVATE = new EndpointAccess(true, true, []);

  /**
   * Reachable from the internet only; nodes' API traffic leaves the VPC through NAT.
   * Not recommended: prefer `PUBLIC_AND_PRIVATE`.
   */
  public static readonly PUBLIC = new EndpointAccess(true, false, []);

  /** Whether the public endpoint is on. */
  public readonly publicAccess: boolean;
  /** Whether the private endpoint is on. */
  public readonly privateAccess: boolean;
  /** CIDR blocks allowed to reach the public endpoint; empty means 0.0.0.0/0. */
  public readonly publicCidrs: string[];
  /**
   * Whether `onlyFrom()` was called (with no CIDRs that is an error, not an open endpoint).
   * @internal
   */
  public readonly _restricted: boolean;

  private constructor(publicAccess: boolean, privateAccess: boolean, publicCidrs: string[], restricted = false) {
    this.publicAccess = publicAccess;
    this.privateAccess = privateAccess;
    this.publicCidrs = publicCidrs;
    this._restricted = restricted;
  }

  /**
   * Restricts the public endpoint to these IPv4 CIDR blocks (validated by the Cluster).
   * Only meaningful for `PUBLIC` and `PUBLIC_AND_PRIVATE`. A list token such as a
   * `CommaDelimitedList` parameter is passed spread: `onlyFrom(...param.valueAsList)`.
   * Calling it with no CIDRs is an error (it would leave the endpoint open to 0.0.0.0/0).
   */
  public onlyFrom(...cidrs: string[]): EndpointAccess {
    return new EndpointAccess(this.publicAccess, this.privateAccess, [...cidrs], true);
  }
}
