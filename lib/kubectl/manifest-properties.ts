import { writeFileSync } from 'fs';
import { join } from 'path';
import { FileSystem, Stack } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { KitValidationError } from '../errors';
import { grantAssetRead } from './asset-grant';
import type { IKubectlProvider } from './kubectl-provider';
import { hasTokens, inventory, manifestJson } from './manifest-objects';

/** Manifests with a resource of their own larger than this (JSON bytes) travel as S3 assets. */
export const INLINE_MANIFEST_LIMIT = 50_000;

/** How one resource's objects reach the handler. */
export interface ManifestContent {
  /** `Manifest` (inline JSON), and/or `ManifestAsset` with its `Inventory`. */
  readonly properties: Record<string, unknown>;
  readonly isAsset: boolean;
  /** Bytes the objects take in the template. */
  readonly inlineBytes: number;
}

/**
 * The properties that carry objects: inline JSON up to `inlineLimit` bytes, else an S3 asset
 * (readable by the handler's role, that object only) plus an inventory of what it holds, so
 * that a later prune or delete needs no asset. Objects with deploy-time values (tokens) must
 * stay inline; with `splitTokens` (batches) they do while the others go to the asset.
 */
export function manifestProperties(scope: Construct, assetId: string, objects: Record<string, any>[], provider: IKubectlProvider,
  what: 'manifest' | 'batch', options: { inlineLimit?: number; splitTokens?: boolean } = {}): ManifestContent {
  const stack = Stack.of(scope);
  const limit = options.inlineLimit ?? INLINE_MANIFEST_LIMIT;
  const all = manifestJson(stack, objects);
  if (all.bytes <= limit) return { properties: { Manifest: all.value }, isAsset: false, inlineBytes: all.bytes };
  const withTokens = options.splitTokens ? objects.filter(hasTokens) : (all.tokens ? objects : []);
  const literal = objects.filter((o) => !withTokens.includes(o));
  const tokenJson = withTokens.length > 0 ? manifestJson(stack, withTokens) : undefined;
  if (tokenJson && (!options.splitTokens || tokenJson.bytes > INLINE_MANIFEST_LIMIT)) {
    throw new KitValidationError(scope, 'ManifestTooLargeWithTokens',
      `'manifest' is about ${(options.splitTokens ? tokenJson : all).bytes} bytes, above the ${limit}-byte limit for inline ${what === 'batch' ? 'batches' : 'manifests'}, and contains deploy-time values (tokens), so it cannot be uploaded as an asset. Split it into several manifests.`);
  }
  const dir = FileSystem.mkdtemp('cdk-eks-kit-manifest');
  const file = join(dir, 'manifest.json');
  writeFileSync(file, JSON.stringify(literal));
  const asset = new s3assets.Asset(scope, assetId, { path: file });
  if (!provider.handlerRole) {
    throw new KitValidationError(scope, 'ManifestAssetNoRole',
      "'manifest' is too large to pass inline and the cluster's imported kubectl provider has no 'handlerRole' to grant read access to its asset; pass 'handlerRole' in KubectlProviderAttributes.");
  }
  grantAssetRead(provider.handlerRole, asset);
  const list = inventory(literal);
  if (list.length > INLINE_MANIFEST_LIMIT) {
    throw new KitValidationError(scope, 'ManifestTooManyObjects',
      `'manifest' has ${literal.length} objects; even their list of names exceeds ${INLINE_MANIFEST_LIMIT} bytes. Split it into several manifests.`);
  }
  return {
    properties: {
      ...(tokenJson ? { Manifest: tokenJson.value } : {}),
      ManifestAsset: { Bucket: asset.s3BucketName, Key: asset.s3ObjectKey },
      // What to prune or delete later, without reading an asset whose grant may be gone by then.
      Inventory: list,
    },
    isAsset: true,
    inlineBytes: (tokenJson?.bytes ?? 0) + list.length,
  };
}
