import { IConstruct } from 'constructs';

/**
 * A synth-time validation error raised by a cdk-eks-kit construct.
 *
 * The message starts with the path of the construct that rejected its input and ends
 * with a stable code, so both people and tests can tell what went wrong and where:
 * `MyStack/Cluster: 'clusterName' is "-bad"; ... [ClusterName]`.
 */
export class KitValidationError extends Error {
  /** A stable PascalCase identifier of the rule that failed. */
  public readonly code: string;
  /** The construct path of the construct whose input was rejected. */
  public readonly constructPath: string;

  constructor(scope: IConstruct, code: string, message: string) {
    super(`${scope.node.path}: ${message} [${code}]`);
    this.name = 'KitValidationError';
    this.code = code;
    this.constructPath = scope.node.path;
    Object.setPrototypeOf(this, KitValidationError.prototype);
  }
}
