import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { INSTANCE_LABEL_PREFIX, NodePoolFlavor } from './node-pool-flavor';

/**
 * How a node pool requirement matches a node label (karpenter.sh/v1 `requirements[].operator`).
 *
 * @see https://karpenter.sh/docs/concepts/nodepools/#spectemplatespecrequirements
 */
export enum RequirementOperator {
  /** The label has one of `values`. */
  IN = 'In',
  /** The label has none of `values` (or is absent). */
  NOT_IN = 'NotIn',
  /** The label exists (no values). */
  EXISTS = 'Exists',
  /** The label does not exist (no values). */
  DOES_NOT_EXIST = 'DoesNotExist',
  /** The label is an integer greater than the single value. */
  GT = 'Gt',
  /** The label is an integer less than the single value. */
  LT = 'Lt',
  /** The label is an integer greater than or equal to the single value (Karpenter 1.14 CRDs). */
  GTE = 'Gte',
  /** The label is an integer less than or equal to the single value (Karpenter 1.14 CRDs). */
  LTE = 'Lte',
}

/** How nodes of a pool are bought (`karpenter.sh/capacity-type`). */
export enum NodePoolCapacityType {
  /** On-Demand instances (Karpenter's and Auto Mode's default). */
  ON_DEMAND = 'on-demand',
  /** Spot instances; Karpenter and Auto Mode handle interruption warnings. */
  SPOT = 'spot',
  /** On-Demand Capacity Reservations selected by the node class. */
  RESERVED = 'reserved',
}

/** The CPU architecture of nodes (`kubernetes.io/arch`). */
export enum NodeArchitecture {
  /** x86_64. */
  AMD64 = 'amd64',
  /** arm64 (AWS Graviton). */
  ARM64 = 'arm64',
}

/**
 * An instance attribute that Karpenter and EKS Auto Mode both label nodes with, under their
 * own prefix: `karpenter.k8s.aws/instance-category` for Karpenter,
 * `eks.amazonaws.com/instance-category` for Auto Mode. A requirement on it renders the key of
 * the node pool's kind.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html#auto-supported-labels
 * @see https://karpenter.sh/docs/reference/instance-types/
 */
export class InstanceAttribute {
  /** Instance category, e.g. `c`, `m`, `r`, `g`. */
  public static readonly CATEGORY = new InstanceAttribute('instance-category');
  /** Instance family, e.g. `m7g`. */
  public static readonly FAMILY = new InstanceAttribute('instance-family');
  /** Generation within a category, e.g. `7`. */
  public static readonly GENERATION = new InstanceAttribute('instance-generation');
  /** Size, e.g. `xlarge`. */
  public static readonly SIZE = new InstanceAttribute('instance-size');
  /** Number of vCPUs. */
  public static readonly CPU = new InstanceAttribute('instance-cpu');
  /** CPU manufacturer: `aws`, `intel`, `amd`. */
  public static readonly CPU_MANUFACTURER = new InstanceAttribute('instance-cpu-manufacturer');
  /** Memory in MiB. */
  public static readonly MEMORY = new InstanceAttribute('instance-memory');
  /** Hypervisor, e.g. `nitro`. */
  public static readonly HYPERVISOR = new InstanceAttribute('instance-hypervisor');
  /** Whether the instance type supports encryption in transit (`true`/`false`). */
  public static readonly ENCRYPTION_IN_TRANSIT_SUPPORTED = new InstanceAttribute('instance-encryption-in-transit-supported');
  /** GPU name, e.g. `t4`. */
  public static readonly GPU_NAME = new InstanceAttribute('instance-gpu-name');
  /** GPU manufacturer, e.g. `nvidia`. */
  public static readonly GPU_MANUFACTURER = new InstanceAttribute('instance-gpu-manufacturer');
  /** Number of GPUs. */
  public static readonly GPU_COUNT = new InstanceAttribute('instance-gpu-count');
  /** GPU memory in MiB. */
  public static readonly GPU_MEMORY = new InstanceAttribute('instance-gpu-memory');
  /** Local NVMe storage in GiB. */
  public static readonly LOCAL_NVME = new InstanceAttribute('instance-local-nvme');
  /** Maximum EBS bandwidth in Mbit/s. */
  public static readonly EBS_BANDWIDTH = new InstanceAttribute('instance-ebs-bandwidth');
  /** Baseline network bandwidth in Mbit/s. */
  public static readonly NETWORK_BANDWIDTH = new InstanceAttribute('instance-network-bandwidth');

  /** The label name after the prefix, e.g. `instance-category`. */
  public readonly labelName: string;

  private constructor(labelName: string) {
    this.labelName = labelName;
  }
}

