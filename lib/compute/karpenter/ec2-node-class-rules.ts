import { SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { objectNameProblem } from '../../identity/kubernetes-names';
import { AmiSelector, Ec2NodeClassAmiFamily, Ec2NodeClassOptions, NodeClassVolume, NodeVolumeType } from './ec2-node-class-options';
import type { NodeClassSelector } from './node-class-selector';
import { mergeObjects, Rendered } from './node-pool-rules';

// Rules from the karpenter.k8s.aws/v1 EC2NodeClass CRD of Karpenter v1.14.1
// (aws/karpenter-provider-aws pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml) and the
// restricted tag patterns of pkg/apis/v1/labels.go.

/** What the construct resolved: the IAM identity and the default placement. */
export interface Ec2NodeClassContext {
  /** The role name, or undefined when an instance profile is used. */
  readonly roleName?: string;
  /** The instance profile name, or undefined when a role is used. */
  readonly instanceProfileName?: string;
  readonly subnets: NodeClassSelector;
  readonly securityGroups: NodeClassSelector;
}

const ALIAS_FAMILY: Record<string, Ec2NodeClassAmiFamily> = {
  al2: Ec2NodeClassAmiFamily.AL2,
  al2023: Ec2NodeClassAmiFamily.AL2023,
  bottlerocket: Ec2NodeClassAmiFamily.BOTTLEROCKET,
  windows2019: Ec2NodeClassAmiFamily.WINDOWS2019,
  windows2022: Ec2NodeClassAmiFamily.WINDOWS2022,
  windows2025: Ec2NodeClassAmiFamily.WINDOWS2025,
};

/** Tags Karpenter sets itself; the CRD rejects them in `tags`. */
export function restrictedTagProblem(key: string, restricted: Array<string | RegExp>): string | undefined {
  if (Token.isUnresolved(key)) return undefined;
  if (key === '') return 'tag keys cannot be empty';
  for (const r of restricted) {
    if (typeof r === 'string' ? key === r : r.test(key)) return `the tag '${key}' is set by the node provisioner itself and cannot be given`;
  }
  return undefined;
}

const KARPENTER_RESTRICTED_TAGS: Array<string | RegExp> = [
  /^kubernetes\.io\/cluster/, 'eks:eks-cluster-name', 'karpenter.sh/nodepool', 'karpenter.sh/nodeclaim', 'karpenter.k8s.aws/ec2nodeclass',
];

function volumeProblems(volumes: NodeClassVolume[]): string[] {
  const problems: string[] = [];
  if (volumes.length > 50) problems.push(`'volumes' has ${volumes.length} entries; at most 50 are allowed`);
  if (volumes.filter((v) => v.rootVolume).length > 1) problems.push("'volumes' marks more than one root volume; mark one");
  for (const v of volumes) {
    const gib = v.size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Token.isUnresolved(gib) && (!Number.isInteger(gib) || gib < 1 || gib > 64 * 1024)) {
      problems.push(`volume '${v.deviceName}' size is ${gib} GiB; use whole GiB from 1 to 65536`);
    }
    if (v.throughput !== undefined && (v.volumeType ?? NodeVolumeType.GP3) !== NodeVolumeType.GP3) {
      problems.push(`volume '${v.deviceName}' sets 'throughput', which only gp3 volumes take`);
    }
  }
  return problems;
}

function renderVolume(v: NodeClassVolume): { [key: string]: any } {
  const ebs: { [key: string]: any } = {
    volumeSize: `${v.size.toGibibytes()}Gi`,
    volumeType: v.volumeType ?? NodeVolumeType.GP3,
    encrypted: true,
    deleteOnTermination: true,
  };
  if (v.iops !== undefined) ebs.iops = v.iops;
  if (v.throughput !== undefined) ebs.throughput = v.throughput;
  if (v.kmsKey) ebs.kmsKeyID = v.kmsKey.keyArn;
  return { deviceName: v.deviceName, ...(v.rootVolume ? { rootVolume: true } : {}), ebs };
}

