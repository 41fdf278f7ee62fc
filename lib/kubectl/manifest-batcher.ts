import { AspectPriority, Aspects, CustomResource, IAspect, Names, Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { RESOURCE_TYPES } from './handler/resource-types';
import type { KubernetesManifest } from './kubernetes-manifest';
import { hasTokens, inventory, labelObjects, objectIdentity, OWNER_LABEL, ownerFamily, ownerValueIn, shardHash } from './manifest-objects';
import { manifestProperties } from './manifest-properties';
import { ClusterRemoval, RemovalKind } from '../cluster/removal';

/**
 * Batch sizing. A manifest's batch is fixed by the hash of its first object's identity, so
 * inserting, removing or renaming a manifest changes only the batch that holds it (a count
 * that grew with the number of manifests would reshuffle them all). 32 main batches keep a
 * batch at ~310 objects for 10,000 manifests: kubectl applies (and first looks up) one object
 * per request at its default client rate of 5 requests/s, so that is about 2 minutes per
 * batch, the batches running in parallel, well inside the handler's 14 minutes; up to ~60,000
 * single-object manifests per cluster and stack fit that way. Namespaces and CRDs go to 4
 * batches of their own that the others wait for. A batch travels inline up to
 * {@link SHARD_INLINE_BYTES} of JSON (36 batches stay below 450 KB of template), as an S3
 * asset beyond.
 */
export const MAIN_SHARDS = 32;
export const PRELUDE_SHARDS = 4;
export const SHARD_INLINE_BYTES = 12_000;
/**
 * Inline manifest JSON one stack's template may carry for a cluster (batches and manifests
 * with a resource of their own); past it, the largest manifests with a resource of their own
 * move to S3 assets, keeping the template well under CloudFormation's 1 MB.
 */
export const TEMPLATE_INLINE_BYTES = 500_000;

const PRELUDE_KINDS = new Set(['Namespace', 'CustomResourceDefinition']);
const isPrelude = (o: Record<string, any>) => !Token.isUnresolved(o) && PRELUDE_KINDS.has(o?.kind);

interface Shard {
  readonly id: string;
  readonly members: Array<{ member: KubernetesManifest; objects: Record<string, any>[] }>;
  /** Objects of own-resource manifests that would sit here: never pruned by this shard. */
  readonly claimed: Record<string, any>[];
  resource?: CustomResource;
}

/**
 * The manifests of one cluster in one stack. At synthesis (an aspect) it decides which
 * manifests get a resource of their own (`batch: false`, or taking part in a dependency) and
 * packs the others into stable batches (`Shard00`…`Shard31`, and `Prelude0`…`Prelude3` for
 * their Namespaces and CRDs). All of them share an owner family, so a manifest that moves
 * between its own resource and a batch, or is renamed, is taken over without `overwrite`.
 */
export class ManifestBatcher extends Construct {
  /** The batcher of `cluster` in `stack`, created on first use. */
  public static of(stack: Stack, cluster: ICluster): ManifestBatcher {
    const id = `KubernetesManifestBatches${Names.uniqueId(cluster)}`;
    return (stack.node.tryFindChild(id) as ManifestBatcher) ?? new ManifestBatcher(stack, id, cluster);
  }

  private readonly members: KubernetesManifest[] = [];
  private readonly batched = new Set<KubernetesManifest>();
  private materialized = false;

  private constructor(scope: Construct, id: string, private readonly cluster: ICluster) {
    super(scope, id);
    const batcher = this;
    // After the app's own aspects (default priority), so that their dependencies count.
    Aspects.of(this).add({ visit: (node: IConstruct) => { if (node === batcher) batcher.materialize(); } } as IAspect,
      { priority: AspectPriority.DEFAULT + 100 });
    ClusterRemoval.attach(this, cluster, RemovalKind.KUBERNETES); // lib/cluster/removal.ts
    this.node.addValidation({ validate: () => this.lateDependencies() });
  }

  /** @internal */
  public register(member: KubernetesManifest): void {
    if (this.materialized) {
      throw new KitValidationError(member, 'ManifestAfterSynthesis', 'manifests must be added before the app is synthesized (not from an aspect that runs after the batches were formed).');
    }
    this.members.push(member);
  }

  private materialize(): void {
    if (this.materialized) return;
    this.materialized = true;
    const members = [...this.members].sort((a, b) => (a.node.path < b.node.path ? -1 : 1));
    // No object is declared twice on the cluster (KubernetesObjectDuplicate, manifest-validation.ts):
    // what makes taking over a sibling's objects safe.
    const inDependency = dependencyParticipants(this.node.root);
    const own = members.filter((m) => !m._batchable || takesPart(m, this.cluster, inDependency));
    const batched = members.filter((m) => !own.includes(m));
    for (const m of own) m._createResource();

    const prelude: Shard[] = Array.from({ length: PRELUDE_SHARDS }, (_, i) => ({ id: `Prelude${i}`, members: [], claimed: [] }));
    const main: Shard[] = Array.from({ length: MAIN_SHARDS }, (_, i) => ({ id: `Shard${String(i).padStart(2, '0')}`, members: [], claimed: [] }));
    for (const m of batched) {
      const h = shardKey(m);
      const first = m._objects.filter(isPrelude);
      const rest = m._objects.filter((o) => !isPrelude(o));
      if (first.length > 0) prelude[h % PRELUDE_SHARDS].members.push({ member: m, objects: first });
      if (rest.length > 0) main[h % MAIN_SHARDS].members.push({ member: m, objects: rest });
      this.batched.add(m);
    }
    // Where an own-resource manifest would sit if batched: that batch must not prune its
    // objects (they may have been there until this deploy).
    for (const m of own) {
      const h = shardKey(m);
      prelude[h % PRELUDE_SHARDS].claimed.push(...m._objects.filter(isPrelude));
      main[h % MAIN_SHARDS].claimed.push(...m._objects.filter((o) => !isPrelude(o)));
    }

    const crdKinds = [...new Set(members.flatMap((m) => m._objects).filter((o) => !Token.isUnresolved(o) && o?.kind === 'CustomResourceDefinition')
      .map((o) => `${o.spec?.group}/${o.spec?.names?.kind}`).filter((k) => !Token.isUnresolved(k)))].sort();
    const preludeResources = prelude.filter((s) => s.members.length > 0).map((s) => this.createShard(s, []));
    const mainShards = main.filter((x) => x.members.length > 0);
    // Namespaces and CRDs of own-resource manifests also come before the batches.
    const ownFoundations = own.filter((m) => m._objects.some(isPrelude)).map((m) => m.resource!);
    for (const s of mainShards) {
      const resource = this.createShard(s, crdKinds);
      resource.node.addDependency(...preludeResources, ...ownFoundations);
    }
    for (const m of own) {
      if (m._objects.some((o) => !isPrelude(o)) && preludeResources.length > 0) m.resource!.node.addDependency(...preludeResources);
    }
    this.keepTemplateSmall(own, this.inlineShardBytes);
  }

  private inlineShardBytes = 0;

  /** Moves the largest own-resource manifests to S3 assets while the template's manifest JSON is over budget. */
  private keepTemplateSmall(own: KubernetesManifest[], shardBytes: number): void {
    let total = shardBytes + own.reduce((sum, m) => sum + m._inline, 0);
    for (const m of [...own].sort((a, b) => b._inline - a._inline)) {
      if (total <= TEMPLATE_INLINE_BYTES || m._inline === 0) break;
      const bytes = m._inline;
      if (m._moveToAsset()) total -= bytes;
    }
  }

  private createShard(shard: Shard, crdKinds: string[]): CustomResource {
    const provider = this.cluster.kubectlProvider;
    const stack = Stack.of(this);
    const family = ownerFamily(stack, this.cluster);
    const owner = ownerValueIn(family, `${this.node.path}/${shard.id}`);
    const objects = shard.members.flatMap(({ objects: o }) => labelObjects(o, owner));
    const overwrite = shard.members.filter(({ member }) => member._overwrite).flatMap(({ objects: o }) => o);
    const skip = shard.members.filter(({ member }) => member._skipValidation).flatMap(({ objects: o }) => o);
    const content = manifestProperties(this, `${shard.id}Asset`, objects, provider, 'batch', { inlineLimit: SHARD_INLINE_BYTES, splitTokens: true });
    this.inlineShardBytes += content.inlineBytes;
    const literal = (list: Record<string, any>[]) => list.filter((o) => !hasTokens(o.metadata?.name) && !hasTokens(o.metadata?.namespace));
    const resource = new CustomResource(this, shard.id, {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPES.manifest,
      properties: {
        OwnerLabel: OWNER_LABEL,
        OwnerValue: owner,
        OwnerFamily: family,
        Overwrite: false,
        SkipValidation: false,
        ...content.properties,
        OverwriteObjects: overwrite.length > 0 ? inventory(literal(overwrite)) : undefined,
        SkipValidationObjects: skip.length > 0 ? inventory(literal(skip)) : undefined,
        ClaimedElsewhere: shard.claimed.length > 0 ? inventory(literal(shard.claimed)) : undefined,
        CrdKinds: crdKinds.length > 0 ? crdKinds.join(',') : undefined,
      },
    });
    resource.node.addDependency(provider);
    shard.resource = resource;
    return resource;
  }

  /** A dependency added after the batches were formed (e.g. by a later aspect) would be lost. */
  private lateDependencies(): string[] {
    if (!this.materialized || this.batched.size === 0) return [];
    const inDependency = dependencyParticipants(this.node.root);
    return [...this.batched].filter((m) => takesPart(m, this.cluster, inDependency)).map((m) => new KitValidationError(m, 'BatchedManifestDependency',
      'this manifest takes part in a dependency that was added after the manifest batches were formed (during synthesis, e.g. by an aspect with a late priority); '
      + "add the dependency before synthesis, or set 'batch: false' on the manifest.").message);
  }
}

/** The shard of a manifest: by its first object's identity (stable when the construct is renamed), else its path. */
function shardKey(m: KubernetesManifest): number {
  const first = m._objects[0];
  const parts = [first?.apiVersion, first?.kind, first?.metadata?.namespace, first?.metadata?.name];
  return shardHash(!first || Token.isUnresolved(first) || hasTokens(parts) ? m.node.path : objectIdentity(first));
}

/** Every construct that is the source or the target of a dependency. */
function dependencyParticipants(root: IConstruct): Set<IConstruct> {
  const set = new Set<IConstruct>();
  for (const c of root.node.findAll()) {
    const deps = c.node.dependencies;
    if (deps.length === 0) continue;
    set.add(c);
    for (const d of deps) set.add(d);
  }
  return set;
}

/**
 * Whether a manifest takes part in a dependency: it, something inside it, or a construct it
 * sits in (below its stack and its cluster, whose dependencies its batch inherits through the
 * provider) depends on something or is depended on.
 */
function takesPart(m: KubernetesManifest, cluster: ICluster, participants: Set<IConstruct>): boolean {
  if (m.node.findAll().some((c) => participants.has(c))) return true;
  const stack = Stack.of(m);
  for (let c: IConstruct | undefined = m.node.scope; c && c !== stack && c !== cluster; c = c.node.scope) {
    if (participants.has(c)) return true;
  }
  return false;
}
