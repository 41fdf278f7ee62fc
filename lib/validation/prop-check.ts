import { Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { KitValidationError } from '../errors';

/**
 * Run-time checks of props for callers without a type checker (JavaScript, or jsii
 * languages passing `any`): a string where a `KubernetesVersion` is expected, a number as a
 * string, one object where a list is expected. TypeScript callers never see these errors.
 *
 * A check returns what was expected (e.g. "a KubernetesVersion such as KubernetesVersion.V1_35")
 * when the value is wrong, or undefined when it is acceptable. Tokens are always acceptable
 * where a string, number or list is expected. `undefined` is acceptable unless the check is
 * wrapped in `Is.required`.
 *
 * Not part of the public API.
 */
export type Check = (value: unknown) => string | undefined;

const REQUIRED = Symbol('required');
type RequiredCheck = Check & { [REQUIRED]?: true };

function duck(description: string, ...members: string[]): Check {
  return (v) => (v !== null && typeof v === 'object' && members.every((m) => (v as any)[m] !== undefined) ? undefined : description);
}

/** Checks for the kinds of values props take. */
export class Is {
  public static readonly string: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
  public static readonly nonEmptyString: Check = (v) => (typeof v === 'string' && (v.length > 0 || Token.isUnresolved(v)) ? undefined : 'a non-empty string');
  public static readonly number: Check = (v) => (typeof v === 'number' && !Number.isNaN(v) ? undefined : 'a number');
  public static readonly boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
  /** A plain object (a map or a Kubernetes object), or a token. */
  public static readonly object: Check = (v) =>
    (v !== null && typeof v === 'object' && !Array.isArray(v)) || Token.isUnresolved(v) ? undefined : 'an object';
  /** A map of string values (labels, tags), or a token; values may be tokens. */
  public static readonly stringMap: Check = (v) => {
    if (Token.isUnresolved(v)) return undefined;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'an object of string values, e.g. { team: "web" }';
    const wrong = Object.entries(v).find(([, x]) => typeof x !== 'string');
    return wrong ? `an object of string values, e.g. { team: "web" } ('${wrong[0]}' is ${describe(wrong[1])})` : undefined;
  };
  public static readonly stringList: Check = Is.listOf(Is.string, 'strings');

  // aws-cdk-lib types, by what this library uses of them (instanceof fails across copies of the library)
  public static readonly duration: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).toSeconds === 'function'
    ? undefined : 'a Duration, e.g. Duration.minutes(5)');
  public static readonly size: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).toMebibytes === 'function'
    ? undefined : 'a Size, e.g. Size.gibibytes(1)');
  public static readonly vpc: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).selectSubnets === 'function'
    ? undefined : 'an ec2.IVpc, e.g. ec2.Vpc.fromVpcAttributes(...)');
  public static readonly subnetSelection: Check = Is.object;
  public static readonly securityGroup: Check = duck('an ec2.ISecurityGroup, e.g. ec2.SecurityGroup.fromSecurityGroupId(...)', 'securityGroupId');
  public static readonly role: Check = duck('an iam.IRole, e.g. iam.Role.fromRoleArn(...)', 'roleArn', 'grantPrincipal');
  public static readonly principal: Check = duck('an iam.IPrincipal (a role or user)', 'grantPrincipal', 'policyFragment');
  public static readonly key: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).keyArn === 'string' && typeof (v as any).grant === 'function'
    ? undefined : 'a kms.IKey, e.g. kms.Key.fromKeyArn(...)');
  public static readonly layer: Check = duck('a lambda.ILayerVersion, e.g. new KubectlV35Layer(this, "KubectlLayer")', 'layerVersionArn');
  public static readonly machineImage: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).getImage === 'function'
    ? undefined : 'an ec2.IMachineImage, e.g. ec2.MachineImage.genericLinux({...})');
  public static readonly userData: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).render === 'function'
    ? undefined : 'an ec2.UserData');
  public static readonly launchTemplate: Check = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? undefined : 'an ec2.ILaunchTemplate, e.g. ec2.LaunchTemplate.fromLaunchTemplateAttributes(...)');
  public static readonly instanceType: Check = (v) => (typeof v === 'string' || (v !== null && typeof v === 'object' && typeof (v as any).toString === 'function' && (v as any).toString() !== '[object Object]')
    ? undefined : "an ec2.InstanceType, e.g. new ec2.InstanceType('m7i.large')");
  public static readonly construct: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).node?.path === 'string'
    ? undefined : 'a construct');
  public static readonly cluster: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).clusterName === 'string' && typeof (v as any).node?.path === 'string'
    ? undefined : 'an ICluster (a Cluster, or Cluster.fromClusterAttributes(...))');

  // this library's value classes, by shape
  public static readonly kubernetesVersion: Check = (v) => {
    if (v === null || typeof v !== 'object' || typeof (v as any).version !== 'string' || typeof (v as any).isAtLeast !== 'function') {
      return "a KubernetesVersion, e.g. KubernetesVersion.V1_35 or KubernetesVersion.of('1.35')";
    }
    const problem = (v as any)._problem;
    return typeof problem === 'string' ? `a valid version, but KubernetesVersion.of(): ${problem}` : undefined;
  };
  public static readonly endpointAccess: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).publicAccess === 'boolean' && Array.isArray((v as any).publicCidrs)
    ? undefined : 'an EndpointAccess, e.g. EndpointAccess.PRIVATE or EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...)');
  public static readonly accessPolicy: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any)._problems === 'function'
    ? undefined : 'an AccessPolicy, e.g. AccessPolicy.view() or AccessPolicy.fromName(...)');
  public static readonly amiType: Check = duck('a NodeGroupAmiType, e.g. NodeGroupAmiType.AL2023_X86_64_STANDARD', 'value', 'family');
  public static readonly addonType: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).renderConfiguration === 'function'
    ? undefined : 'an AddonType, e.g. AddonType.vpcCni() or AddonType.custom(...)');
  public static readonly addonIdentity: Check = duck('an AddonIdentity, e.g. AddonIdentity.podIdentity()', 'mode');
  public static readonly helmSource: Check = duck("a HelmChartSource, e.g. HelmChartSource.fromRepository('https://...', 'chart')", '_kind');
  public static readonly lbcVersion: Check = duck('an AwsLoadBalancerControllerVersion, e.g. AwsLoadBalancerControllerVersion.V2_13_3', 'chartVersion', 'policyJson');
  public static readonly rbacSubject: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).toJson === 'function'
    ? undefined : "an RbacSubject, e.g. RbacSubject.group('devs')");
  public static readonly taint: Check = (v) => (v !== null && typeof v === 'object' && typeof (v as any).key === 'string' && (v as any).effect !== undefined
    ? undefined : "a NodeTaint { key, value?, effect: TaintEffect.NO_SCHEDULE | PREFER_NO_SCHEDULE | NO_EXECUTE }");

  /** One of the values of a TypeScript string enum (compared by value, so 'API' is AuthenticationMode.API). */
  public static enumOf(enumObject: object, enumName: string): Check {
    // A numeric enum (logs.RetentionDays) also maps its values back to its names.
    const numeric = Object.values(enumObject).some((x) => typeof x === 'number');
    const entries = Object.entries(enumObject).filter(([, x]) => !numeric || typeof x === 'number');
    const values = entries.map(([, x]) => x);
    const names = entries.map(([n]) => n);
    return (v) => (values.includes(v) || Token.isUnresolved(v) ? undefined
      : `one of ${names.length > 8 ? `the ${enumName} values` : names.map((n) => `${enumName}.${n}`).join(', ')}`);
  }

  /** A list whose elements pass `element`, or a list token. */
  public static listOf(element: Check, what: string): Check {
    return (v) => {
      if (Token.isUnresolved(v)) return undefined;
      if (!Array.isArray(v)) return `a list of ${what}`;
      for (const [i, x] of v.entries()) {
        if (Token.isUnresolved(x)) continue;
        const wrong = element(x);
        if (wrong) return `a list of ${what} (element ${i} is ${describe(x)}; expected ${wrong})`;
      }
      return undefined;
    };
  }

  /** A value that must be given. */
  public static required(check: Check): Check {
    const c: RequiredCheck = (v) => check(v);
    c[REQUIRED] = true;
    return c;
  }

  private constructor() {}
}

