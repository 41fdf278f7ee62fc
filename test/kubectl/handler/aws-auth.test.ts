import { parse as parseYaml } from 'yaml';
import { handler, OnEventRequest, RESOURCE_TYPES } from '../../../lib/kubectl/handler';
import { awsAuthPhysicalId, mergeAwsAuth, OWNERS_ANNOTATION, rowsOf } from '../../../lib/kubectl/handler/aws-auth';
import { parseYamlList, renderYamlList, YamlSubsetError, YamlValue } from '../../../lib/kubectl/handler/aws-auth-yaml';
import { contextWith, FakeTools } from './fake-tools';

// What EKS writes for a managed node group and a Fargate profile (EKS User Guide,
// "aws-auth ConfigMap"; Go yaml.v2 style: keys sorted, list items at the key's indentation).
const EKS_ROWS = `- groups:
  - system:bootstrappers
  - system:nodes
  rolearn: arn:aws:iam::111122223333:role/my-node-role
  username: system:node:{{EC2PrivateDNSName}}
- groups:
  - system:bootstrappers
  - system:nodes
  - system:node-proxier
  rolearn: arn:aws:iam::111122223333:role/fargate-pods
  username: system:node:{{SessionName}}
`;

const ADMIN = { arn: 'arn:aws:iam::111122223333:role/admins', username: 'admin:{{SessionName}}', groups: ['system:masters'] };
const ME = 'aws-auth/Platform/AwsAuth/0a1b2c3d';

describe('the YAML subset of aws-auth', () => {
  test.each([
    ['EKS (Go yaml.v2) output', EKS_ROWS],
    ['the EKS User Guide form, with comments and quotes', `# mapped by hand
- rolearn: arn:aws:iam::111122223333:role/my-console-viewer-role  # viewer
  username: "my-console-viewer-role"
  groups:
    - 'eks-console-dashboard-full-access-group'
    - "a #not-a-comment"
`],
    ['flow lists and nested mappings (SSO matcher)', `- sso:
    permissionSetName: Admin
    accountID: "111122223333"
  username: x
  groups: [a, "b", 'c']
- userarn: arn:aws:iam::444455556666:user/ops
  username: ops
  groups: []
`],
    ['a list of account ids', `- "111122223333"\n- '444455556666'\n`],
  ])('%s parses as the yaml package parses it', (_name, text) => {
    expect(parseYamlList(text, 'test')).toEqual(parseYaml(text));
  });

  test('JSON lists and what the authenticator skips', () => {
    expect(parseYamlList('[{"rolearn":"arn:aws:iam::1:role/r","groups":["g"]}]', 't')).toEqual([{ rolearn: 'arn:aws:iam::1:role/r', groups: ['g'] }]);
    for (const empty of ['', '  \n', '""', '``', '[]']) expect(parseYamlList(empty, 't')).toEqual([]);
  });

  test.each([
    ['an anchor', '- &a x\n'],
    ['an alias', '- *a\n'],
    ['a block scalar', '- rolearn: |\n    x\n'],
    ['a multi-line plain scalar', '- rolearn: arn\n    continued\n'],
    ['two documents', '- a\n---\n- b\n'],
    ['a duplicate key', '- rolearn: a\n  rolearn: b\n'],
    ['a tab in the indentation', '- rolearn: a\n\tusername: b\n'],
    ['an unterminated quote', '- "abc\n'],
  ])('refuses %s (never rewrites what it did not understand)', (_name, text) => {
    expect(() => parseYamlList(text, 'aws-auth mapRoles')).toThrow(YamlSubsetError);
  });

  test('rendered lists read back identically, with the yaml package and with the parser', () => {
    const rows: YamlValue[] = [
      { rolearn: 'arn:aws:iam::111122223333:role/admins', username: 'admin:{{SessionName}}', groups: ['system:masters'] },
      { rolearn: 'arn:aws:iam::111122223333:role/x', username: '{{SessionNameRaw}}', groups: ['yes', 'null', '012', 'a: b', ' # x', 'tab\tand "quotes"'] },
      { sso: { permissionSetName: 'Admin', accountID: '111122223333' }, username: 'u', groups: [] },
    ];
    const text = renderYamlList(rows);
    expect(parseYaml(text)).toEqual(rows);
    expect(parseYamlList(text, 't')).toEqual(rows);
    expect(renderYamlList(['111122223333'])).toBe('- "111122223333"\n');
  });
});

