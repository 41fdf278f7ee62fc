import { writeFileSync } from 'fs';
import { join } from 'path';
import { Annotations, CustomResource, FileSystem, Stack, Token } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { AddonOrdering } from '../addons/addon-ordering';
import { claimsVolumes } from '../addons/storage-users';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { RESOURCE_TYPES } from './handler/resource-types';
import { grantAssetRead } from './asset-grant';
import { ManifestBatcher } from './manifest-batcher';
import { inventory, labelObjects, manifestJson, OWNER_LABEL, ownerValue } from './manifest-objects';
import { validateManifest } from './manifest-validation';
import { checkProps } from '../validation/prop-check';
import { MANIFEST_PROPS } from '../validation/prop-specs';
import { ClusterRemoval, RemovalKind } from '../cluster/removal';

/** Options of {@link KubernetesManifest} for `cluster.addManifest`-style helpers. */
export interface KubernetesManifestOptions {
  /**
   * Take over objects that already exist in the cluster (server-side apply with
   * `--force-conflicts`, also taking fields another field manager owns). When false,
   * creating a manifest whose objects already exist fails, and field conflicts fail.
   * @default false
   */
  readonly overwrite?: boolean;
  /**
   * Skip schema validation: this library's synth-time check of built-in kinds against the
   * Kubernetes OpenAPI schemas, and kubectl's (`--validate=false`). Names, labels, selectors
   * and duplicates are still checked.
   * @default false
   */
  readonly skipValidation?: boolean;
  /**
   * Put this (small) manifest into a shared batch resource with other batched manifests of
   * the same cluster in the same stack, so that thousands of manifests stay under the
   * CloudFormation limit of 500 resources. A batched manifest has no resource of its own:
   * it cannot have dependencies, and nothing can depend on it (synth error).
   * @default false
   */
  readonly batch?: boolean;
  /**
   * Delete the objects (on stack delete, or when removed from the manifest) with foreground
   * cascading deletion and wait until they are gone, dependents that block their owner's
   * deletion first — e.g. a Karpenter NodePool's NodeClaims, which wait for their instances to
   * terminate. If they are not gone when the handler must answer, the delete fails instead of
   * letting CloudFormation delete what they need (the controller, its role, the VPC routes);
   * delete the stack again to resume. Not with `batch`.
   * @default false
   */
  readonly foregroundDeletion?: boolean;
}

/** Properties of a {@link KubernetesManifest}. */
export interface KubernetesManifestProps extends KubernetesManifestOptions {
  /** The cluster to apply to. */
  readonly cluster: ICluster;
  /** The Kubernetes objects (plain objects, e.g. from `KubernetesObjects.fromYamlFile`). */
  readonly manifest: Record<string, any>[];
}

/** Manifests larger than this (JSON bytes) travel as S3 assets, not in the template. */
const INLINE_MANIFEST_LIMIT = 50_000;

/**
 * Kubernetes objects applied to a cluster at deploy time with server-side apply (field
 * manager `cdk-eks-kit`). Namespaces and CRDs are applied first and custom resources wait
 * for their CRD to be Established. Objects removed from the manifest are deleted on update
 * (if they still carry this manifest's ownership label); all are deleted with the stack.
 * Manifests over 50 KB are uploaded as S3 assets.
 */
export class KubernetesManifest extends Construct {
  /** The label every applied object carries; its value identifies the owning manifest. */
  public static readonly OWNER_LABEL = OWNER_LABEL;
  /** Manifests whose JSON is larger than this many bytes are uploaded as S3 assets. */
  public static readonly INLINE_LIMIT_BYTES = INLINE_MANIFEST_LIMIT;

  /** The custom resource (undefined when batched). */
  public readonly resource?: CustomResource;
  /** Whether the manifest went to S3 as an asset. */
  public readonly isAsset: boolean;
  /** Whether the manifest is in a shared batch resource. */
  public readonly isBatched: boolean;

