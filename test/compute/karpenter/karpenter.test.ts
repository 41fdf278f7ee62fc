import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  AddonIdentityMode, Cluster, Karpenter, KarpenterVersion, KubernetesVersion, NodePoolCapacityType, NodeRequirement,
} from '../../../lib';
import { KARPENTER_V1_14_1_POLICY } from '../../../lib/compute/karpenter/karpenter-iam-policy';
import { testApp } from '../../validated-synth';

function fixture(version = KubernetesVersion.V1_35) {
  const stack = new Stack(testApp(), 'Stack');
  const cluster = new Cluster(stack, 'Cluster', { version, clusterName: 'demo', outputConfigCommand: false });
  cluster.addNodeGroup('System', { instanceTypes: [new ec2.InstanceType('m7i.large')], minSize: 2 });
  return { stack, cluster };
}

const logicalId = (stack: Stack, c: { node: any }) => stack.getLogicalId(c.node.defaultChild ?? c.node.findChild('Resource'));

describe('a default Karpenter installation', () => {
  let stack: Stack;
  let karpenter: Karpenter;
  let template: Template;
  beforeAll(() => {
    // GIVEN a cluster with a managed node group for the controller
    const f = fixture();
    stack = f.stack;
    // WHEN
    karpenter = new Karpenter(stack, 'Karpenter', { cluster: f.cluster });
    const nodeClass = karpenter.addNodeClass('Default', { name: 'default' });
    karpenter.addNodePool('Spot', nodeClass, { name: 'spot', requirements: [NodeRequirement.capacityTypes([NodePoolCapacityType.SPOT])] });
    template = Template.fromStack(stack);
  });

  test('installs the pinned karpenter-crd and karpenter OCI charts in kube-system', () => {
    const charts = Object.values(template.findResources('Custom::CdkEksKitHelmChart')).map((r) => r.Properties);
    expect(charts.map((c) => [c.Release, c.Chart, c.Version, c.Namespace])).toEqual(expect.arrayContaining([
      ['karpenter-crd', 'oci://public.ecr.aws/karpenter/karpenter-crd', '1.14.1', 'kube-system'],
      ['karpenter', 'oci://public.ecr.aws/karpenter/karpenter', '1.14.1', 'kube-system'],
    ]));
  });

  test('six controller policies, attached to the Pod Identity role of kube-system/karpenter', () => {
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 6);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'kube-system', ServiceAccount: 'karpenter' });
    const sids = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement.map((s: any) => s.Sid));
    expect(sids).toEqual(KARPENTER_V1_14_1_POLICY.flatMap((g) => g.statements.map((s) => s.sid)));
  });

  test('conditions carry the literal cluster name in their keys', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'AllowScopedDeletion',
        Condition: { StringEquals: { 'aws:ResourceTag/kubernetes.io/cluster/demo': 'owned' }, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
      })]) },
    });
  });
});

test('the fingerprint of the pinned release changes only with the data', () => {
  expect(KarpenterVersion.V1_14_1.fingerprint).toMatchInlineSnapshot(`"[HASH REMOVED]"`);
});
