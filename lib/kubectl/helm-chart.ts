import { existsSync } from 'fs';
import { join } from 'path';
import { CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { AddonOrdering } from '../addons/addon-ordering';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { RESOURCE_TYPES } from './handler/resource-types';
import { grantAssetRead } from './asset-grant';
import { validateHelmChart } from './helm-chart-rules';
import { checkProps } from '../validation/prop-check';
import { HELM_CHART_PROPS } from '../validation/prop-specs';
import { ClusterRemoval, RemovalKind } from '../cluster/removal';

/** Where a Helm chart comes from. */
export class HelmChartSource {
  /**
   * A chart in a classic Helm repository (an `index.yaml` over HTTP(S)).
   * @param repositoryUrl e.g. `https://kubernetes.github.io/ingress-nginx`
   * @param chart the chart name in the repository, e.g. `ingress-nginx`
   */
  public static fromRepository(repositoryUrl: string, chart: string): HelmChartSource {
    return new HelmChartSource('repository', chart, repositoryUrl);
  }

  /**
   * A chart in an OCI registry, e.g. `oci://public.ecr.aws/karpenter/karpenter`.
   * Private registries need the handler to be logged in; only public registries work as is.
   */
  public static fromOci(reference: string): HelmChartSource {
    return new HelmChartSource('oci', reference);
  }

  /** A chart directory in this project (with `Chart.yaml`), uploaded as an S3 asset. */
  public static fromAsset(directory: string): HelmChartSource {
    return new HelmChartSource('asset', directory);
  }

  private constructor(
    /** @internal */ public readonly _kind: 'repository' | 'oci' | 'asset',
    /** @internal */ public readonly _chart: string,
    /** @internal */ public readonly _repository?: string,
  ) {}
}

/** Options of {@link HelmChart} for `cluster.addHelmChart`. */
export interface HelmChartOptions {
  /** Where the chart comes from. */
  readonly source: HelmChartSource;
  /**
   * The release name (at most 53 characters, lowercase RFC 1123).
   * @default - derived from the construct id
   */
  readonly release?: string;
  /**
   * The chart version (required for reproducible deploys of repository and OCI charts).
   * @default - the newest version at deploy time
   */
  readonly version?: string;
  /**
   * The namespace of the release.
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * Create the namespace if it does not exist.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Values for the chart.
   * @default - the chart's defaults
   */
  readonly values?: Record<string, any>;
  /**
   * Wait until the release's resources are ready.
   * @default true
   */
  readonly wait?: boolean;
  /**
   * How long Helm may wait; at most the provider's `maxOperationTimeout` (12 minutes with
   * the default 14-minute handler), so that the handler always answers in time.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * Roll the release back if the install or upgrade fails (`--atomic`).
   * @default true
   */
  readonly atomic?: boolean;
}

/** Properties of a {@link HelmChart}. */
export interface HelmChartProps extends HelmChartOptions {
  /** The cluster to install into. */
  readonly cluster: ICluster;
}

const RELEASE_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A Helm release installed or upgraded at deploy time (`helm upgrade --install`), atomic
 * by default. A release stuck in `pending-*` from an earlier interrupted run is rolled back
 * (or uninstalled, if it never deployed) first. Uninstalled when removed.
 */
export class HelmChart extends Construct {
  /** The release name. */
  public readonly release: string;
  /** The namespace of the release. */
  public readonly namespace: string;
  /** The custom resource. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: HelmChartProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster, RemovalKind.KUBERNETES); // lib/cluster/removal.ts
    checkProps(this, props, HELM_CHART_PROPS);
    const provider = props.cluster.kubectlProvider;
    this.release = props.release ?? defaultReleaseName(id);
    this.namespace = props.namespace ?? 'default';
    const timeout = props.timeout ?? Duration.minutes(5);
    this.validate(props, timeout, provider.maxOperationTimeout);
    validateHelmChart(this, props.cluster, { ...props, timeout, release: this.release });

    const source = props.source;
    const properties: Record<string, unknown> = {
      Release: this.release,
      Namespace: this.namespace,
      Chart: source._chart,
      Repository: source._kind === 'repository' ? source._repository : undefined,
      Version: props.version,
      Values: props.values ? Stack.of(this).toJsonString(props.values) : undefined,
      CreateNamespace: props.createNamespace ?? true,
      Wait: props.wait ?? true,
      Atomic: props.atomic ?? true,
      TimeoutSeconds: timeout.toSeconds(),
    };
    if (source._kind === 'asset') {
      const asset = new s3assets.Asset(this, 'ChartAsset', { path: source._chart });
      if (!provider.handlerRole) {
        throw new KitValidationError(this, 'HelmChartAssetNoRole',
          "a local chart needs read access for the kubectl handler, but the cluster's imported kubectl provider has no 'handlerRole'; pass it in KubectlProviderAttributes.");
      }
      grantAssetRead(provider.handlerRole, asset);
      properties.Chart = undefined;
      properties.ChartAsset = { Bucket: asset.s3BucketName, Key: asset.s3ObjectKey };
    }
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPES.helm,
      properties,
    });
    this.resource.node.addDependency(provider);
    if (props.wait ?? true) {
      // Helm waits for the release's pods: they need capacity for this namespace, which is
      // created before the chart and deleted after it (AddonOrdering).
      AddonOrdering.waitForCapacity(this, props.cluster, {
        namespace: this.namespace,
        description: `the Helm chart '${Token.isUnresolved(this.release) ? id : this.release}' (wait: true)`,
        alternative: "or set 'wait: false' on the chart",
      });
    }
  }

  private validate(props: HelmChartProps, timeout: Duration, max: Duration): void {
    if (!Token.isUnresolved(this.release) && (this.release.length > 53 || !RELEASE_PATTERN.test(this.release))) {
      throw new KitValidationError(this, 'HelmReleaseName',
        `'release' is '${this.release}'; Helm release names are at most 53 lowercase letters, digits and '-', starting and ending with a letter or digit.`);
    }
    const source = props.source;
    if (source._kind === 'repository' && !Token.isUnresolved(source._repository) && !/^https?:\/\//.test(source._repository!)) {
      throw new KitValidationError(this, 'HelmRepository',
        `the repository URL is '${source._repository}'; use an http(s):// URL, or HelmChartSource.fromOci('oci://...') for OCI registries.`);
    }
    if (source._kind === 'oci' && !Token.isUnresolved(source._chart) && !source._chart.startsWith('oci://')) {
      throw new KitValidationError(this, 'HelmOciReference',
        `the OCI reference is '${source._chart}'; it must start with 'oci://' (e.g. oci://public.ecr.aws/karpenter/karpenter).`);
    }
    if (source._kind === 'asset' && !existsSync(join(source._chart, 'Chart.yaml'))) {
      throw new KitValidationError(this, 'HelmChartAsset',
        `the chart directory '${source._chart}' has no Chart.yaml; HelmChartSource.fromAsset needs the path of an unpacked chart.`);
    }
    if (!Token.isUnresolved(timeout.toSeconds()) && timeout.toSeconds() > max.toSeconds()) {
      throw new KitValidationError(this, 'HelmTimeout',
        `'timeout' is ${timeout.toSeconds()} seconds, longer than the kubectl handler can wait (${max.toSeconds()} seconds) before it must answer CloudFormation. `
        + `Use at most Duration.seconds(${max.toSeconds()}), or raise the cluster's 'kubectlTimeout' (up to 14 minutes).`);
    }
  }
}

/** A release name from the construct id: kebab-case, at most 53 characters. */
function defaultReleaseName(id: string): string {
  const base = id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'release';
  return base.slice(0, 53).replace(/-+$/, '');
}
