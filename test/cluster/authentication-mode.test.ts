import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AccessEntry, AccessEntryType, AccessPolicy, AddonType, AuthenticationMode, AwsAuth, Cluster, ClusterProps, EndpointAccess,
  HelmChartSource, KubectlProvider, KubernetesPatch, KubernetesVersion,
} from '../../lib';
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

function cluster(props: Partial<ClusterProps> = {}): { stack: Stack; cluster: Cluster } {
  const stack = new Stack(testApp(), 'Test');
  return { stack, cluster: new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, authenticationMode: AuthenticationMode.API_AND_CONFIG_MAP, ...props }) };
}

/** The rows the aws-auth resource sends to the applier, resolved. */
function awsAuthRows(stack: Stack): { MapRoles: any[]; MapUsers: any[]; MapAccounts: any[] } {
  const resources = Template.fromStack(stack).findResources('Custom::CdkEksKitAwsAuth');
  expect(Object.keys(resources)).toHaveLength(1);
  const props = Object.values(resources)[0].Properties;
  const parse = (v: unknown) => JSON.parse(v as string); // literal rows render as plain JSON strings
  return { MapRoles: parse(props.MapRoles), MapUsers: parse(props.MapUsers), MapAccounts: parse(props.MapAccounts) };
}

describe('aws-auth rows on an API_AND_CONFIG_MAP cluster', () => {
  test('roles (ARN without path), users and accounts become one applier resource', () => {
    // GIVEN a cluster with rows from its props and added later
    const { stack, cluster: c } = cluster({
      awsAuth: {
        mapRoles: [{ role: iam.Role.fromRoleArn(new Stack(), 'R', 'arn:aws:iam::111122223333:role/teams/ops/operators'), username: 'ops:{{SessionName}}', groups: ['ops'] }],
        mapAccounts: ['444455556666'],
      },
    });
    c.awsAuth.addUserMapping(iam.User.fromUserArn(stack, 'U', 'arn:aws:iam::111122223333:user/auditor'), { groups: ['view'] });
    // THEN
    expect(awsAuthRows(stack)).toEqual({
      MapRoles: [{ arn: 'arn:aws:iam::111122223333:role/operators', username: 'ops:{{SessionName}}', groups: ['ops'] }],
      MapUsers: [{ arn: 'arn:aws:iam::111122223333:user/auditor', username: 'arn:aws:iam::111122223333:user/auditor', groups: ['view'] }],
      MapAccounts: ['444455556666'],
    });
    expect(c.awsAuth).toBe(AwsAuth.of(c));
  });

  test('a role of this app is written as arn:<partition>:iam::<account>:role/<name>, whatever its path', () => {
    const { stack, cluster: c } = cluster();
    const role = new iam.Role(stack, 'Ops', { assumedBy: new iam.AccountRootPrincipal(), path: '/teams/' });
    c.awsAuth.addRoleMapping(role, { groups: ['ops'] });
    const props = Object.values(Template.fromStack(stack).findResources('Custom::CdkEksKitAwsAuth'))[0].Properties;
    const joined = JSON.stringify(props.MapRoles);
    expect(joined).toContain('AWS::Partition');
    expect(joined).toContain(':iam::');
    expect(joined).toContain(stack.getLogicalId(role.node.defaultChild as iam.CfnRole));
    expect(joined).not.toContain('teams');
  });

  test('the resource waits for the applier and the cluster\'s node groups (EKS edits aws-auth when they are created)', () => {
    const { stack, cluster: c } = cluster();
    const nodes = c.addNodeGroup('Nodes');
    c.awsAuth.addAccount('444455556666');
    const aws = Object.values(Template.fromStack(stack).findResources('Custom::CdkEksKitAwsAuth'))[0];
    expect(aws.DependsOn).toEqual(expect.arrayContaining([stack.getLogicalId(nodes.node.defaultChild as any)]));
    expect(aws.DependsOn.some((d: string) => d.startsWith('ClusterKubectlProviderHandler'))).toBe(true);
  });

  describe('synth errors', () => {
    test('an API cluster (EKS ignores aws-auth there)', () => {
      const { cluster: c } = cluster({ authenticationMode: AuthenticationMode.API });
      expect(() => c.awsAuth).toThrow(/'authenticationMode' is API, in which EKS ignores the aws-auth ConfigMap.*\[AwsAuthMode\]/);
    });

    test('the same ARN twice, a bad account, an unknown placeholder, an empty group; a second AwsAuth', () => {
      const { stack, cluster: c } = cluster();
      const role = iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::111122223333:role/ops');
      c.awsAuth.addRoleMapping(role, { groups: ['ops'] });
      expect(() => c.awsAuth.addRoleMapping(iam.Role.fromRoleArn(stack, 'R2', 'arn:aws:iam::111122223333:role/x/OPS'))).toThrow(/maps arn:aws:iam::111122223333:role\/OPS twice.*\[AwsAuthDuplicateRow\]/);
      expect(() => c.awsAuth.addAccount('1234')).toThrow(/'mapAccounts' contains '1234'; an AWS account id is 12 digits.*\[AwsAuthAccount\]/);
      expect(() => c.awsAuth.addRoleMapping(role, { username: '{{SessionID}}' })).toThrow(/placeholder '\{\{SessionID\}\}'.*\{\{SessionNameRaw\}\}/);
      expect(() => c.awsAuth.addUserMapping(iam.User.fromUserName(stack, 'U', 'u'), { groups: [' '] })).toThrow(/empty group name.*\[AwsAuthGroup\]/);
      expect(() => new AwsAuth(stack, 'Second', { cluster: c })).toThrow(/already has aws-auth rows from Test\/Cluster\/AwsAuth.*\[AwsAuthDuplicate\]/);
    });

    test('tokens are never refused', () => {
      const { stack, cluster: c } = cluster();
      const p = new CfnParameter(stack, 'P').valueAsString;
      c.awsAuth.addAccount(p);
      c.awsAuth.addRoleMapping(iam.Role.fromRoleArn(stack, 'R', p), { username: p, groups: [p] });
      c.awsAuth.addRoleMapping(iam.Role.fromRoleArn(stack, 'R2', new CfnParameter(stack, 'P2').valueAsString));
      expect(() => Template.fromStack(stack)).not.toThrow();
    });
  });

  test('an imported cluster of unknown mode gets a warning, not an error', () => {
    const stack = new Stack(testApp(), 'Test');
    const imported = Cluster.fromClusterAttributes(stack, 'Imported', {
      clusterName: 'prod', endpointAccess: EndpointAccess.PUBLIC, version: KubernetesVersion.V1_35,
    });
    AwsAuth.of(imported).addAccount('444455556666');
    Annotations.fromStack(stack).hasWarning('/Test/Imported/AwsAuth', Match.stringLikeRegexp("'authenticationMode' is unknown"));
  });
});

