import { handler, OnEventRequest, RESOURCE_TYPES } from '../../../lib/kubectl/handler';
import { contextWith, FakeTools } from './fake-tools';

// A NodePool's delete must wait until its NodeClaims (and the instances behind them) are gone,
// before CloudFormation deletes the Karpenter controller, its role, the queue and the VPC routes.
const OWNER = { OwnerLabel: 'cdk-eks-kit/owner', OwnerValue: 'abc123' };
const pool = { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'spot', labels: { 'cdk-eks-kit/owner': 'abc123' } }, spec: {} };

function event(type: 'Update' | 'Delete', objects: unknown[], old?: unknown[]): OnEventRequest {
  return {
    RequestType: type, ResourceType: RESOURCE_TYPES.manifest, LogicalResourceId: 'NodePool', PhysicalResourceId: 'manifest/abc123',
    ResourceProperties: { ...OWNER, Manifest: JSON.stringify(objects), Overwrite: 'false', SkipValidation: 'false', ForegroundDeletion: 'true' },
    OldResourceProperties: old ? { ...OWNER, Manifest: JSON.stringify(old), ForegroundDeletion: 'true' } : undefined,
  };
}

/** The pool is live and still owned by this resource (a Delete only removes what it owns). */
const LIVE = { match: '^kubectl get -f', stdout: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pool] }) };

let fake: FakeTools;
beforeEach(() => { jest.spyOn(console, 'log').mockImplementation(() => undefined); });
afterEach(() => { fake.dispose(); jest.restoreAllMocks(); });

test('delete uses foreground cascading deletion and waits with the time the handler has left', async () => {
  fake = new FakeTools([LIVE]);
  await handler(event('Delete', [pool]), contextWith(60_000));
  const del = fake.calls().find((c) => c.args[0] === 'delete')!;
  expect(del.args).toEqual(expect.arrayContaining(['--cascade=foreground', '--wait=true', '--ignore-not-found']));
  const timeout = Number(/--timeout=(\d+)s/.exec(del.args.join(' '))![1]);
  expect(timeout).toBeGreaterThan(40); // not capped at a fixed wait
});

test('still deleting at the deadline is a failure (the stack delete stops), not a success', async () => {
  fake = new FakeTools([LIVE, { match: '^kubectl delete', exitCode: 1, stderr: 'error: timed out waiting for the condition on nodepools/spot' }]);
  await expect(handler(event('Delete', [pool]), contextWith(20_000)))
    .rejects.toThrow(/NodePool\/spot still being deleted when the handler had to answer.*Delete the stack again to resume/);
});

test('a pool removed from the manifest on update is pruned the same way', async () => {
  fake = new FakeTools([{ match: '^kubectl get', stdout: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pool] }) }]);
  await handler(event('Update', [], [pool]), contextWith(20_000));
  expect(fake.calls().find((c) => c.args[0] === 'delete')!.args).toContain('--cascade=foreground');
});

test('without the property deletes keep their bounded, lenient wait', async () => {
  fake = new FakeTools([LIVE, { match: '^kubectl delete', exitCode: 1, stderr: 'error: timed out waiting for the condition' }]);
  const e = event('Delete', [pool]);
  delete (e.ResourceProperties as any).ForegroundDeletion;
  await handler(e, contextWith(20_000));
  expect(fake.calls().find((c) => c.args[0] === 'delete')!.args).not.toContain('--cascade=foreground');
});
