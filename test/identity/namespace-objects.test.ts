import { Lazy, Token } from 'aws-cdk-lib';
import { NamespaceObjects } from '../../lib';

test('a team namespace with Pod Security restricted, a quota and container defaults', () => {
  expect(NamespaceObjects.teamNamespace({
    name: 'team-a',
    quota: { cpuRequests: '4', memoryRequests: '8Gi', cpuLimits: '8', memoryLimits: '16Gi', pods: 50, loadBalancers: 0 },
    containerDefaults: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '512Mi' },
  })).toEqual([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota', namespace: 'team-a' }, spec: { hard: {
      'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '8', 'limits.memory': '16Gi', 'pods': '50', 'services.loadbalancers': '0',
    } } },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'container-defaults', namespace: 'team-a' }, spec: { limits: [{
      type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' },
    }] } },
  ]);
});

test('only the Namespace when no quota or defaults are asked for; own labels replace the default', () => {
  expect(NamespaceObjects.teamNamespace({ name: 'x', labels: { team: 'x' }, quota: {}, containerDefaults: {} }))
    .toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', labels: { team: 'x' } } }]);
});

test('bad quantities and counts are named; tokens pass', () => {
  expect(NamespaceObjects.problems({ name: 'x', quota: { cpuRequests: 'four', pods: -1 }, containerDefaults: { memoryLimit: '1 GB' } })).toEqual([
    '\'quota.cpuRequests\' is "four"; use a Kubernetes quantity such as "500m", "2" or "4Gi"',
    '\'containerDefaults.memoryLimit\' is "1 GB"; use a Kubernetes quantity such as "500m", "2" or "4Gi"',
    "'quota.pods' is -1; use a whole number, 0 or more",
  ]);
  expect(NamespaceObjects.problems({ name: 'x', quota: { cpuRequests: Lazy.string({ produce: () => '?' }), pods: Token.asNumber(Lazy.number({ produce: () => -1 })) } })).toEqual([]);
});
