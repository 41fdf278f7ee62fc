import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { basename, join } from 'path';
import { CustomResource, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { AddonOrdering } from '../addons/addon-ordering';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { RESOURCE_TYPES } from './handler/resource-types';
import { grantAssetRead } from './asset-grant';
import { validateHelmChart } from './helm-chart-rules';
import { ownerFamily, ownerValueIn } from './manifest-objects';
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
   * The release name (at most 53 characters, lowercase RFC 1123). Keep it stable: a new name
   * installs a second release (and uninstalls the old one afterwards). Renaming or moving the
   * construct does not change it.
   * @default - the chart's name (`chart` of a repository chart, the last path segment of an
   * OCI reference, `name` in the Chart.yaml of a local chart); two charts of a cluster with the
   * same name in the same namespace need `release`
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
   * How long the release may take to become ready. Up to the provider's
   * `maxOperationTimeout` (12 minutes with the default 14-minute handler) Helm waits itself
   * (`--wait`, with `atomic` its rollback). Longer (up to 2 hours) the release is installed
   * without Helm's wait, and up to 10 readiness checks of at most `maxOperationTimeout` each
   * (`Custom::CdkEksKitHelmReady` resources, served by the same handler: no extra Lambda
   * function) wait for its Deployments, StatefulSets, DaemonSets, Pods, PVCs, load-balancer
   * Services and CRDs; a failure then rolls back through CloudFormation (the release is
   * upgraded back to the previous properties, or uninstalled after a failed create), and
   * Helm hooks must still finish within `maxOperationTimeout`.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * Roll the release back if the install or upgrade fails (`--atomic`; Helm 4:
   * `--rollback-on-failure`).
   * @default true
   */
  readonly atomic?: boolean;
  /**
   * Do not install the chart's CRDs (`--skip-crds`), e.g. when they are applied separately.
   * @default false
   */
  readonly skipCrds?: boolean;
}

/** Properties of a {@link HelmChart}. */
export interface HelmChartProps extends HelmChartOptions {
  /** The cluster to install into. */
  readonly cluster: ICluster;
}

const RELEASE_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The longest wait a chart may ask for (10 readiness checks of 12 minutes). */
const MAX_TOTAL_TIMEOUT = Duration.hours(2);
const MAX_READY_CHECKS = 10;

/**
 * A Helm release installed or upgraded at deploy time (`helm upgrade --install`), atomic
 * by default. A release stuck in `pending-*` or `uninstalling` from an earlier interrupted
 * run is recovered first. The release records this resource as its owner: it is uninstalled
 * when this resource is deleted only if it still owns it.
 */
export class HelmChart extends Construct {
  /** The release name. */
  public readonly release: string;
  /** The namespace of the release. */
  public readonly namespace: string;
  /** The custom resource that installs the release. */
  public readonly resource: CustomResource;
  /** The readiness checks of a release whose `timeout` exceeds what one handler run can wait (empty otherwise). */
  public readonly readinessChecks: CustomResource[] = [];

  constructor(scope: Construct, id: string, props: HelmChartProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster, RemovalKind.KUBERNETES); // lib/cluster/removal.ts
    checkProps(this, props, HELM_CHART_PROPS);
    const provider = props.cluster.kubectlProvider;
    this.release = props.release ?? defaultReleaseName(id, props.source);
    this.namespace = props.namespace ?? 'default';
    const timeout = props.timeout ?? Duration.minutes(5);
    const max = provider.maxOperationTimeout;
    this.validate(props, timeout, max);
    // Also refuses a second chart with the same release and namespace on the cluster.
    validateHelmChart(this, props.cluster, { ...props, timeout, release: this.release });
    const long = !Token.isUnresolved(timeout.toSeconds()) && timeout.toSeconds() > max.toSeconds();

