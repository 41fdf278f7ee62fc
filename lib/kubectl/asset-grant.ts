import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';

/**
 * Lets the kubectl handler read exactly one asset object (`s3:GetObject` on its key),
 * rather than the whole bootstrap bucket that `asset.grantRead` would open.
 */
export function grantAssetRead(role: iam.IRole, asset: s3assets.Asset): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:GetObject'],
    resources: [asset.bucket.arnForObjects(asset.s3ObjectKey)],
  }));
}
