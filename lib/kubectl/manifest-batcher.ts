import { CustomResource, Lazy, Names, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { RESOURCE_TYPES } from './handler/resource-types';
import { labelObjects, manifestJson, OWNER_LABEL, ownerValue } from './manifest-objects';
import { ClusterRemoval, RemovalKind } from '../cluster/removal';

/** Inline bytes per batch resource: two of them (old and new) stay far below Lambda's 256 KB event. */
export const BATCH_BYTES = 40_000;

interface Batch {
  readonly resource: CustomResource;
  readonly objects: Record<string, any>[];
  readonly owner: string;
  bytes: number;
}

/**
 * Collects the batched manifests of one cluster in one stack into as few custom resources
 * as the per-resource size budget allows. Each batch has its own ownership label value, so
 * an object that moves between batches is pruned by the old batch only while it still
 * carries the old batch's label.
 */
export class ManifestBatcher extends Construct {
  /** The batcher of `cluster` in `stack`, created on first use. */
  public static of(stack: Stack, cluster: ICluster): ManifestBatcher {
    const id = `KubernetesManifestBatches${Names.uniqueId(cluster)}`;
    return (stack.node.tryFindChild(id) as ManifestBatcher) ?? new ManifestBatcher(stack, id, cluster);
  }

  private readonly batches: Batch[] = [];
  /** The batch being filled, per combination of options. */
  private readonly open = new Map<string, Batch>();
  private readonly members: IConstruct[] = [];

  private constructor(scope: Construct, id: string, private readonly cluster: ICluster) {
    super(scope, id);
    ClusterRemoval.attach(this, cluster, RemovalKind.KUBERNETES); // lib/cluster/removal.ts
    this.node.addValidation({ validate: () => this.dependencyProblems() });
  }

  /** Adds a manifest's objects to the current batch (a new one when it is full). */
  public add(member: IConstruct, objects: Record<string, any>[], overwrite: boolean, skipValidation: boolean): void {
    const stack = Stack.of(this);
    // Manifests with different options never share a batch.
    const key = `${overwrite}/${skipValidation}`;
    let batch = this.open.get(key);
    const size = manifestJson(stack, objects).bytes + 80 * objects.length; // + ownership label
    if (!batch || batch.bytes + size > BATCH_BYTES) {
      batch = this.newBatch(overwrite, skipValidation);
      this.open.set(key, batch);
    }
    batch.objects.push(...labelObjects(objects, batch.owner));
    batch.bytes += size;
    this.members.push(member);
  }

  private newBatch(overwrite: boolean, skipValidation: boolean): Batch {
    const provider = this.cluster.kubectlProvider;
    const id = `Batch${this.batches.length}`;
    const owner = ownerValue(`${this.node.path}/${id}`);
    const objects: Record<string, any>[] = [];
    const resource = new CustomResource(this, id, {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPES.manifest,
      properties: {
        OwnerLabel: OWNER_LABEL,
        OwnerValue: owner,
        Overwrite: overwrite,
        SkipValidation: skipValidation,
        Manifest: Lazy.string({ produce: () => manifestJson(Stack.of(this), objects).value }),
      },
    });
    resource.node.addDependency(provider);
    const batch: Batch = { resource, objects, owner, bytes: 0 };
    this.batches.push(batch);
    return batch;
  }

  /** Batched manifests have no resource: dependencies on or from them would be lost. */
  private dependencyProblems(): string[] {
    const members = new Set(this.members);
    const problems: string[] = [];
    for (const c of this.node.root.node.findAll()) {
      for (const dep of c.node.dependencies) {
        if (members.has(c) || members.has(dep)) {
          problems.push(new KitValidationError(members.has(c) ? c : dep, 'BatchedManifestDependency',
            `a batched manifest ('batch: true') has no CloudFormation resource of its own, so the dependency between ${c.node.path} and ${dep.node.path} cannot be honoured; set 'batch: false' on it.`).message);
        }
      }
    }
    return problems;
  }
}
