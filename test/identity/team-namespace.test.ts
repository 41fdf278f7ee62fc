import { Template } from 'aws-cdk-lib/assertions';
import { RbacSubject, TeamNamespace } from '../../lib';
import { clusterStack } from '../kubectl/fixtures';

test('a team namespace with quota, defaults and edit/view bindings in one manifest, namespace first', () => {
  const { stack, cluster } = clusterStack();
  const team = new TeamNamespace(stack, 'TeamA', {
    cluster, name: 'team-a', quota: { pods: 20 }, containerDefaults: { memoryLimit: '256Mi' },
    editors: [RbacSubject.group('team-a-devs')], viewers: [RbacSubject.group('auditors')],
  });
  // batched: the Namespace in a batch that the one with the rest waits for
  const resources = Template.fromStack(stack).findResources('Custom::CdkEksKitManifest');
  expect(team.manifest.isBatched).toBe(true);
  const [prelude, rest] = [/Prelude/, /Shard/].map((re) => Object.entries(resources).find(([id]) => re.test(id))!);
  expect(rest[1].DependsOn).toContain(prelude[0]);
  const objects = [...JSON.parse(prelude[1].Properties.Manifest), ...JSON.parse(rest[1].Properties.Manifest)];
  expect(objects.map((o: any) => o.kind)).toEqual(['Namespace', 'ResourceQuota', 'LimitRange', 'RoleBinding', 'RoleBinding']);
  expect(objects[3].roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' });
  expect(objects[4].subjects[0].name).toBe('auditors');
});

test('invalid input fails at synth with every problem named', () => {
  const { stack, cluster } = clusterStack();
  expect(() => new TeamNamespace(stack, 'Bad', { cluster, name: 'Team A', quota: { pods: -2 }, editors: [] }))
    .toThrow(/'name' is "Team A".*'quota.pods' is -2.*'editors' has no subjects/);
});
