import { Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AckCapability, ArgoCdCapability, ArgoCdRole, ArgoCdSyncPolicy, Cluster, KroCapability, KubernetesVersion, SsoIdentityType,
} from '../../lib';
import { clusterStack } from '../kubectl/fixtures';
import { testApp } from '../validated-synth';

const IDC = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';

function setup(): { stack: Stack; cluster: Cluster } {
  const stack = new Stack(testApp(), 'Test');
  return { stack, cluster: new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35 }) };
}

describe('capabilities', () => {
  test('kro: a capability role trusted by capabilities.eks.amazonaws.com, RETAIN, created after the cluster', () => {
    // GIVEN / WHEN
    const { stack, cluster } = setup();
    const kro = new KroCapability(stack, 'Kro', { cluster });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::Capability', {
      ClusterName: { Ref: stack.getLogicalId(cluster.resource) },
      CapabilityName: 'kro',
      Type: 'KRO',
      DeletePropagationPolicy: 'RETAIN',
      RoleArn: { 'Fn::GetAtt': [stack.getLogicalId(kro.role.node.defaultChild as iam.CfnRole), 'Arn'] },
      Configuration: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession'], Effect: 'Allow', Principal: { Service: 'capabilities.eks.amazonaws.com' } }] },
    });
    const capability = template.findResources('AWS::EKS::Capability');
    expect(Object.values(capability)[0].DependsOn).toEqual(expect.arrayContaining([stack.getLogicalId(cluster.resource)]));
    // EKS creates the capability's access entry itself; a second one would collide.
    template.resourceCountIs('AWS::EKS::AccessEntry', 0);
  });

  test('ack: disabled services and cross-namespace references', () => {
    const { stack, cluster } = setup();
    new AckCapability(stack, 'Ack', { cluster, disabledServices: ['ec2', 'iam'], enableCrossNamespace: true });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Capability', {
      Type: 'ACK', CapabilityName: 'ack', Configuration: { Ack: { DisabledServices: ['ec2', 'iam'], EnableCrossNamespace: true } },
    });
  });

  test('ack: a service name that is not one is refused; a token is not judged', () => {
    const { stack, cluster } = setup();
    expect(() => new AckCapability(stack, 'Ack', { cluster, disabledServices: ['EC2'] })).toThrow(/'disabledServices' contains 'EC2'.*\[AckDisabledServices\]/);
    const other = setup();
    expect(() => new AckCapability(other.stack, 'Ack', { cluster: other.cluster, disabledServices: [Lazy.string({ produce: () => 'EC2' })] })).not.toThrow();
  });

  test('argo cd: Identity Center, RBAC mappings, VPC endpoints, namespace', () => {
    const { stack, cluster } = setup();
    const vpce = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(stack, 'Vpce', { vpcEndpointId: 'vpce-0123456789abcdef0', port: 443 });
    const argo = new ArgoCdCapability(stack, 'Argo', {
      cluster,
      identityCenter: { instanceArn: IDC, region: 'eu-west-1' },
      rbacRoleMappings: [
        { role: ArgoCdRole.ADMIN, identities: [{ id: 'g-admins', type: SsoIdentityType.SSO_GROUP }] },
        { role: ArgoCdRole.VIEWER, identities: [{ id: 'u-1', type: SsoIdentityType.SSO_USER }] },
      ],
      vpcEndpoints: [vpce],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Capability', {
      Type: 'ARGOCD',
      CapabilityName: 'argocd',
      Configuration: { ArgoCd: {
        AwsIdc: { IdcInstanceArn: IDC, IdcRegion: 'eu-west-1' },
        Namespace: 'argocd',
        RbacRoleMappings: [
          { Role: 'ADMIN', Identities: [{ Id: 'g-admins', Type: 'SSO_GROUP' }] },
          { Role: 'VIEWER', Identities: [{ Id: 'u-1', Type: 'SSO_USER' }] },
        ],
        NetworkAccess: { VpceIds: ['vpce-0123456789abcdef0'] },
      } },
    });
    expect(stack.resolve(argo.serverUrl)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(argo.resource), 'Configuration.ArgoCd.ServerUrl'] });
  });

  test('argo cd: registerCluster and addApplication apply typed objects after the capability', () => {
    const { stack, cluster } = clusterStack();
    const argo = new ArgoCdCapability(stack, 'Argo', { cluster, identityCenter: { instanceArn: IDC } });
    argo.registerCluster('InCluster');
    argo.addApplication('Guestbook', {
      repoUrl: 'https://github.com/argoproj/argocd-example-apps', path: 'guestbook',
      destinationNamespace: 'guestbook', createNamespace: true, syncPolicy: ArgoCdSyncPolicy.AUTOMATED_PRUNE,
    });
    const template = Template.fromStack(stack);
    const manifests = Object.values(template.findResources('Custom::CdkEksKitManifest'));
    const objects = manifests.map((m) => ({ objects: JSON.parse(JSON.stringify(stack.resolve(m.Properties.Manifest))), dependsOn: m.DependsOn as string[] }));
    for (const m of objects) expect(m.dependsOn).toContain(stack.getLogicalId(argo.resource));
    const text = JSON.stringify(objects);
    expect(text).toContain('argocd.argoproj.io/secret-type');
    expect(text).toContain('argoproj.io/v1alpha1');
    expect(text).toContain('CreateNamespace=true');
    expect(text).toContain('\\"prune\\":true');
  });

  test('argo cd: an application needs exactly one of path and chart, and valid names', () => {
    const { stack, cluster } = setup();
    const argo = new ArgoCdCapability(stack, 'Argo', { cluster, identityCenter: { instanceArn: IDC } });
    expect(() => argo.addApplication('A', { repoUrl: 'https://x', destinationNamespace: 'x' })).toThrow(/exactly one of 'path'.*\[ArgoCdApplication\]/);
    expect(() => argo.addApplication('B', { repoUrl: 'https://x', path: '.', chart: 'c', destinationNamespace: 'x' })).toThrow(/exactly one of 'path'/);
    expect(() => argo.addApplication('C', { repoUrl: 'https://x', path: '.', destinationNamespace: 'Bad_NS' })).toThrow(/'destinationNamespace' is "Bad_NS"/);
  });

  test('argo cd: the Identity Center ARN and Region are checked (tokens pass)', () => {
    const a = setup();
    expect(() => new ArgoCdCapability(a.stack, 'Argo', { cluster: a.cluster, identityCenter: { instanceArn: 'ssoins-123', region: 'Ireland' } }))
      .toThrow(/'identityCenter.instanceArn' is 'ssoins-123'.*'identityCenter.region' is 'Ireland'.*\[ArgoCdCapability\]/);
    const b = setup();
    expect(() => new ArgoCdCapability(b.stack, 'Argo', {
      cluster: b.cluster, identityCenter: { instanceArn: Lazy.string({ produce: () => 'x' }), region: Lazy.string({ produce: () => 'y' }) },
    })).not.toThrow();
    const c = setup();
    expect(() => new ArgoCdCapability(c.stack, 'Argo', {
      cluster: c.cluster, identityCenter: { instanceArn: IDC }, rbacRoleMappings: [{ role: ArgoCdRole.EDITOR, identities: [] }],
    })).toThrow(/'rbacRoleMappings\[0\]' \(EDITOR\) lists no identities/);
  });

  test('one capability per type per cluster; bad names are refused', () => {
    const { stack, cluster } = setup();
    new KroCapability(stack, 'Kro', { cluster });
    expect(() => new KroCapability(stack, 'Kro2', { cluster, capabilityName: 'kro-two' }))
      .toThrow(/already has a KRO capability \(Test\/Kro\); EKS allows one capability of each type per cluster. \[CapabilityDuplicate\]/);
    expect(() => new AckCapability(stack, 'Ack', { cluster, capabilityName: '-ack' })).toThrow(/'capabilityName' is '-ack'.*\[CapabilityName\]/);
    // a different type on the same cluster is fine, and so is a given role
    const role = iam.Role.fromRoleArn(stack, 'Given', 'arn:aws:iam::123456789012:role/ack');
    const ack = new AckCapability(stack, 'Ack2', { cluster, role });
    expect(ack.role).toBe(role);
  });
});
