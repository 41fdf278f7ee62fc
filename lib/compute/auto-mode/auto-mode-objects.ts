/** Whether an ALB is reachable from the internet (`IngressClassParams.spec.scheme`). */
export enum AlbScheme {
  /** Internet-facing, in the public subnets (tagged `kubernetes.io/role/elb`). */
  INTERNET_FACING = 'internet-facing',
  /** Internal, in the private subnets (tagged `kubernetes.io/role/internal-elb`). */
  INTERNAL = 'internal',
}

/** Properties of the Auto Mode EBS StorageClass. */
export interface AutoModeStorageClassProps {
  /**
   * StorageClass name.
   * @default 'auto-ebs-sc'
   */
  readonly name?: string;
  /**
   * Whether PVCs without a `storageClassName` use it.
   * @default true
   */
  readonly isDefault?: boolean;
  /**
   * EBS volume type (`gp3`, `gp2`, `io1`, `io2`, `st1`, `sc1`).
   * @default 'gp3'
   */
  readonly volumeType?: string;
  /**
   * ARN of a customer managed KMS key for the volumes (its key policy must let the cluster
   * role use it).
   * @default - the account's default EBS key; volumes are encrypted either way
   */
  readonly kmsKeyArn?: string;
  /**
   * Whether PVCs may grow.
   * @default true
   */
  readonly allowVolumeExpansion?: boolean;
}

/** Properties of an Auto Mode ALB IngressClass and its IngressClassParams. */
export interface AutoModeIngressClassProps {
  /**
   * Name of the IngressClass and of its IngressClassParams (`ingressClassName` of Ingresses).
   * @default 'alb'
   */
  readonly name?: string;
  /**
   * Internet-facing or internal ALBs.
   * @default AlbScheme.INTERNET_FACING
   */
  readonly scheme?: AlbScheme;
  /**
   * Whether Ingresses without an `ingressClassName` use it.
   * @default false
   */
  readonly isDefault?: boolean;
  /**
   * Share one ALB among the Ingresses of this class (`group.name`).
   * @default - one ALB per Ingress
   */
  readonly groupName?: string;
  /**
   * ACM certificate ARNs for HTTPS listeners.
   * @default - none
   */
  readonly certificateArns?: string[];
  /**
   * Subnet IDs of the ALBs.
   * @default - discovered by the `kubernetes.io/role/elb` / `internal-elb` subnet tags
   */
  readonly subnetIds?: string[];
  /**
   * `ipv4` or `dualstack`.
   * @default - ipv4
   */
  readonly ipAddressType?: string;
  /**
   * Raw fields merged into the IngressClassParams `spec` (e.g. `loadBalancerAttributes`,
   * `namespaceSelector`).
   * @default - none
   */
  readonly additionalSpec?: { [key: string]: any };
}

/**
 * The Kubernetes objects that turn on EKS Auto Mode's storage and load balancing for
 * workloads (plain objects, ready for `cluster.addManifest`): a StorageClass of the Auto Mode
 * EBS provisioner and an ALB IngressClass with its IngressClassParams. EKS Auto Mode creates
 * neither itself.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-storage-class.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/auto-configure-alb.html
 */
export class AutoModeObjects {
  /** The provisioner of EKS Auto Mode block storage (not the EBS CSI add-on's `ebs.csi.aws.com`). */
  public static readonly STORAGE_PROVISIONER = 'ebs.csi.eks.amazonaws.com';
  /** The IngressClass controller of EKS Auto Mode ALBs (not the AWS Load Balancer Controller's `ingress.k8s.aws/alb`). */
  public static readonly ALB_CONTROLLER = 'eks.amazonaws.com/alb';

  /**
   * An encrypted EBS StorageClass for Auto Mode, bound when the first pod is scheduled (the
   * volume is created in the pod's zone).
   */
  public static storageClass(props: AutoModeStorageClassProps = {}): { [key: string]: any } {
    const name = props.name ?? 'auto-ebs-sc';
    const parameters: { [key: string]: string } = { type: props.volumeType ?? 'gp3', encrypted: 'true' };
    if (props.kmsKeyArn !== undefined) parameters.kmsKeyId = props.kmsKeyArn;
    return {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name, annotations: { 'storageclass.kubernetes.io/is-default-class': String(props.isDefault ?? true) } },
      provisioner: AutoModeObjects.STORAGE_PROVISIONER,
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: props.allowVolumeExpansion ?? true,
      parameters,
    };
  }

  /** The IngressClassParams (eks.amazonaws.com/v1) and IngressClass of Auto Mode ALBs, in apply order. */
  public static albIngressClass(props: AutoModeIngressClassProps = {}): Array<{ [key: string]: any }> {
    const name = props.name ?? 'alb';
    const spec: { [key: string]: any } = { scheme: props.scheme ?? AlbScheme.INTERNET_FACING };
    if (props.groupName !== undefined) spec.group = { name: props.groupName };
    if (props.certificateArns !== undefined) spec.certificateARNs = [...props.certificateArns];
    if (props.subnetIds !== undefined) spec.subnets = { ids: [...props.subnetIds] };
    if (props.ipAddressType !== undefined) spec.ipAddressType = props.ipAddressType;
    Object.assign(spec, props.additionalSpec ?? {});
    return [
      { apiVersion: 'eks.amazonaws.com/v1', kind: 'IngressClassParams', metadata: { name }, spec },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name, annotations: { 'ingressclass.kubernetes.io/is-default-class': String(props.isDefault ?? false) } },
        spec: { controller: AutoModeObjects.ALB_CONTROLLER, parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name } },
      },
    ];
  }

  private constructor() {}
}
