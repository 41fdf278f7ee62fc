/**
 * The kubectl applier: the onEvent handler of a custom_resources.Provider. It applies
 * manifests, Helm releases and patches, and reads object values, with kubectl and helm
 * from the kubectl layer. It authenticates with an EKS token it signs itself.
 *
 * It never hangs: every command is bounded by a deadline that leaves time to answer,
 * and any error (including the deadline) is thrown, which the provider framework turns
 * into a FAILED response with the (redacted) message.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { credentialsFromEnv, eksToken, presignUrl } from './aws-sign';
import { onAwsAuth } from './aws-auth';
import { uninstall, upgradeRelease, HelmRequest } from './helm';
import { renderKubeconfig } from './kubeconfig';
import { applyManifest, deleteObjects, KubeObject, ManifestRequest, parseInventory, removedObjects } from './manifest';
import { readObjectValue } from './object-value';
import { patchObject } from './patch';
import { redact, secretLeaves, secretValues } from './redact';
import { RESOURCE_TYPES } from './resource-types';
import { ToolContext } from './tools';
import { extractZip } from './unzip';

/** The CloudFormation request as the provider framework hands it over. */
export interface OnEventRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, any>;
  readonly OldResourceProperties?: Record<string, any>;
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

export { RESOURCE_TYPES };

/** CloudFormation accepts 4,096 bytes of custom-resource response data; keep room for the rest. */
const MAX_VALUE_BYTES = 3500;

/** Time kept back from the Lambda timeout to build and send the answer. */
const SAFETY_MS = 20_000;

export async function handler(event: OnEventRequest, context: LambdaContext): Promise<OnEventResponse> {
  const env = process.env;
  const deadline = Date.now() + context.getRemainingTimeInMillis() - Number(env.HANDLER_SAFETY_MS ?? SAFETY_MS);
  const secrets = collectSecrets(event);
  console.log(`${event.RequestType} ${event.ResourceType} ${event.LogicalResourceId}`);
  const workDir = mkdtempSync(join(env.WORK_DIR ?? '/tmp', 'kubectl-'));
  try {
    const ctx = await prepare(workDir, deadline, secrets);
    return await dispatch(event, ctx);
  } catch (e) {
    const message = redact(e instanceof Error ? e.message : String(e), secrets);
    console.log(`failed: ${message}`);
    throw new Error(message);
  } finally {
    // A warm function reuses /tmp: leave no kubeconfig, charts or manifests behind.
    rmSync(workDir, { recursive: true, force: true });
  }
}

function collectSecrets(event: OnEventRequest): string[] {
  const secrets: string[] = [];
  for (const props of [event.ResourceProperties, event.OldResourceProperties]) {
    if (!props) continue;
    if (typeof props.Manifest === 'string') secrets.push(...secretValues(safeParse(props.Manifest)));
    if (typeof props.Values === 'string') secrets.push(...secretLeaves(safeParseObject(props.Values)));
  }
  return secrets;
}

function safeParse(text: string): unknown[] {
  try { const v = JSON.parse(text); return Array.isArray(v) ? v : []; } catch { return []; }
}
function safeParseObject(text: string): unknown {
  try { return JSON.parse(text); } catch { return {}; }
}

async function prepare(workDir: string, deadline: number, secrets: string[]): Promise<ToolContext> {
  const env = process.env;
  const region = env.AWS_REGION ?? '';
  const urlSuffix = env.URL_SUFFIX ?? 'amazonaws.com';
  const clusterName = env.CLUSTER_NAME ?? '';
  const credentials = credentialsFromEnv(env);
  let endpoint = env.CLUSTER_ENDPOINT;
  let caData = env.CLUSTER_CA_DATA;
  if (!endpoint || !caData) {
    const described = await describeCluster(clusterName, region, urlSuffix, deadline);
    endpoint = described.endpoint;
    caData = described.certificateAuthority;
  }
  const token = eksToken(clusterName, region, urlSuffix, credentials, new Date());
  secrets.push(token);
  const kubeconfig = join(workDir, 'kubeconfig');
  writeFileSync(kubeconfig, renderKubeconfig({ clusterName, endpoint, certificateAuthorityData: caData, token }), { mode: 0o600 });
  for (const dir of ['helm-cache', 'helm-config', 'helm-data']) mkdirSync(join(workDir, dir));
  return {
    deadline,
    workDir,
    secrets,
    retryBaseMs: env.RETRY_BASE_MS ? Number(env.RETRY_BASE_MS) : undefined,
    retryWindowMs: env.RETRY_WINDOW_MS ? Number(env.RETRY_WINDOW_MS) : undefined,
    env: {
      ...env,
      PATH: `/opt/kubectl:/opt/helm:${env.PATH ?? '/usr/bin:/bin'}`,
      KUBECONFIG: kubeconfig,
      HOME: workDir,
      HELM_CACHE_HOME: join(workDir, 'helm-cache'),
      HELM_CONFIG_HOME: join(workDir, 'helm-config'),
      HELM_DATA_HOME: join(workDir, 'helm-data'),
    },
  };
}

