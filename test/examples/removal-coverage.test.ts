import { CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { addExampleStacks } from '../../examples';
import { Cluster } from '../../lib';
import { ClusterRemoval } from '../../lib/cluster/removal';
import { testApp } from '../validated-synth';

/**
 * Every construct that attaches AWS resources or Kubernetes objects to a cluster must follow
 * the cluster's removal policy (lib/cluster/removal.ts). The examples use DESTROY; here their
 * clusters get the library default instead, and every resource of every example must then be
 * retained on stack delete — except the applier, and what the examples create outside the
 * cluster on purpose.
 */
test('under the default removal policy, every resource the examples attach to a cluster is retained on stack delete', () => {
  // GIVEN every example, with its clusters switched to the default policy
  const app = testApp();
  addExampleStacks(app);
  for (const c of app.node.findAll()) {
    if (c instanceof Cluster) ClusterRemoval.setPolicy(c, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
  }
  const assembly = app.synth();
  // WHEN we list the resources CloudFormation would delete
  const deleted: string[] = [];
  for (const stack of app.node.findAll().filter((c): c is Stack => Stack.isStack(c))) {
    const resources = assembly.getStackArtifact(stack.artifactId).template.Resources ?? {};
    for (const c of stack.node.findAll()) {
      if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack) continue;
      const r = resources[stack.resolve(c.logicalId)];
      if (r && r.DeletionPolicy !== 'RetainExceptOnCreate') deleted.push(c.node.path);
    }
  }
  // THEN they are only the applier and what the examples own outside the cluster
  const expected = [
    /\/KubectlProvider\//, // the applier: function, layer, role, log groups, access entry
    /\/ClusterAdmin\/Resource$/, // the examples' admin role (a principal, not part of the cluster)
    /^Fleet\/[^/]+\/Network\/Vpc\//, // the fleet's own VPC stack, passed to its clusters
    /^Storage\/SharedFiles\//, // a ClusterFileSystem with its own removalPolicy: DESTROY
  ];
  expect(deleted.filter((path) => !expected.some((re) => re.test(path)))).toEqual([]);
  expect(deleted.some((p) => p.includes('/KubectlProvider/'))).toBe(true);
});
