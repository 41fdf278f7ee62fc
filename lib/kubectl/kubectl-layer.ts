import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { KubernetesVersion } from '../cluster/kubernetes-version';

/** A kubectl layer package this library depends on, and what its README says it carries. */
export interface ShippedKubectlLayer {
  /** kubectl's minor version (1.<minor>). */
  readonly kubectlMinor: number;
  /** Helm's major version in the layer. */
  readonly helmMajor: number;
  /** The npm package. */
  readonly packageName: string;
}

/**
 * The layers shipped as dependencies (their READMEs: v29 = kubectl 1.29.4 + Helm 3.17.1,
 * v33 = kubectl 1.33.0 + Helm 4.1.3, v36 = kubectl 1.36.3 + Helm 4.2.3). Together they serve
 * 1.28–1.30 and 1.32–1.37 within kubectl's skew policy: "kubectl is supported within one
 * minor version (older or newer) of kube-apiserver"
 * (https://kubernetes.io/releases/version-skew-policy/#kubectl).
 */
export const SHIPPED_KUBECTL_LAYERS: readonly ShippedKubectlLayer[] = [
  { kubectlMinor: 29, helmMajor: 3, packageName: '@aws-cdk/lambda-layer-kubectl-v29' },
  { kubectlMinor: 33, helmMajor: 4, packageName: '@aws-cdk/lambda-layer-kubectl-v33' },
  { kubectlMinor: 36, helmMajor: 4, packageName: '@aws-cdk/lambda-layer-kubectl-v36' },
];

/** Whether kubectl 1.<kubectlMinor> serves an API server 1.<serverMinor>. */
export function kubectlServes(kubectlMinor: number, serverMinor: number): boolean {
  return Math.abs(kubectlMinor - serverMinor) <= 1;
}

/** The shipped layer that serves a cluster version (the closest, newer on a tie), if any. */
export function shippedLayerFor(clusterMinor: number): ShippedKubectlLayer | undefined {
  return SHIPPED_KUBECTL_LAYERS
    .filter((l) => kubectlServes(l.kubectlMinor, clusterMinor))
    .sort((a, b) => Math.abs(a.kubectlMinor - clusterMinor) - Math.abs(b.kubectlMinor - clusterMinor) || b.kubectlMinor - a.kubectlMinor)[0];
}

/** The shipped layer that carries exactly kubectl 1.<minor>, if any. */
export function shippedLayerWithKubectl(minor: number): ShippedKubectlLayer | undefined {
  return SHIPPED_KUBECTL_LAYERS.find((l) => l.kubectlMinor === minor);
}

/** How the applier gets kubectl and Helm: a shipped layer, or the user's. */
export interface KubectlLayerChoice {
  /** The shipped layer to create, when the user gave none. */
  readonly shipped?: ShippedKubectlLayer;
  /** Why no layer can serve the cluster (a synth error), if so. */
  readonly problem?: string;
  /** The stable error code of `problem`. */
  readonly code?: string;
}

/**
 * Chooses the applier's layer. Pure.
 *
 * @param clusterVersion the cluster's version (undefined: an import that did not state it)
 * @param userLayer whether the user passed `kubectlLayer`
 * @param kubectlVersion the user's `kubectlVersion`: the version of their layer, or, without a
 *   layer, which shipped layer to use
 */
