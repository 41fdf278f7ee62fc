import { Resource, Stack } from 'aws-cdk-lib';
import { CfnPodIdentityAssociation } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { podIdentityAgentDependency } from '../compute/auto-mode/pod-identity-agent';
import { podIdentityAssociationsOf } from '../addons/addon';
import { podIdentityOnFargateProblems } from '../compute/fargate-cluster-state';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { namespaceNameProblem, objectNameProblem } from './kubernetes-names';
import { checkProps } from '../validation/prop-check';
import { POD_IDENTITY_PROPS } from '../validation/prop-specs';
import { ClusterRemoval } from '../cluster/removal';

/** Options of a {@link PodIdentityAssociation}. */
export interface PodIdentityAssociationOptions {
  /** Namespace of the Kubernetes service account. */
  readonly namespace: string;
  /** Name of the Kubernetes service account. */
  readonly serviceAccount: string;
  /**
   * The role the pods get. It must trust `pods.eks.amazonaws.com` for `sts:AssumeRole` and
   * `sts:TagSession`.
   * @default - a new role with that trust and no permissions; grant them on `role`
   */
  readonly role?: iam.IRole;
  /**
   * A role (usually in another account) that EKS assumes with `role` and whose credentials
   * the pods get (role chaining, `TargetRoleArn`). `role` is granted `sts:AssumeRole` and
   * `sts:TagSession` on it; the target role's trust policy must allow `role`, and should require
   * `sts:ExternalId` = this association's `externalId` so that only this association can use it.
   * @default - the pods get `role`'s credentials
   * @see https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html
   */
  readonly targetRole?: iam.IRole;
  /**
   * Leave out the six session tags EKS Pod Identity adds (cluster, namespace, service account …),
   * e.g. when a role chain would exceed the packed-size limit of STS. EKS requires it with a
   * `sessionPolicy`.
   * @default - true with a `sessionPolicy`, else false
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
   */
  readonly disableSessionTags?: boolean;
  /**
   * A session policy that further limits what the pods may do with the role's credentials
   * (`Policy`); the effective permissions are the intersection. With a `targetRole` it limits
   * the target role's session. EKS requires `disableSessionTags` with it (set for you).
   * @default - none
   */
  readonly sessionPolicy?: iam.PolicyDocument;
}

/** Properties of a {@link PodIdentityAssociation}. */
export interface PodIdentityAssociationProps extends PodIdentityAssociationOptions {
  /** The cluster. */
  readonly cluster: ICluster;
}

/**
 * EKS Pod Identity for one service account (native `AWS::EKS::PodIdentityAssociation`):
 * pods using the service account get credentials of `role`. Adds the
 * `eks-pod-identity-agent` add-on to the cluster if it does not have one yet (not on an EKS Auto
 * Mode cluster, whose nodes run the agent themselves).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
export class PodIdentityAssociation extends Resource {
  /** The role the pods get; grant permissions on it. */
  public readonly role: iam.IRole;
  /** The association ARN. */
  public readonly associationArn: string;
  /** The association ID. */
  public readonly associationId: string;
  /**
   * The association's external ID, for the `sts:ExternalId` condition in a target role's
   * trust policy.
   */
  public readonly externalId: string;
  /** The underlying CloudFormation resource. */
  public readonly resource: CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: PodIdentityAssociationProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster); // lib/cluster/removal.ts
    checkProps(this, props, POD_IDENTITY_PROPS);
    const problem = namespaceNameProblem('namespace', props.namespace)
      ?? objectNameProblem('serviceAccount', props.serviceAccount);
    if (problem) throw new KitValidationError(this, 'PodIdentityServiceAccount', problem);
    // EKS allows one association per service account (CreatePodIdentityAssociation: ResourceInUseException).
    const associations = podIdentityAssociationsOf(props.cluster);
    const key = `${props.namespace}/${props.serviceAccount}`;
    const existing = associations.get(key);
    if (existing) {
      throw new KitValidationError(this, 'PodIdentityDuplicate', `'serviceAccount' ${key} already has a Pod Identity association on this cluster (${existing}); `
        + 'EKS allows one per service account. Grant the permissions to that role, or use another service account.');
    }
    associations.set(key, this.node.path);

    this.role = props.role ?? new iam.Role(this, 'Role', {
      // withSessionTags() adds sts:TagSession next to sts:AssumeRole, as Pod Identity requires.
      assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags(),
      description: `Pod Identity role of ${props.namespace}/${props.serviceAccount}`,
    });
    if (props.sessionPolicy && props.sessionPolicy.isEmpty) {
      throw new KitValidationError(this, 'PodIdentitySessionPolicy', "'sessionPolicy' has no statements; omit it or add the statements that limit the session.");
    }
    // EKS API CreatePodIdentityAssociation, `policy`: "When using this policy, disableSessionTags must be set to true."
    if (props.sessionPolicy && props.disableSessionTags === false) {
      throw new KitValidationError(this, 'PodIdentitySessionPolicy',
        "'sessionPolicy' is set and 'disableSessionTags' is false; EKS accepts a session policy only with session tags disabled. Remove 'disableSessionTags: false'.");
    }
    const disableSessionTags = props.disableSessionTags ?? (props.sessionPolicy ? true : undefined);
    if (props.targetRole) {
      // The association role assumes the target role on the pods' behalf (pod-id-assign-target-role).
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [props.targetRole.roleArn],
      }));
    }
    this.resource = new CfnPodIdentityAssociation(this, 'Resource', {
      clusterName: props.cluster.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.roleArn,
      targetRoleArn: props.targetRole?.roleArn,
      disableSessionTags,
      policy: props.sessionPolicy ? Stack.of(this).toJsonString(props.sessionPolicy) : undefined,
    });
    const cfnCluster = props.cluster.node.defaultChild;
    if (cfnCluster) this.resource.node.addDependency(cfnCluster);
    // Without the agent on the nodes the association exists but pods get no credentials
    // (EKS Auto Mode nodes run it themselves).
    this.node.addDependency(podIdentityAgentDependency(props.cluster));
    this.node.addValidation({
      validate: () => podIdentityOnFargateProblems(this, props.cluster, `the association for ${props.namespace}/${props.serviceAccount}`),
    });
    this.associationArn = this.resource.attrAssociationArn;
    this.associationId = this.resource.attrAssociationId;
    this.externalId = this.resource.attrExternalId;
  }
}
