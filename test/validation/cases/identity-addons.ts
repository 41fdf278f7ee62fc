import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kit from '../../../lib';
import { Case, Kit } from '../harness';

type Build = (t: Kit) => void;
const bad = (construct: string, prop: string, name: string, build: Build, extra: Partial<Case> = {}): Case =>
  ({ construct, prop, expect: 'error', name: `${construct}.${prop}: ${name}`, build, ...extra });
const good = (construct: string, prop: string, name: string, build: Build, extra: Partial<Case> = {}): Case =>
  ({ construct, prop, expect: 'ok', name: `${construct}.${prop}: ${name}`, build, ...extra });

const SA = 'ServiceAccount';
const PI = 'PodIdentityAssociation';
const TN = 'TeamNamespace';
const A = 'Addon';
const LB = 'AwsLoadBalancerController';
const sa = (t: Kit, props: Partial<kit.ServiceAccountOptions> = {}, id = 'Sa', cluster?: kit.ICluster) =>
  new kit.ServiceAccount(t.stack, id, { cluster: cluster ?? t.imported(), name: 'app', namespace: 'apps', ...props });
const pia = (t: Kit, props: Partial<kit.PodIdentityAssociationOptions> = {}, id = 'Pia', cluster?: kit.ICluster) =>
  new kit.PodIdentityAssociation(t.stack, id, { cluster: cluster ?? t.imported(), namespace: 'apps', serviceAccount: 'app', ...props });
const team = (t: Kit, props: Partial<kit.TeamNamespaceProps> = {}) =>
  new kit.TeamNamespace(t.stack, 'Team', { cluster: t.imported(), name: 'team-a', ...props });
const addon = (t: Kit, type: kit.AddonType, options: kit.AddonOptions = {}, id = 'Addon', cluster?: kit.ICluster) =>
  new kit.Addon(t.stack, id, { cluster: cluster ?? t.imported(), addon: type, ...options });
const lbc = (t: Kit, props: Partial<kit.AwsLoadBalancerControllerOptions> = {}, id = 'Lbc', cluster?: kit.ICluster) =>
  new kit.AwsLoadBalancerController(t.stack, id, { cluster: cluster ?? t.imported(), ...props });

