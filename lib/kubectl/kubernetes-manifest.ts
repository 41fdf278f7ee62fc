import { Annotations, CfnResource, CustomResource, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AddonOrdering } from '../addons/addon-ordering';
import { claimsVolumes } from '../addons/storage-users';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { RESOURCE_TYPES } from './handler/resource-types';
import { ManifestBatcher } from './manifest-batcher';
import { manifestProperties, INLINE_MANIFEST_LIMIT } from './manifest-properties';
import { hasTokens, labelObjects, OWNER_LABEL, ownerFamily, ownerValueIn } from './manifest-objects';
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
   * (Objects of another manifest of the same cluster in the same stack, e.g. one that was
   * renamed, are taken over without it.)
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
   * Share a batch resource with the other manifests of the same cluster in the same stack, so
   * that thousands of manifests stay far under CloudFormation's 500 resources and 1 MB
   * template. Which batch a manifest joins depends on its first object only (inserting or
   * removing a manifest changes no other batch); Namespaces and CRDs of batched manifests go
   * into batches that the others wait for. A manifest that takes part in a dependency (it, or
   * a construct it is in, depends on something or something depends on it) gets a resource
   * of its own at synthesis, whatever this says. `false` gives it one always.
   * @default true
   */
  readonly batch?: boolean;
  /**
   * Delete the objects (on stack delete, or when removed from the manifest) with foreground
   * cascading deletion and wait until they are gone, dependents that block their owner's
   * deletion first — e.g. a Karpenter NodePool's NodeClaims, which wait for their instances to
   * terminate. If they are not gone when the handler must answer, the delete fails instead of
   * letting CloudFormation delete what they need (the controller, its role, the VPC routes);
   * delete the stack again to resume. Gives the manifest a resource of its own (not with
   * `batch: true`).
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

/**
 * Kubernetes objects applied to a cluster at deploy time with server-side apply (field
 * manager `cdk-eks-kit`). Namespaces and CRDs are applied first and custom resources wait
 * for their CRD to be Established. Objects removed from the manifest are deleted on update,
 * and all of them when the manifest is removed, if they still carry its ownership label.
 * Manifests share batch resources unless they take part in a dependency; large contents
 * travel as S3 assets.
 */
export class KubernetesManifest extends Construct {
  /** The label every applied object carries; its value identifies the owning resource. */
  public static readonly OWNER_LABEL = OWNER_LABEL;
  /** Manifests with a resource of their own whose JSON is larger than this many bytes are uploaded as S3 assets. */
  public static readonly INLINE_LIMIT_BYTES = INLINE_MANIFEST_LIMIT;

  /** @internal */ public readonly _cluster: ICluster;
  /** @internal */ public readonly _objects: Record<string, any>[];
  /** @internal */ public readonly _overwrite: boolean;
  /** @internal */ public readonly _skipValidation: boolean;
  /** @internal */ public readonly _batchable: boolean;
  /** @internal */ public readonly _foreground: boolean;
  private _resource?: CustomResource;
  private _isAsset = false;
  private _inlineBytes = 0;
  private _labelled?: Record<string, any>[];