async function dispatch(event: OnEventRequest, ctx: ToolContext): Promise<OnEventResponse> {
  switch (event.ResourceType) {
    case RESOURCE_TYPES.manifest: return onManifest(event, ctx);
    case RESOURCE_TYPES.helm: return onHelm(event, ctx);
    case RESOURCE_TYPES.patch: return onPatch(event, ctx);
    case RESOURCE_TYPES.objectValue: return onObjectValue(event, ctx);
    case RESOURCE_TYPES.awsAuth: return onAwsAuth(event, ctx);
    default: throw new Error(`unknown resource type ${event.ResourceType}`);
  }
}

// ---- manifests ----

async function loadObjects(props: Record<string, any>, ctx: ToolContext): Promise<KubeObject[]> {
  let text: string = props.Manifest;
  if (props.ManifestAsset) {
    text = (await downloadAsset(props.ManifestAsset.Bucket, props.ManifestAsset.Key, ctx.deadline)).toString('utf8');
    ctx.secrets.push(...secretValues(safeParse(text)));
  }
  const objects = JSON.parse(text) as KubeObject[];
  if (!Array.isArray(objects)) throw new Error('the manifest is not a list of objects');
  return objects;
}

/** The objects to prune or delete: from the inventory of an asset manifest, or the inline manifest. */
async function loadIdentities(props: Record<string, any>, ctx: ToolContext): Promise<KubeObject[]> {
  if (typeof props.Inventory === 'string') return parseInventory(props.Inventory);
  return loadObjects(props, ctx);
}

function manifestRequest(props: Record<string, any>, objects: KubeObject[]): ManifestRequest {
  return {
    objects,
    ownerLabel: props.OwnerLabel,
    ownerValue: props.OwnerValue,
    overwrite: props.Overwrite === 'true' || props.Overwrite === true,
    skipValidation: props.SkipValidation === 'true' || props.SkipValidation === true,
  };
}

async function onManifest(event: OnEventRequest, ctx: ToolContext): Promise<OnEventResponse> {
  const props = event.ResourceProperties;
  const physicalId = event.PhysicalResourceId ?? `manifest/${props.OwnerValue}`;
  const deleteOptions = { foreground: props.ForegroundDeletion === 'true' || props.ForegroundDeletion === true };
  if (event.RequestType === 'Delete') {
    const objects = await loadIdentities(props, ctx);
    await deleteObjects(ctx, objects, undefined, deleteOptions);
    return { PhysicalResourceId: physicalId };
  }
  const req = manifestRequest(props, await loadObjects(props, ctx));
  if (event.RequestType === 'Create') {
    await applyManifest(ctx, req);
    return { PhysicalResourceId: physicalId };
  }
  const old = event.OldResourceProperties ?? {};
  const previous = await loadIdentities(old, ctx);
  await applyManifest(ctx, req, previous);
  // Objects removed from the manifest (or renamed) go, if this manifest still owns them.
  await deleteObjects(ctx, removedObjects(previous, req.objects), { label: old.OwnerLabel ?? req.ownerLabel, value: old.OwnerValue ?? req.ownerValue }, deleteOptions);
  return { PhysicalResourceId: physicalId };
}

// ---- helm ----

async function helmRequest(props: Record<string, any>, ctx: ToolContext): Promise<HelmRequest> {
  let chart: string = props.Chart;
  if (props.ChartAsset) {
    const dir = join(ctx.workDir, 'chart');
    extractZip(await downloadAsset(props.ChartAsset.Bucket, props.ChartAsset.Key, ctx.deadline), dir);
    chart = dir;
  }
  return {
    release: props.Release,
    namespace: props.Namespace,
    chart,
    repository: props.Repository || undefined,
    version: props.Version || undefined,
    values: props.Values ? JSON.parse(props.Values) : {},
    createNamespace: props.CreateNamespace === 'true' || props.CreateNamespace === true,
    wait: props.Wait === 'true' || props.Wait === true,
    atomic: props.Atomic === 'true' || props.Atomic === true,
    timeoutSeconds: Number(props.TimeoutSeconds ?? 300),
  };
}