export const identityAddonCases: Case[] = [
  // ---- ServiceAccount ----
  bad(SA, 'name', 'uppercase', (t) => sa(t, { name: 'App' }), { code: 'ServiceAccountName' }),
  bad(SA, 'namespace', 'with a dot', (t) => sa(t, { namespace: 'a.b' }), { code: 'ServiceAccountName' }),
  good(SA, 'name', 'dotted subdomain name', (t) => sa(t, { name: 'app.v1' }), { tags: ['edge'] }),
  good(SA, 'name', 'token', (t) => sa(t, { name: t.paramString() }), { tags: ['token'] }),
  bad(SA, 'credentials', "'irsa' lowercase (JS)", (t) => sa(t, { credentials: t.js('irsa') }), { tags: ['js'] }),
  bad(SA, 'annotations', 'invalid key', (t) => sa(t, { annotations: { 'bad key': 'v' } })),
  bad(SA, 'labels', '64-character value', (t) => sa(t, { labels: { team: 'x'.repeat(64) } })),
  bad(SA, 'annotations', 'overrides the role annotation', (t) => sa(t, { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/other' } })),
  bad(SA, 'openIdConnectProvider', 'IRSA on an imported cluster without an OIDC provider', (t) => sa(t, {}, 'Sa', t.imported({ openIdConnectProvider: undefined }, 'NoOidc')), { code: 'ImportedClusterAttribute' }),
  bad(SA, 'name', 'two ServiceAccounts with one name and namespace', (t) => { sa(t, {}, 'A'); sa(t, {}, 'B'); }, { tags: ['dup'] }),
  good(SA, 'credentials', 'POD_IDENTITY', (t) => sa(t, { credentials: kit.ServiceAccountCredentials.POD_IDENTITY })),

  // ---- PodIdentityAssociation ----
  bad(PI, 'namespace', 'uppercase', (t) => pia(t, { namespace: 'Apps' }), { code: 'PodIdentityServiceAccount' }),
  bad(PI, 'serviceAccount', 'with a space', (t) => pia(t, { serviceAccount: 'my app' }), { code: 'PodIdentityServiceAccount' }),
  bad(PI, 'serviceAccount', 'missing (JS)', (t) => pia(t, { serviceAccount: t.js(undefined) }), { tags: ['js'] }),
  bad(PI, 'role', 'a role ARN string (JS)', (t) => pia(t, { role: t.js('arn:aws:iam::123456789012:role/app') }), { tags: ['js'] }),
  bad(PI, 'serviceAccount', 'two associations for one service account', (t) => { pia(t, {}, 'A'); pia(t, {}, 'B'); }, { tags: ['dup'] }),
  bad(PI, 'serviceAccount', 'two associations for one service account, cluster imported twice', (t) => { pia(t, {}, 'A'); pia(t, {}, 'B', t.imported({}, 'Again')); }, { tags: ['dup'] }),
  good(PI, 'serviceAccount', 'one service account name in two namespaces', (t) => { pia(t, {}, 'A'); pia(t, { namespace: 'other' }, 'B'); }, { tags: ['dup'] }),
  good(PI, 'namespace', 'token', (t) => pia(t, { namespace: t.paramString() }), { tags: ['token'] }),

  // ---- IrsaTrust ----
  bad('IrsaTrust', 'namespace', 'uppercase', (t) => new kit.IrsaTrust(t.stack, 'T', { cluster: t.imported(), namespace: 'Apps', serviceAccountName: 'x' }), { code: 'IrsaServiceAccount' }),
  bad('IrsaTrust', 'serviceAccountName', 'empty', (t) => new kit.IrsaTrust(t.stack, 'T', { cluster: t.imported(), namespace: 'apps', serviceAccountName: '' }), { code: 'IrsaServiceAccount' }),

  // ---- TeamNamespace / NamespaceObjects / RbacSubject ----
  bad(TN, 'name', 'uppercase', (t) => team(t, { name: 'Team' }), { code: 'TeamNamespace' }),
  bad(TN, 'quota.cpuRequests', "'lots'", (t) => team(t, { quota: { cpuRequests: 'lots' } }), { code: 'TeamNamespace' }),
  bad(TN, 'quota.pods', '-1', (t) => team(t, { quota: { pods: -1 } }), { code: 'TeamNamespace' }),
  bad(TN, 'quota.pods', "string '10' (JS)", (t) => team(t, { quota: { pods: t.js('10') } }), { tags: ['js'] }),
  bad(TN, 'containerDefaults.memoryLimit', "'1 GB'", (t) => team(t, { containerDefaults: { memoryLimit: '1 GB' } }), { code: 'TeamNamespace' }),
  bad(TN, 'editors', 'empty list', (t) => team(t, { editors: [] }), { code: 'TeamNamespace' }),
  bad(TN, 'editors', 'a subject with an empty name', (t) => team(t, { editors: [kit.RbacSubject.user('')] })),
  good(TN, 'viewers', "a service account with an empty namespace (the binding's namespace)", (t) => team(t, { viewers: [kit.RbacSubject.serviceAccount('ci', '')] }), { tags: ['edge'] }),
  bad(TN, 'editors', 'a group name string (JS)', (t) => team(t, { editors: t.js(['devs']) }), { tags: ['js'] }),
  bad(TN, 'labels', 'invalid label key', (t) => team(t, { labels: { 'bad key': 'x' } })),
  bad(TN, 'labels', "Pod Security level 'strict' (not a level)", (t) => team(t, { labels: { 'pod-security.kubernetes.io/enforce': 'strict' } })),
  good(TN, 'quota', 'all quantities', (t) => team(t, { quota: { cpuRequests: '500m', memoryRequests: '4Gi', cpuLimits: '2', memoryLimits: '1e3', pods: 0, loadBalancers: 2 } }), { tags: ['edge'] }),
  good(TN, 'name', 'token', (t) => team(t, { name: t.paramString() }), { tags: ['token'] }),
  bad(TN, "Namespace 'team-a'", 'two TeamNamespaces for one namespace', (t) => { team(t); new kit.TeamNamespace(t.stack, 'Team2', { cluster: t.imported(), name: 'team-a' }); }, { tags: ['dup'] }),

  // ---- Addon ----
  bad(A, "'vpc-cni'", 'the same add-on twice', (t) => { addon(t, kit.AddonType.vpcCni(), {}, 'A'); addon(t, kit.AddonType.vpcCni(), {}, 'B'); }, { code: 'AddonDuplicate', tags: ['dup'] }),
  bad(A, "'vpc-cni'", 'the same add-on twice, cluster imported twice', (t) => { addon(t, kit.AddonType.vpcCni(), {}, 'A'); addon(t, kit.AddonType.vpcCni(), {}, 'B', t.imported({}, 'Again')); }, { tags: ['dup'] }),
  good(A, 'addon', 'the same add-on on two clusters', (t) => { addon(t, kit.AddonType.vpcCni(), {}, 'A'); addon(t, kit.AddonType.vpcCni(), {}, 'B', t.imported({ clusterName: 'other' }, 'Other')); }, { tags: ['dup'] }),
  bad(A, 'addon', "a name string 'vpc-cni' (JS)", (t) => addon(t, t.js('vpc-cni')), { tags: ['js'] }),
  bad(A, 'add-on name', "AddonType.custom('Bad Name')", (t) => addon(t, kit.AddonType.custom('Bad Name')), { code: 'AddonConfiguration' }),
  bad(A, 'version', "'latest'", (t) => addon(t, kit.AddonType.vpcCni(), { version: 'latest' }), { code: 'AddonVersion' }),
  bad(A, 'version', "'1.19.0' without the v and eksbuild suffix", (t) => addon(t, kit.AddonType.vpcCni(), { version: '1.19.0' }), { code: 'AddonVersion' }),
  good(A, 'version', 'token', (t) => addon(t, kit.AddonType.vpcCni(), { version: t.paramString() }), { tags: ['token'] }),
  good(A, 'version', 'imported cluster without version and no pin (EKS picks its default build)', (t) => addon(t, kit.AddonType.coreDns(), {}, 'A', t.imported({ version: undefined }, 'NoVersion'))),
  bad(A, 'warmIpTarget', '-1', (t) => addon(t, kit.AddonType.vpcCni({ warmIpTarget: -1 })), { code: 'AddonConfiguration' }),
  bad(A, 'warmIpTarget', "string '5' (JS)", (t) => addon(t, kit.AddonType.vpcCni({ warmIpTarget: t.js('5') })), { code: 'AddonConfiguration', tags: ['js'] }),
  bad(A, 'enableNetworkPolicy', "string 'true' (JS)", (t) => addon(t, kit.AddonType.vpcCni({ enableNetworkPolicy: t.js('true') })), { code: 'AddonConfiguration', tags: ['js'] }),
  bad(A, 'warmPrefixTarget', 'without prefix delegation', (t) => addon(t, kit.AddonType.vpcCni({ warmPrefixTarget: 1 })), { code: 'AddonConfiguration' }),
  good(A, 'warmIpTarget', 'CfnParameter number', (t) => addon(t, kit.AddonType.vpcCni({ warmIpTarget: t.paramNumber() })), { tags: ['token'] }),
  bad(A, 'replicas', '0', (t) => addon(t, kit.AddonType.coreDns({ replicas: 0 })), { code: 'AddonConfiguration' }),
  bad(A, 'tolerations', 'Exists with a value', (t) => addon(t, kit.AddonType.coreDns({ tolerations: [{ key: 'a', operator: kit.TolerationOperator.EXISTS, value: 'x' }] })), { code: 'AddonConfiguration' }),
  bad(A, 'tolerations', "effect 'NO_SCHEDULE' (JS)", (t) => addon(t, kit.AddonType.coreDns({ tolerations: [{ key: 'a', effect: t.js('NO_SCHEDULE') }] })), { code: 'AddonConfiguration', tags: ['js'] }),
  bad(A, 'tolerations', 'one toleration, not a list (JS)', (t) => addon(t, kit.AddonType.coreDns({ tolerations: t.js({ key: 'a', operator: 'Exists' }) })), { code: 'AddonConfiguration', tags: ['js'] }),
  bad(A, 'computeType', "'fargate' lowercase (JS)", (t) => addon(t, kit.AddonType.coreDns({ computeType: t.js('fargate') })), { code: 'AddonConfiguration', tags: ['js'] }),
  bad(A, 'replicaCount', 'an unknown option (typo) (JS)', (t) => addon(t, kit.AddonType.coreDns(t.js({ replicaCount: 3 }))), { code: 'AddonConfiguration', tags: ['js'] }),
  bad(A, 'additionalConfiguration', 'a JSON string (JS)', (t) => addon(t, kit.AddonType.coreDns(), { additionalConfiguration: t.js('{"replicaCount":3}') }), { code: 'AddonConfiguration', tags: ['js'] }),
  bad(A, 'resolveConflicts', "'overwrite' lowercase (JS)", (t) => addon(t, kit.AddonType.kubeProxy(), { resolveConflicts: t.js('overwrite') }), { tags: ['js'] }),
  bad(A, 'preserveOnDelete', "string 'yes' (JS)", (t) => addon(t, kit.AddonType.kubeProxy(), { preserveOnDelete: t.js('yes') }), { tags: ['js'] }),
  bad(A, 'identity', "string 'POD_IDENTITY' (JS)", (t) => addon(t, kit.AddonType.ebsCsiDriver(), { identity: t.js('POD_IDENTITY') }), { tags: ['js'] }),
  bad(A, 'identity', 'for an add-on without a known service account', (t) => addon(t, kit.AddonType.metricsServer(), { identity: kit.AddonIdentity.podIdentity() }), { code: 'AddonIdentity' }),
  bad(A, 'identity', 'vpc-cni on IPv6 without a role', (t) => addon(t, kit.AddonType.vpcCni(), { identity: kit.AddonIdentity.irsa() }, 'A', t.imported({ ipFamily: kit.IpFamily.IP_V6 }, 'V6')), { code: 'AddonIdentity' }),
  bad(A, 'configuration values', 'custom add-on with an array of configuration values', (t) => addon(t, kit.AddonType.custom('my-addon', t.js([1, 2])), { version: 'v1.0.0-eksbuild.1' })),
  good(A, 'additionalConfiguration', 'a token value inside', (t) => addon(t, kit.AddonType.coreDns(), { additionalConfiguration: { replicaCount: t.paramNumber() } }), { tags: ['token'] }),

  // ---- AwsLoadBalancerController ----
  bad(LB, 'replicas', '0', (t) => lbc(t, { replicas: 0 }), { code: 'LoadBalancerControllerReplicas' }),
  bad(LB, 'replicas', "string '2' (JS)", (t) => lbc(t, { replicas: t.js('2') }), { tags: ['js'] }),
  good(LB, 'replicas', 'CfnParameter number', (t) => lbc(t, { replicas: t.paramNumber() }), { tags: ['token'] }),
  bad(LB, 'credentials', 'NONE', (t) => lbc(t, { credentials: kit.AddonIdentityMode.NONE }), { code: 'LoadBalancerControllerCredentials' }),
  bad(LB, 'version', "string 'v2.13.3' (JS)", (t) => lbc(t, { version: t.js('v2.13.3') }), { tags: ['js'] }),
  bad(LB, 'values', 'a YAML string (JS)', (t) => lbc(t, { values: t.js('replicaCount: 3') }), { tags: ['js'] }),
  bad(LB, 'cluster', 'two controllers on one cluster', (t) => { lbc(t, {}, 'A'); lbc(t, { credentials: kit.AddonIdentityMode.IRSA }, 'B'); }, { tags: ['dup'] }),
  bad(LB, 'cluster', 'two controllers on one cluster imported twice', (t) => { lbc(t, {}, 'A'); lbc(t, {}, 'B', t.imported({}, 'Again')); }, { tags: ['dup'] }),
  good(LB, 'cluster', 'one controller on each of two clusters', (t) => { lbc(t, {}, 'A'); lbc(t, {}, 'B', t.imported({ clusterName: 'other' }, 'Other')); }, { tags: ['dup'] }),

  // ---- ClusterFileSystem ----
  bad('ClusterFileSystem', 'vpcSubnets', 'isolated subnets in a VPC without them', (t) => new kit.ClusterFileSystem(t.stack, 'Fs', { cluster: t.imported(), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } })),
  bad('ClusterFileSystem', 'encryptionKey', 'a key ARN string (JS)', (t) => new kit.ClusterFileSystem(t.stack, 'Fs', { cluster: t.imported(), encryptionKey: t.js('arn:aws:kms:us-east-1:123456789012:key/x') }), { tags: ['js'] }),
  bad('ClusterFileSystem', 'storageClass', "storageClass('EFS') name in a manifest", (t) => t.imported().addManifest('Sc', new kit.ClusterFileSystem(t.stack, 'Fs', { cluster: t.imported() }).storageClass('EFS')), { prop: 'metadata.name' }),
  good('ClusterFileSystem', 'storageClass', 'default, applied in a manifest', (t) => t.imported().addManifest('Sc', new kit.ClusterFileSystem(t.stack, 'Fs', { cluster: t.imported() }).storageClass())),

  // ---- cluster imported twice / created and imported ----
  bad('AccessEntry', 'principalArn', 'one principal granted on one cluster imported twice', (t) => {
    const r = t.roleArn();
    t.imported().grantAccess('A', r, [kit.AccessPolicy.view()]);
    t.imported({}, 'Again').grantAccess('B', r, [kit.AccessPolicy.view()]);
  }, { tags: ['dup'] }),
  bad('AccessEntry', 'principalArn', 'one principal on a cluster of this app and on its import by name', (t) => {
    const r = t.roleArn();
    t.cluster({ clusterName: 'prod' }).grantAccess('A', r, [kit.AccessPolicy.view()]);
    t.imported({ clusterName: 'prod' }).grantAccess('B', r, [kit.AccessPolicy.view()]);
  }, { tags: ['dup'] }),
  good('AccessEntry', 'principalArn', 'one principal on clusters of one name in two accounts', (t) => {
    const r = t.roleArn();
    const a = t.stack2('A', { env: { account: '111111111111', region: 'us-east-1' } });
    const b = t.stack2('B', { env: { account: '222222222222', region: 'us-east-1' } });
    kit.Cluster.fromClusterAttributes(a, 'I', { clusterName: 'prod' }).grantAccess('G', iam.Role.fromRoleArn(a, 'R', 'arn:aws:iam::111111111111:role/x'), [kit.AccessPolicy.view()]);
    kit.Cluster.fromClusterAttributes(b, 'I', { clusterName: 'prod' }).grantAccess('G', iam.Role.fromRoleArn(b, 'R', 'arn:aws:iam::111111111111:role/x'), [kit.AccessPolicy.view()]);
    void r;
  }, { tags: ['dup'] }),
  good('AccessEntry', 'principalArn', 'one principal on one cluster name in two environment-agnostic stacks', (t) => {
    for (const id of ['A', 'B']) {
      const s = t.stack2(id);
      kit.Cluster.fromClusterAttributes(s, 'I', { clusterName: 'prod' }).grantAccess('G', iam.Role.fromRoleArn(s, 'R', 'arn:aws:iam::111111111111:role/x'), [kit.AccessPolicy.view()]);
    }
  }, { tags: ['dup'] }),
  bad('AccessEntry', 'principalArn', 'one principal on one cluster name in two stacks of one environment', (t) => {
    for (const id of ['A', 'B']) {
      const s = t.stack2(id, { env: { account: '111111111111', region: 'us-east-1' } });
      kit.Cluster.fromClusterAttributes(s, 'I', { clusterName: 'prod' }).grantAccess('G', iam.Role.fromRoleArn(s, 'R', 'arn:aws:iam::111111111111:role/x'), [kit.AccessPolicy.view()]);
    }
  }, { tags: ['dup'] }),
];
