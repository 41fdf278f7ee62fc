import { RbacObjects, RbacSubject } from '../../lib';

const readPods = { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] };

test('a Role and a RoleBinding to a group and a service account', () => {
  expect(RbacObjects.role({ name: 'pod-reader', namespace: 'team-a', rules: [readPods] })).toEqual({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role',
    metadata: { name: 'pod-reader', namespace: 'team-a' },
    rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }],
  });
  expect(RbacObjects.roleBinding({
    name: 'readers', namespace: 'team-a', roleName: 'pod-reader',
    subjects: [RbacSubject.group('team-a-devs'), RbacSubject.serviceAccount('ci', 'tools')],
  })).toEqual({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
    metadata: { name: 'readers', namespace: 'team-a' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
    subjects: [
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'team-a-devs' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
    ],
  });
});

test('a ClusterRole bound in one namespace and cluster-wide', () => {
  const rules = [{ ...readPods, resourceNames: ['web'] }];
  expect(RbacObjects.clusterRole({ name: 'viewer', rules })).toMatchObject({ kind: 'ClusterRole', metadata: { name: 'viewer' }, rules: [{ resourceNames: ['web'] }] });
  expect(RbacObjects.roleBinding({ name: 'b', namespace: 'ns', roleName: 'viewer', clusterRole: true, subjects: [RbacSubject.user('alice')] }).roleRef)
    .toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'viewer' });
  expect(RbacObjects.clusterRoleBinding({ name: 'cb', clusterRoleName: 'viewer', subjects: [RbacSubject.user('alice')] }))
    .toMatchObject({ kind: 'ClusterRoleBinding', metadata: { name: 'cb' }, subjects: [{ kind: 'User', name: 'alice' }] });
});

test('builders copy their input', () => {
  const verbs = ['get'];
  const role = RbacObjects.role({ name: 'r', namespace: 'n', rules: [{ apiGroups: [''], resources: ['pods'], verbs }] });
  verbs.push('delete');
  expect(role.rules[0].verbs).toEqual(['get']);
});

test('problems: empty verbs or resources, bindings without subjects', () => {
  expect(RbacObjects.problems(RbacObjects.role({ name: 'r', namespace: 'n', rules: [{ apiGroups: [''], resources: [], verbs: [] }] })))
    .toEqual(["Role 'r' rules[0] has no resources", "Role 'r' rules[0] has no verbs"]);
  expect(RbacObjects.problems(RbacObjects.clusterRoleBinding({ name: 'b', clusterRoleName: 'x', subjects: [] })))
    .toEqual(["ClusterRoleBinding 'b' has no subjects; a binding without subjects grants nothing"]);
  expect(RbacObjects.problems(RbacObjects.role({ name: 'r', namespace: 'n', rules: [readPods] }))).toEqual([]);
});
