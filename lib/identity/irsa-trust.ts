import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { namespaceNameProblem, objectNameProblem } from './kubernetes-names';
import { checkProps } from '../validation/prop-check';
import { IRSA_TRUST_PROPS } from '../validation/prop-specs';

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
 * When the issuer is only known at deploy time the condition keys are tokens, which a
 * CloudFormation object cannot have as keys; the trust policy is then rendered as a JSON
 * string (`Fn::Join`), which `AWS::IAM::Role` accepts, so no custom resource (`CfnJson`) and
 * no extra Lambda function is needed.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export class IrsaTrust extends Construct {
  /** The issuer URL without its `https://` scheme (works on tokens too). */
  public static issuerHost(issuerUrl: string): string {
    if (Token.isUnresolved(issuerUrl)) return Fn.select(1, Fn.split('https://', issuerUrl));
    return issuerUrl.replace(/^https:\/\//, '');
  }

  /** The issuer without `https://`, the prefix of the condition keys. */
  public readonly issuer: string;
  private readonly provider: iam.IOidcProvider;
  private readonly conditions: { [key: string]: string };

  constructor(scope: Construct, id: string, props: IrsaTrustProps) {
    super(scope, id);
    checkProps(this, props, IRSA_TRUST_PROPS);
    const problem = namespaceNameProblem('namespace', props.namespace)
      ?? objectNameProblem('serviceAccountName', props.serviceAccountName);
    if (problem) throw new KitValidationError(this, 'IrsaServiceAccount', problem);

    this.provider = props.cluster.openIdConnectProvider;
    this.issuer = IrsaTrust.issuerHost(props.cluster.clusterOpenIdConnectIssuerUrl);
    this.conditions = {
      [`${this.issuer}:sub`]: `system:serviceaccount:${props.namespace}:${props.serviceAccountName}`,
      [`${this.issuer}:aud`]: 'sts.amazonaws.com',
    };
  }

  /**
   * Creates an IAM role that only this service account can assume.
   *
   * @param id construct id of the role, under this construct
   * @param props role properties other than `assumedBy`
   */
  public createRole(id: string, props: IrsaRoleOptions = {}): iam.Role {
    if (!Token.isUnresolved(this.issuer)) {
      return new iam.Role(this, id, {
        ...props,
        assumedBy: new iam.OpenIdConnectPrincipal(this.provider, { StringEquals: this.conditions }),
      });
    }
    // The conditions are rendered below; the L2 statement is replaced wholesale.
    const role = new iam.Role(this, id, { ...props, assumedBy: new iam.OpenIdConnectPrincipal(this.provider) });
    const document = {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: this.provider.oidcProviderArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: this.conditions },
      }],
    };
    (role.node.defaultChild as iam.CfnRole).addPropertyOverride('AssumeRolePolicyDocument', Stack.of(this).toJsonString(document));
    return role;
  }
}

/** Properties of a role created by {@link IrsaTrust.createRole}. */
export interface IrsaRoleOptions {
  /**
   * Description of the role.
   * @default - none
   */
  readonly description?: string;
  /**
   * Managed policies of the role.
   * @default - none
   */
  readonly managedPolicies?: iam.IManagedPolicy[];
}
