/** Options of {@link webDeployment}. */
export interface WebDeploymentOptions {
  /** Name of the Deployment and of its container. */
  readonly name: string;
  /** Namespace of the Deployment. */
  readonly namespace: string;
  /** Pod labels, also the selector. */
  readonly labels: Record<string, string>;
  /**
   * Number of pods.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Tag of `public.ecr.aws/nginx/nginx-unprivileged`.
   * @default '1.27'
   */
  readonly nginxVersion?: string;
}

/**
 * The web workload the examples deploy: unprivileged nginx on port 8080 with the settings of
 * the Kubernetes "restricted" Pod Security Standard (non-root, no privilege escalation, all
 * capabilities dropped, RuntimeDefault seccomp, read-only root with a writable /tmp), CPU and
 * memory requests (which an HPA computes utilization against) and a readiness probe.
 */
export function webDeployment(options: WebDeploymentOptions): Record<string, any> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: options.name, namespace: options.namespace },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: options.labels },
      template: {
        metadata: { labels: options.labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 101, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: options.name,
            image: `public.ecr.aws/nginx/nginx-unprivileged:${options.nginxVersion ?? '1.27'}`,
            ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/', port: 8080 } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}
