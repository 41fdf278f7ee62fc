import { Construct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { KubernetesManifest } from '../kubectl/kubernetes-manifest';
import { namespaceNameProblem } from './kubernetes-names';
import { NamespaceObjects, TeamNamespaceObjectsProps } from './namespace-objects';
import { RbacObjects, RbacSubject } from './rbac';
import { checkProps } from '../validation/prop-check';
import { CONTAINER_DEFAULTS, NAMESPACE_QUOTA, TEAM_NAMESPACE_PROPS } from '../validation/prop-specs';

/** Properties of a {@link TeamNamespace}. */
export interface TeamNamespaceProps extends TeamNamespaceObjectsProps {
  /** The cluster. */
  readonly cluster: ICluster;
  /**
   * Who gets the built-in `edit` ClusterRole inside the namespace (a RoleBinding).
   * @default - nobody
   */
  readonly editors?: RbacSubject[];
  /**
   * Who gets the built-in `view` ClusterRole inside the namespace (a RoleBinding).
   * @default - nobody
   */
  readonly viewers?: RbacSubject[];
}

/**
 * What a platform team gives an application team: a namespace (Pod Security `restricted` by
 * default) with a ResourceQuota, a LimitRange and RoleBindings of the built-in `edit` and
 * `view` ClusterRoles, applied by the cluster's applier in one manifest (namespace first).
 * Pair with `cluster.grantAccess(...)` / access entries for the IAM side.
 */
export class TeamNamespace extends Construct {
  /** The namespace name. */
  public readonly namespaceName: string;
  /** The manifest with all objects; make the team's workloads depend on it. */
  public readonly manifest: KubernetesManifest;

  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    checkProps(this, props, TEAM_NAMESPACE_PROPS);
    if (props.quota !== undefined) checkProps(this, props.quota, NAMESPACE_QUOTA, 'quota.');
    if (props.containerDefaults !== undefined) checkProps(this, props.containerDefaults, CONTAINER_DEFAULTS, 'containerDefaults.');
    for (const [prop, subjects] of [['editors', props.editors], ['viewers', props.viewers]] as const) {
      (subjects ?? []).forEach((s, i) => {
        if (typeof s.name === 'string' && s.name === '') throw new KitValidationError(this, 'TeamNamespace', `'${prop}[${i}]' has an empty name.`);
      });
    }
    this.namespaceName = props.name;
    const problems = [namespaceNameProblem('name', props.name), ...NamespaceObjects.problems(props)].filter((p): p is string => p !== undefined);
    const objects = NamespaceObjects.teamNamespace(props);
    for (const [role, subjects] of [['edit', props.editors], ['view', props.viewers]] as Array<[string, RbacSubject[] | undefined]>) {
      if (subjects === undefined) continue;
      const binding = RbacObjects.roleBinding({ name: `team-${role}`, namespace: props.name, roleName: role, clusterRole: true, subjects });
      problems.push(...RbacObjects.problems(binding).map((p) => p.replace(`RoleBinding 'team-${role}'`, `'${role === 'edit' ? 'editors' : 'viewers'}'`)));
      objects.push(binding);
    }
    if (problems.length > 0) throw new KitValidationError(this, 'TeamNamespace', `${problems.join('; ')}.`);
    this.manifest = new KubernetesManifest(this, 'Manifest', { cluster: props.cluster, manifest: objects });
  }
}
