import { classifyFailure } from './classify';
import { Properties } from './properties';
import { RESOURCE_TYPES } from './resource-types';
import { kubectlArgs } from './tool-args';
import { runTool, ToolContext, ToolError } from './tools';
import { OnEventRequest, OnEventResponse } from './types';

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
 * handler's deadline) pass. A missing object and transient errors count as "not yet"; an
 * unknown type, a bad JSONPath or a permission error fail at once.
 */
export async function readObjectValue(ctx: ToolContext, req: ObjectValueRequest): Promise<string> {
  const until = Math.min(Date.now() + req.timeoutSeconds * 1000, ctx.deadline - 2000);
  let last = '';
  for (;;) {
    const r = await runTool(ctx, 'kubectl', kubectlArgs(['get', req.objectType, req.objectName, '--namespace', req.namespace, '--output', `jsonpath=${req.jsonPath}`]));
    const value = r.stdout.trim();
    if (r.exitCode === 0 && value !== '') return value;
    if (r.exitCode !== 0) {
      const stderr = r.stderr.trim();
      const notYet = /\(NotFound\)/.test(stderr) || classifyFailure(stderr).kind !== 'permanent';
      if (!notYet) throw new ToolError(`reading ${req.objectType}/${req.objectName} in namespace ${req.namespace} failed: ${stderr.slice(0, 400)}`, stderr);
    }
    last = r.exitCode === 0 ? 'value is empty' : r.stderr.trim().slice(0, 300);
    const wait = req.intervalMs ?? 5000;
    if (Date.now() + wait >= until) {
      throw new ToolError(`${req.objectType}/${req.objectName} in namespace ${req.namespace} had no value at ${req.jsonPath} within ${req.timeoutSeconds}s (${last})`, last);
    }
    await new Promise((res) => setTimeout(res, wait));
  }
}

/** CloudFormation's limit on the whole custom-resource response body. @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html */
export const MAX_RESPONSE_BYTES = 4096;

/**
 * The response body the provider framework sends for this value (its cfn-response.js:
 * Status, Reason, StackId, RequestId, PhysicalResourceId, LogicalResourceId, Data), in bytes.
 */
export function responseBytes(event: OnEventRequest, physicalId: string, data: Record<string, string>): number {
  return Buffer.byteLength(JSON.stringify({
    Status: 'SUCCESS', Reason: 'SUCCESS', StackId: event.StackId ?? '', RequestId: event.RequestId ?? '',
    PhysicalResourceId: physicalId, LogicalResourceId: event.LogicalResourceId, Data: data,
  }));
}

/** `Custom::CdkEksKitObjectValue`: a value of an object, as the `Value` attribute. */
export async function onObjectValue(event: OnEventRequest, ctx: ToolContext): Promise<OnEventResponse> {
  const props = new Properties(RESOURCE_TYPES.objectValue, event.ResourceProperties);
  const req = {
    objectType: props.string('ObjectType'),
    objectName: props.string('ObjectName'),
    namespace: props.optionalString('Namespace') ?? 'default',
    jsonPath: props.string('JsonPath'),
    timeoutSeconds: props.number('TimeoutSeconds', 300),
    intervalMs: process.env.POLL_INTERVAL_MS ? Number(process.env.POLL_INTERVAL_MS) : undefined,
  };
  const physicalId = event.PhysicalResourceId ?? `value/${req.namespace}/${req.objectType}/${req.objectName}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalId };
  const value = await readObjectValue(ctx, req);
  const data = { Value: value };
  const bytes = responseBytes(event, physicalId, data);
  if (bytes > MAX_RESPONSE_BYTES) {
    throw new ToolError(`the value at ${req.jsonPath} of ${req.objectType}/${req.objectName} is ${Buffer.byteLength(value)} bytes, which makes the response to CloudFormation ${bytes} bytes; `
      + `CloudFormation accepts at most ${MAX_RESPONSE_BYTES}. Read a narrower JSONPath.`, '');
  }
  return { PhysicalResourceId: physicalId, Data: data };
}