  constructor(scope: Construct, id: string, props: KubernetesManifestProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster, RemovalKind.KUBERNETES); // lib/cluster/removal.ts
    checkProps(this, props, MANIFEST_PROPS);
    validateManifest(this, props.cluster, props.manifest, { skipSchema: props.skipValidation ?? false });
    const provider = props.cluster.kubectlProvider;
    const stack = Stack.of(this);
    if (props.manifest.some(hasLiteralSecretData)) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:secretInManifest',
        'This manifest holds a Secret with literal data: the values are stored in plain text in the CloudFormation template. '
        + 'Use SecretValue.secretsManager(...) (a {{resolve:secretsmanager:...}} dynamic reference, resolved only into the handler\'s event) or a secrets operator instead.');
    }

    if (props.batch && props.foregroundDeletion) {
      throw new KitValidationError(this, 'ManifestForegroundDeletion',
        "'foregroundDeletion' needs a resource of its own, so it cannot be combined with 'batch: true'; remove one of them.");
    }
    if (props.batch) {
      ManifestBatcher.of(stack, props.cluster).add(this, props.manifest, props.overwrite ?? false, props.skipValidation ?? false);
      this.isBatched = true;
      this.isAsset = false;
      return;
    }
    this.isBatched = false;

    const owner = ownerValue(this.node.path);
    const objects = labelObjects(props.manifest, owner);
    const json = manifestJson(stack, objects);
    const properties: Record<string, unknown> = {
      OwnerLabel: OWNER_LABEL,
      OwnerValue: owner,
      Overwrite: props.overwrite ?? false,
      SkipValidation: props.skipValidation ?? false,
      ...(props.foregroundDeletion ? { ForegroundDeletion: true } : {}),
    };
    this.isAsset = json.bytes > INLINE_MANIFEST_LIMIT;
    if (this.isAsset) {
      if (json.tokens) {
        throw new KitValidationError(this, 'ManifestTooLargeWithTokens',
          `'manifest' is about ${json.bytes} bytes, above the ${INLINE_MANIFEST_LIMIT}-byte limit for inline manifests, and contains deploy-time values (tokens), so it cannot be uploaded as an asset. Split it into several manifests.`);
      }
      const dir = FileSystem.mkdtemp('cdk-eks-kit-manifest');
      const file = join(dir, 'manifest.json');
      writeFileSync(file, json.value);
      const asset = new s3assets.Asset(this, 'Asset', { path: file });
      if (provider.handlerRole) {
        grantAssetRead(provider.handlerRole, asset);
      } else {
        throw new KitValidationError(this, 'ManifestAssetNoRole',
          "'manifest' is too large to pass inline and the cluster's imported kubectl provider has no 'handlerRole' to grant read access to its asset; pass 'handlerRole' in KubectlProviderAttributes.");
      }
      properties.ManifestAsset = { Bucket: asset.s3BucketName, Key: asset.s3ObjectKey };
      // What to prune or delete later, without reading an asset whose grant may be gone by then.
      properties.Inventory = inventory(objects);
      if ((properties.Inventory as string).length > INLINE_MANIFEST_LIMIT) {
        throw new KitValidationError(this, 'ManifestTooManyObjects',
          `'manifest' has ${objects.length} objects; even their list of names exceeds ${INLINE_MANIFEST_LIMIT} bytes. Split it into several manifests.`);
      }
    } else {
      properties.Manifest = json.value;
    }
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPES.manifest,
      properties,
    });
    this.resource.node.addDependency(provider);
    // Persistent volume claims are deleted before the CSI drivers that release their volumes.
    if (claimsVolumes(props.manifest)) this.resource.node.addDependency(AddonOrdering.storageDriversOf(props.cluster));
  }
}

/** Whether an object is a Secret with at least one literal (not deploy-time) value. */
function hasLiteralSecretData(o: Record<string, any>): boolean {
  if (Token.isUnresolved(o) || o?.kind !== 'Secret') return false;
  const values = [o.data, o.stringData].flatMap((d) => (d && typeof d === 'object' && !Token.isUnresolved(d) ? Object.values(d) : []));
  return values.some((v) => typeof v === 'string' && !Token.isUnresolved(v) && !v.startsWith('{{resolve:'));
}