async function onHelm(event: OnEventRequest, ctx: ToolContext): Promise<OnEventResponse> {
  const props = event.ResourceProperties;
  // The physical ID names the release: renaming it (or moving namespaces) makes
  // CloudFormation delete the old resource, which uninstalls the old release.
  const physicalId = `helm/${props.Namespace}/${props.Release}`;
  if (event.RequestType === 'Delete') {
    await uninstall(ctx, props.Release, props.Namespace);
    return { PhysicalResourceId: event.PhysicalResourceId ?? physicalId };
  }
  await upgradeRelease(ctx, await helmRequest(props, ctx));
  return { PhysicalResourceId: physicalId };
}

// ---- patches and reads ----

async function onPatch(event: OnEventRequest, ctx: ToolContext): Promise<OnEventResponse> {
  const props = event.ResourceProperties;
  const physicalId = event.PhysicalResourceId ?? `patch/${props.Namespace}/${props.ResourceName}`;
  const base = { resourceName: props.ResourceName, namespace: props.Namespace, patchType: props.PatchType };
  if (event.RequestType === 'Delete') {
    await patchObject(ctx, { ...base, patch: props.RestorePatch }, true);
  } else {
    await patchObject(ctx, { ...base, patch: props.ApplyPatch }, false);
  }
  return { PhysicalResourceId: physicalId };
}

async function onObjectValue(event: OnEventRequest, ctx: ToolContext): Promise<OnEventResponse> {
  const props = event.ResourceProperties;
  const physicalId = event.PhysicalResourceId ?? `value/${props.Namespace}/${props.ObjectType}/${props.ObjectName}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalId };
  const value = await readObjectValue(ctx, {
    objectType: props.ObjectType,
    objectName: props.ObjectName,
    namespace: props.Namespace,
    jsonPath: props.JsonPath,
    timeoutSeconds: Number(props.TimeoutSeconds ?? 300),
    intervalMs: process.env.POLL_INTERVAL_MS ? Number(process.env.POLL_INTERVAL_MS) : undefined,
  });
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES) {
    throw new Error(`the value at ${props.JsonPath} is ${Buffer.byteLength(value)} bytes; CloudFormation accepts at most 4 KB of response data. Read a narrower path.`);
  }
  return { PhysicalResourceId: physicalId, Data: { Value: value } };
}

// ---- AWS calls (signed with the function's credentials) ----

async function signedGet(host: string, path: string, service: string, deadline: number, payloadHash?: string): Promise<Buffer> {
  const env = process.env;
  const region = env.AWS_REGION ?? '';
  const url = presignUrl({ method: 'GET', host, path, service, region, expiresSeconds: 300, now: new Date(), payloadHash }, credentialsFromEnv(env));
  const timeout = Math.max(1000, Math.min(60_000, deadline - Date.now()));
  const response = await fetch(url, { signal: AbortSignal.timeout(timeout) });
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`GET ${host}${path} returned HTTP ${response.status}: ${body.toString('utf8').slice(0, 200)}`);
  return body;
}

async function downloadAsset(bucket: string, key: string, deadline: number): Promise<Buffer> {
  const env = process.env;
  if (env.TEST_ASSET_DIR) {
    // Tests serve assets from a directory.
    return readFileSync(join(env.TEST_ASSET_DIR, key));
  }
  return signedGet(`${bucket}.s3.${env.AWS_REGION}.${env.URL_SUFFIX ?? 'amazonaws.com'}`, `/${key}`, 's3', deadline, 'UNSIGNED-PAYLOAD');
}

async function describeCluster(name: string, region: string, urlSuffix: string, deadline: number): Promise<{ endpoint: string; certificateAuthority: string }> {
  const body = await signedGet(`eks.${region}.${urlSuffix}`, `/clusters/${name}`, 'eks', deadline);
  const cluster = (JSON.parse(body.toString('utf8')) as { cluster: { endpoint: string; certificateAuthority: { data: string }; status: string } }).cluster;
  if (cluster.status !== 'ACTIVE') throw new Error(`cluster ${name} is ${cluster.status}, not ACTIVE`);
  return { endpoint: cluster.endpoint, certificateAuthority: cluster.certificateAuthority.data };
}