describe('merging rows', () => {
  const eksOnly = { data: { mapRoles: EKS_ROWS }, owners: {} };
  const rows = (mapRoles = [ADMIN], mapAccounts: string[] = []) => ({ mapRoles, mapUsers: [], mapAccounts });

  test('adds this resource\'s rows after the rows EKS wrote and records their owner', () => {
    const merged = mergeAwsAuth(eksOnly, rows(), ME);
    const roles = parseYaml(merged.data.mapRoles);
    expect(roles.map((r: any) => r.rolearn)).toEqual([
      'arn:aws:iam::111122223333:role/my-node-role', 'arn:aws:iam::111122223333:role/fargate-pods', ADMIN.arn,
    ]);
    expect(roles[2]).toEqual({ rolearn: ADMIN.arn, username: ADMIN.username, groups: ['system:masters'] });
    expect(merged.owners).toEqual({ [`role:${ADMIN.arn}`]: ME });
    expect(merged.data.mapUsers).toBeUndefined();
  });

  test('removing all rows gives back exactly what EKS wrote, byte for byte', () => {
    const merged = mergeAwsAuth(eksOnly, rows(), ME);
    const removed = mergeAwsAuth(merged, rows([]), ME);
    expect(parseYaml(removed.data.mapRoles)).toEqual(parseYaml(EKS_ROWS));
    expect(removed.owners).toEqual({});
    // sections this resource never touched keep their text
    expect(mergeAwsAuth({ data: { mapRoles: EKS_ROWS, mapUsers: '- userarn: x\n  username: y\n  groups: []\n' }, owners: {} }, rows(), ME).data.mapUsers)
      .toBe('- userarn: x\n  username: y\n  groups: []\n');
  });

  test('an update changes and drops only this resource\'s rows', () => {
    const other = { ...ADMIN, arn: 'arn:aws:iam::111122223333:role/viewers', groups: ['viewers'] };
    const first = mergeAwsAuth(eksOnly, rows([ADMIN, other], ['444455556666']), ME);
    const second = mergeAwsAuth(first, rows([{ ...ADMIN, groups: ['admins'] }]), ME);
    const roles = parseYaml(second.data.mapRoles);
    expect(roles).toHaveLength(3);
    expect(roles[2].groups).toEqual(['admins']);
    expect(second.data.mapAccounts).toBeUndefined();
    expect(Object.keys(second.owners)).toEqual([`role:${ADMIN.arn}`]);
  });

  test('a row EKS (or a person) wrote for the same ARN is never changed: a different row is an error, an identical one is left alone', () => {
    const node = { arn: 'arn:aws:iam::111122223333:role/my-node-role', username: 'me', groups: ['g'] };
    expect(() => mergeAwsAuth(eksOnly, rows([node]), ME)).toThrow(/aws-auth already maps the role arn:aws:iam::111122223333:role\/my-node-role with a row this stack did not write/);
    const identical = { arn: node.arn, username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] };
    const merged = mergeAwsAuth(eksOnly, rows([identical]), ME);
    expect(merged.owners).toEqual({});
    // ... and so is not removed when this resource goes
    expect(parseYaml(mergeAwsAuth(merged, rows([]), ME).data.mapRoles)).toHaveLength(2);
  });

  test('ARNs are compared case-insensitively, as the authenticator does', () => {
    const merged = mergeAwsAuth(eksOnly, rows(), ME);
    const upper = mergeAwsAuth(merged, rows([{ ...ADMIN, arn: ADMIN.arn.replace('admins', 'ADMINS') }]), ME);
    expect(parseYaml(upper.data.mapRoles)).toHaveLength(3);
  });

  test('a row another resource of this library owned (the construct moved) is taken over, and the old resource\'s delete leaves it', () => {
    const old = 'aws-auth/Platform/OldId/0a1b2c3d';
    const byOld = mergeAwsAuth(eksOnly, rows(), old);
    const byNew = mergeAwsAuth(byOld, rows(), ME);
    expect(byNew.owners[`role:${ADMIN.arn}`]).toBe(ME);
    const oldDeleted = mergeAwsAuth(byNew, rows([]), old);
    expect(parseYaml(oldDeleted.data.mapRoles)).toHaveLength(3);
  });

  test('accounts are merged like rows', () => {
    const merged = mergeAwsAuth({ data: { mapAccounts: '- "999999999999"\n' }, owners: {} }, rows([], ['444455556666']), ME);
    expect(parseYaml(merged.data.mapAccounts)).toEqual(['999999999999', '444455556666']);
    expect(parseYaml(mergeAwsAuth(merged, rows([], []), ME).data.mapAccounts)).toEqual(['999999999999']);
  });
});

test('the physical id names the stack and the logical id, and survives nothing else', () => {
  expect(awsAuthPhysicalId('arn:aws:cloudformation:us-east-1:111122223333:stack/Platform/0a1b2c3d-aaaa-bbbb-cccc-123456789012', 'AwsAuth'))
    .toBe('aws-auth/Platform/AwsAuth/0a1b2c3d');
  expect(rowsOf({ MapRoles: JSON.stringify([ADMIN]) })).toEqual({ mapRoles: [ADMIN], mapUsers: [], mapAccounts: [] });
});