/** A short description of a value for messages: `the string "1.35"`, `the number 5`, `a list`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string "${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${value}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'function') return 'a function';
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/**
 * Why `props` do not have the run-time types of `spec`, one sentence per prop (empty when
 * all is well). Token values pass wherever a string, number or list is expected.
 */
export function propTypeProblems(props: unknown, spec: { readonly [prop: string]: Check }, prefix = ''): string[] {
  if (props === undefined || props === null || typeof props !== 'object' || Array.isArray(props)) {
    return [`the props must be an object, got ${describe(props)}`];
  }
  const problems: string[] = [];
  for (const [prop, check] of Object.entries(spec)) {
    const value = (props as Record<string, unknown>)[prop];
    if (value === undefined) {
      if ((check as RequiredCheck)[REQUIRED]) problems.push(`'${prefix}${prop}' is required`);
      continue;
    }
    if (Token.isUnresolved(value) && typeof value !== 'object') continue;
    const expected = check(value);
    if (expected) problems.push(`'${prefix}${prop}' is ${describe(value)}; expected ${expected}`);
  }
  return problems;
}

/** Throws a `PropType` KitValidationError naming every prop of the wrong run-time type. */
export function checkProps(scope: IConstruct, props: unknown, spec: { readonly [prop: string]: Check }, prefix = ''): void {
  const problems = propTypeProblems(props, spec, prefix);
  if (problems.length > 0) throw new KitValidationError(scope, 'PropType', `${problems.join('; ')}.`);
}

