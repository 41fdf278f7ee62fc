import { onAwsAuth } from './aws-auth';
import { onHelmReady } from './helm-ready';
import { onHelm } from './helm-resource';
import { onManifest } from './manifest-resource';
import { onObjectValue } from './object-value';
import { onPatch } from './patch';
import { RESOURCE_TYPES } from './resource-types';
import { ResourceHandler } from './types';

/**
 * The custom resource types the applier serves. To add one: a module exporting a
 * {@link ResourceHandler}, its type name in `resource-types.ts`, and a line here.
 */
export const RESOURCE_HANDLERS: Record<string, ResourceHandler> = {
  [RESOURCE_TYPES.manifest]: onManifest,
  [RESOURCE_TYPES.helm]: onHelm,
  [RESOURCE_TYPES.patch]: onPatch,
  [RESOURCE_TYPES.objectValue]: onObjectValue,
  [RESOURCE_TYPES.helmReady]: onHelmReady,
  [RESOURCE_TYPES.awsAuth]: onAwsAuth,
};

/** The handler of a resource type, or an error naming the types this handler serves. */
export function handlerFor(resourceType: string): ResourceHandler {
  const handler = Object.prototype.hasOwnProperty.call(RESOURCE_HANDLERS, resourceType) ? RESOURCE_HANDLERS[resourceType] : undefined;
  if (!handler) {
    throw new Error(`unknown resource type '${resourceType}': this kubectl handler serves ${Object.keys(RESOURCE_HANDLERS).join(', ')}. `
      + 'Was the custom resource created by a newer cdk-eks-kit than the one that deployed this handler?');
  }
  return handler;
}
