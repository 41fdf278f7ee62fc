import { releaseState } from './helm';
import { Properties } from './properties';
import { RESOURCE_TYPES } from './resource-types';
import { kubectlArgs } from './tool-args';
import { parseToolJson, runToolWithRetries, ToolContext, ToolError } from './tools';
import { OnEventRequest, OnEventResponse } from './types';

/**
 * Why a live object is not ready yet, or undefined when it is. The rules follow what
 * `helm upgrade --wait` waits for (Helm 3's ready checker, pkg/kube/ready.go): Deployments,
 * StatefulSets and DaemonSets rolled out and available, Pods Ready, PVCs Bound, Services of
 * type LoadBalancer with an address, CRDs Established, Jobs complete. Other kinds are ready.
 */
export function notReadyReason(o: any): string | undefined {
  const spec = o?.spec ?? {};
  const status = o?.status ?? {};
  const observed = (status.observedGeneration ?? 0) >= (o?.metadata?.generation ?? 0);
  switch (o?.kind) {
    case 'Deployment': {
      if (spec.paused) return undefined;
      const replicas = spec.replicas ?? 1;
      if (!observed) return 'its new spec is not observed yet';
      if ((status.updatedReplicas ?? 0) < replicas) return `${status.updatedReplicas ?? 0}/${replicas} replicas updated`;
      if ((status.availableReplicas ?? 0) < replicas) return `${status.availableReplicas ?? 0}/${replicas} replicas available`;
      return undefined;
    }
    case 'StatefulSet': {
      const replicas = spec.replicas ?? 1;
      if (!observed) return 'its new spec is not observed yet';
      if ((status.readyReplicas ?? 0) < replicas) return `${status.readyReplicas ?? 0}/${replicas} replicas ready`;
      if (spec.updateStrategy?.type !== 'OnDelete' && status.updateRevision && status.currentRevision !== status.updateRevision
        && (status.updatedReplicas ?? 0) < replicas - (spec.updateStrategy?.rollingUpdate?.partition ?? 0)) {
        return `${status.updatedReplicas ?? 0}/${replicas} replicas updated`;
      }
      return undefined;
    }
    case 'DaemonSet': {
      if (!observed) return 'its new spec is not observed yet';
      const desired = status.desiredNumberScheduled ?? 0;
      if ((status.updatedNumberScheduled ?? 0) < desired) return `${status.updatedNumberScheduled ?? 0}/${desired} pods updated`;
      if ((status.numberAvailable ?? 0) < desired) return `${status.numberAvailable ?? 0}/${desired} pods available`;
      return undefined;
    }
    case 'Pod':
      return condition(status, 'Ready') ? undefined : 'not Ready';
    case 'PersistentVolumeClaim':
      return status.phase === 'Bound' ? undefined : `${status.phase ?? 'Pending'}, not Bound`;
    case 'Service':
      if (spec.type !== 'LoadBalancer') return undefined;
      return (status.loadBalancer?.ingress ?? []).length > 0 ? undefined : 'no load balancer address yet';
    case 'CustomResourceDefinition':
      return condition(status, 'Established') ? undefined : 'not Established';
    case 'Job':
      if (condition(status, 'Failed')) return 'failed';
      return condition(status, 'Complete') ? undefined : 'not complete';
    default:
      return undefined;
  }
}

function condition(status: any, type: string): boolean {
  return (status.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');
}

/** The release's objects that are not ready, as `Kind/name: reason`. */
async function notReady(ctx: ToolContext, release: string, namespace: string): Promise<string[]> {
  const manifest = await runToolWithRetries(ctx, `manifest of release ${release}`, 'helm', ['get', 'manifest', release, '--namespace', namespace]);
  if (!manifest.stdout.trim()) return [];
  const live = await runToolWithRetries(ctx, `objects of release ${release}`, 'kubectl',
    kubectlArgs(['get', '-f', '-', '--namespace', namespace, '--ignore-not-found', '-o', 'json']), { stdin: manifest.stdout });
  if (!live.stdout.trim()) return ['no objects found yet'];
  const parsed = parseToolJson<{ kind?: string; items?: any[] }>(`kubectl get (objects of release ${release})`, live.stdout);
  const items = Array.isArray(parsed.items) ? parsed.items : [parsed];
  return items.flatMap((o) => {
    const why = notReadyReason(o);
    return why ? [`${o.kind}/${o.metadata?.name}: ${why}`] : [];
  });
}

/**
 * `Custom::CdkEksKitHelmReady`: waits up to `TimeoutSeconds` for the objects of `Release` to
 * be ready. A release's readiness checks are chained; all but the `Final` one succeed when
 * their time is up (the next one goes on waiting), the final one fails naming what is not
 * ready. Delete does nothing.
 */
export async function onHelmReady(event: OnEventRequest, ctx: ToolContext): Promise<OnEventResponse> {
  const props = new Properties(RESOURCE_TYPES.helmReady, event.ResourceProperties);
  const release = props.string('Release');
  const namespace = props.string('Namespace');
  const physicalId = event.PhysicalResourceId ?? `helm-ready/${namespace}/${release}/${event.LogicalResourceId}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalId };
  const final = props.bool('Final', true);
  const until = Math.min(Date.now() + props.number('TimeoutSeconds', 300) * 1000, ctx.deadline - 5000);
  const interval = Number(process.env.POLL_INTERVAL_MS ?? 10_000);
  for (;;) {
    const state = await releaseState(ctx, release, namespace);
    const status = state.latest?.status;
    if (status === 'failed') throw new ToolError(`release ${release} in namespace ${namespace} failed (helm status: failed)`, '');
    if (!status) throw new ToolError(`release ${release} in namespace ${namespace} does not exist`, '');
    const waiting = status === 'deployed' ? await notReady(ctx, release, namespace) : [`release status ${status}`];
    if (waiting.length === 0) {
      console.log(`release ${release}: ready`);
      return { PhysicalResourceId: physicalId };
    }
    if (Date.now() + interval >= until) {
      const summary = waiting.slice(0, 5).join('; ') + (waiting.length > 5 ? ` and ${waiting.length - 5} more` : '');
      if (!final) {
        console.log(`release ${release}: not ready yet (${summary}); the next readiness check goes on waiting`);
        return { PhysicalResourceId: physicalId };
      }
      throw new ToolError(`release ${release} in namespace ${namespace} was not ready within its timeout: ${summary}`, summary);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
