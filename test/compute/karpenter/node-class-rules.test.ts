import { Lazy, Size } from 'aws-cdk-lib';
import {
  AmiSelector, Ec2NodeClassAmiFamily, NetworkPolicyDefault, NodeClassSelector, NodeVolumeType, SnatPolicy,
} from '../../../lib';
import { renderAutoModeNodeClass } from '../../../lib/compute/auto-mode/auto-mode-node-class-rules';
import { renderEc2NodeClass } from '../../../lib/compute/karpenter/ec2-node-class-rules';

const placement = { subnets: NodeClassSelector.ids(['subnet-0abc']), securityGroups: NodeClassSelector.ids(['sg-0abc']) };
const ec2Class = (options: any, identity: any = { instanceProfileName: 'profile' }) => renderEc2NodeClass({ name: 'default', ...options }, { ...placement, ...identity });
const autoClass = (options: any) => renderAutoModeNodeClass({ name: 'custom', ...options }, { roleName: 'NodeRole', ...placement });

describe('EC2NodeClass (karpenter.k8s.aws/v1 CRD rules)', () => {
  test('defaults: the AL2023 alias, IMDSv2 with hop limit 1, the given placement and identity', () => {
    expect(ec2Class({}).object.spec).toEqual({
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      instanceProfile: 'profile',
      subnetSelectorTerms: [{ id: 'subnet-0abc' }],
      securityGroupSelectorTerms: [{ id: 'sg-0abc' }],
      metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
    });
  });

  test('AMI aliases: family@version of a known family; Windows only latest; an alias stands alone', () => {
    expect(ec2Class({ amiSelector: AmiSelector.alias('ubuntu@latest') }).problems).toEqual([expect.stringMatching(/family 'ubuntu' is not one of al2, al2023/)]);
    expect(ec2Class({ amiSelector: AmiSelector.alias('al2023') }).problems).toEqual([expect.stringMatching(/not of the form family@version/)]);
    expect(ec2Class({ amiSelector: AmiSelector.alias('windows2022@v1') }).problems).toEqual([expect.stringMatching(/Windows families may only use 'latest'/)]);
    expect(ec2Class({ amiSelector: AmiSelector.bottlerocket('v1.52.0').and(AmiSelector.ids(['ami-0123'])) }).problems)
      .toEqual([expect.stringMatching(/an alias must be the only term/)]);
    expect(ec2Class({ amiSelector: AmiSelector.bottlerocket() }).object.spec.amiSelectorTerms).toEqual([{ alias: 'bottlerocket@latest' }]);
  });

  test('amiFamily: required without an alias, and must match an alias (or be Custom)', () => {
    expect(ec2Class({ amiSelector: AmiSelector.ids(['ami-0123']) }).problems).toEqual([expect.stringMatching(/'amiFamily' is required/)]);
    expect(ec2Class({ amiSelector: AmiSelector.ids(['ami-0123']), amiFamily: Ec2NodeClassAmiFamily.AL2023 }).problems).toEqual([]);
    expect(ec2Class({ amiSelector: AmiSelector.bottlerocket(), amiFamily: Ec2NodeClassAmiFamily.AL2023 }).problems)
      .toEqual([expect.stringMatching(/'amiFamily' is AL2023 but the AMI alias is bottlerocket; use Bottlerocket or CUSTOM/)]);
    expect(ec2Class({ amiSelector: AmiSelector.bottlerocket(), amiFamily: Ec2NodeClassAmiFamily.CUSTOM }).problems).toEqual([]);
  });

  test('exactly one of role and instance profile; selectors non-empty with valid IDs', () => {
    expect(ec2Class({}, {}).problems).toEqual(["exactly one of 'role' and 'instanceProfileName' must be given"]);
    expect(renderEc2NodeClass({ name: 'x' }, { instanceProfileName: 'p', subnets: NodeClassSelector.ids([]), securityGroups: NodeClassSelector.ids(['vpc-1']) }).problems)
      .toEqual(["'subnetSelector' selects nothing; give at least one term", "'securityGroupSelector' term 0 id 'vpc-1' is not a sg-… ID"]);
    expect(ec2Class({ subnetSelector: NodeClassSelector.names(['a']) }).problems.length).toBe(0); // placement comes from the context
  });

  test('tags Karpenter sets itself are refused; a hop limit above 1 warns', () => {
    expect(ec2Class({ tags: { 'karpenter.sh/nodepool': 'x', 'kubernetes.io/cluster/demo': 'owned', 'team': 'a' } }).problems).toEqual([
      "'tags': the tag 'karpenter.sh/nodepool' is set by the node provisioner itself and cannot be given",
      "'tags': the tag 'kubernetes.io/cluster/demo' is set by the node provisioner itself and cannot be given",
    ]);
    const r = ec2Class({ httpPutResponseHopLimit: 2 });
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/can then reach the node role's credentials/)]);
    expect(ec2Class({ httpPutResponseHopLimit: 65 }).problems).toEqual([expect.stringMatching(/from 1 to 64/)]);
  });

  test('volumes render encrypted; one root volume; throughput only on gp3', () => {
    const r = ec2Class({ volumes: [{ deviceName: '/dev/xvda', size: Size.gibibytes(50), rootVolume: true, iops: 4000 }] });
    expect(r.object.spec.blockDeviceMappings).toEqual([{
      deviceName: '/dev/xvda', rootVolume: true, ebs: { volumeSize: '50Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true, iops: 4000 },
    }]);
    expect(ec2Class({ volumes: [
      { deviceName: '/dev/xvda', size: Size.gibibytes(1), rootVolume: true },
      { deviceName: '/dev/xvdb', size: Size.gibibytes(1), rootVolume: true, volumeType: NodeVolumeType.IO2, throughput: 200 },
    ] }).problems).toEqual(["'volumes' marks more than one root volume; mark one", "volume '/dev/xvdb' sets 'throughput', which only gp3 volumes take"]);
  });
});

describe('Auto Mode NodeClass (EKS User Guide, create-node-class)', () => {
  test('renders role, placement and every typed field', () => {
    const r = autoClass({
      podSubnetSelector: NodeClassSelector.tags({ Purpose: 'pods' }), podSecurityGroupSelector: NodeClassSelector.tags({ Purpose: 'pods' }),
      snatPolicy: SnatPolicy.DISABLED, networkPolicy: NetworkPolicyDefault.DEFAULT_DENY, networkPolicyEventLogs: true,
      ephemeralStorage: { size: Size.gibibytes(160), iops: 6000, throughput: 250 },
      tags: { team: 'a' },
      advancedNetworking: { httpsProxy: 'http://192.0.2.4:3128', noProxy: ['169.254.169.254', '.internal'], associatePublicIpAddress: false },
      certificateBundles: [{ name: 'corp', data: 'LS0t' }],
    });
    expect(r.problems).toEqual([]);
    expect(r.object).toEqual({
      apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name: 'custom' },
      spec: {
        role: 'NodeRole', subnetSelectorTerms: [{ id: 'subnet-0abc' }], securityGroupSelectorTerms: [{ id: 'sg-0abc' }],
        podSubnetSelectorTerms: [{ tags: { Purpose: 'pods' } }], podSecurityGroupSelectorTerms: [{ tags: { Purpose: 'pods' } }],
        snatPolicy: 'Disabled', networkPolicy: 'DefaultDeny', networkPolicyEventLogs: 'Enabled',
        ephemeralStorage: { size: '160Gi', iops: 6000, throughput: 250 },
        tags: { team: 'a' },
        advancedNetworking: { httpsProxy: 'http://192.0.2.4:3128', noProxy: ['169.254.169.254', '.internal'], associatePublicIPAddress: false },
        certificateBundles: [{ name: 'corp', data: 'LS0t' }],
      },
    });
  });

  test('refuses the name default, lone pod selectors, out-of-range storage and restricted tags', () => {
    expect(autoClass({ name: 'default' }).problems).toEqual([expect.stringMatching(/'name' is 'default'/)]);
    expect(autoClass({ podSubnetSelector: NodeClassSelector.tags({ a: 'b' }) }).problems).toEqual([expect.stringMatching(/go together/)]);
    expect(autoClass({ ephemeralStorage: { size: Size.gibibytes(60000), iops: 100, throughput: 2000 } }).problems).toEqual([
      "'ephemeralStorage.size (GiB)' is 60000; use a whole number from 1 to 59000",
      "'ephemeralStorage.iops' is 100; use a whole number from 3000 to 16000",
      "'ephemeralStorage.throughput' is 2000; use a whole number from 125 to 1000",
    ]);
    expect(autoClass({ tags: { 'eks.amazonaws.com/nodeclass': 'x' } }).problems).toEqual([expect.stringMatching(/eks.amazonaws.com\/nodeclass/)]);
  });

  test('a proxy without the metadata address in noProxy warns; tokens pass', () => {
    expect(autoClass({ advancedNetworking: { httpsProxy: 'http://p:3128', noProxy: ['.internal'] } }).warnings).toEqual([expect.stringMatching(/169.254.169.254/)]);
    const t = Lazy.string({ produce: () => 'x' });
    expect(autoClass({ name: t, advancedNetworking: { httpsProxy: t } }).problems).toEqual([]);
  });
});
