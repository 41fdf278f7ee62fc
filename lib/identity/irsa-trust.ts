import { CfnJson, Fn, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { namespaceNameProblem, objectNameProblem } from './kubernetes-names';

/** Properties of an {@link IrsaTrust}. */
export interface IrsaTrustProps {
  /** The cluster whose OIDC provider issues the service account tokens. */
  readonly cluster: ICluster;
  /** Namespace of the Kubernetes service account. */
  readonly namespace: string;
  /** Name of the Kubernetes service account. */
  readonly serviceAccountName: string;
}

/**
 * The trust of an IAM role for service accounts (IRSA): `sts:AssumeRoleWithWebIdentity`
 * from the cluster's OIDC provider, only for one service account, only for the STS audience.
 *
 * Both conditions name the issuer host and path (`oidc.eks.<region>.amazonaws.com/id/<id>`):
 * `<issuer>:sub = system:serviceaccount:<namespace>:<name>` and `<issuer>:aud = sts.amazonaws.com`.
 * When the issuer is only known at deploy time the condition keys are tokens, which
 * CloudFormation cannot take as keys; a `CfnJson` resolves them then.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export class IrsaTrust extends Construct {
  /** The issuer URL without its `https://` scheme (works on tokens too). */
  public static issuerHost(issuerUrl: string): string {
    if (Token.isUnresolved(issuerUrl)) return Fn.select(1, Fn.split('https://', issuerUrl));
    return issuerUrl.replace(/^https:\/\//, '');
  }

  /** The principal to use as `assumedBy` of the role. */
  public readonly principal: iam.IPrincipal;
  /** The issuer without `https://`, the prefix of the condition keys. */
  public readonly issuer: string;

  constructor(scope: Construct, id: string, props: IrsaTrustProps) {
    super(scope, id);
    const problem = namespaceNameProblem('namespace', props.namespace)
      ?? objectNameProblem('serviceAccountName', props.serviceAccountName);
    if (problem) throw new KitValidationError(this, 'IrsaServiceAccount', problem);

    this.issuer = IrsaTrust.issuerHost(props.cluster.clusterOpenIdConnectIssuerUrl);
    const conditions = {
      [`${this.issuer}:sub`]: `system:serviceaccount:${props.namespace}:${props.serviceAccountName}`,
      [`${this.issuer}:aud`]: 'sts.amazonaws.com',
    };
    const stringEquals = Token.isUnresolved(this.issuer)
      ? new CfnJson(this, 'Conditions', { value: conditions })
      : conditions;
    this.principal = new iam.OpenIdConnectPrincipal(props.cluster.openIdConnectProvider, { StringEquals: stringEquals });
  }
}
