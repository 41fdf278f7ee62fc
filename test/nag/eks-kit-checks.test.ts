import { Lazy, Stack } from 'aws-cdk-lib';
import { CfnCluster, CfnNodegroup } from 'aws-cdk-lib/aws-eks';
import { Cluster, EndpointAccess, KubernetesVersion } from '../../lib';
import { EksKitChecks, EksKitRules } from '../../lib/nag';
import * as rules from '../../lib/nag/rules';
import { testApp } from '../validated-synth';

/** Rule ids the pack reports for a stack (validated directly, without synthesizing). */
function findings(stack: Stack): string[] {
  const report = new EksKitChecks().validateScope(stack);
  return report.violations.map((v) => v.ruleName).sort();
}

function cfnCluster(stack: Stack, props: Partial<ConstructorParameters<typeof CfnCluster>[2]> = {}): CfnCluster {
  return new CfnCluster(stack, 'Cluster', { roleArn: 'arn:aws:iam::123456789012:role/eks', resourcesVpcConfig: { subnetIds: ['s-1', 's-2'] }, ...props });
}

test('the pack pins its rule ids', () => {
  const stack = new Stack(testApp(), 'Bare');
  cfnCluster(stack);
  new CfnNodegroup(stack, 'Nodes', { clusterName: 'c', nodeRole: 'arn:aws:iam::123456789012:role/n', subnets: ['s-1'], remoteAccess: { ec2SshKey: 'k' } });
  // a bare CfnCluster breaks every cluster rule: no KMS, ConfigMap auth allowed, creator admin, open public endpoint
  expect(findings(stack)).toEqual([
    'EksKit-ClusterApiAuthenticationMode', 'EksKit-ClusterNoCreatorAdmin', 'EksKit-ClusterPublicEndpointRestricted',
    'EksKit-ClusterSecretsEncrypted', 'EksKit-NodegroupNoRemoteAccess',
  ]);
});

test('EksKitRules exposes every rule of the pack as a static method', () => {
  const stack = new Stack(testApp(), 'Rules');
  const cluster = cfnCluster(stack);
  const statics = Object.getOwnPropertyNames(EksKitRules).filter((n) => typeof (EksKitRules as any)[n] === 'function');
  // one static per rule, named like the rule in camelCase, with the rule's result
  expect(statics.sort()).toEqual(Object.keys(rules).map((r) => r[0].toLowerCase() + r.slice(1)).sort());
  for (const name of Object.keys(rules)) {
    const method = (EksKitRules as any)[name[0].toLowerCase() + name.slice(1)];
    expect(method(cluster)).toEqual((rules as any)[name](cluster));
  }
});

test('a Cluster with defaults is compliant', () => {
  const stack = new Stack(testApp(), 'Defaults');
  new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 });
  expect(findings(stack)).toEqual([]);
});

describe('ClusterPublicEndpointRestricted', () => {
  test.each([
    ['open to the world', EndpointAccess.PUBLIC_AND_PRIVATE, ['EksKit-ClusterPublicEndpointRestricted']],
    ['0.0.0.0/0 listed', EndpointAccess.PUBLIC.onlyFrom('10.0.0.0/8', '0.0.0.0/0'), ['EksKit-ClusterPublicEndpointRestricted']],
    ['allow-listed', EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom('203.0.113.0/24'), []],
  ])('%s', (_name, endpointAccess, expected) => {
    const stack = new Stack(testApp(), 'Endpoint');
    new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, endpointAccess });
    expect(findings(stack)).toEqual(expected);
  });

  test('an intrinsic it cannot resolve is reported as an error, not a crash', () => {
    const stack = new Stack(testApp(), 'Token');
    cfnCluster(stack, {
      encryptionConfig: [{ provider: { keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1' }, resources: ['secrets'] }],
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      resourcesVpcConfig: { subnetIds: ['s-1'], endpointPublicAccess: Lazy.any({ produce: () => ({ Ref: 'IsPublic' }) }) as unknown as boolean },
    });
    const report = new EksKitChecks().validateScope(stack);
    expect(report.violations).toEqual([expect.objectContaining({
      ruleName: 'EksKit-ClusterPublicEndpointRestricted', description: expect.stringMatching(/intrinsic function/),
    })]);
  });
});

test('API_AND_CONFIG_MAP and creator admin are findings', () => {
  const stack = new Stack(testApp(), 'Access');
  cfnCluster(stack, {
    encryptionConfig: [{ provider: { keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1' }, resources: ['secrets'] }],
    accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: true },
    resourcesVpcConfig: { subnetIds: ['s-1'], endpointPublicAccess: false },
  });
  expect(findings(stack)).toEqual(['EksKit-ClusterApiAuthenticationMode', 'EksKit-ClusterNoCreatorAdmin']);
});
