import { Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import {
  AddonIdentityMode, Cluster, Karpenter, KarpenterVersion, KubernetesVersion, NodePoolCapacityType, NodeRequirement,
} from '../../../lib';
import { KARPENTER_V1_14_1_POLICY } from '../../../lib/compute/karpenter/karpenter-iam-policy';
import { RESOURCE_TYPES } from '../../../lib/kubectl/handler/resource-types';
import { testApp } from '../../validated-synth';

function fixture(version = KubernetesVersion.V1_35, clusterName: string = 'demo') {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version, clusterName, outputConfigCommand: false });
  cluster.addNodeGroup('System', { instanceTypes: [new ec2.InstanceType('m7i.large')], minSize: 2 });
  return { stack, cluster };
}

/** The logical id of the CloudFormation resource of a construct (its default child, recursively). */
function idOf(stack: Stack, c: IConstruct): string {
  let node: IConstruct = c;
  while (node.node.defaultChild) node = node.node.defaultChild;
  return stack.getLogicalId(node as any);
}

function dependsOn(template: Template, id: string): string[] {
  return template.toJSON().Resources[id].DependsOn ?? [];
}

describe('a default Karpenter installation', () => {
  let stack: Stack;
  let cluster: Cluster;
  let karpenter: Karpenter;
  let template: Template;
  let pool: ReturnType<Karpenter['addNodePool']>;
  let nodeClass: ReturnType<Karpenter['addNodeClass']>;
  beforeAll(() => {
    // GIVEN a cluster with a managed node group for the controller
    ({ stack, cluster } = fixture());
    // WHEN
    karpenter = new Karpenter(stack, 'Karpenter', { cluster });
    nodeClass = karpenter.addNodeClass('Default', { name: 'default' });
    pool = karpenter.addNodePool('Spot', nodeClass, { name: 'spot', requirements: [NodeRequirement.capacityTypes([NodePoolCapacityType.SPOT])] });
    template = Template.fromStack(stack);
  });

  test('installs the pinned karpenter-crd and karpenter OCI charts in kube-system', () => {
    const charts = Object.values(template.findResources(RESOURCE_TYPES.helm)).map((r) => r.Properties);
    expect(charts.map((c) => [c.Release, c.Chart, c.Version, c.Namespace, c.Wait])).toEqual(expect.arrayContaining([
      ['karpenter-crd', 'oci://public.ecr.aws/karpenter/karpenter-crd', '1.14.1', 'kube-system', false],
      ['karpenter', 'oci://public.ecr.aws/karpenter/karpenter', '1.14.1', 'kube-system', true],
    ]));
  });

  test('the chart is told the cluster, its endpoint and the interruption queue; the chart creates the service account', () => {
    const chart = template.toJSON().Resources[idOf(stack, karpenter.chart)].Properties;
    const values = JSON.stringify(chart.Values);
    expect(values).toContain('\\"clusterName\\":\\"demo\\"');
    expect(values).toContain('\\"serviceAccount\\":{\\"create\\":true,\\"name\\":\\"karpenter\\"}');
    expect(values).toContain('interruptionQueue');
    expect(values).toContain('\\"staticCapacity\\":false');
    expect(values).toContain(idOf(stack, karpenter.interruptionQueue!.queue)); // Fn::GetAtt QueueName
  });

  test('six controller policies as Karpenter publishes them, attached to the Pod Identity role of kube-system/karpenter', () => {
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 6);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      Namespace: 'kube-system', ServiceAccount: 'karpenter', RoleArn: stack.resolve(karpenter.role.roleArn),
    });
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies.flatMap((p) => p.Properties.PolicyDocument.Statement.map((s: any) => s.Sid)))
      .toEqual(KARPENTER_V1_14_1_POLICY.flatMap((g) => g.statements.map((s) => s.sid)));
    for (const p of policies) expect(p.Properties.Roles).toEqual([stack.resolve(karpenter.role.roleName)]);
  });

  test('conditions carry the literal cluster name in their keys; PassRole is only for the node role', () => {
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.find((s) => s.Sid === 'AllowScopedDeletion')).toEqual(expect.objectContaining({
      Action: ['ec2:DeleteLaunchTemplate', 'ec2:TerminateInstances'],
      Condition: { StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/demo': 'owned' }, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
    }));
    expect(statements.find((s) => s.Sid === 'AllowPassingInstanceRole')).toEqual(expect.objectContaining({
      Action: 'iam:PassRole', Resource: stack.resolve(karpenter.nodeRole.roleArn),
    }));
    expect(statements.find((s) => s.Sid === 'AllowInterruptionQueueActions').Resource).toEqual(stack.resolve(karpenter.interruptionQueue!.queue.queueArn));
  });

  test('the node role: EC2 trust, the join policies, an instance profile and an EC2_LINUX access entry', () => {
    template.hasResourceProperties('AWS::IAM::InstanceProfile', { Roles: [stack.resolve(karpenter.nodeRole.roleName)] });
    template.hasResourceProperties('AWS::EKS::AccessEntry', { PrincipalArn: stack.resolve(karpenter.nodeRole.roleArn), Type: 'EC2_LINUX' });
  });

  test('the interruption queue: SQS-managed encryption, TLS only, 5-minute retention, five EventBridge rules', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 300 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    const patterns = Object.values(template.findResources('AWS::Events::Rule')).map((r) => r.Properties.EventPattern);
    expect(patterns).toEqual([
      { 'source': ['aws.health'], 'detail-type': ['AWS Health Event'] },
      { 'source': ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] },
      { 'source': ['aws.ec2'], 'detail-type': ['EC2 Instance Rebalance Recommendation'] },
      { 'source': ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] },
      { 'source': ['aws.ec2'], 'detail-type': ['EC2 Capacity Reservation Instance Interruption Warning'] },
    ]);
    for (const rule of Object.values(template.findResources('AWS::Events::Rule'))) {
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: stack.resolve(karpenter.interruptionQueue!.queue.queueArn) })]);
    }
  });

  test('private subnets carry the karpenter.sh/discovery tag', () => {
    for (const subnet of cluster.vpc.privateSubnets) {
      const tags = template.toJSON().Resources[idOf(stack, subnet)].Properties.Tags;
      expect(tags).toEqual(expect.arrayContaining([{ Key: 'karpenter.sh/discovery', Value: 'demo' }]));
    }
  });

  test('the EC2NodeClass: AL2023 alias, the instance profile, private subnets and the cluster security group by ID, IMDSv2 hop limit 1', () => {
    expect(nodeClass.object).toEqual(expect.objectContaining({ apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass', metadata: { name: 'default' } }));
    expect(stack.resolve(nodeClass.object.spec)).toEqual({
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      instanceProfile: stack.resolve(karpenter.instanceProfileName),
      subnetSelectorTerms: cluster.vpc.privateSubnets.map((s) => ({ id: stack.resolve(s.subnetId) })),
      securityGroupSelectorTerms: [{ id: stack.resolve(cluster.clusterSecurityGroupId) }],
      metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
    });
  });

  test('order: pool after class after controller; controller after CRDs, identity, policies, queue, access entry and NAT routes', () => {
    const chart = idOf(stack, karpenter.chart);
    expect(dependsOn(template, idOf(stack, pool.manifest))).toContain(idOf(stack, nodeClass.manifest));
    expect(dependsOn(template, idOf(stack, nodeClass.manifest))).toContain(chart);
    const chartDeps = dependsOn(template, chart);
    expect(chartDeps).toEqual(expect.arrayContaining([
      idOf(stack, karpenter.crdChart), idOf(stack, karpenter.accessEntry), idOf(stack, karpenter.instanceProfile),
      idOf(stack, karpenter.interruptionQueue!.queue), ...karpenter.policies.map((p) => idOf(stack, p)),
    ]));
    // the VPC's NAT routes (internetConnectivityEstablished) outlive the controller
    expect(chartDeps.some((d) => /PrivateSubnet\dDefaultRoute/.test(d))).toBe(true);
  });

  test('node pools and node classes are deleted in the foreground, waiting for their NodeClaims', () => {
    for (const m of [pool.manifest, nodeClass.manifest]) {
      expect(template.toJSON().Resources[idOf(stack, m)].Properties.ForegroundDeletion).toBe(true);
    }
  });
});

describe('options', () => {
  test('IRSA: a service account with an IRSA role, the chart does not create one', () => {
    const { stack, cluster } = fixture();
    const karpenter = new Karpenter(stack, 'Karpenter', { cluster, credentials: AddonIdentityMode.IRSA, interruptionHandling: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
    template.resourceCountIs('AWS::SQS::Queue', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 5); // no Interruption policy without a queue
    const values = JSON.stringify(template.toJSON().Resources[idOf(stack, karpenter.chart)].Properties.Values);
    expect(values).toContain('\\"serviceAccount\\":{\\"create\\":false,\\"name\\":\\"karpenter\\"}');
    expect(values).not.toContain('interruptionQueue');
  });

  test('a static pool turns the staticCapacity feature gate on', () => {
    const { stack, cluster } = fixture();
    const karpenter = new Karpenter(stack, 'Karpenter', { cluster });
    karpenter.addNodePool('Static', karpenter.addNodeClass('Default', { name: 'default' }), { name: 'static', replicas: 3, limits: { nodes: 4 } });
    const values = JSON.stringify(Template.fromStack(stack).toJSON().Resources[idOf(stack, karpenter.chart)].Properties.Values);
    expect(values).toContain('\\"staticCapacity\\":true');
  });
});

describe('validation', () => {
  test('a Kubernetes version outside the release is a synth error naming both', () => {
    const { stack, cluster } = fixture(KubernetesVersion.V1_37);
    expect(() => new Karpenter(stack, 'Karpenter', { cluster }))
      .toThrow(/Karpenter 1.14.1 supports Kubernetes 1.26–1.36, but the cluster runs 1.37.*\[KarpenterKubernetesVersion\]/);
  });

  test('a cluster name that is a token is refused (the policy keys conditions on it)', () => {
    const { stack, cluster } = fixture(KubernetesVersion.V1_35, Lazy.string({ produce: () => 'later' }));
    expect(() => new Karpenter(stack, 'Karpenter', { cluster })).toThrow(/\[KarpenterClusterName\]/);
  });

  test('replicas must be a whole number ≥ 1; a token passes', () => {
    const { stack, cluster } = fixture();
    expect(() => new Karpenter(stack, 'K1', { cluster, replicas: 0 })).toThrow(/'replicas' is 0.*\[KarpenterReplicas\]/);
  });
});

test('the fingerprint of the pinned release changes only with its data', () => {
  expect(KarpenterVersion.V1_14_1.fingerprint).toMatchInlineSnapshot(`"[HASH REMOVED]"`);
  expect(KarpenterVersion.V1_14_1.supportsKubernetes('1.36')).toBe(true);
  expect(KarpenterVersion.V1_14_1.supportsKubernetes('1.37')).toBe(false);
});

test('with the default removal policy the interruption queue and its rules are retained with the controller that reads them', () => {
  // GIVEN a cluster with the default removal policy
  const { stack, cluster } = fixture();
  // WHEN
  const karpenter = new Karpenter(stack, 'Karpenter', { cluster });
  // THEN a stack delete leaves the queue and every rule, as it leaves the Karpenter release
  const template = Template.fromStack(stack).toJSON();
  const queue = template.Resources[idOf(stack, karpenter.interruptionQueue!.queue)];
  expect([queue.DeletionPolicy, queue.UpdateReplacePolicy]).toEqual(['RetainExceptOnCreate', 'Delete']);
  const rules = Object.values(karpenter.interruptionQueue!.rules).map((r) => template.Resources[idOf(stack, r)].DeletionPolicy);
  expect(rules).toEqual(Array(5).fill('RetainExceptOnCreate'));
  expect(template.Resources[idOf(stack, karpenter.chart)].DeletionPolicy).toBe('RetainExceptOnCreate');
});
