import { Size, Token } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { NodeClassSelector } from './node-class-selector';

/**
 * The AMI family of an EC2NodeClass (`amiFamily`): it decides the user data format and the
 * default block devices. Optional with an alias AMI selector (inferred from it).
 */
export enum Ec2NodeClassAmiFamily {
  /** Amazon Linux 2023 (nodeadm). */
  AL2023 = 'AL2023',
  /** Bottlerocket (TOML settings). */
  BOTTLEROCKET = 'Bottlerocket',
  /** Amazon Linux 2 (EKS publishes no AL2 AMIs from Kubernetes 1.33 on). */
  AL2 = 'AL2',
  /** Your own AMI and user data; Karpenter adds nothing. */
  CUSTOM = 'Custom',
  /** Windows Server 2019. */
  WINDOWS2019 = 'Windows2019',
  /** Windows Server 2022. */
  WINDOWS2022 = 'Windows2022',
  /** Windows Server 2025. */
  WINDOWS2025 = 'Windows2025',
}

/** Terms of an AMI selector. */
interface AmiTerm {
  readonly alias?: string;
  readonly id?: string;
  readonly name?: string;
  readonly owner?: string;
  readonly ssmParameter?: string;
  readonly tags?: { [key: string]: string };
}

/**
 * Which AMI an EC2NodeClass launches (`amiSelectorTerms`). An alias picks an EKS optimized
 * AMI by family and release: `al2023@latest` follows every release (nodes drift and are
 * replaced when one comes out); pin a release such as `al2023@v20261110` in production.
 *
 * @see https://karpenter.sh/docs/concepts/nodeclasses/#specamiselectorterms
 */
export class AmiSelector {
  /** An EKS optimized AMI by alias, `<family>@<version>`: families al2, al2023, bottlerocket, windows2019, windows2022, windows2025. */
  public static alias(alias: string): AmiSelector {
    return new AmiSelector([{ alias }]);
  }

  /**
   * The EKS optimized Amazon Linux 2023 AMI.
   * @param version `latest` or a release such as `v20261110`
   */
  public static al2023(version: string = 'latest'): AmiSelector {
    return AmiSelector.alias(`al2023@${version}`);
  }

  /**
   * The Bottlerocket AMI for EKS.
   * @param version `latest` or a release such as `v1.52.0`
   */
  public static bottlerocket(version: string = 'latest'): AmiSelector {
    return AmiSelector.alias(`bottlerocket@${version}`);
  }

  /** AMIs by ID (one term each); needs `amiFamily`. */
  public static ids(ids: string[]): AmiSelector {
    return new AmiSelector(ids.map((id) => ({ id })));
  }

  /** The AMI whose ID an SSM parameter holds; needs `amiFamily`. */
  public static ssmParameter(parameterName: string): AmiSelector {
    return new AmiSelector([{ ssmParameter: parameterName }]);
  }

  /**
   * AMIs by name (the AMI's name field), optionally of one owner; needs `amiFamily`.
   * @param name the AMI name (wildcards allowed)
   * @param owner an account ID, `self` or `amazon`
   */
  public static name(name: string, owner?: string): AmiSelector {
    return new AmiSelector([{ name, ...(owner !== undefined ? { owner } : {}) }]);
  }

  /** AMIs carrying all these tags; needs `amiFamily`. */
  public static tags(tags: { [key: string]: string }): AmiSelector {
    return new AmiSelector([{ tags: { ...tags } }]);
  }

  private readonly terms: AmiTerm[];

  private constructor(terms: AmiTerm[]) {
    this.terms = terms;
  }

  /** This selector's terms or those of `other` (not with aliases, which stand alone). */
  public and(other: AmiSelector): AmiSelector {
    return new AmiSelector([...this.terms, ...other.terms]);
  }

  /** The alias family (`al2023`), if the selector is an alias. @internal */
  public get _aliasFamily(): string | undefined {
    const alias = this.terms.find((t) => t.alias !== undefined)?.alias;
    return alias === undefined || Token.isUnresolved(alias) ? undefined : alias.split('@')[0];
  }

  /** Whether any term is an alias. @internal */
  public get _hasAlias(): boolean {
    return this.terms.some((t) => t.alias !== undefined);
  }

  /** @internal */
  public _render(): Array<{ [key: string]: any }> {
    return this.terms.map((t) => ({ ...t }));
  }

  /** Problems of the terms, from the EC2NodeClass CRD's validation rules. @internal */
  public _problems(): string[] {
    const problems: string[] = [];
    if (this.terms.length > 30) problems.push(`'amiSelector' has ${this.terms.length} terms; at most 30 are allowed`);
    if (this._hasAlias && this.terms.length > 1) {
      problems.push("'amiSelector' combines an alias with other terms; an alias must be the only term");
    }
    for (const t of this.terms) {
      if (t.alias !== undefined && !Token.isUnresolved(t.alias)) {
        const m = /^([a-zA-Z0-9]+)@(.+)$/.exec(t.alias);
        if (!m || t.alias.length > 30) {
          problems.push(`AMI alias '${t.alias}' is not of the form family@version (at most 30 characters), e.g. al2023@latest`);
        } else if (!ALIAS_FAMILIES.includes(m[1])) {
          problems.push(`AMI alias family '${m[1]}' is not one of ${ALIAS_FAMILIES.join(', ')}`);
        } else if (m[1].startsWith('windows') && m[2] !== 'latest') {
          problems.push(`AMI alias '${t.alias}': Windows families may only use 'latest'`);
        }
      }
      if (t.id !== undefined && !Token.isUnresolved(t.id) && !/^ami-[0-9a-z]+$/.test(t.id)) problems.push(`AMI id '${t.id}' is not an ami-… ID`);
    }
    return problems;
  }
}

