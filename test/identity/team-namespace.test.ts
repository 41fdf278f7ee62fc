import { Template } from 'aws-cdk-lib/assertions';
import { RbacSubject, TeamNamespace } from '../../lib';
import { clusterStack } from '../kubectl/fixtures';

test('a team namespace with quota, defaults and edit/view bindings in one manifest, namespace first', () => {
  const { stack, cluster } = clusterStack();
  new TeamNamespace(stack, 'TeamA', {
    cluster, name: 'team-a', quota: { pods: 20 }, containerDefaults: { memoryLimit: '256Mi' },
    editors: [RbacSubject.group('team-a-devs')], viewers: [RbacSubject.group('auditors')],
  });
  const manifest = Object.values(Template.fromStack(stack).findResources('Custom::CdkEksKitManifest'))[0].Properties.Manifest;
  const objects = JSON.parse(manifest);
  expect(objects.map((o: any) => o.kind)).toEqual(['Namespace', 'ResourceQuota', 'LimitRange', 'RoleBinding', 'RoleBinding']);
  expect(objects[3].roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' });
  expect(objects[4].subjects[0].name).toBe('auditors');
});

test('invalid input fails at synth with every problem named', () => {
  const { stack, cluster } = clusterStack();
  expect(() => new TeamNamespace(stack, 'Bad', { cluster, name: 'Team A', quota: { pods: -2 }, editors: [] }))
    .toThrow(/'name' is "Team A".*'quota.pods' is -2.*'editors' has no subjects/);
});
