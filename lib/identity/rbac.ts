import { Token } from 'aws-cdk-lib';

/** The kind of an RBAC subject. */
export enum RbacSubjectKind {
  /** A Kubernetes user (for EKS: the username of an access entry). */
  USER = 'User',
  /** A Kubernetes group (for EKS: a group of an access entry). */
  GROUP = 'Group',
  /** A Kubernetes service account. */
  SERVICE_ACCOUNT = 'ServiceAccount',
}

/** Who a binding grants a role to. */
export class RbacSubject {
  /** A user name. */
  public static user(name: string): RbacSubject {
    return new RbacSubject(RbacSubjectKind.USER, name);
  }

  /** A group name, e.g. one given to an access entry's `kubernetesGroups`. */
  public static group(name: string): RbacSubject {
    return new RbacSubject(RbacSubjectKind.GROUP, name);
  }

  /** A service account in a namespace. */
  public static serviceAccount(name: string, namespace: string): RbacSubject {
    return new RbacSubject(RbacSubjectKind.SERVICE_ACCOUNT, name, namespace);
  }

  /** The subject kind. */
  public readonly kind: RbacSubjectKind;
  /** The subject name. */
  public readonly name: string;
  /** The namespace (service accounts only). */
  public readonly namespace?: string;

  private constructor(kind: RbacSubjectKind, name: string, namespace?: string) {
    this.kind = kind;
    this.name = name;
    this.namespace = namespace;
  }

  /** The subject as it appears in a binding. */
  public toJson(): { [key: string]: string } {
    return this.kind === RbacSubjectKind.SERVICE_ACCOUNT
      ? { kind: this.kind, name: this.name, namespace: this.namespace! }
      : { kind: this.kind, apiGroup: 'rbac.authorization.k8s.io', name: this.name };
  }
}

/** One rule of a Role or ClusterRole. */
export interface PolicyRule {
  /** API groups, `''` for the core group. */
  readonly apiGroups: string[];
  /** Resources, e.g. `pods`, `deployments`, `pods/log`. */
  readonly resources: string[];
  /** Verbs, e.g. `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`. */
  readonly verbs: string[];
  /**
   * Names the rule is limited to.
   * @default - all objects of the resources
   */
  readonly resourceNames?: string[];
}

/** Properties of a namespaced Role. */
export interface RoleObjectProps {
  /** Role name. */
  readonly name: string;
  /** Namespace of the role. */
  readonly namespace: string;
  /** What the role allows. */
  readonly rules: PolicyRule[];
}

/** Properties of a ClusterRole. */
export interface ClusterRoleObjectProps {
  /** ClusterRole name. */
  readonly name: string;
  /** What the role allows. */
  readonly rules: PolicyRule[];
}

/** Properties of a RoleBinding. */
export interface RoleBindingObjectProps {
  /** Binding name. */
  readonly name: string;
  /** Namespace the binding grants access in. */
  readonly namespace: string;
  /** The Role (or, with `clusterRole: true`, the ClusterRole) granted. */
  readonly roleName: string;
  /**
   * Whether `roleName` names a ClusterRole (granted only inside `namespace`).
   * @default false
   */
  readonly clusterRole?: boolean;
  /** Who gets the role. */
  readonly subjects: RbacSubject[];
}

/** Properties of a ClusterRoleBinding. */
export interface ClusterRoleBindingObjectProps {
  /** Binding name. */
  readonly name: string;
  /** The ClusterRole granted in every namespace. */
  readonly clusterRoleName: string;
  /** Who gets the role. */
  readonly subjects: RbacSubject[];
}

const RBAC_API = 'rbac.authorization.k8s.io/v1';

/**
 * Builders of Kubernetes RBAC objects (plain objects, ready for the applier). They never
 * modify their input; names are checked by the construct that applies them.
 */
export class RbacObjects {
  /** A namespaced `Role`. */
  public static role(props: RoleObjectProps): { [key: string]: any } {
    return { apiVersion: RBAC_API, kind: 'Role', metadata: { name: props.name, namespace: props.namespace }, rules: props.rules.map(renderRule) };
  }

  /** A `ClusterRole`. */
  public static clusterRole(props: ClusterRoleObjectProps): { [key: string]: any } {
    return { apiVersion: RBAC_API, kind: 'ClusterRole', metadata: { name: props.name }, rules: props.rules.map(renderRule) };
  }

  /** A `RoleBinding` of a Role or ClusterRole inside one namespace. */
  public static roleBinding(props: RoleBindingObjectProps): { [key: string]: any } {
    return {
      apiVersion: RBAC_API,
      kind: 'RoleBinding',
      metadata: { name: props.name, namespace: props.namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: props.clusterRole ? 'ClusterRole' : 'Role', name: props.roleName },
      subjects: props.subjects.map((s) => s.toJson()),
    };
  }

  /** A `ClusterRoleBinding`. */
  public static clusterRoleBinding(props: ClusterRoleBindingObjectProps): { [key: string]: any } {
    return {
      apiVersion: RBAC_API,
      kind: 'ClusterRoleBinding',
      metadata: { name: props.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.clusterRoleName },
      subjects: props.subjects.map((s) => s.toJson()),
    };
  }

  /** Problems with an RBAC object built here (empty subjects, empty verbs), one sentence each. */
  public static problems(object: { [key: string]: any }): string[] {
    const problems: string[] = [];
    const where = `${object.kind} '${object.metadata?.name}'`;
    if (Array.isArray(object.rules)) {
      object.rules.forEach((rule: any, i: number) => {
        if (Token.isUnresolved(rule) || rule === null || typeof rule !== 'object') return;
        // A ClusterRole rule may name nonResourceURLs (e.g. '/healthz') instead of resources.
        const nonResource = Array.isArray(rule.nonResourceURLs) && rule.nonResourceURLs.length > 0;
        for (const field of nonResource ? ['verbs'] : ['resources', 'verbs']) {
          if (Token.isUnresolved(rule[field])) continue;
          if (!Array.isArray(rule[field]) || rule[field].length === 0) problems.push(`${where} rules[${i}] has no ${field}`);
        }
      });
    }
    if ('subjects' in object && (!Array.isArray(object.subjects) || object.subjects.length === 0)) {
      problems.push(`${where} has no subjects; a binding without subjects grants nothing`);
    }
    return problems;
  }

  private constructor() {}
}

function renderRule(rule: PolicyRule): { [key: string]: any } {
  return {
    apiGroups: [...rule.apiGroups],
    resources: [...rule.resources],
    verbs: [...rule.verbs],
    ...(rule.resourceNames ? { resourceNames: [...rule.resourceNames] } : {}),
  };
}
