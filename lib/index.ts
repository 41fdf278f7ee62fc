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
export * from './identity/pod-identity-association';

// addons
export * from './addons/addon';
export * from './addons/addon-identity';
export * from './addons/addon-ordering';
export * from './addons/addon-type';
