import { Match, Template } from 'aws-cdk-lib/assertions';
import { exampleTemplate } from '../validated-synth';

// GIVEN the example, synthesized once with the built-in validator (errors fatal) and AwsSolutions
let template: Template;
beforeAll(() => {
  template = exampleTemplate('Storage');
});

const manifests = () => Object.entries(template.findResources('Custom::CdkEksKitManifest'));

test('the example passes the CloudFormation validator and AwsSolutions and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('both CSI drivers get Pod Identity roles with their AWS managed policies', () => {
  template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'aws-ebs-csi-driver', PodIdentityAssociations: [{ RoleArn: Match.anyValue(), ServiceAccount: 'ebs-csi-controller-sa' }] });
  template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'aws-efs-csi-driver', PodIdentityAssociations: [{ RoleArn: Match.anyValue(), ServiceAccount: 'efs-csi-controller-sa' }] });
});

test('the StorageClasses come after the drivers: encrypted gp3 default, EFS on the new file system', () => {
  const [, classes] = manifests().find(([, r]) => JSON.stringify(r.Properties).includes('StorageClass'))!;
  const text = JSON.stringify(classes.Properties.Manifest);
  expect(text).toContain('ebs.csi.aws.com');
  expect(text).toContain('efs.csi.aws.com');
  expect(text).toContain('is-default-class');
  expect(text).toMatch(/SharedFilesFileSystem/);
  const addonIds = Object.keys(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: Match.stringLikeRegexp('csi') } }));
  expect(classes.DependsOn).toEqual(expect.arrayContaining(addonIds));
});

test('the workloads (StatefulSet with volume claims, RWX claim shared by two pods) wait for the classes', () => {
  const [classesId] = manifests().find(([, r]) => JSON.stringify(r.Properties).includes('StorageClass'))!;
  const [, workloads] = manifests().find(([, r]) => JSON.stringify(r.Properties).includes('StatefulSet'))!;
  const objects = JSON.parse(workloads.Properties.Manifest);
  expect(objects.map((o: any) => o.kind)).toEqual(['Namespace', 'Service', 'StatefulSet', 'PersistentVolumeClaim', 'Deployment']);
  expect(objects[2].spec.volumeClaimTemplates[0].spec.accessModes).toEqual(['ReadWriteOnce']);
  expect(objects[3].spec).toMatchObject({ accessModes: ['ReadWriteMany'], storageClassName: 'efs' });
  expect(objects[4].spec.replicas).toBe(2);
  expect(workloads.DependsOn).toContain(classesId);
});

test('the file system is encrypted with NFS open only from the cluster security group', () => {
  template.hasResourceProperties('AWS::EFS::FileSystem', { Encrypted: true });
  template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 2049, ToPort: 2049, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.anyValue(), 'ClusterSecurityGroupId'] } });
});
