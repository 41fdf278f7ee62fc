// Entry point 'cdk-eks-kit/nag': the EKS rule pack for cdk-nag, kept out of the main entry point
// so that synthesizing an app does not load cdk-nag unless the app uses it.
export * from './eks-kit-checks';
export * as nagRules from './rules';
