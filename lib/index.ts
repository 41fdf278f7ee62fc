// Public API of cdk-eks-kit.
export * from './errors';

// cluster
export * from './cluster/access-entry';
export * from './cluster/access-policy';
export * from './cluster/cluster';
export * from './cluster/cluster-types';
export * from './cluster/endpoint-access';
export * from './cluster/kubernetes-version';
export * from './cluster/support-calendar';

// compute

// kubectl
export * from './kubectl/helm-chart';
export * from './kubectl/kubectl-provider';
export * from './kubectl/kubernetes-manifest';
export * from './kubectl/kubernetes-object-value';
export * from './kubectl/kubernetes-patch';
export { KubernetesObjects } from './kubectl/manifest-objects';

// identity

// addons
