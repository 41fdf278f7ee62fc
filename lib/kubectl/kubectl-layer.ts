import type { KubernetesVersion } from '../cluster/kubernetes-version';

/** The minor version of kubectl in the built-in `@aws-cdk/lambda-layer-kubectl-v29` layer. */
export const BUILT_IN_KUBECTL_MINOR = 29;

/**
 * Why the kubectl of the layer cannot serve the cluster, or undefined when it can.
 * kubectl supports API servers one minor version older or newer than itself.
 *
 * @param clusterVersion the cluster's version (undefined: unknown, not checked)
 * @param kubectlVersion the kubectl version of the user's layer (undefined: the built-in v29 layer)
 */
export function kubectlSkewProblem(clusterVersion: KubernetesVersion | undefined, kubectlVersion: KubernetesVersion | undefined): string | undefined {
  if (!clusterVersion) return undefined;
  const kubectlMinor = kubectlVersion?.minor ?? BUILT_IN_KUBECTL_MINOR;
  if (Math.abs(clusterVersion.minor - kubectlMinor) <= 1) return undefined;
  const m = clusterVersion.minor;
  const layer = kubectlVersion
    ? `the given 'kubectlLayer' carries kubectl 1.${kubectlMinor}, which serves clusters 1.${kubectlMinor - 1}–1.${kubectlMinor + 1}`
    : `the built-in @aws-cdk/lambda-layer-kubectl-v${BUILT_IN_KUBECTL_MINOR} layer carries kubectl 1.${BUILT_IN_KUBECTL_MINOR}, which serves clusters 1.${BUILT_IN_KUBECTL_MINOR - 1}–1.${BUILT_IN_KUBECTL_MINOR + 1}`;
  return `the cluster runs Kubernetes ${clusterVersion.version}, but ${layer}. `
    + `Install @aws-cdk/lambda-layer-kubectl-v${m} and pass 'kubectlLayer: new KubectlV${m}Layer(this, 'KubectlLayer')' `
    + `with 'kubectlVersion: KubernetesVersion.V1_${m}'.`;
}
