import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccessEntry, AccessEntryType, AccessPolicy, Cluster } from '../../lib';
import { testApp } from '../validated-synth';

const ROLE = 'arn:aws:iam::123456789012:role/hyperpod-nodes';

describe('HYPERPOD_LINUX access entries', () => {
  test('render their type, without policies or groups', () => {
    const stack = new Stack(testApp(), 'Test');
    const cluster = Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'c' });
    new AccessEntry(stack, 'HyperPod', { cluster, principalArn: ROLE, type: AccessEntryType.HYPERPOD_LINUX });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::AccessEntry', { Type: 'HYPERPOD_LINUX', PrincipalArn: ROLE });
  });

  test('refuse access policies and groups, as EKS does', () => {
    const stack = new Stack(testApp(), 'Test');
    const cluster = Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'c' });
    expect(() => new AccessEntry(stack, 'P', { cluster, principalArn: ROLE, type: AccessEntryType.HYPERPOD_LINUX, accessPolicies: [AccessPolicy.view()] }))
      .toThrow(/'accessPolicies': an access entry of type HYPERPOD_LINUX takes no access policies/);
    expect(() => new AccessEntry(stack, 'G', { cluster, principalArn: ROLE, type: AccessEntryType.HYPERPOD_LINUX, kubernetesGroups: ['g'] }))
      .toThrow(/'kubernetesGroups' cannot be set on an access entry of type HYPERPOD_LINUX/);
  });
});
