import { CustomResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { RESOURCE_TYPES } from './handler/resource-types';
import { namespaceProblem, patchProblems, patchResourceNameProblems } from './kubectl-input-rules';
import { KitValidationError } from '../errors';
import { checkProps, Is } from '../validation/prop-check';
import { PATCH_PROPS } from '../validation/prop-specs';
import { ClusterRemoval, RemovalKind } from '../cluster/removal';

/** How kubectl merges a patch. @see https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/ */
export enum PatchType {
  /** JSON patch (RFC 6902): a list of operations. */
  JSON = 'json',
  /** JSON merge patch (RFC 7386). */
  MERGE = 'merge',
  /** Kubernetes strategic merge patch (built-in kinds only). */
  STRATEGIC = 'strategic',
}

/** Properties of a {@link KubernetesPatch}. */
export interface KubernetesPatchProps {
  /** The cluster. */
  readonly cluster: ICluster;
  /** The object to patch, `<type>/<name>`, e.g. `deployment/coredns`. */
  readonly resourceName: string;
  /**
   * The object's namespace.
   * @default 'default'
   */
  readonly resourceNamespace?: string;
  /** The patch applied on create and update (an object, or a list of operations for JSON patch). */
  readonly applyPatch: any;
  /** The patch applied when this resource is deleted, restoring the original state. */
  readonly restorePatch: any;
  /**
   * The patch type.
   * @default PatchType.STRATEGIC
   */
  readonly patchType?: PatchType;
}

/**
 * Patches an existing object at deploy time (e.g. one EKS created) and applies a restore
 * patch when removed. Restoring an object that no longer exists succeeds.
 */
export class KubernetesPatch extends Construct {
  /** The custom resource. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: KubernetesPatchProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster, RemovalKind.KUBERNETES); // lib/cluster/removal.ts
    checkProps(this, props, { ...PATCH_PROPS, patchType: Is.enumOf(PatchType, 'PatchType') });
    const patchType = props.patchType ?? PatchType.STRATEGIC;
    const problems = [
      ...patchResourceNameProblems(props.resourceName),
      ...[namespaceProblem('resourceNamespace', props.resourceNamespace)].filter((p): p is string => p !== undefined),
      ...patchProblems('applyPatch', props.applyPatch, patchType),
      ...patchProblems('restorePatch', props.restorePatch, patchType),
    ];
    if (problems.length > 0) throw new KitValidationError(this, 'KubernetesPatch', `${problems.join('; ')}.`);
    const provider = props.cluster.kubectlProvider;
    const stack = Stack.of(this);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPES.patch,
      properties: {
        ResourceName: props.resourceName,
        Namespace: props.resourceNamespace ?? 'default',
        ApplyPatch: stack.toJsonString(props.applyPatch),
        RestorePatch: stack.toJsonString(props.restorePatch),
        PatchType: props.patchType ?? PatchType.STRATEGIC,
      },
    });
    this.resource.node.addDependency(provider);
  }
}
