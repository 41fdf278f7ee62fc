import { Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccessEntry, AccessEntryType, AccessPolicy, AccessPolicyName, Cluster, KubernetesVersion } from '../../lib';
import { accessPolicyTypeProblem } from '../../lib/cluster/access-entry-rules';
import { testApp } from '../validated-synth';

const ROLE = 'arn:aws:iam::123456789012:role/nodes';

describe('which access policies each entry type takes', () => {
  test('an EC2 entry (Auto Mode custom NodeClass role) takes AmazonEKSAutoNodePolicy at cluster scope', () => {
    // GIVEN / WHEN
    const stack = new Stack(testApp(), 'Test');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    new AccessEntry(stack, 'AutoNodes', { cluster, principalArn: ROLE, type: AccessEntryType.EC2, accessPolicies: [AccessPolicy.autoNode()] });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::AccessEntry', {
      Type: 'EC2',
      AccessPolicies: [{
        PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy']] },
        AccessScope: { Type: 'cluster' },
      }],
    });
  });

  test('an EC2 entry refuses other policies and a namespace scope', () => {
    expect(accessPolicyTypeProblem('EC2', AccessPolicy.view())).toMatch(/type EC2 takes only AmazonEKSAutoNodePolicy.*not AmazonEKSViewPolicy/);
    expect(accessPolicyTypeProblem('EC2', AccessPolicy.of(AccessPolicyName.AUTO_NODE, ['kube-system']))).toMatch(/needs cluster scope/);
    expect(accessPolicyTypeProblem('EC2', AccessPolicy.fromArn('arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy'))).toBeUndefined();
  });

  test.each(['EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'HYBRID_LINUX', 'HYPERPOD_LINUX'])('a %s entry takes no policies', (type) => {
    expect(accessPolicyTypeProblem(type, AccessPolicy.autoNode())).toMatch(new RegExp(`type ${type} takes no access policies`));
  });

  test('STANDARD takes any policy; a token policy ARN is not judged', () => {
    expect(accessPolicyTypeProblem('STANDARD', AccessPolicy.of(AccessPolicyName.SECRET_READER, ['app']))).toBeUndefined();
    expect(accessPolicyTypeProblem('EC2', AccessPolicy.fromArn(Lazy.string({ produce: () => 'x' })))).toBeUndefined();
  });

  test('the synth error names the entry and the fix', () => {
    const stack = new Stack(testApp(), 'Test');
    const cluster = new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
    expect(() => new AccessEntry(stack, 'Nodes', { cluster, principalArn: ROLE, type: AccessEntryType.EC2, accessPolicies: [AccessPolicy.clusterAdmin()] }))
      .toThrow(/Test\/Nodes: 'accessPolicies': an access entry of type EC2 takes only AmazonEKSAutoNodePolicy.*use AccessPolicy.autoNode\(\). \[AccessEntryPolicyType\]/);
  });

  test('the catalogue renders names; of() takes newer ones', () => {
    expect(AccessPolicy.adminView().policyName).toBe('AmazonEKSAdminViewPolicy');
    expect(AccessPolicy.of(AccessPolicyName.of('AmazonEKSNewPolicy')).policyName).toBe('AmazonEKSNewPolicy');
    expect(AccessPolicy.fromArn('arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy').policyName).toBe('AmazonEKSEditPolicy');
  });
});
