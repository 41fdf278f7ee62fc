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

// identity
export * from './identity/irsa-trust';
export * from './identity/namespace-objects';
export * from './identity/pod-identity-association';
export * from './identity/rbac';

// addons
export * from './addons/addon';
export * from './addons/addon-identity';
export * from './addons/addon-ordering';
export * from './addons/addon-type';
export * from './addons/alb-controller-version';
export * from './addons/cluster-file-system';
export * from './addons/storage-classes';
