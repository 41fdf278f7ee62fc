import { isNotFound, runToolWithRetries, ToolContext } from './tools';

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
    ['patch', req.resourceName, '--namespace', req.namespace, `--type=${req.patchType}`, '--patch', req.patch],
    { accept: (r) => toleratesMissing && isNotFound(r) });
}