/**
 * Runs `fn` and turns an error from aws-cdk-lib or Node (a subnet selection that matches no
 * subnet group, an attribute an imported VPC was not given) into a KitValidationError with
 * this construct's path, the prop and a code. Our own errors pass through unchanged.
 */
export function wrapErrors<T>(scope: IConstruct, code: string, prop: string, fn: () => T): T {
  try {
    return fn();
  } catch (e: any) {
    if (e?.name === 'KitValidationError') throw e;
    const message = String(e?.message ?? e).split('\n')[0].replace(/\.$/, '');
    throw new KitValidationError(scope, code, `'${prop}': ${message}.`);
  }
}

/** Whether a string is the element of an encoded list token (e.g. a `CommaDelimitedList` spread into a list). */
export function isListTokenElement(value: unknown): boolean {
  return typeof value === 'string' && !Token.isUnresolved(value) && Token.isUnresolved([value]);
}

/**
 * Why a list mixes a list token (a `CommaDelimitedList` parameter, `Fn.split`) with other
 * elements, which CloudFormation cannot resolve; undefined when it does not.
 */
export function mixedListTokenProblem(prop: string, list: readonly unknown[]): string | undefined {
  if (list.length > 1 && list.some(isListTokenElement)) {
    return `'${prop}' combines a list token (a CommaDelimitedList parameter or Fn.split) with other elements; `
      + 'CloudFormation cannot join them. Pass the list token alone, or Fn.split over one joined string';
  }
  return undefined;
}

/**
 * AWS tag rules (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html): keys of
 * 1–128 characters that do not start with the reserved `aws:` prefix, values of at most 256
 * characters, at most 50 tags per resource. Tokens are not judged.
 */
export function tagProblems(prop: string, tags: { [key: string]: string } | undefined): string[] {
  if (tags === undefined || Token.isUnresolved(tags) || typeof tags !== 'object') return [];
  const problems: string[] = [];
  const entries = Object.entries(tags);
  if (entries.length > 50) problems.push(`'${prop}' has ${entries.length} tags; AWS allows at most 50 per resource`);
  for (const [key, value] of entries) {
    if (Token.isUnresolved(key)) continue;
    if (key.length < 1 || key.length > 128) problems.push(`'${prop}' key '${key.slice(0, 40)}${key.length > 40 ? '…' : ''}' has ${key.length} characters; AWS tag keys have 1–128`);
    if (key.toLowerCase().startsWith('aws:')) problems.push(`'${prop}' key '${key}' starts with 'aws:', which AWS reserves for its own tags`);
    if (typeof value === 'string' && !Token.isUnresolved(value) && value.length > 256) {
      problems.push(`'${prop}' value of '${key}' has ${value.length} characters; AWS tag values have at most 256`);
    }
  }
  return problems;
}
