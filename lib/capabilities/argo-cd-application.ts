/**
 * How Argo CD keeps an Application in sync with its source.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/
 */
export enum ArgoCdSyncPolicy {
  /** Sync only when someone asks (Argo CD UI, CLI or API). */
  MANUAL = 'MANUAL',
  /** Sync on every change of the source and undo drift (`automated.selfHeal`); never delete. */
  AUTOMATED = 'AUTOMATED',
  /** Like AUTOMATED, and delete what was removed from the source (`automated.prune`). */
  AUTOMATED_PRUNE = 'AUTOMATED_PRUNE',
}

/** An Argo CD `Application` (argoproj.io/v1alpha1) applied by `ArgoCdCapability.addApplication`. */
export interface ArgoCdApplicationOptions {
  /**
   * The Application name (a Kubernetes object name).
   * @default - the construct id in lowercase
   */
  readonly name?: string;
  /**
   * The Argo CD project.
   * @default 'default'
   */
  readonly project?: string;
  /** The Git or Helm repository URL (`spec.source.repoURL`). */
  readonly repoUrl: string;
  /**
   * The directory in a Git repository (`spec.source.path`). Give `path` or `chart`.
   * @default - none (then `chart` is required)
   */
  readonly path?: string;
  /**
   * The chart name in a Helm repository (`spec.source.chart`). Give `path` or `chart`.
   * @default - none (then `path` is required)
   */
  readonly chart?: string;
  /**
   * The Git revision or chart version (`spec.source.targetRevision`).
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * Helm values (`spec.source.helm.valuesObject`).
   * @default - none
   */
  readonly helmValues?: { [key: string]: any };
  /** The namespace the Application's objects go to (`spec.destination.namespace`). */
  readonly destinationNamespace: string;
  /**
   * The EKS cluster ARN the Application deploys to; it must be registered with Argo CD
   * (`registerCluster()` for this cluster).
   * @default - this cluster's ARN
   */
  readonly destinationClusterArn?: string;
  /**
   * How Argo CD syncs.
   * @default ArgoCdSyncPolicy.AUTOMATED
   */
  readonly syncPolicy?: ArgoCdSyncPolicy;
  /**
   * Let Argo CD create the destination namespace (`syncOptions: CreateNamespace=true`).
   * @default false
   */
  readonly createNamespace?: boolean;
}

/** Registers a cluster as an Argo CD deployment target (`ArgoCdCapability.registerCluster`). */
export interface ArgoCdClusterOptions {
  /**
   * The name Argo CD shows for the cluster; `in-cluster` matches most Argo CD examples.
   * @default 'in-cluster'
   */
  readonly name?: string;
  /**
   * The EKS cluster ARN (the managed capability identifies clusters by ARN, not by API URL).
   * A remote cluster also needs an access entry for the capability role.
   * @default - this cluster's ARN
   */
  readonly clusterArn?: string;
  /**
   * The Argo CD project the cluster belongs to.
   * @default 'default'
   */
  readonly project?: string;
}