    const source = props.source;
    const stack = Stack.of(this);
    const family = ownerFamily(stack, props.cluster);
    const properties: Record<string, unknown> = {
      Release: this.release,
      Namespace: this.namespace,
      Chart: source._chart,
      Repository: source._kind === 'repository' ? source._repository : undefined,
      Version: props.version,
      Values: props.values ? stack.toJsonString(props.values) : undefined,
      CreateNamespace: props.createNamespace ?? true,
      // A long wait is done by the readiness checks, after Helm returns.
      Wait: long ? false : props.wait ?? true,
      Atomic: long ? false : props.atomic ?? true,
      SkipCrds: props.skipCrds ? true : undefined,
      TimeoutSeconds: long ? max.toSeconds() : timeout.toSeconds(),
      OwnerValue: ownerValueIn(family, this.node.path),
      OwnerFamily: family,
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
    if (long) this.addReadinessChecks(provider.serviceToken, properties, timeout.toSeconds(), max.toSeconds());
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

  /**
   * Chained `Custom::CdkEksKitHelmReady` resources, each waiting up to `max` seconds; they
   * run again whenever the release's properties change (their `Revision` is a hash of them).
   */
  private addReadinessChecks(serviceToken: string, release: Record<string, unknown>, total: number, max: number): void {
    const stack = Stack.of(this);
    const revision = Lazy.string({ produce: () => createHash('sha256').update(JSON.stringify(stack.resolve(release))).digest('hex').slice(0, 32) });
    const count = Math.ceil(total / max);
    let previous: Construct = this.resource;
    for (let i = 0; i < count; i++) {
      const check = new CustomResource(this, `Ready${i + 1}`, {
        serviceToken,
        resourceType: RESOURCE_TYPES.helmReady,
        properties: {
          Release: this.release,
          Namespace: this.namespace,
          TimeoutSeconds: Math.min(max, total - i * max),
          Final: i === count - 1,
          Revision: revision,
        },
      });
      check.node.addDependency(previous);
      this.readinessChecks.push(check);
      previous = check;
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
    if (Token.isUnresolved(timeout.toSeconds()) || Token.isUnresolved(max.toSeconds())) return;
    const seconds = timeout.toSeconds();
    if (seconds > max.toSeconds() && props.wait === false) {
      throw new KitValidationError(this, 'HelmTimeout',
        `'timeout' is ${seconds} seconds with 'wait: false': without waiting, the timeout only bounds Helm's hooks, which must finish within one run of the kubectl handler (${max.toSeconds()} seconds). `
        + `Use at most Duration.seconds(${max.toSeconds()}), or 'wait: true' to wait longer for readiness.`);
    }
    const total = Math.min(MAX_TOTAL_TIMEOUT.toSeconds(), MAX_READY_CHECKS * max.toSeconds());
    if (seconds > total) {
      throw new KitValidationError(this, 'HelmTimeout',
        `'timeout' is ${seconds} seconds; a release may wait at most ${total} seconds (${MAX_READY_CHECKS} readiness checks of ${max.toSeconds()} seconds, at most 2 hours). Use Duration.seconds(${total}) or less.`);
    }
  }
}

/**
 * The default release name: the chart's own name, which does not change when the construct
 * is renamed or moved (a name derived from the construct id would install a second release).
 */
function defaultReleaseName(id: string, source: HelmChartSource): string {
  let name: string | undefined;
  if (source._kind === 'repository') name = source._chart;
  else if (source._kind === 'oci') name = Token.isUnresolved(source._chart) ? undefined : source._chart.replace(/[:@][^/]*$/, '').split('/').filter(Boolean).pop();
  else name = chartYamlName(source._chart) ?? basename(source._chart);
  // A chart name that is a deploy-time value: the construct id (kebab-case) it is then.
  if (name === undefined || Token.isUnresolved(name)) name = id.replace(/([a-z0-9])([A-Z])/g, '$1-$2');
  const base = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'release';
  return base.slice(0, 53).replace(/-+$/, '');
}

/** `name:` of a chart directory's Chart.yaml (a top-level scalar), if readable. */
function chartYamlName(directory: string): string | undefined {
  try {
    return /^name:\s*["']?([^"'\s#]+)/m.exec(readFileSync(join(directory, 'Chart.yaml'), 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