  constructor(scope: Construct, id: string, props: KubernetesManifestProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster, RemovalKind.KUBERNETES); // lib/cluster/removal.ts
    checkProps(this, props, MANIFEST_PROPS);
    // Shape, content, schemas, and no object declared twice on the cluster (manifest-validation.ts).
    validateManifest(this, props.cluster, props.manifest, { skipSchema: props.skipValidation ?? false });
    if (props.manifest.some(hasLiteralSecretData)) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:secretInManifest',
        'This manifest holds a Secret with literal data: the values are stored in plain text in the CloudFormation template. '
        + 'Use SecretValue.secretsManager(...) (a {{resolve:secretsmanager:...}} dynamic reference, resolved only into the handler\'s event) or a secrets operator instead.');
    }
    // The applier exists (and its settings are checked) as soon as anything needs it.
    props.cluster.kubectlProvider;
    this._cluster = props.cluster;
    this._objects = props.manifest;
    this._overwrite = props.overwrite ?? false;
    this._skipValidation = props.skipValidation ?? false;
    this._foreground = props.foregroundDeletion ?? false;
    if (props.batch === true && this._foreground) {
      throw new KitValidationError(this, 'ManifestForegroundDeletion',
        "'foregroundDeletion' needs a resource of its own, so it cannot be combined with 'batch: true'; remove one of them.");
    }
    this._batchable = (props.batch ?? true) && !this._foreground;
    // Persistent volume claims are deleted before the CSI drivers that release their volumes
    // (a dependency, so such a manifest gets a resource of its own).
    if (claimsVolumes(props.manifest)) this.node.addDependency(AddonOrdering.storageDriversOf(props.cluster));
    // Created now, so that it can be read and referenced before synthesis.
    if (!this._batchable) this._createResource();
    ManifestBatcher.of(Stack.of(this), props.cluster).register(this);
  }

  /**
   * The custom resource, when the manifest has one of its own: always with `batch: false`;
   * for a batched manifest that takes part in a dependency, from synthesis on. Undefined
   * while the manifest sits in a batch.
   */
  public get resource(): CustomResource | undefined {
    return this._resource;
  }

  /** Whether the manifest is in a shared batch (decided at synthesis; until then, whether it may be). */
  public get isBatched(): boolean {
    return this._resource === undefined && this._batchable;
  }

  /** Whether the manifest's own resource reads its objects from an S3 asset. */
  public get isAsset(): boolean {
    return this._isAsset;
  }

  /**
   * Creates the manifest's own resource (at `<manifest>/Resource`, the same logical id
   * whether it was decided at construction or at synthesis).
   * @internal
   */
  public _createResource(): CustomResource {
    if (this._resource) return this._resource;
    const provider = this._cluster.kubectlProvider;
    const stack = Stack.of(this);
    const family = ownerFamily(stack, this._cluster);
    const owner = ownerValueIn(family, this.node.path);
    this._labelled = labelObjects(this._objects, owner);
    const content = manifestProperties(this, 'Asset', this._labelled, provider, 'manifest');
    this._isAsset = content.isAsset;
    this._inlineBytes = content.isAsset ? 0 : content.inlineBytes;
    this._resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPES.manifest,
      properties: {
        OwnerLabel: OWNER_LABEL,
        OwnerValue: owner,
        OwnerFamily: family,
        Overwrite: this._overwrite,
        SkipValidation: this._skipValidation,
        ...(this._foreground ? { ForegroundDeletion: true } : {}),
        ...content.properties,
      },
    });
    this._resource.node.addDependency(provider);
    return this._resource;
  }

  /** Bytes of objects its own resource carries inline in the template (0 when an asset or batched). @internal */
  public get _inline(): number {
    return this._inlineBytes;
  }

  /**
   * Moves the objects of its own resource from the template to an S3 asset (the template is
   * getting large); false when they cannot move (deploy-time values).
   * @internal
   */
  public _moveToAsset(): boolean {
    if (!this._resource || this._isAsset || !this._labelled || hasTokens(this._labelled)) return false;
    const content = manifestProperties(this, 'Asset', this._labelled, this._cluster.kubectlProvider, 'manifest', { inlineLimit: 0 });
    const cfn = this._resource.node.defaultChild as CfnResource;
    cfn.addPropertyDeletionOverride('Manifest');
    for (const [key, value] of Object.entries(content.properties)) cfn.addPropertyOverride(key, value);
    this._isAsset = true;
    this._inlineBytes = 0;
    return true;
  }
}

/** Whether an object is a Secret with at least one literal (not deploy-time) value. */
function hasLiteralSecretData(o: Record<string, any>): boolean {
  if (Token.isUnresolved(o) || o?.kind !== 'Secret') return false;
  const values = [o.data, o.stringData].flatMap((d) => (d && typeof d === 'object' && !Token.isUnresolved(d) ? Object.values(d) : []));
  return values.some((v) => typeof v === 'string' && !Token.isUnresolved(v) && !v.startsWith('{{resolve:'));
}