export function chooseKubectlLayer(clusterVersion: KubernetesVersion | undefined, userLayer: boolean,
  kubectlVersion: KubernetesVersion | undefined): KubectlLayerChoice {
  if (userLayer) {
    if (!kubectlVersion) {
      return {
        code: 'KubectlVersionMissing',
        problem: "'kubectlLayer' is given without 'kubectlVersion'; pass the kubectl version the layer carries (e.g. KubernetesVersion.V1_36 for KubectlV36Layer).",
      };
    }
    if (clusterVersion && !kubectlServes(kubectlVersion.minor, clusterVersion.minor)) {
      return { code: 'KubectlVersionSkew', problem: skewMessage(clusterVersion, `the given 'kubectlLayer' carries kubectl ${kubectlVersion.version}`, kubectlVersion.minor) };
    }
    return {};
  }
  if (kubectlVersion) {
    const shipped = shippedLayerWithKubectl(kubectlVersion.minor);
    if (!shipped) {
      return {
        code: 'KubectlVersionNotShipped',
        problem: `'kubectlVersion' is ${kubectlVersion.version} without a 'kubectlLayer', but this library ships kubectl layers only for `
          + `${SHIPPED_KUBECTL_LAYERS.map((l) => `1.${l.kubectlMinor}`).join(', ')}; pass 'kubectlLayer' (e.g. from @aws-cdk/lambda-layer-kubectl-v${kubectlVersion.minor}) or leave 'kubectlVersion' out to let the cluster version choose.`,
      };
    }
    if (clusterVersion && !kubectlServes(shipped.kubectlMinor, clusterVersion.minor)) {
      return { code: 'KubectlVersionSkew', problem: skewMessage(clusterVersion, `'kubectlVersion' ${kubectlVersion.version} selects ${shipped.packageName}`, shipped.kubectlMinor) };
    }
    return { shipped };
  }
  if (!clusterVersion) {
    return {
      code: 'KubectlClusterVersionUnknown',
      problem: "the cluster's Kubernetes version is unknown, so no kubectl layer can be chosen for the applier (kubectl serves API servers one minor "
        + "version apart); pass 'version' to Cluster.fromClusterAttributes(), or pass 'kubectlLayer' with 'kubectlVersion'.",
    };
  }
  const shipped = shippedLayerFor(clusterVersion.minor);
  if (!shipped) {
    const m = clusterVersion.minor;
    return {
      code: 'KubectlVersionSkew',
      problem: `the cluster runs Kubernetes ${clusterVersion.version}, and none of the kubectl layers this library ships `
        + `(${SHIPPED_KUBECTL_LAYERS.map((l) => `v${l.kubectlMinor}`).join(', ')}) is within one minor version of it. `
        + `Install @aws-cdk/lambda-layer-kubectl-v${m} and pass 'kubectlLayer: new KubectlV${m}Layer(this, 'KubectlLayer')' `
        + `with 'kubectlVersion: KubernetesVersion.of('1.${m}')'.`,
    };
  }
  return { shipped };
}

function skewMessage(clusterVersion: KubernetesVersion, what: string, kubectlMinor: number): string {
  const m = clusterVersion.minor;
  const shipped = shippedLayerFor(m);
  return `the cluster runs Kubernetes ${clusterVersion.version}, but ${what}, which serves clusters 1.${kubectlMinor - 1}–1.${kubectlMinor + 1}. `
    + (shipped
      ? `Leave 'kubectlLayer' and 'kubectlVersion' out: this library then uses ${shipped.packageName}.`
      : `Install @aws-cdk/lambda-layer-kubectl-v${m} and pass 'kubectlLayer: new KubectlV${m}Layer(this, 'KubectlLayer')' with 'kubectlVersion: KubernetesVersion.of('1.${m}')'.`);
}

/**
 * Creates the shipped layer. Only this layer's package is loaded, so only its zip is
 * staged as an asset.
 */
export function createShippedLayer(scope: Construct, id: string, layer: ShippedKubectlLayer): lambda.ILayerVersion {
  switch (layer.kubectlMinor) {
    case 29: {
      const { KubectlV29Layer } = require('@aws-cdk/lambda-layer-kubectl-v29') as typeof import('@aws-cdk/lambda-layer-kubectl-v29');
      return new KubectlV29Layer(scope, id);
    }
    case 33: {
      const { KubectlV33Layer } = require('@aws-cdk/lambda-layer-kubectl-v33') as typeof import('@aws-cdk/lambda-layer-kubectl-v33');
      return new KubectlV33Layer(scope, id);
    }
    case 36: {
      const { KubectlV36Layer } = require('@aws-cdk/lambda-layer-kubectl-v36') as typeof import('@aws-cdk/lambda-layer-kubectl-v36');
      return new KubectlV36Layer(scope, id);
    }
    default:
      throw new Error(`no shipped kubectl layer for kubectl 1.${layer.kubectlMinor}`);
  }
}
