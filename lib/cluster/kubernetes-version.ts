import { Token } from 'aws-cdk-lib';

const VERSION_PATTERN = /^1\.(\d{1,2})$/;

/**
 * A Kubernetes minor version that Amazon EKS runs.
 *
 * Use a constant (`KubernetesVersion.V1_35`), or `KubernetesVersion.of('1.38')` for a version
 * newer than this release of the library (a day-0 version: the support calendar does not know
 * it, and manifests and charts need a kubectl layer passed with `kubectlLayer`).
 */
export class KubernetesVersion {
  /**
   * Kubernetes 1.28 (EKS extended support ended 2025-11-26).
   * @deprecated past EKS extended support: EKS creates no clusters on it; upgrade
   */
  public static readonly V1_28 = new KubernetesVersion('1.28');
  /**
   * Kubernetes 1.29 (EKS extended support ended 2026-03-23).
   * @deprecated past EKS extended support: EKS creates no clusters on it; upgrade
   */
  public static readonly V1_29 = new KubernetesVersion('1.29');
  /**
   * Kubernetes 1.30 (EKS extended support ended 2026-07-23).
   * @deprecated past EKS extended support: EKS creates no clusters on it; upgrade
   */
  public static readonly V1_30 = new KubernetesVersion('1.30');
  /**
   * Kubernetes 1.31 (EKS extended support ended 2026-11-26).
   * @deprecated past EKS extended support: EKS creates no clusters on it; upgrade
   */
  public static readonly V1_31 = new KubernetesVersion('1.31');
  /** Kubernetes 1.32 (EKS extended support until 2027-03-23; kubectl layer v33). */
  public static readonly V1_32 = new KubernetesVersion('1.32');
  /** Kubernetes 1.33 (EKS extended support until 2027-07-29; kubectl layer v33). */
  public static readonly V1_33 = new KubernetesVersion('1.33');
  /** Kubernetes 1.34 (EKS standard support until 2026-12-02, extended until 2027-12-02; kubectl layer v33). */
  public static readonly V1_34 = new KubernetesVersion('1.34');
  /** Kubernetes 1.35 (EKS standard support until 2027-03-27; kubectl layer v36). */
  public static readonly V1_35 = new KubernetesVersion('1.35');
  /** Kubernetes 1.36 (EKS standard support until 2027-08-02; kubectl layer v36). */
  public static readonly V1_36 = new KubernetesVersion('1.36');
  /** Kubernetes 1.37 (EKS standard support until 2027-12-01; kubectl layer v36). */
  public static readonly V1_37 = new KubernetesVersion('1.37');

  /**
   * A version by its `major.minor` string, for example `'1.36'`.
   *
   * A string that is not of the form `1.<minor>` (or a token: versions pick AMIs, add-on
   * builds and the kubectl layer at synth time) gives a version that every construct
   * receiving it rejects with a `KitValidationError` naming its path and prop.
   */
  public static of(version: string): KubernetesVersion {
    if (Token.isUnresolved(version)) {
      return new KubernetesVersion(version, "is a token; it must be a literal such as '1.35' (node AMIs, add-on builds and the kubectl layer are chosen from it at synth time)");
    }
    if (typeof version !== 'string' || !VERSION_PATTERN.test(version)) {
      return new KubernetesVersion(String(version), `'${version}' is not a Kubernetes minor version; use the form '1.<minor>', for example '1.35'`);
    }
    return new KubernetesVersion(version);
  }

  /** The version as EKS spells it, e.g. `1.35`. */
  public readonly version: string;
  /** The minor number, e.g. 35 (NaN for a version that is not valid). */
  public readonly minor: number;
  /**
   * Why this version is not valid (see `of()`), or undefined.
   * @internal
   */
  public readonly _problem?: string;

  private constructor(version: string, problem?: string) {
    this.version = version;
    this._problem = problem;
    this.minor = problem ? NaN : Number(VERSION_PATTERN.exec(version)![1]);
  }

  /** Whether this version is at least `other`. */
  public isAtLeast(other: KubernetesVersion): boolean {
    return this.minor >= other.minor;
  }

  public toString(): string {
    return this.version;
  }
}
