import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { KubernetesManifest } from '../kubectl/kubernetes-manifest';
import { IrsaTrust } from './irsa-trust';
import { namespaceNameProblem, objectNameProblem } from './kubernetes-names';
import { PodIdentityAssociation } from './pod-identity-association';
import { checkProps, Is } from '../validation/prop-check';
import { SERVICE_ACCOUNT_PROPS } from '../validation/prop-specs';
import { ClusterRemoval } from '../cluster/removal';

/** How the pods of a {@link ServiceAccount} get AWS credentials. */
export enum ServiceAccountCredentials {
  /** IAM roles for service accounts: the ServiceAccount is annotated with the role ARN. */
  IRSA = 'IRSA',
  /** EKS Pod Identity: an association maps the ServiceAccount to the role (EC2 nodes only). */
  POD_IDENTITY = 'POD_IDENTITY',
}

/** Options of a {@link ServiceAccount}, for `cluster.addServiceAccount`. */
export interface ServiceAccountOptions {
  /**
   * Name of the Kubernetes ServiceAccount.
   * @default - a name derived from the construct path (lowercase, at most 63 characters)
   */
  readonly name?: string;
  /**
   * Namespace of the ServiceAccount; it must exist (make the ServiceAccount depend on the
   * manifest that creates it).
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * How the pods get credentials.
   * @default ServiceAccountCredentials.IRSA
   */
  readonly credentials?: ServiceAccountCredentials;
  /**
   * The role the pods get. With Pod Identity it must trust `pods.eks.amazonaws.com`
   * (`sts:AssumeRole`, `sts:TagSession`); with IRSA it must trust the cluster's OIDC provider
   * for exactly this service account (see `IrsaTrust`).
   * @default - a new role with that trust and no permissions
   */
  readonly role?: iam.IRole;
  /**
   * Extra annotations of the ServiceAccount.
   * @default - only the role annotation (IRSA)
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Labels of the ServiceAccount.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** Properties of a {@link ServiceAccount}. */
export interface ServiceAccountProps extends ServiceAccountOptions {
  /** The cluster. */
  readonly cluster: ICluster;
}

/**
 * A Kubernetes ServiceAccount with its own IAM role. With IRSA (the default) the role trusts
 * the cluster's OIDC provider for exactly this service account and audience, and the
 * ServiceAccount carries the `eks.amazonaws.com/role-arn` annotation; with Pod Identity an
 * `AWS::EKS::PodIdentityAssociation` maps it to a role trusted by `pods.eks.amazonaws.com`.
 *
 * The ServiceAccount is an `iam.IGrantable`: `bucket.grantRead(serviceAccount)` works.
 */
export class ServiceAccount extends Construct implements iam.IPrincipal {
  /** The IAM role of the pods. */
  public readonly role: iam.IRole;
  /** The ServiceAccount name. */
  public readonly serviceAccountName: string;
  /** The ServiceAccount namespace. */
  public readonly serviceAccountNamespace: string;
  /** The manifest that applies the ServiceAccount. */
  public readonly manifest: KubernetesManifest;
  public readonly grantPrincipal: iam.IPrincipal;
  public readonly assumeRoleAction: string;
  public readonly policyFragment: iam.PrincipalPolicyFragment;
  public readonly principalAccount?: string;

  constructor(scope: Construct, id: string, props: ServiceAccountProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster); // lib/cluster/removal.ts
    checkProps(this, props, { ...SERVICE_ACCOUNT_PROPS, credentials: Is.enumOf(ServiceAccountCredentials, 'ServiceAccountCredentials') });
    this.serviceAccountName = props.name ?? defaultName(this.node.addr, id);
    this.serviceAccountNamespace = props.namespace ?? 'default';
    const problem = objectNameProblem('name', this.serviceAccountName) ?? namespaceNameProblem('namespace', this.serviceAccountNamespace);
    if (problem) throw new KitValidationError(this, 'ServiceAccountName', problem);

    const credentials = props.credentials ?? ServiceAccountCredentials.IRSA;
    if (credentials === ServiceAccountCredentials.IRSA && props.annotations && 'eks.amazonaws.com/role-arn' in props.annotations) {
      throw new KitValidationError(this, 'ServiceAccountAnnotations',
        "'annotations' sets 'eks.amazonaws.com/role-arn', which this ServiceAccount sets to its own IRSA role; remove it (grant permissions on 'role'), "
        + 'or apply your own ServiceAccount with a manifest.');
    }
    const annotations: { [key: string]: string } = { ...props.annotations };
    if (credentials === ServiceAccountCredentials.IRSA && props.role) {
      this.role = props.role;
      annotations['eks.amazonaws.com/role-arn'] = this.role.roleArn;
    } else if (credentials === ServiceAccountCredentials.IRSA) {
      const trust = new IrsaTrust(this, 'Trust', {
        cluster: props.cluster, namespace: this.serviceAccountNamespace, serviceAccountName: this.serviceAccountName,
      });
      this.role = trust.createRole('Role', {
        description: `IRSA role of ${this.serviceAccountNamespace}/${this.serviceAccountName}`,
      });
      annotations['eks.amazonaws.com/role-arn'] = this.role.roleArn;
    } else {
      this.role = new PodIdentityAssociation(this, 'PodIdentity', {
        cluster: props.cluster, namespace: this.serviceAccountNamespace, serviceAccount: this.serviceAccountName, role: props.role,
      }).role;
    }

    this.manifest = new KubernetesManifest(this, 'Manifest', {
      cluster: props.cluster,
      manifest: [{
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: this.serviceAccountName,
          namespace: this.serviceAccountNamespace,
          ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
          ...(props.labels ? { labels: { ...props.labels } } : {}),
        },
      }],
    });
    // Pods using the account must not start before the role (and its trust) exists.
    this.manifest.node.addDependency(this.role);

    this.grantPrincipal = this.role.grantPrincipal;
    this.assumeRoleAction = this.role.assumeRoleAction;
    this.policyFragment = this.role.policyFragment;
    this.principalAccount = this.role.principalAccount;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    return this.role.addToPrincipalPolicy(statement);
  }
}

function defaultName(addr: string, id: string): string {
  const base = id.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'sa';
  return `${base.slice(0, 54)}-${addr.slice(0, 8)}`;
}
