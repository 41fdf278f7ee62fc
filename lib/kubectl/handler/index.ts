/**
 * The kubectl applier: the onEvent handler of a custom_resources.Provider. It applies
 * manifests, Helm releases and patches, and reads object values, with kubectl and helm
 * from the kubectl layer. It authenticates with an EKS token it signs itself.
 *
 * It never hangs: every command is bounded by a deadline that leaves time to answer,
 * and any error (including the deadline) is thrown, which the provider framework turns
 * into a FAILED response with the (redacted) message.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { authRetryUntil } from './access';
import { describeCluster } from './aws';
import { credentialsFromEnv, eksToken } from './aws-sign';
import { handlerFor } from './dispatch';
import { renderKubeconfig } from './kubeconfig';
import { redact, secretLeaves, secretValues } from './redact';
import { RESOURCE_TYPES } from './resource-types';
import { ToolContext } from './tools';
import { LambdaContext, OnEventRequest, OnEventResponse } from './types';

export { RESOURCE_TYPES };
export type { LambdaContext, OnEventRequest, OnEventResponse };

/** Time kept back from the Lambda timeout to build and send the answer. */
const SAFETY_MS = 20_000;

export async function handler(event: OnEventRequest, context: LambdaContext): Promise<OnEventResponse> {
  const env = process.env;
  const deadline = Date.now() + context.getRemainingTimeInMillis() - Number(env.HANDLER_SAFETY_MS ?? SAFETY_MS);
  const secrets = collectSecrets(event);
  console.log(`${event?.RequestType} ${event?.ResourceType} ${event?.LogicalResourceId}`);
  const workDir = mkdtempSync(join(env.WORK_DIR ?? '/tmp', 'kubectl-'));
  try {
    if (!event || typeof event !== 'object' || !['Create', 'Update', 'Delete'].includes(event.RequestType)) {
      throw new Error(`not a CloudFormation custom resource event (RequestType is ${JSON.stringify(event?.RequestType)})`);
    }
    if (!event.ResourceProperties || typeof event.ResourceProperties !== 'object') {
      throw new Error(`${event.ResourceType}: the event has no ResourceProperties`);
    }
    // Unknown types fail before any network call.
    const serve = handlerFor(event.ResourceType);
    const ctx = await prepare(workDir, deadline, secrets);
    return await serve(event, ctx);
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
  for (const props of [event?.ResourceProperties, event?.OldResourceProperties]) {
    if (!props || typeof props !== 'object') continue;
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
  if (!clusterName) throw new Error("the handler's environment has no CLUSTER_NAME");
  const credentials = credentialsFromEnv(env);
  let endpoint = env.CLUSTER_ENDPOINT;
  let caData = env.CLUSTER_CA_DATA;
  if (!endpoint || !caData) {
    const described = await describeCluster(clusterName, { deadline });
    endpoint = described.endpoint;
    caData = described.certificateAuthority;
  }
  const token = eksToken(clusterName, region, urlSuffix, credentials, new Date());
  secrets.push(token);
  const kubeconfig = join(workDir, 'kubeconfig');
  writeFileSync(kubeconfig, renderKubeconfig({ clusterName, endpoint, certificateAuthorityData: caData, token }), { mode: 0o600 });
  for (const dir of ['helm-cache', 'helm-config', 'helm-data']) mkdirSync(join(workDir, dir));
  let grace: Promise<{ until: number; why: string }> | undefined;
  return {
    deadline,
    workDir,
    secrets,
    retryBaseMs: env.RETRY_BASE_MS ? Number(env.RETRY_BASE_MS) : undefined,
    retryWindowMs: env.RETRY_WINDOW_MS ? Number(env.RETRY_WINDOW_MS) : undefined,
    authRetryUntil: () => (grace ??= env.AUTH_RETRY_UNTIL
      ? Promise.resolve({ until: Number(env.AUTH_RETRY_UNTIL), why: 'test' })
      : authRetryUntil(clusterName, env.HANDLER_ROLE_ARN, deadline)),
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
