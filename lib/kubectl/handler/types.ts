import { ToolContext } from './tools';

/** The CloudFormation request as the provider framework hands it over. */
export interface OnEventRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, any>;
  readonly OldResourceProperties?: Record<string, any>;
  /** Present in real events; used to measure the response CloudFormation receives. */
  readonly StackId?: string;
  readonly RequestId?: string;
}

/** The answer to the provider framework. */
export interface OnEventResponse {
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
}

/** The part of the Lambda context the handler uses. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/**
 * What serves one custom resource type. Adding a resource type to the applier is: a module
 * exporting one of these, its type name in `resource-types.ts`, and one line in
 * `dispatch.ts`.
 */
export type ResourceHandler = (event: OnEventRequest, ctx: ToolContext) => Promise<OnEventResponse>;
