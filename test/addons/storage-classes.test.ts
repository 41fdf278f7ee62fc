import { Lazy } from 'aws-cdk-lib';
import { StorageClasses } from '../../lib';

test('the default gp3 StorageClass is encrypted, default, expandable and zone-aware', () => {
  expect(StorageClasses.ebsGp3()).toEqual({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3', encrypted: 'true' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  });
  expect(StorageClasses.ebsGp3({ name: 'gp3-cmk', isDefault: false, kmsKeyId: 'alias/x' }).parameters).toEqual({ type: 'gp3', encrypted: 'true', kmsKeyId: 'alias/x' });
});

test('the EFS StorageClass provisions an access point per volume', () => {
  expect(StorageClasses.efs({ fileSystemId: 'fs-0123456789abcdef0' })).toMatchObject({
    metadata: { name: 'efs' },
    provisioner: 'efs.csi.aws.com',
    parameters: { provisioningMode: 'efs-ap', fileSystemId: 'fs-0123456789abcdef0', directoryPerms: '700' },
  });
});

test('EFS props problems name the prop; tokens pass', () => {
  expect(StorageClasses.efsProblems({ fileSystemId: 'my-fs', directoryPerms: 'rwx' })).toEqual([
    '\'fileSystemId\' is "my-fs"; an EFS file system ID looks like "fs-0123456789abcdef0"',
    '\'directoryPerms\' is "rwx"; use octal permissions such as "700"',
  ]);
  expect(StorageClasses.efsProblems({ fileSystemId: Lazy.string({ produce: () => 'x' }) })).toEqual([]);
});
