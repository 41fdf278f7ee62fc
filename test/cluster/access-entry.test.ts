import { Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AccessEntry, AccessEntryType, AccessPolicy, Cluster, ICluster, KubernetesVersion } from '../../lib';
import { testApp } from '../validated-synth';

function fixture(): { stack: Stack; cluster: ICluster } {
  const stack = new Stack(testApp(), 'Test');
  return { stack, cluster: Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'c' }) };
}
const ROLE = 'arn:aws:iam::123456789012:role/r';

test('policies added later are rendered, each with its scope', () => {
  const { stack, cluster } = fixture();
  const entry = new AccessEntry(stack, 'Entry', { cluster, principalArn: ROLE, accessPolicies: [AccessPolicy.view()] });
  entry.addAccessPolicies([AccessPolicy.fromName('AmazonEKSAdminViewPolicy'), AccessPolicy.edit(['dev'])]);
  expect(entry.accessPolicies).toHaveLength(3);
  Template.fromStack(stack).hasResourceProperties('AWS::EKS::AccessEntry', {
    AccessPolicies: [
      { PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSViewPolicy']] }, AccessScope: { Type: 'cluster' } },
      { PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy']] }, AccessScope: { Type: 'cluster' } },
      { PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSEditPolicy']] }, AccessScope: { Type: 'namespace', Namespaces: ['dev'] } },
    ],
  });
});

test('an EC2_LINUX entry renders no policies or groups', () => {
  const { stack, cluster } = fixture();
  new AccessEntry(stack, 'Nodes', { cluster, principalArn: ROLE, type: AccessEntryType.EC2_LINUX });
  const entries = Template.fromStack(stack).findResources('AWS::EKS::AccessEntry');
  const props = Object.values(entries)[0].Properties;
  expect(props.Type).toBe('EC2_LINUX');
  expect(props.AccessPolicies).toBeUndefined();
});

describe('synth-time errors', () => {
  test('policies on a node entry', () => {
    const { stack, cluster } = fixture();
    expect(() => new AccessEntry(stack, 'E', { cluster, principalArn: ROLE, type: AccessEntryType.EC2_LINUX, accessPolicies: [AccessPolicy.view()] }))
      .toThrow(/Test\/E: 'accessPolicies': an access entry of type EC2_LINUX takes no access policies.*\[AccessEntryPolicyType\]/);
  });

  test('groups on a node entry, and system: groups', () => {
    const { stack, cluster } = fixture();
    expect(() => new AccessEntry(stack, 'E1', { cluster, principalArn: ROLE, type: AccessEntryType.EC2_LINUX, kubernetesGroups: ['x'] }))
      .toThrow(/'kubernetesGroups' cannot be set on an access entry of type EC2_LINUX/);
    expect(() => new AccessEntry(stack, 'E2', { cluster, principalArn: ROLE, kubernetesGroups: ['system:masters'] }))
      .toThrow(/'kubernetesGroups' contains 'system:masters'; EKS rejects group names starting with 'system:'/);
  });

  test('a principal that is not an IAM role or user ARN', () => {
    const { stack, cluster } = fixture();
    expect(() => new AccessEntry(stack, 'E', { cluster, principalArn: 'arn:aws:sts::123456789012:assumed-role/r/session' }))
      .toThrow(/'principalArn' is 'arn:aws:sts::123456789012:assumed-role\/r\/session'; it must be the ARN of an IAM role or user/);
    expect(() => new AccessEntry(stack, 'T', { cluster, principalArn: Lazy.string({ produce: () => 'anything' }) })).not.toThrow();
  });

  test('bad access policies', () => {
    const { stack, cluster } = fixture();
    expect(() => new AccessEntry(stack, 'E1', { cluster, principalArn: ROLE, accessPolicies: [AccessPolicy.view([])] }))
      .toThrow(/a namespace-scoped access policy needs at least one namespace/);
    expect(() => new AccessEntry(stack, 'E2', { cluster, principalArn: ROLE, accessPolicies: [AccessPolicy.view(['Bad_NS'])] }))
      .toThrow(/namespace 'Bad_NS' is not a valid Kubernetes namespace name/);
    expect(() => new AccessEntry(stack, 'E3', { cluster, principalArn: ROLE, accessPolicies: [AccessPolicy.fromArn('arn:aws:iam::aws:policy/AdministratorAccess')] }))
      .toThrow(/is not of the form arn:<partition>:eks::aws:cluster-access-policy\/<PolicyName>/);
    expect(() => new AccessEntry(stack, 'E4', { cluster, principalArn: ROLE, accessPolicies: [AccessPolicy.view([Lazy.string({ produce: () => 'X' })])] }))
      .not.toThrow();
  });
});

test('the same policy twice on one entry fails at synth (EKS associates a policy once)', () => {
  const { stack, cluster } = fixture();
  const entry = new AccessEntry(stack, 'E', { cluster, principalArn: ROLE, accessPolicies: [AccessPolicy.view(['a'])] });
  expect(() => entry.addAccessPolicies([AccessPolicy.view(['b'])])).toThrow(/Test\/E: 'accessPolicies' lists a policy twice; EKS associates each policy with an entry once/);
  expect(() => entry.addAccessPolicies([AccessPolicy.edit(['b'])])).not.toThrow();
});

describe('one entry per principal and cluster', () => {
  test('a second entry for the same principal fails at synth, naming the first', () => {
    const { stack, cluster } = fixture();
    new AccessEntry(stack, 'First', { cluster, principalArn: ROLE, accessPolicies: [AccessPolicy.view()] });
    expect(() => new AccessEntry(stack, 'Second', { cluster, principalArn: ROLE, accessPolicies: [AccessPolicy.edit(['dev'])] }))
      .toThrow(/Test\/Second: 'principalArn' already has an access entry on this cluster \(Test\/First\); EKS allows one entry per principal.*addAccessPolicies/);
  });

  test('the same role token twice is caught too (admins plus grantAccess)', () => {
    const stack = new Stack(testApp(), 'Test');
    const admin = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, admins: [admin] });
    expect(() => cluster.grantAccess('AgainAdmin', admin, [AccessPolicy.view()])).toThrow(/\[AccessEntryDuplicate\]/);
  });

  test('the same principal on another cluster, and different principals on one cluster, are fine', () => {
    const { stack, cluster } = fixture();
    const other = Cluster.fromClusterAttributes(stack, 'Other', { clusterName: 'other' });
    new AccessEntry(stack, 'A', { cluster, principalArn: ROLE });
    expect(() => new AccessEntry(stack, 'B', { cluster: other, principalArn: ROLE })).not.toThrow();
    expect(() => new AccessEntry(stack, 'C', { cluster, principalArn: 'arn:aws:iam::123456789012:role/other' })).not.toThrow();
  });
});
