/**
 * The adversarial validation suite: each case builds a tiny app as a (possibly careless or
 * hostile) user would, and is classified by what the library did with it.
 *
 * - an invalid input must fail at synth with a KitValidationError that names a construct
 *   path, the prop and a stable code: `clear`; any other error (TypeError, aws-cdk-lib's or a
 *   plain Error, or ours without the prop) is `unclear`; no error is `accepted-bad`.
 * - a valid input (edge values, tokens, JavaScript leniency that works) must synthesize:
 *   `ok`, else `valid-refused`.
 * - dangerous-but-valid input must synthesize with the named warning: `clear`, else `accepted-bad`.
 *
 * Stacks are tiny (an imported VPC, an imported kubectl provider where the applier itself is
 * not under test) so the whole suite runs in seconds.
 */
import { App, CfnParameter, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import * as kit from '../../lib';
import { cdkJsonContext, TEST_DATE } from '../validated-synth';

/** What a case expects of the library. */
export type Expectation = 'error' | 'ok' | 'warn';

/** How the library handled a case. */
export type Outcome = 'clear' | 'unclear' | 'accepted-bad' | 'valid-refused' | 'ok';

export interface Case {
  /** Unique, readable id: `<Construct>.<prop>: <what>`. */
  readonly name: string;
  /** The public construct (or value class) under test. */
  readonly construct: string;
  /** The prop a clear error message must name (as written in the message, usually quoted). */
  readonly prop: string;
  readonly expect: Expectation;
  /** The stable code a clear error must carry. */
  readonly code?: string;
  /** For `warn`: the warning id (`cdk-eks-kit:<id>`) that must be emitted. */
  readonly warning?: string;
  /** Kinds of input, for the totals: token, js (JavaScript caller), dup, k8s, edge, danger. */
  readonly tags?: string[];
  /**
   * A known, accepted limitation: the outcome the case has today, with why it is left.
   * The suite asserts this outcome instead of the ideal one.
   */
  readonly known?: { readonly outcome: Outcome; readonly reason: string };
  /** Builds the app. Errors thrown here or at synth are classified. */
  readonly build: (t: Kit) => void;
}

/** A Kubernetes version every fixture can run without end-of-support errors or kubectl skew. */
export const VERSION = kit.KubernetesVersion.V1_30;

/** Builders for the cases: one app, one stack, cheap fixtures. */
export class Kit {
  public readonly app: App;
  public readonly stack: Stack;
  private _vpc?: ec2.IVpc;
  private _cluster?: kit.Cluster;
  private _imported?: kit.ICluster;
  private seq = 0;

  constructor() {
    this.app = new App({
      builtinCloudFormationValidation: false,
      // The annotation report only prints what the harness reads from metadata itself.
      context: { ...cdkJsonContext(), 'cdk-eks-kit:supportCalendarDate': TEST_DATE, '@aws-cdk/core:annotationsInValidationReport': false },
    });
    this.stack = new Stack(this.app, 'S');
  }

  /** A second stack in the same app. */
  public stack2(id = 'S2', props: { env?: { account: string; region: string } } = {}): Stack {
    return new Stack(this.app, id, props);
  }

  /** An imported VPC (10.0.0.0/16) with two public and two private subnets in two AZs. */
  public vpc(scope: Construct = this.stack, props: Partial<ec2.VpcAttributes> = {}): ec2.IVpc {
    if (scope === this.stack && this._vpc && Object.keys(props).length === 0) return this._vpc;
    const vpc = ec2.Vpc.fromVpcAttributes(scope, `Vpc${this.seq++}`, {
      vpcId: 'vpc-12345678',
      vpcCidrBlock: '10.0.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      publicSubnetIds: ['subnet-pub1', 'subnet-pub2'],
      privateSubnetIds: ['subnet-priv1', 'subnet-priv2'],
      publicSubnetRouteTableIds: ['rtb-pub1', 'rtb-pub2'],
      privateSubnetRouteTableIds: ['rtb-priv1', 'rtb-priv2'],
      ...props,
    });
    if (scope === this.stack && Object.keys(props).length === 0) this._vpc = vpc;
    return vpc;
  }

  /** A cluster of this app (imported VPC); the same one on every call without props. */
  public cluster(props: Partial<kit.ClusterProps> = {}, id = 'Cluster', scope: Construct = this.stack): kit.Cluster {
    if (this._cluster && Object.keys(props).length === 0 && id === 'Cluster' && scope === this.stack) return this._cluster;
    const cluster = new kit.Cluster(scope, id, {
      version: VERSION,
      allowEndOfSupportVersion: true,
      vpc: this.vpc(scope === this.stack ? this.stack : scope),
      outputConfigCommand: false,
      ...props,
    });
    Validations.of(cluster).acknowledge({ id: 'Annotation::cdk-eks-kit:endOfSupport', reason: 'fixture' });
    if (id === 'Cluster' && scope === this.stack && Object.keys(props).length === 0) this._cluster = cluster;
    return cluster;
  }

  /**
   * An imported cluster with an imported kubectl provider (no Lambda functions are built):
   * the cheap fixture for Kubernetes objects, Helm and identity.
   */
  public imported(attrs: Partial<kit.ClusterAttributes> = {}, id = 'Imported', scope: Construct = this.stack): kit.ICluster {
    if (this._imported && Object.keys(attrs).length === 0 && id === 'Imported' && scope === this.stack) return this._imported;
    const cluster = kit.Cluster.fromClusterAttributes(scope, id, {
      clusterName: 'prod',
      version: VERSION,
      endpointAccess: kit.EndpointAccess.PUBLIC_AND_PRIVATE,
      vpc: this.vpc(scope === this.stack ? this.stack : scope),
      clusterSecurityGroupId: 'sg-12345678',
      clusterEndpoint: 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
      clusterCertificateAuthorityData: 'Q0E=',
      serviceIpv4Cidr: '172.20.0.0/16',
      openIdConnectProvider: iam.OidcProviderNative.fromOidcProviderArn(scope, `${id}Oidc`,
        'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC'),
      kubectlProvider: kit.KubectlProvider.fromKubectlProviderAttributes(scope, `${id}Kubectl`, {
        serviceToken: 'arn:aws:lambda:us-east-1:123456789012:function:kubectl',
        handlerRole: iam.Role.fromRoleArn(scope, `${id}KubectlRole`, 'arn:aws:iam::123456789012:role/kubectl'),
      }),
      ...attrs,
    });
    if (id === 'Imported' && scope === this.stack && Object.keys(attrs).length === 0) this._imported = cluster;
    return cluster;
  }

  /** A new IAM role of this app. */
  public role(id?: string, scope: Construct = this.stack): iam.Role {
    return new iam.Role(scope, id ?? `Role${this.seq++}`, { assumedBy: new iam.AccountRootPrincipal() });
  }

  /** An existing role by ARN. */
  public roleArn(name = 'ops'): iam.IRole {
    return iam.Role.fromRoleArn(this.stack, `R${this.seq++}`, `arn:aws:iam::123456789012:role/${name}`);
  }

  // ---- tokens ----
  public lazyString(value = 'lazy'): string {
    return Lazy.string({ produce: () => value });
  }
  public lazyNumber(value = 1): number {
    return Lazy.number({ produce: () => value });
  }
  public paramString(): string {
    return new CfnParameter(this.stack, `P${this.seq++}`, { type: 'String' }).valueAsString;
  }
  public paramNumber(): number {
    return new CfnParameter(this.stack, `P${this.seq++}`, { type: 'Number' }).valueAsNumber;
  }
  /** A `CommaDelimitedList` parameter: a list token. */
  public paramList(): string[] {
    return new CfnParameter(this.stack, `P${this.seq++}`, { type: 'CommaDelimitedList' }).valueAsList;
  }
  /** A string that is an unresolved reference (an import). */
  public importValue(name = 'Shared'): string {
    return Token.asString({ 'Fn::ImportValue': name });
  }

  /** An `any` for JavaScript callers: the type checker is not there to stop them. */
  public js(value: unknown): any {
    return value;
  }
}

/** The outcome of one case, with the error or warnings seen. */
export interface Result {
  readonly case: Case;
  readonly outcome: Outcome;
  readonly detail: string;
  readonly ms: number;
}

const CODE = /\[([A-Z][A-Za-z0-9]+)\]/;

/** Whether an error (or a synth validation report holding one) is a clear cdk-eks-kit error for this case. */
export function clearness(error: unknown, c: Case): { clear: boolean; why: string } {
  const e = error as { name?: string; code?: unknown; message?: string };
  const message = String(e?.message ?? error);
  const ours = e?.name === 'KitValidationError' || (typeof e?.code === 'string' && CODE.test(message))
    // node.addValidation errors come back from synth as "Validation failed with the following errors: [path] message"
    || (/Validation failed with the following errors/.test(message) && CODE.test(message));
  if (!ours) return { clear: false, why: `not a KitValidationError: ${e?.name ?? typeof error}: ${message.split('\n')[0].slice(0, 200)}` };
  const scopeless = c.tags?.includes('scopeless');
  if (!scopeless && !/(^|\[|\s)[A-Za-z][\w-]*(\/[^\s:\]]+)*[:\]]/m.test(message)) return { clear: false, why: `no construct path: ${message.slice(0, 200)}` };
  if (!message.includes(c.prop)) return { clear: false, why: `does not name '${c.prop}': ${message.slice(0, 300)}` };
  if (c.code && !message.includes(`[${c.code}]`)) return { clear: false, why: `code is not [${c.code}]: ${message.slice(0, 300)}` };
  return { clear: true, why: message.split('\n').join(' ').slice(0, 300) };
}

