import { join } from 'path';
import { downloadAsset } from './aws';
import { HelmRequest, releaseRelease, upgradeRelease } from './helm';
import { Properties } from './properties';
import { RESOURCE_TYPES } from './resource-types';
import { ToolContext } from './tools';
import { OnEventRequest, OnEventResponse } from './types';
import { extractZip } from './unzip';

async function helmRequest(props: Properties, ctx: ToolContext): Promise<HelmRequest> {
  let chart: string;
  if (props.has('ChartAsset')) {
    const asset = props.objectWith('ChartAsset', ['Bucket', 'Key']);
    const dir = join(ctx.workDir, 'chart');
    extractZip(await downloadAsset(asset.Bucket, asset.Key, { deadline: ctx.deadline }), dir);
    chart = dir;
  } else {
    chart = props.string('Chart');
  }
  const values = props.has('Values') ? props.json('Values') : {};
  if (values === null || typeof values !== 'object' || Array.isArray(values)) throw props.error('Values', 'is not a JSON object');
  return {
    release: props.string('Release'),
    namespace: props.string('Namespace'),
    chart,
    repository: props.optionalString('Repository'),
    version: props.optionalString('Version'),
    values: values as Record<string, unknown>,
    createNamespace: props.bool('CreateNamespace', true),
    wait: props.bool('Wait', true),
    atomic: props.bool('Atomic', true),
    skipCrds: props.bool('SkipCrds', false),
    timeoutSeconds: props.number('TimeoutSeconds', 300),
    ownerValue: props.string('OwnerValue'),
    family: props.optionalString('OwnerFamily'),
  };
}

/**
 * `Custom::CdkEksKitHelmRelease`: `helm upgrade --install` of `Release` in `Namespace`, the
 * release labelled with `OwnerValue`; on delete, uninstalled only while this resource owns it.
 */
export async function onHelm(event: OnEventRequest, ctx: ToolContext): Promise<OnEventResponse> {
  const props = new Properties(RESOURCE_TYPES.helm, event.ResourceProperties);
  const release = props.string('Release');
  const namespace = props.string('Namespace');
  // The physical ID names the release: renaming it (or moving namespaces) makes
  // CloudFormation delete the old resource, which uninstalls the old release.
  const physicalId = `helm/${namespace}/${release}`;
  if (event.RequestType === 'Delete') {
    await releaseRelease(ctx, release, namespace, props.string('OwnerValue'));
    return { PhysicalResourceId: event.PhysicalResourceId ?? physicalId };
  }
  await upgradeRelease(ctx, await helmRequest(props, ctx));
  return { PhysicalResourceId: physicalId };
}