describe('the aws-auth operation against kubectl', () => {
  let fake: FakeTools;
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => {
    fake.dispose();
    jest.restoreAllMocks();
  });

  const event = (type: 'Create' | 'Update' | 'Delete'): OnEventRequest & { StackId: string } => ({
    RequestType: type, ResourceType: RESOURCE_TYPES.awsAuth, LogicalResourceId: 'AwsAuth',
    PhysicalResourceId: type === 'Create' ? undefined : ME,
    StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/Platform/0a1b2c3d-aaaa-bbbb-cccc-123456789012',
    ResourceProperties: { MapRoles: JSON.stringify([ADMIN]), MapUsers: '[]', MapAccounts: '[]' },
  });
  const configMap = (resourceVersion: string, mapRoles: string, owners?: object) => JSON.stringify({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: {
      name: 'aws-auth', namespace: 'kube-system', resourceVersion, labels: { keep: 'me' }, managedFields: [{ manager: 'eks' }],
      annotations: owners ? { [OWNERS_ANNOTATION]: JSON.stringify(owners) } : {},
    },
    data: { mapRoles },
  });

  test('a write conflict (EKS added a node role meanwhile) re-reads and merges again, losing no row', async () => {
    // GIVEN the first read sees only the node role; by the write, EKS has added the Fargate role
    const nodeOnly = EKS_ROWS.split('- groups:').slice(0, 2).join('- groups:');
    fake = new FakeTools([
      { match: '^kubectl get configmap aws-auth', times: 1, stdout: configMap('1', nodeOnly) },
      { match: '^kubectl get configmap aws-auth', stdout: configMap('2', EKS_ROWS) },
      { match: '^kubectl replace', times: 1, exitCode: 1, stderr: 'Error from server (Conflict): error when replacing "aws-auth.json": Operation cannot be fulfilled on configmaps "aws-auth": the object has been modified; please apply your changes to the latest version and try again' },
    ]);
    // WHEN the resource is created
    const response = await handler(event('Create'), contextWith(20_000));
    // THEN the second write carries the second resourceVersion and all three rows
    expect(response.PhysicalResourceId).toBe(ME);
    const writes = fake.calls().filter((c) => c.args[0] === 'replace');
    expect(writes).toHaveLength(2);
    const written = JSON.parse(writes[1].file!);
    expect(written.metadata.resourceVersion).toBe('2');
    expect(parseYaml(written.data.mapRoles).map((r: any) => r.rolearn)).toEqual([
      'arn:aws:iam::111122223333:role/my-node-role', 'arn:aws:iam::111122223333:role/fargate-pods', ADMIN.arn,
    ]);
    // labels are kept, managedFields are left to the server
    expect(written.metadata.labels).toEqual({ keep: 'me' });
    expect(written.metadata.managedFields).toBeUndefined();
    expect(JSON.parse(written.metadata.annotations[OWNERS_ANNOTATION])).toEqual({ [`role:${ADMIN.arn}`]: ME });
  });

  test('a missing ConfigMap is created; delete of a missing one succeeds without writing', async () => {
    fake = new FakeTools([{ match: '^kubectl get configmap aws-auth', stdout: '' }]);
    await handler(event('Create'), contextWith(20_000));
    const create = fake.calls().find((c) => c.args[0] === 'create')!;
    expect(JSON.parse(create.file!)).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' } });
    fake.dispose();
    fake = new FakeTools([{ match: '^kubectl get configmap aws-auth', stdout: '' }]);
    await handler(event('Delete'), contextWith(20_000));
    expect(fake.calls().map((c) => c.args[0])).toEqual(['get']);
  });

  test('delete removes only this resource\'s rows', async () => {
    const mine = `${EKS_ROWS}- rolearn: ${ADMIN.arn}\n  username: x\n  groups: [system:masters]\n`;
    fake = new FakeTools([{ match: '^kubectl get configmap aws-auth', stdout: configMap('7', mine, { [`role:${ADMIN.arn}`]: ME }) }]);
    await handler(event('Delete'), contextWith(20_000));
    const written = JSON.parse(fake.calls().find((c) => c.args[0] === 'replace')!.file!);
    expect(parseYaml(written.data.mapRoles)).toEqual(parseYaml(EKS_ROWS));
    expect(written.metadata.annotations[OWNERS_ANNOTATION]).toBeUndefined();
  });

  test('nothing to change means no write', async () => {
    const mine = mergeAwsAuth({ data: { mapRoles: EKS_ROWS }, owners: {} }, rowsOf(event('Create').ResourceProperties), ME);
    fake = new FakeTools([{ match: '^kubectl get configmap aws-auth', stdout: configMap('7', mine.data.mapRoles, mine.owners) }]);
    await handler(event('Update'), contextWith(20_000));
    expect(fake.calls().map((c) => c.args[0])).toEqual(['get']);
  });

  test('YAML it cannot read fails the deploy with the line, and nothing is written', async () => {
    fake = new FakeTools([{ match: '^kubectl get configmap aws-auth', stdout: configMap('7', '- rolearn: &x a\n') }]);
    await expect(handler(event('Create'), contextWith(20_000))).rejects.toThrow(/aws-auth mapRoles line 1: anchors, aliases/);
    expect(fake.calls().map((c) => c.args[0])).toEqual(['get']);
  });
});