/**
 * A scheduling requirement of a node pool: which instances it may launch. Requirements are
 * ANDed. Use the factories for well-known labels; `instance(...)` renders the key of the pool's
 * kind (Karpenter or Auto Mode); `of(...)` takes any key.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html
 */
export class NodeRequirement {
  /** `karpenter.sh/capacity-type In [...]`. */
  public static capacityTypes(types: NodePoolCapacityType[]): NodeRequirement {
    return new NodeRequirement('karpenter.sh/capacity-type', undefined, RequirementOperator.IN, types.map(String));
  }

  /** `kubernetes.io/arch In [...]`. */
  public static architectures(architectures: NodeArchitecture[]): NodeRequirement {
    return new NodeRequirement('kubernetes.io/arch', undefined, RequirementOperator.IN, architectures.map(String));
  }

  /** `topology.kubernetes.io/zone In [...]`. */
  public static zones(zones: string[]): NodeRequirement {
    return new NodeRequirement('topology.kubernetes.io/zone', undefined, RequirementOperator.IN, zones);
  }

  /** `node.kubernetes.io/instance-type In [...]`. */
  public static instanceTypes(instanceTypes: ec2.InstanceType[]): NodeRequirement {
    return new NodeRequirement('node.kubernetes.io/instance-type', undefined, RequirementOperator.IN, instanceTypes.map((t) => t.toString()));
  }

  /** Instance categories, e.g. `['c', 'm', 'r']`. */
  public static instanceCategories(categories: string[]): NodeRequirement {
    return NodeRequirement.instance(InstanceAttribute.CATEGORY, RequirementOperator.IN, categories);
  }

  /** Instance families, e.g. `['m7g', 'c7g']`. */
  public static instanceFamilies(families: string[]): NodeRequirement {
    return NodeRequirement.instance(InstanceAttribute.FAMILY, RequirementOperator.IN, families);
  }

  /** Instance generations newer than `generation` (e.g. 4 → 5th generation and later). */
  public static instanceGenerationGreaterThan(generation: number): NodeRequirement {
    return NodeRequirement.instance(InstanceAttribute.GENERATION, RequirementOperator.GT, [String(generation)]);
  }

  /**
   * A requirement on an instance attribute, keyed as the pool's kind expects
   * (`karpenter.k8s.aws/…` for Karpenter, `eks.amazonaws.com/…` for Auto Mode).
   *
   * @param attribute the attribute
   * @param operator how it matches
   * @param values the values (none for EXISTS and DOES_NOT_EXIST; one integer for GT, LT, GTE, LTE)
   * @param minValues with IN: the least number of distinct values Karpenter must keep available (1–50)
   */
  public static instance(attribute: InstanceAttribute, operator: RequirementOperator, values?: string[], minValues?: number): NodeRequirement {
    return new NodeRequirement(undefined, attribute, operator, values ?? [], minValues);
  }

  /**
   * A requirement on any node label.
   *
   * @param key the label key, e.g. `example.com/team`
   * @param operator how it matches
   * @param values the values (none for EXISTS and DOES_NOT_EXIST; one integer for GT, LT, GTE, LTE)
   * @param minValues with IN: the least number of distinct values Karpenter must keep available (1–50)
   */
  public static of(key: string, operator: RequirementOperator, values?: string[], minValues?: number): NodeRequirement {
    return new NodeRequirement(key, undefined, operator, values ?? [], minValues);
  }

  /** The operator. */
  public readonly operator: RequirementOperator;
  /** The values (a copy). */
  public readonly values: string[];
  /** The minimum number of distinct values, if set. */
  public readonly minValues?: number;
  private readonly key?: string;
  private readonly attribute?: InstanceAttribute;

  private constructor(key: string | undefined, attribute: InstanceAttribute | undefined, operator: RequirementOperator, values: string[], minValues?: number) {
    this.key = key;
    this.attribute = attribute;
    this.operator = operator;
    this.values = [...values];
    this.minValues = minValues;
  }

  /** The label key for a pool of `flavor`. @internal */
  public _key(flavor: NodePoolFlavor): string {
    return this.attribute ? `${INSTANCE_LABEL_PREFIX[flavor]}${this.attribute.labelName}` : this.key!;
  }

  /** The rendered requirement for a pool of `flavor`. @internal */
  public _render(flavor: NodePoolFlavor): { [key: string]: any } {
    const out: { [key: string]: any } = { key: this._key(flavor), operator: this.operator };
    if (this.values.length > 0 || this.operator === RequirementOperator.IN || this.operator === RequirementOperator.NOT_IN) out.values = [...this.values];
    if (this.minValues !== undefined) out.minValues = this.minValues;
    return out;
  }
}
