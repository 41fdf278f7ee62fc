import { Match, Template } from 'aws-cdk-lib/assertions';
import { Platform2026Stack } from '../../examples/platform-2026';
import { exampleTemplate, testApp } from '../validated-synth';

// GIVEN the example, synthesized once with the built-in validator (errors fatal), AwsSolutions and EksKit
let stack: Platform2026Stack;
let template: Template;
beforeAll(() => {
  stack = new Platform2026Stack(testApp(), 'Platform2026'); // for resolving tokens and logical ids
  template = exampleTemplate('Platform2026');
});

function logicalId(construct: { node: { defaultChild?: any } } | { logicalId: string }): string {
  const resource = 'logicalId' in construct ? construct : construct.node.defaultChild;
  return stack.resolve(resource.logicalId);
}

test('the example passes the CloudFormation validator, AwsSolutions and EksKit and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('the control plane: scaling tier, zonal shift, rollback, standard support, deletion protection, remote networks', () => {
  template.hasResource('AWS::EKS::Cluster', {
    Properties: Match.objectLike({
      ControlPlaneScalingConfig: { Tier: 'tier-xl' },
      ZonalShiftConfig: { Enabled: true },
      RollbackConfig: { TimeoutMinutes: 120 },
      UpgradePolicy: { SupportType: 'STANDARD' },
      DeletionProtection: true,
      RemoteNetworkConfig: {
        RemoteNodeNetworks: [{ Cidrs: ['172.16.0.0/18'] }],
        RemotePodNetworks: [{ Cidrs: ['172.16.64.0/18'] }],
      },
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: false }),
    }),
    DeletionPolicy: 'RetainExceptOnCreate', // the default removal policy, RETAIN_ON_UPDATE_OR_DELETE
  });
  // Hybrid nodes and their pods reach the API server (TCP 443 on the cluster security group).
  for (const cidr of ['172.16.0.0/18', '172.16.64.0/18']) {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { CidrIp: cidr, IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
  }
});

test('Argo CD and kro capabilities, the Argo CD Application after the capability', () => {
  template.hasResourceProperties('AWS::EKS::Capability', {
    Type: 'ARGOCD',
    Configuration: { ArgoCd: Match.objectLike({ AwsIdc: { IdcInstanceArn: 'arn:aws:sso:::instance/ssoins-1234567890abcdef' } }) },
  });
  template.hasResourceProperties('AWS::EKS::Capability', { Type: 'KRO' });
  const manifests = template.findResources('Custom::CdkEksKitManifest');
  const guestbook = Object.values<any>(manifests).find((m) => JSON.stringify(m.Properties.Manifest).includes('argoproj.io/v1alpha1'));
  expect(guestbook.DependsOn).toContain(logicalId(stack.argoCd.resource));
});

test('hybrid nodes: a HYBRID_LINUX entry without policies; an OIDC provider; a cross-account Pod Identity target role', () => {
  template.hasResourceProperties('AWS::EKS::AccessEntry', { Type: 'HYBRID_LINUX', AccessPolicies: Match.absent() });
  template.hasResourceProperties('AWS::EKS::IdentityProviderConfig', {
    Type: 'oidc',
    Oidc: Match.objectLike({ IssuerUrl: 'https://login.example.com/oauth2', GroupsPrefix: 'oidc:', UsernamePrefix: 'oidc:' }),
  });
  template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
    Namespace: 'reports',
    TargetRoleArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222233334444:role/reports-reader']] },
  });
  // The association's own role may assume (and tag sessions of) the data account's role.
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222233334444:role/reports-reader']] },
    })]) },
  });
});

test('Bottlerocket FIPS nodes, the node monitoring agent and Fargate logging', () => {
  template.hasResourceProperties('AWS::EKS::Nodegroup', { AmiType: 'BOTTLEROCKET_ARM_64_FIPS', InstanceTypes: ['m7g.large'] });
  template.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'eks-node-monitoring-agent' });
  const manifests = Object.values<any>(template.findResources('Custom::CdkEksKitManifest'));
  expect(manifests.some((m) => JSON.stringify(m.Properties.Manifest).includes('aws-logging'))).toBe(true);
});
