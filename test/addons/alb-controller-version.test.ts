import { createHash } from 'crypto';
import { Aws, Stack } from 'aws-cdk-lib';
import { AwsLoadBalancerControllerVersion } from '../../lib';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('AWS Load Balancer Controller v2.13.3', () => {
  const release = AwsLoadBalancerControllerVersion.V2_13_3;

  test('the controller version and the chart version are the eks-charts pair (chart 1.13.3 = app v2.13.3)', () => {
    expect(release.controllerVersion).toBe('v2.13.3');
    expect(release.chartVersion).toBe('1.13.3');
  });

  test('the policy is the one published with v2.13.3 (fingerprint of docs/install/iam_policy.json at v2.13.3)', () => {
    // Changing the policy without changing the pair fails here; update both together.
    const fingerprint = createHash('sha256').update(canonical(release.policyJson)).digest('hex');
    expect(fingerprint).toBe('bb9e48240ace4258c78d152ce98175ee6a118f0715faad4ff5a3e394c9d66171');
    const actions = (release.policyJson.Statement as any[]).flatMap((s) => s.Action);
    expect(release.policyJson.Statement).toHaveLength(16);
    // Permissions added in the v2.12–v2.13 releases that older bundled policies lack.
    expect(actions).toEqual(expect.arrayContaining([
      'elasticloadbalancing:ModifyIpPools', 'ec2:DescribeIpamPools', 'elasticloadbalancing:DescribeCapacityReservation',
      'elasticloadbalancing:ModifyListenerAttributes', 'ec2:GetSecurityGroupsForVpc',
    ]));
  });

  test('the policy document uses the stack partition in ARNs', () => {
    const stack = new Stack();
    const doc = stack.resolve(release.policyDocument(Aws.PARTITION));
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"arn:aws:');
    expect(text).toContain('{"Ref":"AWS::Partition"}');
    expect(doc.Statement).toHaveLength(16);
  });
});
