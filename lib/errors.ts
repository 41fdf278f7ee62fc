import { IConstruct } from 'constructs';

// A marker that survives two copies of the library in one app (`instanceof` does not), as
// aws-cdk-lib marks its own errors (aws-cdk-lib/core/lib/errors.ts: `Symbol.for(...)` + `Errors`).
const KIT_VALIDATION_ERROR = Symbol.for('cdk-eks-kit.KitValidationError');

// jsii refuses an exported class that extends `Error` directly, even an internal one; a
// module-private base class in between keeps `Error` out of its sight (aws-cdk-lib's
// `ValidationError extends ConstructError extends Error` has the same shape).
abstract class KitError extends Error {}

/**
 * A synth-time validation error raised by a cdk-eks-kit construct.
 *
 * The message starts with the path of the construct that rejected its input and ends
 * with a stable code, so both people and tests can tell what went wrong and where:
 * `MyStack/Cluster: 'clusterName' is "-bad"; ... [ClusterName]`.
 *
 * TypeScript and JavaScript apps may import it and test `instanceof`. It is not part of the
 * jsii API (jsii cannot represent a subclass of `Error`; aws-cdk-lib's `ValidationError` is
 * internal for the same reason): `KitErrors.isKitValidationError(e)` and `KitErrors.codeOf(e)`
 * tell it apart, and the message carries the code in brackets.
 *
 * @internal
 */
export class KitValidationError extends KitError {
  /** A stable PascalCase identifier of the rule that failed. */
  public readonly code: string;
  /** The construct path of the construct whose input was rejected. */
  public readonly constructPath: string;

  constructor(scope: IConstruct, code: string, message: string) {
    super(`${scope.node.path}: ${message} [${code}]`);
    this.name = 'KitValidationError';
    this.code = code;
    this.constructPath = scope.node.path;
    Object.defineProperty(this, KIT_VALIDATION_ERROR, { value: true });
    Object.setPrototypeOf(this, KitValidationError.prototype);
  }
}

/**
 * Tells cdk-eks-kit's synth-time validation errors apart from other errors, also when two
 * copies of the library are loaded in one app. (In Python, Java, .NET and Go the error arrives
 * as the jsii runtime's exception; its message ends in the code, e.g. `[ClusterName]`.)
 */
export class KitErrors {
  /**
   * Whether `x` is a validation error raised by a cdk-eks-kit construct.
   *
   * @param x any value, usually a caught error
   */
  public static isKitValidationError(x: any): x is KitValidationError {
    return x !== null && typeof x === 'object' && KIT_VALIDATION_ERROR in x;
  }

  /**
   * The stable code of a cdk-eks-kit validation error (e.g. `ClusterName`), or `undefined` if
   * `x` is not one.
   *
   * @param x any value, usually a caught error
   */
  public static codeOf(x: any): string | undefined {
    return KitErrors.isKitValidationError(x) ? x.code : undefined;
  }

  /**
   * The path of the construct that rejected its input, or `undefined` if `x` is not a
   * cdk-eks-kit validation error.
   *
   * @param x any value, usually a caught error
   */
  public static constructPathOf(x: any): string | undefined {
    return KitErrors.isKitValidationError(x) ? x.constructPath : undefined;
  }

  private constructor() {}
}
