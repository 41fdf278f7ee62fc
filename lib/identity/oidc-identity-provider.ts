import { Resource, Token } from 'aws-cdk-lib';
import { CfnIdentityProviderConfig } from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { ClusterState } from '../cluster/cluster-state';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { oidcProviderProblems } from './oidc-provider-rules';
import { ClusterRemoval } from '../cluster/removal';

/** Options of an {@link OidcIdentityProvider}. Every one replaces the configuration when changed. */
export interface OidcIdentityProviderOptions {
  /**
   * The issuer URL: `https://`, no query or fragment, the level below
   * `.well-known/openid-configuration`, matching the tokens' `iss` claim.
   */
  readonly issuerUrl: string;
  /** The client ID (audience) the tokens are issued for. */
  readonly clientId: string;
  /**
   * The configuration's name on the cluster.
   * @default - the construct id
   */
  readonly configName?: string;
  /**
   * The claim used as the Kubernetes user name.
   * @default 'sub'
   */
  readonly usernameClaim?: string;
  /**
   * Prefix of user names, to keep them apart from other authenticators' (must not contain `system:`).
   * @default - the issuer URL and '#' for claims other than `email` (EKS default)
   */
  readonly usernamePrefix?: string;
  /**
   * The claim that carries the user's groups.
   * @default - no groups
   */
  readonly groupsClaim?: string;
  /**
   * Prefix of group names, e.g. `oidc:` (must not contain `system:`).
   * @default - none
   */
  readonly groupsPrefix?: string;
  /**
   * Claims a token must carry with exactly these values (keys 1–63, values 1–253 characters).
   * @default - none
   */
  readonly requiredClaims?: { [claim: string]: string };
}

/** Properties of an {@link OidcIdentityProvider}. */
export interface OidcIdentityProviderProps extends OidcIdentityProviderOptions {
  /** The cluster whose API server accepts the provider's ID tokens. */
  readonly cluster: ICluster;
}

/**
 * An external OpenID Connect identity provider whose ID tokens the cluster's API server
 * accepts for people (`AWS::EKS::IdentityProviderConfig`, type `oidc`). Bind its users and
 * groups (with their prefixes) to Kubernetes roles with RBAC objects.
 *
 * A cluster can have up to 10; they are associated one after another, since EKS runs one
 * update of a cluster at a time.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/authenticate-oidc-identity-provider.html
 * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_OidcIdentityProviderConfigRequest.html
 */
export class OidcIdentityProvider extends Resource {
  /** EKS allows this many identity provider configurations per cluster (What's New, 2026-08-24). */
  public static readonly MAX_PER_CLUSTER = 10;

  /** The configuration's name. */
  public readonly configName: string;
  /** The configuration's ARN. */
  public readonly identityProviderConfigArn: string;
  /** The underlying CloudFormation resource. */
  public readonly resource: CfnIdentityProviderConfig;

  constructor(scope: Construct, id: string, props: OidcIdentityProviderProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster); // lib/cluster/removal.ts
    this.configName = props.configName ?? id;
    const problems = oidcProviderProblems(props, this.configName);
    if (problems.length > 0) throw new KitValidationError(this, 'OidcIdentityProvider', `${problems.join('; ')}.`);

    const chain = ClusterState.of(props.cluster).slot('identity-provider:chain', () => ({ all: [] as OidcIdentityProvider[] }));
    if (chain.all.length >= OidcIdentityProvider.MAX_PER_CLUSTER) {
      throw new KitValidationError(this, 'OidcIdentityProviderCount',
        `the cluster already has ${chain.all.length} OIDC identity providers (${chain.all.map((p) => p.node.path).join(', ')}); EKS allows ${OidcIdentityProvider.MAX_PER_CLUSTER}.`);
    }
    const sameName = chain.all.find((p) => !Token.isUnresolved(p.configName) && p.configName === this.configName);
    if (sameName) {
      throw new KitValidationError(this, 'OidcIdentityProviderDuplicate',
        `'configName' '${this.configName}' is already used on this cluster by ${sameName.node.path}; names are unique per cluster.`);
    }

    this.resource = new CfnIdentityProviderConfig(this, 'Resource', {
      clusterName: props.cluster.clusterName,
      type: 'oidc',
      identityProviderConfigName: this.configName,
      oidc: {
        issuerUrl: props.issuerUrl,
        clientId: props.clientId,
        usernameClaim: props.usernameClaim,
        usernamePrefix: props.usernamePrefix,
        groupsClaim: props.groupsClaim,
        groupsPrefix: props.groupsPrefix,
        requiredClaims: props.requiredClaims
          ? Object.entries(props.requiredClaims).map(([key, value]) => ({ key, value })) : undefined,
      },
    });
    const cfnCluster = props.cluster.node.defaultChild;
    if (cfnCluster) this.resource.node.addDependency(cfnCluster);
    // Associating a provider is a cluster update; EKS refuses a second one while one runs.
    const previous = chain.all[chain.all.length - 1];
    if (previous) this.resource.node.addDependency(previous.resource);
    chain.all.push(this);
    this.identityProviderConfigArn = this.resource.attrIdentityProviderConfigArn;
  }
}
