// The EKS rule pack for cdk-nag: the jsii submodule `nag` of the main entry point
// (`import { nag } from 'cdk-eks-kit'`; Python `cdk_eks_kit.nag`), and for TypeScript also the
// entry point 'cdk-eks-kit/nag'. The published lib/index.js loads it on first access only
// (scripts/lazy-submodules.js), so synthesizing an app does not load cdk-nag unless the app
// uses the pack.
export * from './eks-kit-checks';
export * from './eks-kit-rules';
