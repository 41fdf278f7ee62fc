/** CloudFormation resource types of the applier, shared by the handler and the constructs. */
export const RESOURCE_TYPES = {
  manifest: 'Custom::CdkEksKitManifest',
  helm: 'Custom::CdkEksKitHelmRelease',
  patch: 'Custom::CdkEksKitPatch',
  objectValue: 'Custom::CdkEksKitObjectValue',
  helmReady: 'Custom::CdkEksKitHelmReady',
  awsAuth: 'Custom::CdkEksKitAwsAuth',
};
