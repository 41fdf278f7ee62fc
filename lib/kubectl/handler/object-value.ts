import { runTool, ToolContext, ToolError } from './tools';

/** The properties of an object-value read. */
export interface ObjectValueRequest {
  readonly objectType: string;
  readonly objectName: string;
  readonly namespace: string;
  readonly jsonPath: string;
  readonly timeoutSeconds: number;
  /** Poll interval in ms. */
  readonly intervalMs?: number;
}

/**
 * Reads a JSONPath of an object, polling until it is non-empty or `timeoutSeconds` (or the
 * handler's deadline) pass. A missing object counts as "not yet".
 */
export async function readObjectValue(ctx: ToolContext, req: ObjectValueRequest): Promise<string> {
  const until = Math.min(Date.now() + req.timeoutSeconds * 1000, ctx.deadline - 2000);
  let last = '';
  for (;;) {
    const r = await runTool(ctx, 'kubectl', ['get', req.objectType, req.objectName, '--namespace', req.namespace, '--output', `jsonpath=${req.jsonPath}`]);
    const value = r.stdout.trim();
    if (r.exitCode === 0 && value !== '') return value;
    last = r.exitCode === 0 ? 'value is empty' : r.stderr.trim().slice(0, 300);
    const wait = req.intervalMs ?? 5000;
    if (Date.now() + wait >= until) {
      throw new ToolError(`${req.objectType}/${req.objectName} in namespace ${req.namespace} had no value at ${req.jsonPath} within ${req.timeoutSeconds}s (${last})`, last);
    }
    await new Promise((res) => setTimeout(res, wait));
  }
}