const ALIAS_FAMILIES = ['al2', 'al2023', 'bottlerocket', 'windows2019', 'windows2022', 'windows2025'];

/** The EBS volume type of a block device. */
export enum NodeVolumeType {
  /** General purpose SSD gp3. */
  GP3 = 'gp3',
  /** General purpose SSD gp2. */
  GP2 = 'gp2',
  /** Provisioned IOPS SSD io2. */
  IO2 = 'io2',
  /** Provisioned IOPS SSD io1. */
  IO1 = 'io1',
  /** Throughput optimized HDD. */
  ST1 = 'st1',
  /** Cold HDD. */
  SC1 = 'sc1',
}

/** An EBS volume of the nodes (`blockDeviceMappings`). */
export interface NodeClassVolume {
  /** The device name, e.g. `/dev/xvda` (AL2023 root) or `/dev/xvdb` (Bottlerocket data). */
  readonly deviceName: string;
  /** The volume size (whole GiB; EBS allows 1 GiB to 64 TiB by type). */
  readonly size: Size;
  /**
   * The volume type.
   * @default NodeVolumeType.GP3
   */
  readonly volumeType?: NodeVolumeType;
  /**
   * Provisioned IOPS (gp3, io1, io2).
   * @default - the volume type's baseline
   */
  readonly iops?: number;
  /**
   * Throughput in MiB/s (gp3 only).
   * @default - 125 for gp3
   */
  readonly throughput?: number;
  /**
   * The KMS key that encrypts the volume.
   * @default - the account's default EBS key
   */
  readonly kmsKey?: kms.IKey;
  /**
   * Whether this is the root volume Karpenter uses for ephemeral storage accounting.
   * @default false
   */
  readonly rootVolume?: boolean;
}

/**
 * Settings of a Karpenter `EC2NodeClass` (karpenter.k8s.aws/v1): AMI, IAM identity, subnets
 * and security groups, metadata options, volumes and tags of the instances Karpenter launches.
 *
 * @see https://karpenter.sh/docs/concepts/nodeclasses/
 */
export interface Ec2NodeClassOptions {
  /** The EC2NodeClass's Kubernetes name (a DNS subdomain). */
  readonly name: string;
  /**
   * The AMI.
   * @default AmiSelector.al2023('latest')
   */
  readonly amiSelector?: AmiSelector;
  /**
   * The AMI family; required unless `amiSelector` is an alias (then it must match the alias or be CUSTOM).
   * @default - inferred from the alias
   */
  readonly amiFamily?: Ec2NodeClassAmiFamily;
  /**
   * The node IAM role; Karpenter creates and deletes an instance profile for it. Not with
   * `instanceProfileName`.
   * @default - the Karpenter construct's node role, through its instance profile
   */
  readonly role?: iam.IRole;
  /**
   * An existing instance profile (by name) instead of `role`.
   * @default - the Karpenter construct's instance profile
   */
  readonly instanceProfileName?: string;
  /**
   * Subnets of the nodes.
   * @default - the cluster VPC's private subnets, by ID
   */
  readonly subnetSelector?: NodeClassSelector;
  /**
   * Security groups of the nodes.
   * @default - the cluster security group, by ID
   */
  readonly securityGroupSelector?: NodeClassSelector;
  /**
   * The IMDS hop limit (1–64). IMDSv2 is always required.
   * @default 1 (pods cannot reach the node role's credentials)
   */
  readonly httpPutResponseHopLimit?: number;
  /**
   * EBS volumes of the nodes (at most 50, one root volume).
   * @default - Karpenter's defaults for the AMI family (AL2023: a 20 GiB encrypted gp3 root volume)
   */
  readonly volumes?: NodeClassVolume[];
  /**
   * Tags of the instances, volumes and network interfaces (not `kubernetes.io/cluster/*`,
   * `eks:eks-cluster-name`, `karpenter.sh/nodepool`, `karpenter.sh/nodeclaim` or
   * `karpenter.k8s.aws/ec2nodeclass`, which Karpenter sets).
   * @default - none
   */
  readonly tags?: { [key: string]: string };
  /**
   * User data Karpenter merges with its own (format of the AMI family: MIME multi-part with
   * a nodeadm NodeConfig for AL2023, TOML for Bottlerocket).
   * @default - none
   */
  readonly userData?: string;
  /**
   * Kubelet settings (`spec.kubelet`: maxPods, systemReserved, evictionHard, …).
   * @default - Karpenter's defaults
   */
  readonly kubelet?: { [key: string]: any };
  /**
   * Detailed (1-minute) CloudWatch monitoring of the instances.
   * @default false
   */
  readonly detailedMonitoring?: boolean;
  /**
   * Whether the instances get public IPv4 addresses.
   * @default - the subnet's setting
   */
  readonly associatePublicIpAddress?: boolean;
  /**
   * Raw fields merged over the rendered `spec`, for EC2NodeClass fields the typed options do
   * not cover (e.g. `capacityReservationSelectorTerms`, `instanceStorePolicy`).
   * @default - none
   */
  readonly additionalSpec?: { [key: string]: any };
}