describe('CONFIG_MAP clusters', () => {
  const configMap = () => cluster({ authenticationMode: AuthenticationMode.CONFIG_MAP });

  test('synthesize with the creator as admin (EKS requires it) and work with managed node groups and add-ons', () => {
    const { stack, cluster: c } = configMap();
    c.addNodeGroup('Nodes');
    c.addAddon('VpcCni', AddonType.vpcCni());
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::Cluster', { AccessConfig: { AuthenticationMode: 'CONFIG_MAP', BootstrapClusterCreatorAdminPermissions: true } });
    template.resourceCountIs('AWS::EKS::AccessEntry', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('refuse bootstrapClusterCreatorAdminPermissions: false, as EKS does', () => {
    expect(() => cluster({ authenticationMode: AuthenticationMode.CONFIG_MAP, bootstrapClusterCreatorAdminPermissions: false }))
      .toThrow(/EKS rejects that combination.*\[ClusterConfigMapBootstrap\]/);
  });

  test('refuse admins and grants (never access entries), naming API_AND_CONFIG_MAP', () => {
    expect(() => cluster({ authenticationMode: AuthenticationMode.CONFIG_MAP, admins: [new iam.ArnPrincipal('arn:aws:iam::111122223333:role/a')] }))
      .toThrow(/'admins' needs access entries, but the cluster's 'authenticationMode' is CONFIG_MAP, in which EKS rejects access entries.*API_AND_CONFIG_MAP.*\[ClusterConfigMapAdmins\]/);
    const { cluster: c } = configMap();
    expect(() => c.grantAccess('Ops', new iam.ArnPrincipal('arn:aws:iam::111122223333:role/a'), [AccessPolicy.view()]))
      .toThrow(/EKS rejects access entries.*\[AccessEntryConfigMap\]/);
    expect(() => c.addSelfManagedNodeGroup('Self')).toThrow(/\[AccessEntryConfigMap\]/);
  });

  test('refuse everything that needs the applier, explaining why and pointing to API_AND_CONFIG_MAP', () => {
    const why = /'authenticationMode' is CONFIG_MAP, but this needs the kubectl applier.*CloudFormation deploy role.*API_AND_CONFIG_MAP.*\[ClusterConfigMapApplier\]/;
    const { stack, cluster: c } = configMap();
    expect(() => c.addManifest('M', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } })).toThrow(why);
    expect(() => c.addHelmChart('H', { source: HelmChartSource.fromRepository('https://example.com', 'x') })).toThrow(why);
    expect(() => c.awsAuth).toThrow(why);
    expect(() => new KubernetesPatch(stack, 'P', { cluster: c, resourceName: 'deployment/coredns', applyPatch: {}, restorePatch: {} })).toThrow(why);
  });

  test('an imported CONFIG_MAP cluster uses an applier the user mapped, and refuses to create one', () => {
    const stack = new Stack(testApp(), 'Test');
    const attrs = { clusterName: 'legacy', authenticationMode: AuthenticationMode.CONFIG_MAP, endpointAccess: EndpointAccess.PUBLIC, version: KubernetesVersion.V1_35 };
    const bare = Cluster.fromClusterAttributes(stack, 'Bare', attrs);
    expect(() => bare.addManifest('M', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }))
      .toThrow(/a new kubectl applier could not get access.*kubectlProvider.*\[ImportedClusterConfigMapApplier\]/);
    const mapped = Cluster.fromClusterAttributes(stack, 'Mapped', {
      ...attrs, kubectlProvider: KubectlProvider.fromKubectlProviderAttributes(stack, 'Provider', { serviceToken: 'arn:aws:lambda:us-east-1:111122223333:function:applier' }),
    });
    mapped.addManifest('M', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'y' } });
    AwsAuth.of(mapped).addAccount('444455556666');
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::CdkEksKitAwsAuth', 1);
    template.resourceCountIs('AWS::EKS::AccessEntry', 0);
  });
});
