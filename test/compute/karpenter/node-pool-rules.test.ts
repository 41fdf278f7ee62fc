import { Duration, Lazy, Size, Token } from 'aws-cdk-lib';
import {
  ConsolidationPolicy, DisruptionReason, InstanceAttribute, NodePoolCapacityType, NodePoolDuration, NodeRequirement, RequirementOperator, TaintEffect,
} from '../../../lib';
import { NodePoolFlavor } from '../../../lib/compute/karpenter/node-pool-flavor';
import { goDuration, renderNodePool, requirementProblems } from '../../../lib/compute/karpenter/node-pool-rules';

const EC2 = { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' };
const AUTO = { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' };
const karpenter = (options: any) => renderNodePool({ name: 'pool', ...options }, NodePoolFlavor.KARPENTER, EC2);
const autoMode = (options: any) => renderNodePool({ name: 'pool', ...options }, NodePoolFlavor.AUTO_MODE, AUTO);
const problems = (r: NodeRequirement, flavor = NodePoolFlavor.KARPENTER) => requirementProblems(r, flavor, "'requirements[0]'");
const tokenString = () => Lazy.string({ produce: () => 'x' });

describe('rendering', () => {
  test('a minimal pool: the node class reference and no requirements', () => {
    expect(karpenter({}).object).toEqual({
      apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'pool' },
      spec: { template: { spec: { nodeClassRef: EC2, requirements: [] } } },
    });
  });

  test('instance attributes take the key of the pool’s kind', () => {
    const req = NodeRequirement.instanceCategories(['c', 'm']);
    expect(karpenter({ requirements: [req] }).object.spec.template.spec.requirements)
      .toEqual([{ key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm'] }]);
    expect(autoMode({ requirements: [req] }).object.spec.template.spec.requirements)
      .toEqual([{ key: 'eks.amazonaws.com/instance-category', operator: 'In', values: ['c', 'm'] }]);
  });

  test('every field: labels, taints in Kubernetes spelling, durations as Go strings, limits, disruption, weight', () => {
    const { object, problems: p } = karpenter({
      requirements: [NodeRequirement.capacityTypes([NodePoolCapacityType.SPOT, NodePoolCapacityType.ON_DEMAND])],
      labels: { team: 'a' }, annotations: { note: 'b' },
      taints: [{ key: 'dedicated', value: 'gpu', effect: TaintEffect.NO_SCHEDULE }],
      startupTaints: [{ key: 'cni-not-ready', effect: TaintEffect.NO_EXECUTE }],
      expireAfter: NodePoolDuration.of(Duration.hours(720)), terminationGracePeriod: Duration.minutes(90),
      limits: { cpu: 100, memory: Size.gibibytes(400), nodes: 20, resources: { 'nvidia.com/gpu': '8' } },
      disruption: {
        consolidationPolicy: ConsolidationPolicy.WHEN_EMPTY, consolidateAfter: NodePoolDuration.of(Duration.seconds(30)),
        budgets: [{ nodes: '10%' }, { nodes: '0', schedule: '@daily', duration: Duration.minutes(90), reasons: [DisruptionReason.UNDERUTILIZED] }],
      },
      weight: 50,
    });
    expect(p).toEqual([]);
    expect(object.spec).toEqual({
      weight: 50,
      limits: { 'cpu': '100', 'memory': '409600Mi', 'nodes': '20', 'nvidia.com/gpu': '8' },
      disruption: {
        consolidateAfter: '30s', consolidationPolicy: 'WhenEmpty',
        budgets: [{ nodes: '10%' }, { nodes: '0', schedule: '@daily', duration: '1h30m', reasons: ['Underutilized'] }],
      },
      template: {
        metadata: { labels: { team: 'a' }, annotations: { note: 'b' } },
        spec: {
          nodeClassRef: EC2,
          requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }],
          taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
          startupTaints: [{ key: 'cni-not-ready', effect: 'NoExecute' }],
          expireAfter: '720h', terminationGracePeriod: '1h30m',
        },
      },
    });
  });

  test('NEVER renders as Never; additionalSpec merges over the rendered spec', () => {
    const { object } = karpenter({ expireAfter: NodePoolDuration.NEVER, additionalSpec: { template: { spec: { extra: 1 } } } });
    expect(object.spec.template.spec).toEqual({ nodeClassRef: EC2, requirements: [], expireAfter: 'Never', extra: 1 });
  });

  test('Go durations', () => {
    expect([0, 45, 60, 3600, 5400, 3661].map((s) => goDuration(Duration.seconds(s)))).toEqual(['0s', '45s', '1m', '1h', '1h30m', '1h1m1s']);
  });
});

describe('requirements (karpenter.sh/v1 NodePool CRD rules)', () => {
  test('In and NotIn need values; Exists and DoesNotExist take none; Gt/Lt/Gte/Lte one non-negative integer', () => {
    expect(problems(NodeRequirement.of('a.b/c', RequirementOperator.IN))).toEqual(["'requirements[0]' (a.b/c In) needs at least one value"]);
    expect(problems(NodeRequirement.of('a.b/c', RequirementOperator.EXISTS, ['x']))).toEqual(["'requirements[0]' (a.b/c Exists) takes no values; remove them"]);
    expect(problems(NodeRequirement.instance(InstanceAttribute.CPU, RequirementOperator.GT, ['4', '8'])))
      .toEqual([expect.stringMatching(/needs exactly one value, a non-negative integer; got \[4, 8\]/)]);
    expect(problems(NodeRequirement.instance(InstanceAttribute.CPU, RequirementOperator.LTE, ['-1']))[0]).toMatch(/non-negative integer/);
    expect(problems(NodeRequirement.instanceGenerationGreaterThan(5))).toEqual([]);
  });

  test('minValues: 1–50 and no more than the values listed', () => {
    expect(problems(NodeRequirement.instance(InstanceAttribute.FAMILY, RequirementOperator.IN, ['m7g', 'c7g'], 3)))
      .toEqual(["'requirements[0]' minValues is 3 but only 2 value(s) are listed; list at least 3"]);
    expect(problems(NodeRequirement.instance(InstanceAttribute.FAMILY, RequirementOperator.IN, ['m7g'], 51))).toEqual([expect.stringMatching(/from 1 to 50/)]);
  });

  test('restricted label keys: karpenter.sh (but capacity-type), kubernetes.io/hostname, unknown karpenter.k8s.aws labels', () => {
    expect(problems(NodeRequirement.of('karpenter.sh/nodepool', RequirementOperator.EXISTS))).toEqual([expect.stringMatching(/set by Karpenter itself/)]);
    expect(problems(NodeRequirement.of('karpenter.sh/other', RequirementOperator.EXISTS))).toEqual([expect.stringMatching(/reserved by Karpenter/)]);
    expect(problems(NodeRequirement.of('kubernetes.io/hostname', RequirementOperator.EXISTS))).toEqual([expect.stringMatching(/restricted/)]);
    expect(problems(NodeRequirement.of('karpenter.k8s.aws/made-up', RequirementOperator.EXISTS))).toEqual([expect.stringMatching(/not a well-known/)]);
    expect(problems(NodeRequirement.of('karpenter.k8s.aws/instance-family', RequirementOperator.EXISTS))).toEqual([]);
  });

  test('EKS Auto Mode: Karpenter’s AWS labels and Windows labels are refused with the fix', () => {
    expect(problems(NodeRequirement.of('karpenter.k8s.aws/instance-family', RequirementOperator.EXISTS), NodePoolFlavor.AUTO_MODE))
      .toEqual([expect.stringMatching(/use eks.amazonaws.com\/instance-family/)]);
    expect(problems(NodeRequirement.of('kubernetes.io/os', RequirementOperator.IN, ['linux']), NodePoolFlavor.AUTO_MODE))
      .toEqual([expect.stringMatching(/does not support the label 'kubernetes.io\/os'/)]);
  });

  test('a Karpenter pool asking for an Auto Mode label warns', () => {
    expect(karpenter({ requirements: [NodeRequirement.of('eks.amazonaws.com/instance-family', RequirementOperator.EXISTS)] }).warnings)
      .toEqual([expect.stringMatching(/uses an EKS Auto Mode label/)]);
  });

  test('tokens are not validated', () => {
    expect(problems(NodeRequirement.of(tokenString(), RequirementOperator.IN, [tokenString()]))).toEqual([]);
    expect(problems(NodeRequirement.of('a.b/c', RequirementOperator.IN, Token.asList(Lazy.list({ produce: () => ['x'] }))))).toEqual([]);
    expect(problems(NodeRequirement.instance(InstanceAttribute.CPU, RequirementOperator.GT, [tokenString()]))).toEqual([]);
  });
});

describe('pool rules', () => {
  test('static pools: no weight, only limits.nodes (at least replicas), consolidation settings warn', () => {
    const r = karpenter({ replicas: 3, weight: 5, limits: { cpu: 4, nodes: 2 }, disruption: { consolidationPolicy: ConsolidationPolicy.WHEN_EMPTY } });
    expect(r.problems).toEqual([
      "'weight' cannot be set on a static pool ('replicas'); remove one of them",
      "'limits.nodes' (2) is below 'replicas' (3); the pool could never reach its size",
      "a static pool ('replicas') accepts only 'limits.nodes'; remove the cpu, memory and other limits",
    ]);
    expect(r.warnings).toEqual([expect.stringMatching(/is not consolidated/)]);
    expect(karpenter({ replicas: 3, limits: { nodes: 4 } }).problems).toEqual([]);
  });

  test('budgets: nodes as a count or percentage, schedule with duration, whole minutes, at most 50', () => {
    const r = karpenter({ disruption: { budgets: [
      { nodes: '110%' }, { nodes: '1', schedule: '@daily' }, { nodes: '1', schedule: 'daily', duration: Duration.seconds(30) },
    ] } });
    expect(r.problems).toEqual([
      "'disruption.budgets[0]'.nodes is '110%'; use a count such as '2' or a percentage from '0%' to '100%'",
      "'disruption.budgets[1]': 'schedule' and 'duration' go together (a budget active for 'duration' after each 'schedule' hit)",
      "'disruption.budgets[2]'.schedule is 'daily'; use a five-field cron expression (UTC) or a macro such as '@daily'",
      "'disruption.budgets[2]'.duration is 30 seconds; budgets take whole minutes or hours",
    ]);
    expect(karpenter({ disruption: { budgets: Array.from({ length: 51 }, () => ({ nodes: '1' })) } }).problems).toEqual([expect.stringMatching(/at most 50/)]);
  });

  test('weight 1–100, replicas ≥ 0, a DNS name, label and taint syntax', () => {
    expect(karpenter({ weight: 0 }).problems).toEqual(["'weight' is 0; use a whole number from 1 to 100"]);
    expect(karpenter({ name: 'Bad_Name' }).problems).toEqual([expect.stringMatching(/'name' is "Bad_Name"/)]);
    expect(karpenter({ labels: { 'karpenter.sh/capacity-type': 'spot', 'kubernetes.io/hostname': 'x' } }).problems)
      .toEqual([expect.stringMatching(/'labels' 'kubernetes.io\/hostname'/)]);
    expect(karpenter({ taints: [{ key: 'bad key', effect: TaintEffect.NO_SCHEDULE }] }).problems).toEqual([expect.stringMatching(/'taints' key 'bad key'/)]);
  });

  test('EKS Auto Mode: nodes live at most 21 days', () => {
    expect(autoMode({ expireAfter: NodePoolDuration.of(Duration.days(22)) }).problems).toEqual([expect.stringMatching(/21-day maximum node lifetime/)]);
    expect(autoMode({ expireAfter: NodePoolDuration.NEVER }).problems).toEqual([expect.stringMatching(/at most 21 days/)]);
    expect(autoMode({ expireAfter: NodePoolDuration.of(Duration.days(21)) }).problems).toEqual([]);
    expect(karpenter({ expireAfter: NodePoolDuration.NEVER }).problems).toEqual([]);
  });

  test('token twins pass', () => {
    const n = Token.asNumber(Lazy.number({ produce: () => 1 }));
    expect(karpenter({ replicas: n, limits: { nodes: n }, disruption: { budgets: [{ nodes: tokenString() }] } }).problems).toEqual([]);
    expect(karpenter({ weight: n, name: tokenString() }).problems).toEqual([]);
  });
});
