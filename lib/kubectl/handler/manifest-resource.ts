import { downloadAsset } from './aws';
import { crdKinds } from './classify';
import { applyManifest, KubeObject, ManifestRequest, objectKey, objectShapeProblems, parseInventory, releaseObjects, removedObjects } from './manifest';
import { Properties, PropertyError } from './properties';
import { secretValues } from './redact';
import { RESOURCE_TYPES } from './resource-types';
import { ToolContext } from './tools';
import { OnEventRequest, OnEventResponse } from './types';

/**
 * `Custom::CdkEksKitManifest`: Kubernetes objects applied with server-side apply. Properties:
 * `OwnerLabel`, `OwnerValue` (required), `OwnerFamily`; `Manifest` (JSON list) and/or
 * `ManifestAsset` (`{ Bucket, Key }` of a JSON list) with `Inventory` (what the asset holds);
 * `Overwrite`, `SkipValidation` (all objects) and `OverwriteObjects`, `SkipValidationObjects`
 * (inventories of some); `ClaimedElsewhere` (inventory of objects another resource declares);
 * `CrdKinds` (`group/Kind,...` of CRDs created elsewhere in this deploy).
 */
export async function onManifest(event: OnEventRequest, ctx: ToolContext): Promise<OnEventResponse> {
  const props = new Properties(RESOURCE_TYPES.manifest, event.ResourceProperties);
  const owner = { ownerLabel: props.string('OwnerLabel'), ownerValue: props.string('OwnerValue') };
  const physicalId = event.PhysicalResourceId ?? `manifest/${owner.ownerValue}`;
  if (event.RequestType === 'Delete') {
    const objects = await identities(props, ctx, 'property');
    if (!objects) throw props.error('Manifest', 'is missing, and there is no Inventory or ManifestAsset: nothing says which objects to delete');
    await releaseObjects(ctx, objects, { ...owner, claimedElsewhere: keys(props.optionalString('ClaimedElsewhere')), foreground: props.bool('ForegroundDeletion', false) });
    return { PhysicalResourceId: physicalId };
  }
  const objects = await loadObjects(props, ctx);
  const req: ManifestRequest = {
    objects,
    ...owner,
    family: props.optionalString('OwnerFamily'),
    overwrite: props.bool('Overwrite', false),
    overwriteKeys: keys(props.optionalString('OverwriteObjects')),
    skipValidation: props.bool('SkipValidation', false),
    skipValidationKeys: keys(props.optionalString('SkipValidationObjects')),
    claimedElsewhere: keys(props.optionalString('ClaimedElsewhere')),
    expectedKinds: new Set([...crdKinds(objects), ...(props.optionalString('CrdKinds')?.split(',').filter(Boolean) ?? [])]),
  };
  if (event.RequestType === 'Create') {
    await applyManifest(ctx, req);
    return { PhysicalResourceId: physicalId };
  }
  // Update: apply the new objects, then let go of those no longer declared.
  const old = new Properties(RESOURCE_TYPES.manifest, event.OldResourceProperties, 'old property');
  const previousOwnerValue = old.optionalString('OwnerValue');
  let previous: KubeObject[] | undefined;
  try {
    previous = await identities(old, ctx, 'old property');
  } catch (e) {
    console.log(`the previous objects cannot be read (${(e as Error).message}); applying the new ones without pruning`);
  }
  if (!previous) console.log('the previous manifest is not known; applying the new objects without pruning');
  await applyManifest(ctx, { ...req, previousOwnerValue });
  if (previous) {
    await releaseObjects(ctx, removedObjects(previous, objects), {
      ownerLabel: old.optionalString('OwnerLabel') ?? req.ownerLabel,
      ownerValue: old.optionalString('OwnerValue') ?? req.ownerValue,
      claimedElsewhere: req.claimedElsewhere,
      foreground: props.bool('ForegroundDeletion', false),
    });
  }
  return { PhysicalResourceId: physicalId };
}

/** The objects to apply: the inline `Manifest`, the `ManifestAsset`, or both (a batch). */
async function loadObjects(props: Properties, ctx: ToolContext): Promise<KubeObject[]> {
  if (!props.has('Manifest') && !props.has('ManifestAsset')) throw props.error('Manifest', 'is missing (and so is ManifestAsset)');
  const objects: unknown[] = props.has('Manifest') ? props.jsonList('Manifest') : [];
  if (props.has('ManifestAsset')) {
    const asset = props.objectWith('ManifestAsset', ['Bucket', 'Key']);
    const text = (await downloadAsset(asset.Bucket, asset.Key, { deadline: ctx.deadline })).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new PropertyError(`${RESOURCE_TYPES.manifest}: the asset s3://${asset.Bucket}/${asset.Key} is not JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(parsed)) throw new PropertyError(`${RESOURCE_TYPES.manifest}: the asset s3://${asset.Bucket}/${asset.Key} is not a JSON list of objects`);
    ctx.secrets.push(...secretValues(parsed));
    objects.push(...parsed);
  }
  const problems = objectShapeProblems(objects);
  if (problems.length > 0) throw props.error('Manifest', `holds objects kubectl cannot apply: ${problems.slice(0, 5).join('; ')}`);
  return objects as KubeObject[];
}

/**
 * The identities of the objects a resource declared, without downloading its asset (whose
 * grant may already be gone): the `Inventory` with the inline `Manifest`, or the inline
 * `Manifest` alone. Undefined when neither is there.
 */
async function identities(props: Properties, ctx: ToolContext, which: string): Promise<KubeObject[] | undefined> {
  const objects: KubeObject[] = [];
  let known = false;
  if (props.has('Inventory')) {
    objects.push(...parseInventory(props.string('Inventory')));
    known = true;
  } else if (props.has('ManifestAsset')) {
    // Older templates: no inventory, so read the asset.
    const asset = props.objectWith('ManifestAsset', ['Bucket', 'Key']);
    const parsed = JSON.parse((await downloadAsset(asset.Bucket, asset.Key, { deadline: ctx.deadline })).toString('utf8'));
    if (Array.isArray(parsed)) objects.push(...parsed);
    known = true;
  }
  if (props.has('Manifest')) {
    const list = props.jsonList('Manifest');
    const problems = objectShapeProblems(list);
    if (problems.length > 0) throw new PropertyError(`${RESOURCE_TYPES.manifest}: ${which} 'Manifest' holds malformed objects: ${problems.slice(0, 3).join('; ')}`);
    objects.push(...(list as KubeObject[]));
    known = true;
  }
  return known ? objects : undefined;
}

function keys(inventory: string | undefined): Set<string> | undefined {
  return inventory ? new Set(parseInventory(inventory).map(objectKey)) : undefined;
}
