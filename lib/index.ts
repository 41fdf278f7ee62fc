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

// addons

// cdk-nag rule pack
export * from './nag/eks-kit-checks';
export * as nagRules from './nag/rules';