/** Renders a karpenter.k8s.aws/v1 EC2NodeClass, with what is wrong with it. */
export function renderEc2NodeClass(options: Ec2NodeClassOptions, context: Ec2NodeClassContext): Rendered {
  const problems: string[] = [];
  const warnings: string[] = [];
  const nameProblem = objectNameProblem('name', options.name);
  if (nameProblem) problems.push(nameProblem);

  const ami = options.amiSelector ?? AmiSelector.al2023('latest');
  problems.push(...ami._problems());
  const aliasFamily = ami._aliasFamily;
  if (options.amiFamily === undefined && !ami._hasAlias) {
    problems.push("'amiFamily' is required when 'amiSelector' is not an alias (it decides the user data format); e.g. Ec2NodeClassAmiFamily.AL2023");
  }
  if (options.amiFamily !== undefined && aliasFamily !== undefined && ALIAS_FAMILY[aliasFamily] !== undefined
    && options.amiFamily !== Ec2NodeClassAmiFamily.CUSTOM && options.amiFamily !== ALIAS_FAMILY[aliasFamily]) {
    problems.push(`'amiFamily' is ${options.amiFamily} but the AMI alias is ${aliasFamily}; use ${ALIAS_FAMILY[aliasFamily]} or CUSTOM, or leave it out`);
  }
  if ((context.roleName === undefined) === (context.instanceProfileName === undefined)) {
    problems.push("exactly one of 'role' and 'instanceProfileName' must be given");
  }
  problems.push(...context.subnets._problems('subnetSelector', ['id', 'tags'], 'subnet'));
  problems.push(...context.securityGroups._problems('securityGroupSelector', ['id', 'name', 'tags'], 'sg'));
  const hopLimit = options.httpPutResponseHopLimit;
  if (hopLimit !== undefined && !Token.isUnresolved(hopLimit) && (!Number.isInteger(hopLimit) || hopLimit < 1 || hopLimit > 64)) {
    problems.push(`'httpPutResponseHopLimit' is ${hopLimit}; use a whole number from 1 to 64`);
  }
  if (hopLimit !== undefined && !Token.isUnresolved(hopLimit) && hopLimit > 1) {
    warnings.push(`'httpPutResponseHopLimit' is ${hopLimit}: containers can then reach the node role's credentials through IMDS; `
      + 'prefer Pod Identity or IRSA for pods that need AWS access');
  }
  for (const key of Object.keys(options.tags ?? {})) {
    const p = restrictedTagProblem(key, KARPENTER_RESTRICTED_TAGS);
    if (p) problems.push(`'tags': ${p}`);
  }
  problems.push(...volumeProblems(options.volumes ?? []));

  let spec: { [key: string]: any } = {
    amiSelectorTerms: ami._render(),
    subnetSelectorTerms: context.subnets._render(),
    securityGroupSelectorTerms: context.securityGroups._render(),
    // IMDSv2 only; hop limit 1 keeps pods away from the node role (Karpenter's defaults, stated).
    metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: hopLimit ?? 1, httpTokens: 'required' },
  };
  if (options.amiFamily !== undefined) spec.amiFamily = options.amiFamily;
  if (context.roleName !== undefined) spec.role = context.roleName;
  if (context.instanceProfileName !== undefined) spec.instanceProfile = context.instanceProfileName;
  if (options.volumes?.length) spec.blockDeviceMappings = options.volumes.map(renderVolume);
  if (options.tags && Object.keys(options.tags).length > 0) spec.tags = { ...options.tags };
  if (options.userData !== undefined) spec.userData = options.userData;
  if (options.kubelet !== undefined) spec.kubelet = options.kubelet;
  if (options.detailedMonitoring !== undefined) spec.detailedMonitoring = options.detailedMonitoring;
  if (options.associatePublicIpAddress !== undefined) spec.associatePublicIPAddress = options.associatePublicIpAddress;
  if (options.additionalSpec) spec = mergeObjects(spec, options.additionalSpec);

  return {
    object: { apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass', metadata: { name: options.name }, spec },
    problems,
    warnings,
  };
}
