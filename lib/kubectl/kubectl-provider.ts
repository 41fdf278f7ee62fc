import { existsSync } from 'fs';
import { join } from 'path';
import { Annotations, Aws, CfnResource, Duration, RemovalPolicy, Size, SizeRoundingBehavior, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { AccessEntry } from '../cluster/access-entry';
import { AccessPolicy } from '../cluster/access-policy';
import type { ICluster } from '../cluster/cluster-types';
import type { KubernetesVersion } from '../cluster/kubernetes-version';
import { internetRoutesOf } from '../compute/node-subnets';
import { KitValidationError } from '../errors';
import { acknowledgeRequiredManagedPolicies } from '../nag/acknowledge';
import { chooseKubectlLayer, createShippedLayer, ShippedKubectlLayer } from './kubectl-layer';
import { findVpcEndpointServices } from './vpc-endpoints';
import { checkProps, Is } from '../validation/prop-check';
import { KUBECTL_OPTIONS } from '../validation/prop-specs';
import { ClusterRemoval } from '../cluster/removal';

/** The deploy-time applier of a cluster: what Kubernetes resources need from it. */
export interface IKubectlProvider extends IConstruct {
  /** The service token (the provider framework's function ARN) custom resources use. */
  readonly serviceToken: string;
  /**
   * The handler's IAM role, granted read access to manifest and chart assets.
   * Undefined for an imported provider whose role was not given.
   */
  readonly handlerRole?: iam.IRole;
  /** The longest a single Helm operation or value read may wait. */
  readonly maxOperationTimeout: Duration;
}

/** Attributes of an existing kubectl provider, e.g. one created in another stack. */
export interface KubectlProviderAttributes {
  /** Its service token (`provider.serviceToken`). */
  readonly serviceToken: string;
  /**
   * Its handler's role, to grant access to manifest and chart assets.
   * @default - large manifests and local charts cannot be used with this provider
   */
  readonly handlerRole?: iam.IRole;
  /**
   * The longest a single Helm operation may wait with this provider.
   * @default Duration.minutes(12)
   */
  readonly maxOperationTimeout?: Duration;
}

/** Settings of the applier, given on the cluster (`kubectl*` props) or to the provider. */
export interface KubectlProviderOptions {
  /**
   * A Lambda layer with `/opt/kubectl/kubectl` and `/opt/helm/helm` (x86_64), e.g. for a
   * day-0 Kubernetes version this library does not ship a layer for yet. Requires
   * `kubectlVersion`.
   * @default - chosen by the cluster's version from the layers this library depends on:
   * `@aws-cdk/lambda-layer-kubectl-v29` for 1.28–1.30, `-v33` for 1.32–1.34, `-v36` for 1.35–1.37
   */
  readonly kubectlLayer?: lambda.ILayerVersion;
  /**
   * The kubectl version of `kubectlLayer` (required with it), checked against the cluster's
   * version (kubectl serves API servers one minor version apart). Without `kubectlLayer`, it
   * picks one of the shipped layers (1.29, 1.33 or 1.36) instead of the one chosen by version.
   * @default - the shipped layer closest to the cluster's version
   */
  readonly kubectlVersion?: KubernetesVersion;
  /**
   * Memory of the handler function. Helm needs about 1 GiB for larger charts.
   * @default Size.gibibytes(1)
   */
  readonly kubectlMemory?: Size;
  /**
   * Timeout of the handler function, 3–14 minutes (the provider framework function that
   * calls it has 15). The handler answers CloudFormation 20 seconds before it.
   * @default Duration.minutes(14)
   */
  readonly kubectlTimeout?: Duration;
  /**
   * Subnets of the handler when it runs in the VPC (private endpoint, or a public endpoint
   * restricted by CIDR).
   * @default - the VPC's private subnets with egress, else its isolated subnets
   */
  readonly kubectlSubnets?: ec2.SubnetSelection;
  /**
   * Security groups of the handler when it runs in the VPC. They must be allowed to reach the
   * cluster security group on TCP 443 (this library adds no rule for them).
   * @default - a security group of its own (all outbound traffic allowed, nothing inbound),
   * allowed into the cluster security group on TCP 443; never the EKS-owned cluster security
   * group itself, whose deletion CloudFormation cannot order after the handler's network interfaces
   */
  readonly kubectlSecurityGroups?: ec2.ISecurityGroup[];
}

/** Properties of a {@link KubectlProvider}. */
export interface KubectlProviderProps extends KubectlProviderOptions {
  /** The cluster the provider applies to. */
  readonly cluster: ICluster;
}

const MAX_TIMEOUT = Duration.minutes(14);
/** Time the handler keeps back from its timeout to answer (mirrors the handler's SAFETY_MS). */
const ANSWER_MARGIN_SECONDS = 20;
/** Time for Helm's own status checks and recovery around the main operation. */
const OPERATION_OVERHEAD_SECONDS = 100;

/**
 * The applier of one cluster: a Node.js Lambda function with kubectl and Helm from a
 * kubectl layer, behind a `custom_resources.Provider` so that a crashed or timed-out
 * handler still yields a FAILED answer. It has its own IAM role (only
 * `eks:DescribeCluster` on this cluster, plus read access to its manifest assets) and
 * its own access entry with cluster-admin.
 *
 * Placement: outside the VPC when the endpoint is public to all; in the VPC otherwise.
 * Usually created through `cluster.kubectlProvider`.
 */
export class KubectlProvider extends Construct implements IKubectlProvider {
  /** Uses an existing provider (e.g. one in another stack). */
  public static fromKubectlProviderAttributes(scope: Construct, id: string, attrs: KubectlProviderAttributes): IKubectlProvider {
    class Import extends Construct implements IKubectlProvider {
      public readonly serviceToken = attrs.serviceToken;
      public readonly handlerRole = attrs.handlerRole;
      public readonly maxOperationTimeout = attrs.maxOperationTimeout ?? Duration.minutes(12);
    }
    return new Import(scope, id);
  }

  public readonly serviceToken: string;
  public readonly handlerRole?: iam.IRole;
  public readonly maxOperationTimeout: Duration;
  /** The handler function (kubectl and helm in its layer). */
  public readonly handler: lambda.Function;
  /** The handler's access entry on the cluster. */
  public readonly accessEntry: AccessEntry;
  /** Whether the handler runs in the cluster's VPC. */
  public readonly inVpc: boolean;
  /** The handler's own security group (in the VPC, unless `kubectlSecurityGroups` were given). */
  public readonly securityGroup?: ec2.SecurityGroup;
  /**
   * The npm package of the kubectl layer this library chose for the cluster's version
   * (e.g. `@aws-cdk/lambda-layer-kubectl-v36`), or undefined when `kubectlLayer` was given.
   */
  public readonly kubectlLayerPackage?: string;

  constructor(scope: Construct, id: string, props: KubectlProviderProps) {
    super(scope, id);
    // The applier is deleted with its stack whatever the cluster's removal policy (lib/cluster/removal.ts).
    ClusterRemoval.exempt(this);
    checkProps(this, props, { cluster: Is.required(Is.cluster), ...KUBECTL_OPTIONS });
    const cluster = props.cluster;
    const timeout = props.kubectlTimeout ?? MAX_TIMEOUT;
    const layerChoice = this.validate(props, timeout);
    // With a token timeout the limit is unknown: allow what the longest timeout would.
    const knownTimeout = Token.isUnresolved(timeout.toSeconds()) ? MAX_TIMEOUT : timeout;
    this.maxOperationTimeout = Duration.seconds(knownTimeout.toSeconds() - ANSWER_MARGIN_SECONDS - OPERATION_OVERHEAD_SECONDS);

    const handlerDir = join(__dirname, 'handler-js');
    if (!existsSync(join(handlerDir, 'index.js'))) {
      throw new KitValidationError(this, 'KubectlHandlerNotBuilt',
        `the kubectl handler has not been compiled (${handlerDir}/index.js is missing); run 'npm run build:handler' (npm ci runs it).`);
    }

    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `kubectl applier of EKS cluster ${cluster.node.path}`,
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['eks:DescribeCluster'], resources: [cluster.clusterArn] }));
    this.handlerRole = role;

    const logGroup = new logs.LogGroup(this, 'HandlerLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(role);

    const placement = this.placement(props);
    this.inVpc = placement !== undefined;
    // For every endpoint setting: the applier, and so every manifest and chart, is created after and
    // deleted before the VPC's internet routes, so that deletes (load balancers, finalizers) keep egress.
    const vpc = optionalVpc(cluster);
    if (vpc) this.node.addDependency(internetRoutesOf(vpc));
    if (placement) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        resources: ['*'],
      }));
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'A Lambda function in a VPC manages its network interfaces with EC2 actions that do not support resource-level permissions.',
      });
    }

    const securityGroups = placement ? this.securityGroups(props) : undefined;
    this.securityGroup = securityGroups?.own;

    const layer = props.kubectlLayer ?? createShippedLayer(this, 'KubectlLayer', layerChoice.shipped!);
    this.kubectlLayerPackage = layerChoice.shipped?.packageName;
    const endpoint = optionalAttribute(() => cluster.clusterEndpoint);
    const caData = optionalAttribute(() => cluster.clusterCertificateAuthorityData);
    this.handler = new lambda.Function(this, 'Handler', {
      description: `kubectl applier of EKS cluster ${cluster.node.path}`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.X86_64,
      code: lambda.Code.fromAsset(handlerDir),
      handler: 'index.handler',
      layers: [layer],
      memorySize: (props.kubectlMemory ?? Size.gibibytes(1)).toMebibytes(),
      timeout,
      role,
      logGroup,
      environment: {
        CLUSTER_NAME: cluster.clusterName,
        ...(endpoint && caData ? { CLUSTER_ENDPOINT: endpoint, CLUSTER_CA_DATA: caData } : {}),
        URL_SUFFIX: Aws.URL_SUFFIX,
        // Its own access entry's age decides whether a 401/403 may still be propagation.
        HANDLER_ROLE_ARN: role.roleArn,
      },
      vpc: placement ? cluster.vpc : undefined,
      vpcSubnets: placement,
      securityGroups: securityGroups?.all,
    });
    this.handler.node.addDependency(role);

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.handler,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: logs.RetentionDays.THREE_MONTHS,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    this.serviceToken = provider.serviceToken;
    this.acknowledgeFrameworkFindings(provider);

    this.accessEntry = new AccessEntry(this, 'AccessEntry', {
      cluster,
      principalArn: role.roleArn,
      accessPolicies: [AccessPolicy.clusterAdmin()],
    });
    // The cluster name is a literal, so nothing orders the entry after the cluster otherwise.
    const cfnCluster = cluster.node.defaultChild;
    if (cfnCluster instanceof CfnResource) this.accessEntry.node.addDependency(cfnCluster);
    // Read-only, on its own entry: how long ago the entry (or its policy) changed tells
    // propagation (401/403 retried) from a real access problem (failed at once).
    // @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['eks:DescribeAccessEntry', 'eks:ListAssociatedAccessPolicies'],
      resources: [this.accessEntry.accessEntryArn],
    }));
  }

  /**
   * The handler's security groups: the user's, or one of its own that the cluster security
   * group admits on 443. Its network interfaces then never hold the EKS-owned cluster security
   * group, and the rule is removed only after every Kubernetes resource (they depend on this
   * provider) has been deleted.
   */
  private securityGroups(props: KubectlProviderProps): { all: ec2.ISecurityGroup[]; own?: ec2.SecurityGroup } {
    if (props.kubectlSecurityGroups) {
      if (!Token.isUnresolved(props.kubectlSecurityGroups) && props.kubectlSecurityGroups.length === 0) {
        throw new KitValidationError(this, 'KubectlSecurityGroupsEmpty',
          "'kubectlSecurityGroups' is an empty list; pass at least one security group that may reach the cluster security group on TCP 443, or leave it out to get one.");
      }
      return { all: props.kubectlSecurityGroups };
    }
    const cluster = props.cluster;
    const own = new ec2.SecurityGroup(this, 'HandlerSecurityGroup', {
      vpc: cluster.vpc,
      description: `kubectl applier of EKS cluster ${cluster.node.path}`,
      // The API endpoint, S3 (assets), EKS, and Helm chart repositories and OCI registries.
      allowAllOutbound: true,
    });
    let clusterSecurityGroupId: string;
    try {
      clusterSecurityGroupId = cluster.clusterSecurityGroupId;
    } catch (e) {
      if (!(e instanceof KitValidationError)) throw e;
      throw new KitValidationError(this, 'KubectlClusterSecurityGroupUnknown',
        "the kubectl applier runs in the VPC and must be let into the cluster security group on TCP 443, but the imported cluster has no 'clusterSecurityGroupId'; pass it, or pass 'kubectlSecurityGroups' that may already reach the endpoint.");
    }
    new ec2.CfnSecurityGroupIngress(this, 'ClusterIngressFromHandler', {
      groupId: clusterSecurityGroupId,
      sourceSecurityGroupId: own.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'kubectl applier to the Kubernetes API',
    });
    return { all: [own], own };
  }

  private validate(props: KubectlProviderProps, timeout: Duration): { shipped?: ShippedKubectlLayer } {
    // At least 3 minutes: the handler keeps 20 s to answer and 100 s for Helm's own checks, which leaves a minute for the operation.
    if (!Token.isUnresolved(timeout.toSeconds()) && (timeout.toSeconds() < 180 || timeout.toSeconds() > MAX_TIMEOUT.toSeconds())) {
      throw new KitValidationError(this, 'KubectlTimeout',
        `'kubectlTimeout' is ${timeout.toSeconds()} seconds; use 3–14 minutes (the handler keeps 2 minutes for answering and Helm's checks; `
        + 'the provider framework function that waits for it has 15).');
    }
    // Lambda memory: 128–10240 MB (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
    const memory = props.kubectlMemory;
    if (memory !== undefined && !Token.isUnresolved(memory.toMebibytes({ rounding: SizeRoundingBehavior.NONE })) && (memory.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) < 128 || memory.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) > 10240)) {
      throw new KitValidationError(this, 'KubectlMemory',
        `'kubectlMemory' is ${memory.toMebibytes({ rounding: SizeRoundingBehavior.NONE })} MiB; Lambda functions take 128–10240 MiB (Helm needs about 1 GiB for larger charts).`);
    }
    const choice = chooseKubectlLayer(props.cluster.version, props.kubectlLayer !== undefined, props.kubectlVersion);
    if (choice.problem) throw new KitValidationError(this, choice.code!, choice.problem);
    if (!props.cluster.version) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:kubectlVersionUnchecked',
        "The cluster's Kubernetes version is unknown, so the kubectl layer's version could not be checked; pass 'version' to Cluster.fromClusterAttributes().");
    }
    return choice;
  }

  /** The handler's subnets, or undefined to run outside the VPC. */
  private placement(props: KubectlProviderProps): ec2.SubnetSelection | undefined {
    const cluster = props.cluster;
    const access = cluster.endpointAccess;
    if (!access) {
      throw new KitValidationError(this, 'KubectlEndpointAccessUnknown',
        "the cluster's 'endpointAccess' is unknown, so the kubectl applier cannot be placed; pass 'endpointAccess' to Cluster.fromClusterAttributes().");
    }
    if (access.publicAccess && access.publicCidrs.length === 0) return undefined;
    if (!access.privateAccess) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:kubectlPublicCidrs',
        "The public endpoint is restricted by CIDR and has no private access: the kubectl applier runs in the VPC and reaches the endpoint through NAT; include the NAT gateways' addresses in 'onlyFrom'.");
    }
    const vpc = cluster.vpc;
    const selection = props.kubectlSubnets
      ?? (vpc.privateSubnets.length > 0 ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : { subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
    const subnets = vpc.selectSubnets(selection).subnets;
    const isolatedIds = new Set(vpc.isolatedSubnets.map((s) => s.node.path));
    const allIsolated = subnets.length > 0 && subnets.every((s) => isolatedIds.has(s.node.path));
    if (allIsolated) {
      const needsEks = !optionalAttribute(() => cluster.clusterEndpoint);
      this.node.addValidation({ validate: () => this.endpointProblems(vpc, needsEks) });
    }
    return selection;
  }

  private endpointProblems(vpc: ec2.IVpc, needsEks: boolean): string[] {
    const services = findVpcEndpointServices(vpc);
    const missing = [...(needsEks ? ['eks'] : []), 's3'].filter((s) => !services.has(s));
    if (missing.length === 0) return [];
    return [new KitValidationError(this, 'KubectlNoRouteOut',
      `the kubectl applier runs in isolated subnets (no NAT) of the VPC and the VPC has no ${missing.join(' and ')} VPC endpoint(s); `
      + `it could not ${missing.includes('eks') ? 'describe the cluster or ' : ''}download manifest and chart assets. `
      + "Add them (vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 })"
      + (needsEks ? ", vpc.addInterfaceEndpoint('Eks', { service: ec2.InterfaceVpcEndpointAwsService.EKS })" : '')
      + "), or choose subnets with a route out in 'kubectlSubnets'. (No STS endpoint is needed: the handler signs its EKS token locally.)").message];
  }

  private acknowledgeFrameworkFindings(provider: cr.Provider): void {
    const framework = provider.node.findChild('framework-onEvent');
    acknowledgeRequiredManagedPolicies(framework, ['service-role/AWSLambdaBasicExecutionRole'],
      'The custom-resource provider framework function of aws-cdk-lib creates its own role with the basic execution policy (CloudWatch Logs only).');
    Validations.of(framework).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::<' + Stack.of(this).getLogicalId(this.handler.node.defaultChild as lambda.CfnFunction) + '.Arn>:*]',
      reason: 'The provider framework may invoke any version of the kubectl handler function (aws-cdk-lib grants the function ARN and its versions).',
    });
  }
}

/** The cluster's VPC, unless an imported cluster was not given one. */
function optionalVpc(cluster: ICluster): ec2.IVpc | undefined {
  try {
    return cluster.vpc;
  } catch (e) {
    if (e instanceof KitValidationError) return undefined;
    throw e;
  }
}

/** An attribute of an imported cluster that may not have been given. */
function optionalAttribute(get: () => string): string | undefined {
  try {
    return get();
  } catch (e) {
    if (e instanceof KitValidationError) return undefined;
    throw e;
  }
}
