import { Annotations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClusterState } from '../cluster/cluster-state';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { objectProblems } from './manifest-objects';
import { ObjectFinding, objectFindings, objectIdentity, describeObject } from './object-rules';

/** Options of {@link validateManifest}. */
export interface ManifestValidationOptions {
  /** Skip the OpenAPI schema checks (the manifest's `skipValidation`). */
  readonly skipSchema: boolean;
}

/**
 * Checks the objects of a manifest before it is applied, and fails synth with the manifest's
 * construct path, the object (index, kind and name) and the field:
 *
 * - `ManifestObjects`: not a list of objects with apiVersion, kind and metadata.name;
 * - `KubernetesObject`: content the API server rejects (object-rules.ts);
 * - `KubernetesObjectSchema`: built-in kinds against the Kubernetes OpenAPI schemas (object-schemas.ts);
 * - `KubernetesObjectDuplicate`: the same object twice in this manifest, or already applied by
 *   another manifest of the same EKS cluster (also through another import of it).
 *
 * Findings that Kubernetes accepts but that are probably mistakes become warnings.
 * @internal
 */
export function validateManifest(scope: Construct, cluster: ICluster, manifest: unknown, options: ManifestValidationOptions): void {
  if (!Array.isArray(manifest)) return; // the prop-type check reported it
  const shape = objectProblems(manifest);
  if (shape.length > 0) {
    throw new KitValidationError(scope, 'ManifestObjects', `'manifest': ${shape.join('; ')}. Every object needs apiVersion, kind and metadata.name.`);
  }
  const findings = objectFindings(manifest);
  for (const f of findings.filter((x) => x.warning)) {
    Annotations.of(scope).addWarningV2(`cdk-eks-kit:${f.warning}`, `'manifest' ${located(f)}.`);
  }
  fail(scope, 'KubernetesObject', findings.filter((x) => !x.warning));
  if (!options.skipSchema && manifest.some((o) => o !== null && typeof o === 'object' && typeof (o as any).apiVersion === 'string')) {
    // Loaded only here: apps without manifests never load the schema validators.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { schemaFindings } = require('./object-schemas') as typeof import('./object-schemas');
    fail(scope, 'KubernetesObjectSchema', schemaFindings(manifest),
      " Kubernetes would reject it; if your cluster's Kubernetes version accepts it, set 'skipValidation: true' on the manifest.");
  }
  registerObjects(scope, cluster, manifest);
}

function located(f: ObjectFinding): string {
  return `object ${f.index} (${f.object}): '${f.field}' ${f.message}`;
}

function fail(scope: Construct, code: string, findings: ObjectFinding[], hint = ''): void {
  if (findings.length === 0) return;
  const shown = findings.slice(0, 10).map(located);
  const more = findings.length > 10 ? `; and ${findings.length - 10} more` : '';
  throw new KitValidationError(scope, code, `'manifest' ${shown.join('; ')}${more}.${hint}`);
}

/**
 * Records the objects' identities on the cluster's shared state; an object already applied
 * (here or by another manifest of the same EKS cluster) is a synth error: the second apply
 * fails, or the two manifests take the object from each other on every deploy.
 */
function registerObjects(scope: Construct, cluster: ICluster, manifest: unknown[]): void {
  const applied = ClusterState.shared(cluster).slot('kubernetes-manifest:objects', () => new Map<string, string>());
  const here = new Map<string, number>();
  manifest.forEach((o, index) => {
    const identity = objectIdentity(o);
    if (identity === undefined) return;
    const what = `object ${index} (${describeObject(o as Record<string, any>)}${namespaceOf(o)})`;
    if (here.has(identity)) {
      throw new KitValidationError(scope, 'KubernetesObjectDuplicate',
        `'manifest' ${what} is the same object as object ${here.get(identity)}; list each object once.`);
    }
    const owner = applied.get(identity);
    if (owner !== undefined) {
      throw new KitValidationError(scope, 'KubernetesObjectDuplicate',
        `'manifest' ${what} is already applied to this cluster by ${owner}; two manifests applying one object fail on create `
        + 'or take it from each other on every deploy. Apply it once (and make the other construct depend on that manifest).');
    }
    here.set(identity, index);
  });
  for (const identity of here.keys()) applied.set(identity, scope.node.path);
}

function namespaceOf(o: unknown): string {
  const namespace = (o as Record<string, any>)?.metadata?.namespace;
  return typeof namespace === 'string' ? ` in namespace '${namespace}'` : '';
}
