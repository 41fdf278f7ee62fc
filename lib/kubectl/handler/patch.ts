import { RESOURCE_TYPES } from './resource-types';
import { kubectlArgs } from './tool-args';
import { isNotFound, runToolWithRetries, ToolContext } from './tools';
import { Properties } from './properties';
import { OnEventRequest, OnEventResponse } from './types';

/** The properties of a patch resource. */
export interface PatchRequest {
  /** `<type>/<name>`, e.g. `deployment/coredns`. */
  readonly resourceName: string;
  readonly namespace: string;
  /** `strategic`, `merge` or `json`. */
  readonly patchType: string;
  readonly patch: string;
}

/** Applies a patch. With `toleratesMissing` (restore on delete), a missing object is fine. */
export async function patchObject(ctx: ToolContext, req: PatchRequest, toleratesMissing: boolean): Promise<void> {
  await runToolWithRetries(ctx, `patch of ${req.resourceName}`, 'kubectl',
    kubectlArgs(['patch', req.resourceName, '--namespace', req.namespace, `--type=${req.patchType}`, '--patch', req.patch]),
    { accept: (r) => toleratesMissing && isNotFound(r) });
}

function target(props: Properties): Omit<PatchRequest, 'patch'> {
  const patchType = props.string('PatchType');
  if (!['strategic', 'merge', 'json'].includes(patchType)) throw props.error('PatchType', `is '${patchType}'; expected strategic, merge or json`);
  return { resourceName: props.string('ResourceName'), namespace: props.optionalString('Namespace') ?? 'default', patchType };
}

/**
 * `Custom::CdkEksKitPatch`: applies `ApplyPatch` to `ResourceName` in `Namespace`, and
 * `RestorePatch` on delete (a missing object is fine then). When an update changes the target
 * (another object or namespace), the old target is restored with the old restore patch first.
 */
export async function onPatch(event: OnEventRequest, ctx: ToolContext): Promise<OnEventResponse> {
  const props = new Properties(RESOURCE_TYPES.patch, event.ResourceProperties);
  const base = target(props);
  const physicalId = event.PhysicalResourceId ?? `patch/${base.namespace}/${base.resourceName}`;
  if (event.RequestType === 'Delete') {
    await patchObject(ctx, { ...base, patch: props.string('RestorePatch') }, true);
    return { PhysicalResourceId: physicalId };
  }
  if (event.RequestType === 'Update' && event.OldResourceProperties) {
    const oldProps = new Properties(RESOURCE_TYPES.patch, event.OldResourceProperties, 'old property');
    const old = target(oldProps);
    if (old.resourceName !== base.resourceName || old.namespace !== base.namespace) {
      console.log(`the patch moves from ${old.namespace}/${old.resourceName} to ${base.namespace}/${base.resourceName}: restoring the old target first`);
      await patchObject(ctx, { ...old, patch: oldProps.string('RestorePatch') }, true);
    }
  }
  await patchObject(ctx, { ...base, patch: props.string('ApplyPatch') }, false);
  return { PhysicalResourceId: physicalId };
}
