import { createHash } from 'crypto';
import { KARPENTER_V1_14_1_POLICY, PolicyGroupData } from './karpenter-iam-policy';

/** A custom resource definition a Karpenter release installs. */
export interface KarpenterCrd {
  /** The CRD name, e.g. `nodepools.karpenter.sh`. */
  readonly name: string;
  /** The served (storage) version, e.g. `v1`. */
  readonly version: string;
}

/**
 * A release of Karpenter (aws/karpenter-provider-aws): the chart version of
 * `oci://public.ecr.aws/karpenter/karpenter` and `…/karpenter-crd`, the controller IAM policy
 * published with that release, the CRDs it installs and the Kubernetes versions it supports —
 * always together, so the policy never lags the controller and the CRDs are upgraded with it
 * (Helm does not upgrade a chart's `crds/`; the `karpenter-crd` chart does).
 *
 * @see https://karpenter.sh/docs/upgrading/compatibility/
 */
export class KarpenterVersion {
  /**
   * Karpenter v1.14.1 (charts 1.14.1), for Kubernetes 1.26–1.36. Policy and CRD list from
   * aws/karpenter-provider-aws at tag v1.14.1.
   */
  public static readonly V1_14_1 = new KarpenterVersion('1.14.1', '1.26', '1.36', [
    { name: 'nodepools.karpenter.sh', version: 'v1' },
    { name: 'nodeclaims.karpenter.sh', version: 'v1' },
    { name: 'ec2nodeclasses.karpenter.k8s.aws', version: 'v1' },
    { name: 'nodeoverlays.karpenter.sh', version: 'v1alpha1' },
    { name: 'capacitybuffers.autoscaling.x-k8s.io', version: 'v1beta1' },
  ], KARPENTER_V1_14_1_POLICY);

  /** The release, e.g. `1.14.1` (the chart version and the controller image tag). */
  public readonly version: string;
  /** The oldest Kubernetes minor version the release supports. */
  public readonly minKubernetesVersion: string;
  /** The newest Kubernetes minor version the release supports. */
  public readonly maxKubernetesVersion: string;
  /** The CRDs the release installs (a copy). */
  public readonly crds: KarpenterCrd[];

  private constructor(version: string, min: string, max: string, crds: KarpenterCrd[], private readonly policy: PolicyGroupData[]) {
    this.version = version;
    this.minKubernetesVersion = min;
    this.maxKubernetesVersion = max;
    this.crds = crds.map((c) => ({ ...c }));
  }

  /** A SHA-256 over the release's policy and CRD list, to notice any edit of the pinned data. */
  public get fingerprint(): string {
    return createHash('sha256').update(JSON.stringify({ version: this.version, crds: this.crds, policy: this.policy })).digest('hex');
  }

  /** Whether the release supports a Kubernetes minor version such as `1.35`. */
  public supportsKubernetes(version: string): boolean {
    return minorOf(version) >= minorOf(this.minKubernetesVersion) && minorOf(version) <= minorOf(this.maxKubernetesVersion);
  }

  /** The controller policy groups with placeholders. @internal */
  public get _policy(): PolicyGroupData[] {
    return this.policy;
  }
}

function minorOf(version: string): number {
  const m = /^1\.(\d+)$/.exec(version);
  return m ? Number(m[1]) : NaN;
}
