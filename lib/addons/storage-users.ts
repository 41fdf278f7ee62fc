import { Token } from 'aws-cdk-lib';

/**
 * Whether Kubernetes objects claim persistent volumes: a PersistentVolumeClaim, or a
 * StatefulSet with `volumeClaimTemplates`. Such manifests depend on the cluster's CSI drivers
 * (AddonOrdering.storageDriversOf), so that on delete the claims go while the drivers can
 * still delete the volumes behind them (reclaim is asynchronous after the claim is deleted).
 * Not part of the public API.
 */
export function claimsVolumes(objects: Array<Record<string, any>>): boolean {
  return objects.some((o) => {
    if (!o || typeof o !== 'object' || Token.isUnresolved(o)) return false;
    if (o.kind === 'PersistentVolumeClaim') return true;
    const templates = o.kind === 'StatefulSet' ? o.spec?.volumeClaimTemplates : undefined;
    return Array.isArray(templates) ? templates.length > 0 : templates !== undefined;
  });
}
