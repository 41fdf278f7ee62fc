import * as iam from 'aws-cdk-lib/aws-iam';
import * as kit from '../../../lib';
import { Case, Kit } from '../harness';

type Build = (t: Kit) => void;
const entry = (t: Kit, props: Partial<kit.AccessEntryProps>) =>
  new kit.AccessEntry(t.stack, 'Entry', { cluster: t.imported(), principalArn: 'arn:aws:iam::123456789012:role/ops', ...props });
const bad = (construct: string, prop: string, name: string, build: Build, extra: Partial<Case> = {}): Case =>
  ({ construct, prop, expect: 'error', name: `${construct}.${prop}: ${name}`, build, ...extra });
const good = (construct: string, prop: string, name: string, build: Build, extra: Partial<Case> = {}): Case =>
  ({ construct, prop, expect: 'ok', name: `${construct}.${prop}: ${name}`, build, ...extra });

export const accessCases: Case[] = [
  // ---- AccessEntry ----
  bad('AccessEntry', 'principalArn', 'an assumed-role (STS) ARN', (t) => entry(t, { principalArn: 'arn:aws:sts::123456789012:assumed-role/ops/session' }), { code: 'AccessEntryPrincipal' }),
  bad('AccessEntry', 'principalArn', 'empty', (t) => entry(t, { principalArn: '' }), { code: 'AccessEntryPrincipal' }),
  bad('AccessEntry', 'principalArn', 'a role name, not an ARN', (t) => entry(t, { principalArn: 'ops' }), { code: 'AccessEntryPrincipal' }),
  bad('AccessEntry', 'principalArn', 'an IRole object (JS)', (t) => entry(t, { principalArn: t.js(t.roleArn()) }), { tags: ['js'] }),
  good('AccessEntry', 'principalArn', 'role with a path', (t) => entry(t, { principalArn: 'arn:aws:iam::123456789012:role/teams/ops' }), { tags: ['edge'] }),
  good('AccessEntry', 'principalArn', 'GovCloud partition', (t) => entry(t, { principalArn: 'arn:aws-us-gov:iam::123456789012:role/ops' }), { tags: ['edge'] }),
  good('AccessEntry', 'principalArn', 'CfnParameter', (t) => entry(t, { principalArn: t.paramString() }), { tags: ['token'] }),
  bad('AccessEntry', 'kubernetesGroups', "'system:masters'", (t) => entry(t, { kubernetesGroups: ['system:masters'] }), { code: 'AccessEntryGroups' }),
  bad('AccessEntry', 'kubernetesGroups', 'on an EC2_LINUX entry', (t) => entry(t, { type: kit.AccessEntryType.EC2_LINUX, kubernetesGroups: ['ops'] }), { code: 'AccessEntryGroups' }),
  bad('AccessEntry', 'kubernetesGroups', 'a string instead of a list (JS)', (t) => entry(t, { kubernetesGroups: t.js('ops') }), { tags: ['js'] }),
  bad('AccessEntry', 'kubernetesGroups', 'empty group name', (t) => entry(t, { kubernetesGroups: [''] })),
  good('AccessEntry', 'kubernetesGroups', 'CommaDelimitedList', (t) => entry(t, { kubernetesGroups: t.paramList() }), { tags: ['token'] }),
  bad('AccessEntry', 'username', "starts with 'system:'", (t) => entry(t, { username: 'system:admin' })),
  bad('AccessEntry', 'type', "'standard' lowercase (JS)", (t) => entry(t, { type: t.js('standard') }), { tags: ['js'] }),
  good('AccessEntry', 'type', "'STANDARD' string equals the enum (JS)", (t) => entry(t, { type: t.js('STANDARD') }), { tags: ['js'] }),
  bad('AccessEntry', 'accessPolicies', 'on an EC2_LINUX entry', (t) => entry(t, { type: kit.AccessEntryType.EC2_LINUX, accessPolicies: [kit.AccessPolicy.view()] }), { code: 'AccessEntryPolicyType' }),
  bad('AccessEntry', 'accessPolicies', 'one policy instead of a list (JS)', (t) => entry(t, { accessPolicies: t.js(kit.AccessPolicy.view()) }), { tags: ['js'] }),
  bad('AccessEntry', 'accessPolicies', 'a policy name string (JS)', (t) => entry(t, { accessPolicies: t.js(['AmazonEKSViewPolicy']) }), { tags: ['js'] }),
  bad('AccessEntry', 'accessPolicies', 'the same policy twice', (t) => entry(t, { accessPolicies: [kit.AccessPolicy.view(['a']), kit.AccessPolicy.view(['b'])] }), { code: 'AccessPolicyDuplicate', tags: ['dup'] }),
  good('AccessEntry', 'accessPolicies', 'Auto Mode node entry (EC2) with AmazonEKSAutoNodePolicy',
    (t) => entry(t, { type: kit.AccessEntryType.EC2, accessPolicies: [kit.AccessPolicy.fromName('AmazonEKSAutoNodePolicy')] }),
    { known: { outcome: 'valid-refused', reason: 'per-entry-type policy rules belong to the features engineer (issue 14 item 9)' } }),

  // ---- AccessPolicy ----
  bad('AccessPolicy', 'namespaces', 'empty list', (t) => entry(t, { accessPolicies: [kit.AccessPolicy.view([])] }), { code: 'AccessPolicy' }),
  bad('AccessPolicy', 'namespace', 'uppercase namespace', (t) => entry(t, { accessPolicies: [kit.AccessPolicy.edit(['Team'])] }), { code: 'AccessPolicy' }),
  bad('AccessPolicy', 'namespaces', 'a string instead of a list (JS)', (t) => entry(t, { accessPolicies: [kit.AccessPolicy.edit(t.js('team'))] }), { tags: ['js'] }),
  good('AccessPolicy', 'namespaces', "wildcard 'team-*'", (t) => entry(t, { accessPolicies: [kit.AccessPolicy.edit(['team-*'])] }), { tags: ['edge'] }),
  good('AccessPolicy', 'namespaces', 'CommaDelimitedList', (t) => entry(t, { accessPolicies: [kit.AccessPolicy.edit(t.paramList())] }), { tags: ['token'] }),
  good('AccessPolicy', 'namespaces', 'Lazy string element', (t) => entry(t, { accessPolicies: [kit.AccessPolicy.edit([t.lazyString('team')])] }), { tags: ['token'] }),
  bad('AccessPolicy', 'policy ARN', 'fromArn of a non-policy ARN', (t) => entry(t, { accessPolicies: [kit.AccessPolicy.fromArn('arn:aws:iam::aws:policy/ReadOnlyAccess')] }), { code: 'AccessPolicy' }),
  bad('AccessPolicy', 'policy name', "fromName('Amazon EKS View') with spaces", (t) => entry(t, { accessPolicies: [kit.AccessPolicy.fromName('Amazon EKS View')] })),
  bad('AccessPolicy', 'policyName', 'fromName of a policy EKS does not have', (t) => entry(t, { accessPolicies: [kit.AccessPolicy.fromName('AmazonEKSSuperUserPolicy')] }),
    { known: { outcome: 'accepted-bad', reason: 'the access-policy catalogue belongs to the features engineer (issue 14 item 9)' } }),
  good('AccessPolicy', 'policyArn', 'fromArn(CfnParameter)', (t) => entry(t, { accessPolicies: [kit.AccessPolicy.fromArn(t.paramString())] }), { tags: ['token'] }),
  good('AccessPolicy', 'policyName', 'AmazonEKSAdminViewPolicy', (t) => entry(t, { accessPolicies: [kit.AccessPolicy.fromName('AmazonEKSAdminViewPolicy')] })),

  // ---- grantAccess ----
  bad('Cluster.grantAccess', 'principal', 'a service principal', (t) => t.imported().grantAccess('G', new iam.ServicePrincipal('lambda.amazonaws.com'), [kit.AccessPolicy.view()]), { code: 'AccessPrincipal' }),
  bad('Cluster.grantAccess', 'principal', 'an ArnPrincipal of an STS session', (t) => t.imported().grantAccess('G', new iam.ArnPrincipal('arn:aws:sts::123456789012:assumed-role/x/y'), [kit.AccessPolicy.view()]), { code: 'AccessPrincipal' }),
  bad('Cluster.grantAccess', 'principal', 'an ARN string (JS)', (t) => t.imported().grantAccess('G', t.js('arn:aws:iam::123456789012:role/ops'), [kit.AccessPolicy.view()]), { tags: ['js'] }),
  bad('Cluster.grantAccess', 'accessPolicies', 'one policy instead of a list (JS)', (t) => t.imported().grantAccess('G', t.roleArn(), t.js(kit.AccessPolicy.view())), { tags: ['js'] }),
  good('Cluster.grantAccess', 'principal', 'an IAM user', (t) => t.imported().grantAccess('G', iam.User.fromUserArn(t.stack, 'U', 'arn:aws:iam::123456789012:user/alice'), [kit.AccessPolicy.view()])),
];
