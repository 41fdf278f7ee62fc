// Public API of cdk-eks-kit.
export * from './errors';

// cluster
export * from './cluster/access-entry';
export * from './cluster/access-policy';
export * from './cluster/access-policy-name';
export { AwsAuth, AwsAuthMappingOptions, AwsAuthMappings, AwsAuthProps, AwsAuthRoleMapping, AwsAuthUserMapping } from './cluster/aws-auth';
export * from './cluster/cluster';
export * from './cluster/cluster-types';
export * from './cluster/control-plane';
export * from './cluster/endpoint-access';
export * from './cluster/kubernetes-version';
export * from './cluster/remote-network';
export { KubernetesSupportDates, SupportCalendar, SupportStatus } from './cluster/support-calendar';

// compute
export * from './compute/ami-type';
export * from './compute/auto-mode/auto-mode-node-class';
export * from './compute/auto-mode/auto-mode-node-class-options';
export * from './compute/auto-mode/auto-mode-objects';
export * from './compute/auto-mode/auto-mode-options';
export * from './compute/karpenter/ec2-node-class';
export * from './compute/karpenter/ec2-node-class-options';
export * from './compute/karpenter/interruption-queue';
export * from './compute/karpenter/karpenter';
export * from './compute/karpenter/karpenter-version';
export * from './compute/karpenter/node-class';
export * from './compute/karpenter/node-class-selector';
export * from './compute/karpenter/node-pool';
export * from './compute/karpenter/node-pool-options';
export * from './compute/karpenter/node-requirement';
export * from './compute/fargate-cluster';
export * from './compute/fargate-logging';
export * from './compute/fargate-profile';
export * from './compute/managed-node-group';
export * from './compute/node-ami';
export * from './compute/node-group-maintenance';
export * from './compute/node-taint';
export * from './compute/node-termination-handler';
export * from './compute/node-user-data';
export * from './compute/self-managed-node-group';

// kubectl
export * from './kubectl/helm-chart';
export * from './kubectl/kubectl-provider';
export * from './kubectl/kubernetes-manifest';
export * from './kubectl/kubernetes-object-value';
export * from './kubectl/kubernetes-patch';
export { KubernetesObjects } from './kubectl/manifest-objects';

// identity
export * from './identity/irsa-trust';
export * from './identity/namespace-objects';
export * from './identity/oidc-identity-provider';
export * from './identity/pod-identity-association';
export * from './identity/rbac';
export * from './identity/service-account';
export * from './identity/team-namespace';

// addons
export * from './addons/addon';
export * from './addons/addon-identity';
export * from './addons/addon-ordering';
export * from './addons/addon-type';
export * from './addons/alb-controller-version';
export * from './addons/aws-load-balancer-controller';
export * from './addons/cluster-autoscaler';
export * from './addons/cluster-file-system';
export * from './addons/storage-classes';

// hybrid nodes
export * from './hybrid/hybrid-node-credentials';
export * from './hybrid/hybrid-node-role';

// capabilities
export * from './capabilities/ack-capability';
export * from './capabilities/argo-cd-application';
export * from './capabilities/argo-cd-capability';
export * from './capabilities/capability-types';
export * from './capabilities/kro-capability';


// The cdk-nag rule pack: a jsii submodule (`nag.EksKitChecks`), also reachable as the entry point
// 'cdk-eks-kit/nag'. The published lib/index.js loads it lazily (scripts/lazy-submodules.js) so
// that apps which do not run cdk-nag do not load it.
export * as nag from './nag';
