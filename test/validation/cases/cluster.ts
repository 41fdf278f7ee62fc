import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as kit from '../../../lib';
import { Case, Kit, VERSION } from '../harness';

type Build = (t: Kit) => void;
const bad = (prop: string, name: string, build: Build, extra: Partial<Case> = {}): Case =>
  ({ construct: 'Cluster', prop, expect: 'error', name: `Cluster.${prop}: ${name}`, build, ...extra });
const good = (prop: string, name: string, build: Build, extra: Partial<Case> = {}): Case =>
  ({ construct: 'Cluster', prop, expect: 'ok', name: `Cluster.${prop}: ${name}`, build, ...extra });

const manifest = (t: Kit, cluster: kit.ICluster) =>
  cluster.addManifest(`M${Math.random().toString(36).slice(2, 6)}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });

export const clusterCases: Case[] = [
  // ---- clusterName ----
  bad('clusterName', 'leading dash', (t) => t.cluster({ clusterName: '-prod' }), { code: 'ClusterName' }),
  bad('clusterName', '101 characters', (t) => t.cluster({ clusterName: 'a'.repeat(101) }), { code: 'ClusterName' }),
  bad('clusterName', 'space', (t) => t.cluster({ clusterName: 'my cluster' }), { code: 'ClusterName' }),
  bad('clusterName', 'empty', (t) => t.cluster({ clusterName: '' }), { code: 'ClusterName' }),
  bad('clusterName', 'dot', (t) => t.cluster({ clusterName: 'prod.eu' }), { code: 'ClusterName' }),
  bad('clusterName', 'number (JS)', (t) => t.cluster({ clusterName: t.js(42) }), { tags: ['js'] }),
  good('clusterName', '100 characters', (t) => t.cluster({ clusterName: 'a'.repeat(100) }), { tags: ['edge'] }),
  good('clusterName', 'mixed case, digit first, underscore', (t) => t.cluster({ clusterName: '1Prod_eu-west' }), { tags: ['edge'] }),
  good('clusterName', 'Lazy string', (t) => t.cluster({ clusterName: t.lazyString('x') }), { tags: ['token'] }),
  good('clusterName', 'CfnParameter', (t) => t.cluster({ clusterName: t.paramString() }), { tags: ['token'] }),

  // ---- version ----
  bad('version', 'missing (JS)', (t) => t.cluster({ version: t.js(undefined) }), { tags: ['js'] }),
  bad('version', "string '1.35' (JS)", (t) => t.cluster({ version: t.js('1.35') }), { tags: ['js'] }),
  bad('version', "KubernetesVersion.of('abc')", (t) => t.cluster({ version: kit.KubernetesVersion.of('abc') })),
  bad('version', "KubernetesVersion.of(' 1.35')", (t) => t.cluster({ version: kit.KubernetesVersion.of(' 1.35') })),
  bad('version', "KubernetesVersion.of('2.0')", (t) => t.cluster({ version: kit.KubernetesVersion.of('2.0') })),
  bad('version', 'KubernetesVersion.of(token)', (t) => t.cluster({ version: kit.KubernetesVersion.of(t.paramString()) }), { tags: ['token'] }),
  bad('version', 'object literal { version } (JS)', (t) => t.cluster({ version: t.js({ version: '1.35' }) }), { tags: ['js'] }),
  bad('version', '1.28 past end of support', (t) => t.cluster({ version: kit.KubernetesVersion.V1_28, allowEndOfSupportVersion: false }), { code: 'ClusterVersionEndOfSupport' }),
  good('version', "KubernetesVersion.of('1.36') (newer than the library)", (t) => t.cluster({ version: kit.KubernetesVersion.of('1.36') }), { tags: ['edge'] }),

  // ---- endpointAccess ----
  bad('endpointAccess', "string 'PUBLIC' (JS)", (t) => t.cluster({ endpointAccess: t.js('PUBLIC') }), { tags: ['js'] }),
  bad('endpointAccess', 'onlyFrom() with no CIDRs (open to 0.0.0.0/0)', (t) => t.cluster({ endpointAccess: kit.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom() }), { code: 'ClusterEndpointCidrs', tags: ['danger'] }),
  bad('endpointAccess', 'CIDR without prefix', (t) => t.cluster({ endpointAccess: kit.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom('203.0.113.7') }), { code: 'ClusterEndpointCidrs' }),
  bad('endpointAccess', 'prefix /33', (t) => t.cluster({ endpointAccess: kit.EndpointAccess.PUBLIC.onlyFrom('203.0.113.0/33') }), { code: 'ClusterEndpointCidrs' }),
  bad('endpointAccess', 'octet 256', (t) => t.cluster({ endpointAccess: kit.EndpointAccess.PUBLIC.onlyFrom('203.0.256.0/24') }), { code: 'ClusterEndpointCidrs' }),
  bad('endpointAccess', 'PRIVATE with CIDRs', (t) => t.cluster({ endpointAccess: kit.EndpointAccess.PRIVATE.onlyFrom('203.0.113.0/24') }), { code: 'ClusterEndpointCidrs' }),
  bad('endpointAccess', '41 CIDRs', (t) => t.cluster({ endpointAccess: kit.EndpointAccess.PUBLIC.onlyFrom(...Array.from({ length: 41 }, (_, i) => `203.0.${i}.0/24`)) }), { code: 'ClusterEndpointCidrs' }),
  bad('endpointAccess', 'onlyFrom(array) instead of spread (JS)', (t) => t.cluster({ endpointAccess: kit.EndpointAccess.PUBLIC.onlyFrom(t.js(['203.0.113.0/24'])) }), { tags: ['js'] }),
  good('endpointAccess', 'onlyFrom 40 CIDRs', (t) => t.cluster({ endpointAccess: kit.EndpointAccess.PUBLIC.onlyFrom(...Array.from({ length: 40 }, (_, i) => `203.0.${i}.0/24`)) }), { tags: ['edge'] }),
  good('endpointAccess', 'onlyFrom(Lazy string)', (t) => t.cluster({ endpointAccess: kit.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(t.lazyString('203.0.113.0/24')) }), { tags: ['token'] }),
  good('endpointAccess', 'onlyFrom(...CommaDelimitedList)', (t) => t.cluster({ endpointAccess: kit.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...t.paramList()) }), { tags: ['token'] }),
  { construct: 'Cluster', prop: 'endpointAccess', expect: 'warn', warning: 'endpointOpenToInternet', tags: ['danger'],
    name: "Cluster.endpointAccess: onlyFrom('0.0.0.0/0') is the same as no restriction",
    build: (t) => t.cluster({ endpointAccess: kit.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom('0.0.0.0/0') }) },

  // ---- clusterLogging, logRetention ----
  bad('clusterLogging', "string 'api' instead of a list (JS)", (t) => t.cluster({ clusterLogging: t.js('api') }), { tags: ['js'] }),
  bad('clusterLogging', "'API' (not an EKS log type)", (t) => t.cluster({ clusterLogging: t.js(['API']) }), { tags: ['js'] }),
  good('clusterLogging', 'empty list (logging off)', (t) => t.cluster({ clusterLogging: [] }), { tags: ['edge'] }),
  bad('logRetention', '4 days (not a CloudWatch retention)', (t) => t.cluster({ logRetention: t.js(4) })),
  good('logRetention', 'INFINITE', (t) => t.cluster({ logRetention: logs.RetentionDays.INFINITE }), { tags: ['edge'] }),

  // ---- secretsEncryptionKey, authenticationMode, upgradePolicy, ipFamily ----
  bad('secretsEncryptionKey', 'key ARN string (JS)', (t) => t.cluster({ secretsEncryptionKey: t.js('arn:aws:kms:us-east-1:123456789012:key/abc') }), { tags: ['js'] }),
  bad('authenticationMode', "'api' lowercase (JS)", (t) => t.cluster({ authenticationMode: t.js('api') }), { tags: ['js'] }),
  good('authenticationMode', "'API' string equals the enum (JS)", (t) => t.cluster({ authenticationMode: t.js('API') }), { tags: ['js'] }),
  bad('upgradePolicy', "'standard' lowercase (JS)", (t) => t.cluster({ upgradePolicy: t.js('standard') }), { tags: ['js'] }),
  bad('ipFamily', "'IPv6' (JS)", (t) => t.cluster({ ipFamily: t.js('IPv6') }), { tags: ['js'] }),
  bad('ipFamily', 'IP_V6 without a VPC', (t) => new kit.Cluster(t.stack, 'C', { version: VERSION, allowEndOfSupportVersion: true, ipFamily: kit.IpFamily.IP_V6 }), { code: 'ClusterIpFamily' }),
  bad('serviceIpv4Cidr', 'with IP_V6', (t) => t.cluster({ ipFamily: kit.IpFamily.IP_V6, serviceIpv4Cidr: '172.20.0.0/16' }), { code: 'ClusterServiceCidr' }),

  // ---- serviceIpv4Cidr ----
  bad('serviceIpv4Cidr', 'overlaps the VPC', (t) => t.cluster({ serviceIpv4Cidr: '10.0.0.0/16' }), { code: 'ClusterServiceCidr' }),
  bad('serviceIpv4Cidr', 'public range', (t) => t.cluster({ serviceIpv4Cidr: '8.8.0.0/16' }), { code: 'ClusterServiceCidr' }),
  bad('serviceIpv4Cidr', 'prefix /11', (t) => t.cluster({ serviceIpv4Cidr: '172.0.0.0/11' }), { code: 'ClusterServiceCidr' }),
  bad('serviceIpv4Cidr', 'prefix /25', (t) => t.cluster({ serviceIpv4Cidr: '172.20.0.0/25' }), { code: 'ClusterServiceCidr' }),
  bad('serviceIpv4Cidr', 'not a CIDR', (t) => t.cluster({ serviceIpv4Cidr: '172.20.0.0' }), { code: 'ClusterServiceCidr' }),
  good('serviceIpv4Cidr', '172.16.0.0/12 (widest)', (t) => t.cluster({ serviceIpv4Cidr: '172.16.0.0/12' }), { tags: ['edge'] }),
  good('serviceIpv4Cidr', '192.168.0.0/24 (narrowest)', (t) => t.cluster({ serviceIpv4Cidr: '192.168.0.0/24' }), { tags: ['edge'] }),
  good('serviceIpv4Cidr', 'CfnParameter', (t) => t.cluster({ serviceIpv4Cidr: t.paramString() }), { tags: ['token'] }),

  // ---- admins ----
  bad('admins', 'a single role instead of a list (JS)', (t) => t.cluster({ admins: t.js(t.roleArn()) }), { tags: ['js'] }),
  bad('admins', 'a service principal', (t) => t.cluster({ admins: [new iam.ServicePrincipal('ec2.amazonaws.com')] })),
  bad('admins', 'the account root', (t) => t.cluster({ admins: [new iam.AccountRootPrincipal()] })),
  bad('admins', 'the same role twice', (t) => { const r = t.roleArn(); t.cluster({ admins: [r, r] }); }, { tags: ['dup'] }),
  bad('admins', 'an ARN string (JS)', (t) => t.cluster({ admins: t.js(['arn:aws:iam::123456789012:role/ops']) }), { tags: ['js'] }),
  good('admins', 'ArnPrincipal of a role', (t) => t.cluster({ admins: [new iam.ArnPrincipal('arn:aws:iam::123456789012:role/ops')] })),
  good('admins', 'a role ARN from a CfnParameter', (t) => t.cluster({ admins: [iam.Role.fromRoleArn(t.stack, 'P', t.paramString())] }), { tags: ['token'] }),

  // ---- removalPolicy, securityGroups, tags, booleans ----
  bad('removalPolicy', "'DESTROY' uppercase (JS)", (t) => t.cluster({ removalPolicy: t.js('DESTROY') }), { tags: ['js'] }),
  good('removalPolicy', 'DESTROY', (t) => t.cluster({ removalPolicy: RemovalPolicy.DESTROY })),
  bad('securityGroups', '6 groups', (t) => t.cluster({ securityGroups: Array.from({ length: 6 }, (_, i) => ec2.SecurityGroup.fromSecurityGroupId(t.stack, `Sg${i}`, `sg-${i}`)) }), { code: 'ClusterSecurityGroups' }),
  bad('securityGroups', 'group id strings (JS)', (t) => t.cluster({ securityGroups: t.js(['sg-123']) }), { tags: ['js'] }),
  bad('tags', "key with the reserved 'aws:' prefix", (t) => t.cluster({ tags: { 'aws:owner': 'x' } })),
  bad('tags', '129-character key', (t) => t.cluster({ tags: { ['k'.repeat(129)]: 'x' } })),
  bad('tags', '257-character value', (t) => t.cluster({ tags: { team: 'v'.repeat(257) } })),
  bad('tags', 'a list of {key, value} (JS)', (t) => t.cluster({ tags: t.js([{ key: 'team', value: 'a' }]) }), { tags: ['js'] }),
  good('tags', 'token value', (t) => t.cluster({ tags: { team: t.paramString() } }), { tags: ['token'] }),
  bad('outputConfigCommand', "string 'no' (JS)", (t) => t.cluster({ outputConfigCommand: t.js('no') }), { tags: ['js'] }),
  bad('deletionProtection', "string 'true' (JS)", (t) => t.cluster({ deletionProtection: t.js('true') }), { tags: ['js'] }),
  bad('bootstrapClusterCreatorAdminPermissions', 'number 1 (JS)', (t) => t.cluster({ bootstrapClusterCreatorAdminPermissions: t.js(1) }), { tags: ['js'] }),

  // ---- VPC and subnets ----
  bad('vpc', 'a VPC id string (JS)', (t) => new kit.Cluster(t.stack, 'C', { version: VERSION, allowEndOfSupportVersion: true, vpc: t.js('vpc-123') }), { tags: ['js'] }),
  bad('vpc', 'only public subnets', (t) => t.cluster({ vpc: t.vpc(t.stack, { privateSubnetIds: undefined, privateSubnetRouteTableIds: undefined }) }), { code: 'ClusterSubnets' }),
  bad('vpcSubnets', 'one AZ', (t) => t.cluster({ vpcSubnets: { subnets: [ec2.Subnet.fromSubnetAttributes(t.stack, 'S1', { subnetId: 'subnet-1', availabilityZone: 'us-east-1a' })] } }), { code: 'ClusterSubnetAzs' }),
  bad('vpcSubnets', 'isolated subnets in a VPC without them', (t) => t.cluster({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } })),
  bad('vpcSubnets', "subnet group name that doesn't exist", (t) => t.cluster({ vpcSubnets: { subnetGroupName: 'Nope' } })),
  good('vpc', 'imported VPC without vpcCidrBlock (EKS picks the service CIDR)', (t) => t.cluster({ vpc: ec2.Vpc.fromVpcAttributes(t.stack, 'V', { vpcId: 'vpc-1', availabilityZones: ['a', 'b'], privateSubnetIds: ['s-1', 's-2'] }) })),
  good('vpc', 'VPC CIDR from a parameter', (t) => t.cluster({ vpc: ec2.Vpc.fromVpcAttributes(t.stack, 'V', { vpcId: 'vpc-1', vpcCidrBlock: t.paramString(), availabilityZones: ['a', 'b'], privateSubnetIds: ['s-1', 's-2'] }) }), { tags: ['token'] }),
  good('vpcSubnets', 'subnet ids from a CommaDelimitedList', (t) => t.cluster({ vpc: ec2.Vpc.fromVpcAttributes(t.stack, 'V', { vpcId: 'vpc-1', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['a'], privateSubnetIds: t.paramList() }) }), { tags: ['token'] }),

  // ---- kubectl options ----
  bad('kubectlTimeout', '30 seconds', (t) => manifest(t, t.cluster({ kubectlTimeout: Duration.seconds(30) })), { code: 'KubectlTimeout' }),
  bad('kubectlTimeout', '15 minutes', (t) => manifest(t, t.cluster({ kubectlTimeout: Duration.minutes(15) })), { code: 'KubectlTimeout' }),
  bad('kubectlTimeout', 'number 600 (JS)', (t) => manifest(t, t.cluster({ kubectlTimeout: t.js(600) })), { tags: ['js'] }),
  bad('kubectlMemory', 'number 1024 (JS)', (t) => manifest(t, t.cluster({ kubectlMemory: t.js(1024) })), { tags: ['js'] }),
  bad('kubectlMemory', '100 MiB (Lambda needs 128–10240)', (t) => manifest(t, t.cluster({ kubectlMemory: Size.mebibytes(100) }))),
  bad('kubectlLayer', 'without kubectlVersion', (t) => manifest(t, t.cluster({ kubectlLayer: t.js({ layerVersionArn: 'arn:aws:lambda:us-east-1:123456789012:layer:k:1' }) })), { code: 'KubectlVersionMissing' }),
  bad('kubectlLayer', 'a layer ARN string (JS)', (t) => manifest(t, t.cluster({ kubectlLayer: t.js('arn:aws:lambda:us-east-1:123456789012:layer:k:1'), kubectlVersion: VERSION })), { tags: ['js'] }),
  bad('kubectlTimeout', '1 minute (leaves Helm no time)', (t) => manifest(t, t.cluster({ kubectlTimeout: Duration.minutes(1) })), { code: 'KubectlTimeout' }),
  good('kubectlTimeout', '3 minutes (edge)', (t) => manifest(t, t.cluster({ kubectlTimeout: Duration.minutes(3) })), { tags: ['edge'] }),
  good('kubectlMemory', '128 MiB (edge)', (t) => manifest(t, t.cluster({ kubectlMemory: Size.mebibytes(128) })), { tags: ['edge'] }),

  // ---- fromClusterAttributes ----
  { construct: 'Cluster.fromClusterAttributes', prop: 'clusterName', expect: 'error', name: 'fromClusterAttributes.clusterName: empty',
    build: (t) => kit.Cluster.fromClusterAttributes(t.stack, 'I', { clusterName: '' }).grantAccess('A', t.roleArn(), [kit.AccessPolicy.view()]) },
  { construct: 'Cluster.fromClusterAttributes', prop: 'clusterName', expect: 'error', name: 'fromClusterAttributes.clusterName: space',
    build: (t) => kit.Cluster.fromClusterAttributes(t.stack, 'I', { clusterName: 'my prod' }).grantAccess('A', t.roleArn(), [kit.AccessPolicy.view()]) },
  { construct: 'Cluster.fromClusterAttributes', prop: 'clusterName', expect: 'error', name: 'fromClusterAttributes.clusterName: missing (JS)', tags: ['js'],
    build: (t) => kit.Cluster.fromClusterAttributes(t.stack, 'I', t.js({})).grantAccess('A', t.roleArn(), [kit.AccessPolicy.view()]) },
  { construct: 'Cluster.fromClusterAttributes', prop: 'clusterName', expect: 'ok', name: 'fromClusterAttributes.clusterName: Fn::ImportValue', tags: ['token'],
    build: (t) => kit.Cluster.fromClusterAttributes(t.stack, 'I', { clusterName: t.importValue() }).grantAccess('A', t.roleArn(), [kit.AccessPolicy.view()]) },
  { construct: 'Cluster.fromClusterAttributes', prop: 'version', expect: 'error', name: "fromClusterAttributes.version: string '1.30' (JS)", tags: ['js'],
    build: (t) => new kit.Addon(t.stack, 'A', { cluster: t.imported({ version: t.js('1.30') }), addon: kit.AddonType.kubeProxy() }) },
  { construct: 'Cluster.fromClusterAttributes', prop: 'endpointAccess', expect: 'error', name: "fromClusterAttributes.endpointAccess: string 'PRIVATE' (JS)", tags: ['js'],
    build: (t) => manifest(t, kit.Cluster.fromClusterAttributes(t.stack, 'I', { clusterName: 'prod', endpointAccess: t.js('PRIVATE'), vpc: t.vpc(), clusterSecurityGroupId: 'sg-1' })) },
  { construct: 'Cluster.fromClusterAttributes', prop: 'vpc', expect: 'error', name: 'fromClusterAttributes: a manifest with a private endpoint but no vpc',
    build: (t) => manifest(t, kit.Cluster.fromClusterAttributes(t.stack, 'I', { clusterName: 'prod', version: VERSION, endpointAccess: kit.EndpointAccess.PRIVATE })), code: 'ImportedClusterAttribute' },
  { construct: 'Cluster.fromClusterAttributes', prop: 'endpointAccess', expect: 'error', name: 'fromClusterAttributes: a manifest without endpointAccess',
    build: (t) => manifest(t, kit.Cluster.fromClusterAttributes(t.stack, 'I', { clusterName: 'prod', version: VERSION })), code: 'KubectlEndpointAccessUnknown' },
  { construct: 'Cluster.fromClusterAttributes', prop: 'version', expect: 'error', name: 'fromClusterAttributes: a manifest without version (no kubectl layer can be chosen)',
    build: (t) => manifest(t, kit.Cluster.fromClusterAttributes(t.stack, 'I', { clusterName: 'prod', endpointAccess: kit.EndpointAccess.PUBLIC })), code: 'KubectlClusterVersionUnknown' },
];