function warningsOf(app: App): string[] {
  const warnings: string[] = [];
  for (const c of app.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type === 'aws:cdk:warning') warnings.push(String(m.data));
    }
  }
  return warnings;
}

/** Runs one case in a fresh app. */
export function runCase(c: Case): Result {
  const start = Date.now();
  let error: unknown;
  let t: Kit | undefined;
  try {
    t = new Kit();
    c.build(t);
    t.app.synth({ force: true });
  } catch (e) {
    error = e;
  }
  const ms = Date.now() - start;
  const done = (outcome: Outcome, detail: string): Result => ({ case: c, outcome, detail, ms });
  if (c.expect === 'ok') {
    return error ? done('valid-refused', String((error as Error)?.message ?? error).split('\n')[0].slice(0, 300)) : done('ok', '');
  }
  if (c.expect === 'warn') {
    if (error) return done('valid-refused', String((error as Error)?.message ?? error).split('\n')[0].slice(0, 300));
    const warnings = t ? warningsOf(t.app) : [];
    const hit = warnings.find((w) => w.includes(`cdk-eks-kit:${c.warning}`) || w.includes(`[ack: cdk-eks-kit:${c.warning}]`));
    return hit ? done('clear', hit.slice(0, 300)) : done('accepted-bad', `no warning ${c.warning}; saw: ${warnings.join(' | ').slice(0, 300)}`);
  }
  if (!error) return done('accepted-bad', 'synthesized without error');
  const { clear, why } = clearness(error, c);
  return done(clear ? 'clear' : 'unclear', why);
}

/** The ideal outcome of a case. */
export function idealOutcome(c: Case): Outcome {
  return c.expect === 'ok' ? 'ok' : 'clear';
}

/**
 * The outcomes a case may have: the ideal one, and its recorded known limitation (so that
 * fixing a known gap never breaks the suite; remove the `known` then).
 */
export function acceptedOutcomes(c: Case): Outcome[] {
  return c.known ? [idealOutcome(c), c.known.outcome] : [idealOutcome(c)];
}

/** Totals over results: what the closing note reports. */
export function totals(results: Result[]): Record<string, number> {
  const count = (pred: (r: Result) => boolean) => results.filter(pred).length;
  const invalid = results.filter((r) => r.case.expect !== 'ok');
  return {
    'cases': results.length,
    'invalid or dangerous': invalid.length,
    'clear': count((r) => r.outcome === 'clear'),
    'unclear': count((r) => r.outcome === 'unclear'),
    'accepted-bad': count((r) => r.outcome === 'accepted-bad'),
    'valid': results.length - invalid.length,
    'valid ok': count((r) => r.outcome === 'ok'),
    'valid-refused': count((r) => r.outcome === 'valid-refused'),
  };
}
