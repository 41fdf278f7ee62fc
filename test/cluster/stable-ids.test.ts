import { CfnParameter, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Cluster, KubernetesVersion } from '../../lib';
import { principalKey } from '../../lib/cluster/principal-key';
import { testApp } from '../validated-synth';

/** Logical id → principal ARN (as resolved) of every access entry in the stack. */
function entriesByLogicalId(stack: Stack): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, r] of Object.entries(Template.fromStack(stack).findResources('AWS::EKS::AccessEntry'))) {
    out[id] = JSON.stringify((r as any).Properties.PrincipalArn);
  }
  return out;
}

/** A stack with a cluster whose admins are built by `admins` in the order it returns them. */
function clusterWith(admins: (stack: Stack) => iam.IPrincipal[]): Stack {
  const stack = new Stack(testApp(), 'Test');
  new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, admins: admins(stack) });
  return stack;
}

describe('admins are keyed by principal, not by position', () => {
  // GIVEN three kinds of principal: a literal role ARN, a role of this app, an imported user
  const literal = (s: Stack) => iam.Role.fromRoleArn(s, 'Platform', 'arn:aws:iam::123456789012:role/teams/platform-admins');
  const created = (s: Stack) => new iam.Role(s, 'BreakGlass', { assumedBy: new iam.AccountRootPrincipal() });
  const user = (s: Stack) => iam.User.fromUserName(s, 'Ops', 'ops');

  test('reordering admins leaves every logical id (and its principal) unchanged', () => {
    // WHEN the same admins are given in two orders
    const before = entriesByLogicalId(clusterWith((s) => [literal(s), created(s), user(s)]));
    const after = entriesByLogicalId(clusterWith((s) => [user(s), created(s), literal(s)]));
    // THEN the templates map the same logical ids to the same principals
    expect(Object.keys(before)).toHaveLength(3);
    expect(after).toEqual(before);
  });

  test('removing an admin leaves the others unchanged', () => {
    const before = entriesByLogicalId(clusterWith((s) => [literal(s), created(s), user(s)]));
    const after = entriesByLogicalId(clusterWith((s) => [literal(s), user(s)]));
    expect(Object.keys(after)).toHaveLength(2);
    for (const [id, principal] of Object.entries(after)) expect(before[id]).toBe(principal);
  });

  test('a literal ARN is keyed by role name (path dropped), an import by name, a role of this app by its path in its stack', () => {
    const stack = new Stack(testApp(), 'Keys');
    const arnOf = (p: iam.IRole | iam.IUser) => ('roleArn' in p ? p.roleArn : p.userArn);
    const role = literal(stack);
    expect(principalKey(stack, role, arnOf(role))).toBe('role-platform-admins');
    expect(principalKey(stack, iam.Role.fromRoleName(stack, 'ByName', 'platform-admins'), iam.Role.fromRoleName(stack, 'ByName2', 'platform-admins').roleArn))
      .toBe('role-platform-admins');
    const u = user(stack);
    expect(principalKey(stack, u, arnOf(u))).toBe('user-ops');
    const r = created(stack);
    expect(principalKey(stack, r, r.roleArn)).toBe('BreakGlass');
  });

  test('an ArnPrincipal of a token is keyed by its expression, stable across syntheses', () => {
    const keyOf = () => {
      const stack = new Stack(testApp(), 'Tok');
      const arn = new CfnParameter(stack, 'AdminArn').valueAsString;
      return principalKey(stack, new iam.ArnPrincipal(arn), arn);
    };
    expect(keyOf()).toMatch(/^arn-[0-9a-f]{12}$/);
    expect(keyOf()).toBe(keyOf());
  });

  test('two admins with the same role name are a synth error naming both', () => {
    expect(() => clusterWith((s) => [
      iam.Role.fromRoleArn(s, 'A', 'arn:aws:iam::111111111111:role/admins'),
      iam.Role.fromRoleArn(s, 'B', 'arn:aws:iam::222222222222:role/admins'),
    ])).toThrow(/'admins\[1\]' and 'admins\[0\]' are both the role 'admins'.*grantAccess.*\[ClusterAdminDuplicate\]/);
  });

  test('a token principal is never refused for its key', () => {
    expect(() => clusterWith((s) => [
      new iam.ArnPrincipal(new CfnParameter(s, 'P1').valueAsString),
      new iam.ArnPrincipal(new CfnParameter(s, 'P2').valueAsString),
    ])).not.toThrow();
  });
});

describe('deletion protection', () => {
  const protection = (props: { removalPolicy?: RemovalPolicy; deletionProtection?: boolean }) => {
    const stack = new Stack(testApp(), 'Test');
    new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, ...props });
    return { stack, value: Object.values(Template.fromStack(stack).findResources('AWS::EKS::Cluster'))[0].Properties.DeletionProtection };
  };

  test('is on by default (the default removal policy retains the cluster)', () => {
    expect(protection({}).value).toBe(true);
    expect(protection({ removalPolicy: RemovalPolicy.RETAIN }).value).toBe(true);
  });

  test('is off with RemovalPolicy.DESTROY, so that a stack delete can delete the cluster', () => {
    expect(protection({ removalPolicy: RemovalPolicy.DESTROY }).value).toBe(false);
  });

  test('can be turned off explicitly', () => {
    expect(protection({ deletionProtection: false }).value).toBe(false);
  });

  test('on together with DESTROY warns that the stack delete will fail', () => {
    const { stack, value } = protection({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: true });
    expect(value).toBe(true);
    Annotations.fromStack(stack).hasWarning('/Test/Cluster', Match.stringLikeRegexp("'deletionProtection' is true and 'removalPolicy' is DESTROY"));
  });
});
