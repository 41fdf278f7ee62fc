import { Annotations, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { ClusterState } from '../cluster/cluster-state';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { autoModeOf } from '../compute/auto-mode/auto-mode-state';
import { defaultCredentials } from '../compute/fargate-cluster-state';
import { KitValidationError } from '../errors';
import { PodIdentityAssociation } from '../identity/pod-identity-association';
import { ServiceAccount } from '../identity/service-account';
import { HelmChart, HelmChartSource } from '../kubectl/helm-chart';
import { KubernetesManifest } from '../kubectl/kubernetes-manifest';
import { AddonIdentityMode } from './addon-identity';
import { deepMerge } from './deep-merge';
import { AwsLoadBalancerControllerVersion } from './alb-controller-version';
import { checkProps, Is } from '../validation/prop-check';
import { LOAD_BALANCER_CONTROLLER_PROPS } from '../validation/prop-specs';
import { ClusterRemoval } from '../cluster/removal';

const SERVICE_ACCOUNT = 'aws-load-balancer-controller';
const NAMESPACE = 'kube-system';

/** Options of an {@link AwsLoadBalancerController}. */
export interface AwsLoadBalancerControllerOptions {
  /**
   * The controller release: chart version and IAM policy as one pair.
   * @default AwsLoadBalancerControllerVersion.V2_13_3
   */
  readonly version?: AwsLoadBalancerControllerVersion;
  /**
   * How the controller gets AWS credentials: `AddonIdentityMode.POD_IDENTITY` (EC2 nodes) or
   * `AddonIdentityMode.IRSA` (also on Fargate).
   * @default AddonIdentityMode.POD_IDENTITY (AddonIdentityMode.IRSA on a FargateCluster)
   */
  readonly credentials?: AddonIdentityMode;
  /**
   * Controller pods (two keep the webhook available during node drains).
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Extra Helm values, merged over the ones this construct sets.
   * @default - none
   */
  readonly values?: { [key: string]: any };
}

/** Properties of an {@link AwsLoadBalancerController}. */
export interface AwsLoadBalancerControllerProps extends AwsLoadBalancerControllerOptions {
  /** The cluster. */
  readonly cluster: ICluster;
}

/**
 * The AWS Load Balancer Controller, installed with its pinned Helm chart and the IAM policy of
 * that exact release. It creates an `alb` IngressClass: an Ingress with
 * `ingressClassName: alb` gets an ALB, a Service of `type: LoadBalancer` an NLB.
 *
 * Teardown: apply Ingresses and LoadBalancer Services with `controller.addManifest(...)` (or
 * register them with `controller.addLoadBalancerUser(...)`). They then depend on the
 * controller, so CloudFormation deletes them — and the kubectl handler waits for their
 * finalizers, i.e. for the controller to delete the load balancers — before the controller
 * goes. The controller itself is deleted before the cluster's registered capacity.
 *
 * The controller registers webhooks for Services, Ingresses and pods cluster-wide; apply
 * other Services after it as well (`addLoadBalancerUser`), so none is created while its
 * webhook has no ready endpoint. With Pod Identity (the default) the controller must run on
 * EC2 nodes; on Fargate use `credentials: AddonIdentityMode.IRSA`.
 *
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/
 */
export class AwsLoadBalancerController extends Construct {
  /** The controller release. */
  public readonly version: AwsLoadBalancerControllerVersion;
  /** The controller's IAM role. */
  public readonly role: iam.IRole;
  /** The Helm release. */
  public readonly chart: HelmChart;

  private readonly cluster: ICluster;

  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster); // lib/cluster/removal.ts
    checkProps(this, props, { ...LOAD_BALANCER_CONTROLLER_PROPS, credentials: Is.enumOf(AddonIdentityMode, 'AddonIdentityMode') });
    this.cluster = props.cluster;
    this.version = props.version ?? AwsLoadBalancerControllerVersion.V2_13_3;
    // One controller per cluster: two would fight over every Ingress and LoadBalancer Service (and share one release name).
    const controllers = ClusterState.shared(props.cluster).slot('aws-load-balancer-controller', () => [] as string[]);
    if (controllers.length > 0) {
      throw new KitValidationError(this, 'LoadBalancerControllerDuplicate',
        `'cluster' already has an AWS Load Balancer Controller (${controllers[0]}); install one per cluster and share it.`);
    }
    const replicas = props.replicas ?? 2;
    if (!Token.isUnresolved(replicas) && (!Number.isInteger(replicas) || replicas < 1)) {
      throw new KitValidationError(this, 'LoadBalancerControllerReplicas', `'replicas' is ${replicas}; use a whole number, 1 or more.`);
    }
    if (autoModeOf(props.cluster)) {
      Annotations.of(this).addWarningV2('cdk-eks-kit:loadBalancerControllerOnAutoMode',
        'EKS Auto Mode already runs a load balancer controller (IngressClass controller eks.amazonaws.com/alb, Service loadBalancerClass '
        + "eks.amazonaws.com/nlb). Installing the AWS Load Balancer Controller as well is for migrations only; use AutoModeObjects.albIngressClass() "
        + "for new Ingresses, and keep the two IngressClass names apart (this one creates 'alb').");
    }
    const credentials = props.credentials ?? defaultCredentials(props.cluster);
    const policy = new iam.Policy(this, 'Policy', { document: this.version.policyDocument(Stack.of(this).partition) });
    const reason = `The IAM policy published with AWS Load Balancer Controller ${this.version.controllerVersion}, unchanged: load balancers, `
      + 'target groups and security groups are created at run time with unknown ARNs; mutations are limited by the elbv2.k8s.aws/cluster tag conditions.';
    Validations.of(policy).acknowledge(...wildcardResources(this.version.policyJson).map((resource) => ({
      id: `AwsSolutions-IAM5[Resource::${resource.replace(/^arn:aws:/, 'arn:<AWS::Partition>:')}]`,
      reason,
    })));

    let serviceAccountDependency: IConstruct;
    let createServiceAccount: boolean;
    if (credentials === AddonIdentityMode.IRSA) {
      const sa = new ServiceAccount(this, 'ServiceAccount', { cluster: props.cluster, name: SERVICE_ACCOUNT, namespace: NAMESPACE });
      this.role = sa.role;
      serviceAccountDependency = sa;
      createServiceAccount = false;
    } else if (credentials === AddonIdentityMode.POD_IDENTITY) {
      const association = new PodIdentityAssociation(this, 'PodIdentity', { cluster: props.cluster, namespace: NAMESPACE, serviceAccount: SERVICE_ACCOUNT });
      this.role = association.role;
      serviceAccountDependency = association;
      createServiceAccount = true;
    } else {
      throw new KitValidationError(this, 'LoadBalancerControllerCredentials', "'credentials' must be AddonIdentityMode.POD_IDENTITY or AddonIdentityMode.IRSA; the controller calls AWS APIs.");
    }
    policy.attachToRole(this.role);

    controllers.push(this.node.path);
    this.chart = new HelmChart(this, 'Chart', {
      cluster: props.cluster,
      source: HelmChartSource.fromRepository('https://aws.github.io/eks-charts', 'aws-load-balancer-controller'),
      version: this.version.chartVersion,
      release: 'aws-load-balancer-controller',
      namespace: NAMESPACE,
      wait: true,
      timeout: Duration.minutes(10),
      values: deepMerge({
        clusterName: props.cluster.clusterName,
        // Given explicitly: the controller cannot read them from instance metadata on Fargate or with IMDS hop limit 1.
        vpcId: props.cluster.vpc.vpcId,
        region: Stack.of(props.cluster).region,
        replicaCount: replicas,
        serviceAccount: { create: createServiceAccount, name: SERVICE_ACCOUNT },
        createIngressClassResource: true,
        ingressClass: 'alb',
      }, props.values ?? {}),
    });
    this.chart.node.addDependency(serviceAccountDependency, policy);
    // The chart waits (wait: true), so it depends on the capacity for kube-system
    // (AddonOrdering.waitForCapacity): it is deleted before the nodes it runs on, and can
    // still remove load balancers then.
  }

  /**
   * Applies Kubernetes objects that create load balancers (Ingress, Service of type
   * LoadBalancer) so that they are created after the controller and deleted before it.
   *
   * @param id construct id of the manifest
   * @param objects the Kubernetes objects
   */
  public addManifest(id: string, ...objects: Array<{ [key: string]: any }>): KubernetesManifest {
    const manifest = new KubernetesManifest(this, id, { cluster: this.cluster, manifest: objects });
    manifest.node.addDependency(this.chart);
    return manifest;
  }

  /** Makes a construct that creates load balancers (e.g. a HelmChart with an Ingress) depend on the controller. */
  public addLoadBalancerUser(construct: IConstruct): void {
    construct.node.addDependency(this.chart);
  }
}


/** The distinct resources with wildcards in a policy document (as cdk-nag names its IAM5 findings). */
function wildcardResources(policy: { [key: string]: any }): string[] {
  const resources = new Set<string>();
  for (const statement of policy.Statement as Array<{ Resource: string | string[] }>) {
    for (const resource of ([] as string[]).concat(statement.Resource)) {
      if (resource.includes('*')) resources.add(resource);
    }
  }
  return [...resources];
}
