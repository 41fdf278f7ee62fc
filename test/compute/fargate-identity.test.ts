import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AddonIdentity, AddonType, AwsLoadBalancerController, Cluster, FargateCluster, KubernetesVersion } from '../../lib';
import { testApp } from '../validated-synth';

function fargateCluster() {
  const stack = new Stack(testApp(), 'Stack');
  const fargate = new FargateCluster(stack, 'Fargate', { version: KubernetesVersion.V1_35, outputConfigCommand: false });
  return { stack, fargate, cluster: fargate.cluster };
}

describe('Pod Identity on a cluster whose only capacity is Fargate (item 12)', () => {
  test('an association is refused at synth: the agent is a DaemonSet and Fargate pods cannot use it', () => {
    const { stack, cluster } = fargateCluster();
    cluster.addPodIdentityAssociation('App', { namespace: 'default', serviceAccount: 'app' });
    expect(() => Template.fromStack(stack)).toThrow(/the association for default\/app uses EKS Pod Identity, but the cluster's only capacity is Fargate.*\[PodIdentityOnFargate\]/);
  });

  test('an add-on with an explicit Pod Identity identity is refused too', () => {
    const { stack, cluster } = fargateCluster();
    cluster.addAddon('Efs', AddonType.efsCsiDriver(), { identity: AddonIdentity.podIdentity() });
    expect(() => Template.fromStack(stack)).toThrow(/the 'aws-efs-csi-driver' add-on uses EKS Pod Identity.*\[PodIdentityOnFargate\]/);
  });

  test('twins: with a node group next to the profiles, or on a cluster without capacity, Pod Identity passes', () => {
    const { stack, cluster } = fargateCluster();
    cluster.addNodeGroup('Nodes');
    cluster.addPodIdentityAssociation('App', { namespace: 'default', serviceAccount: 'app' });
    expect(() => Template.fromStack(stack)).not.toThrow();

    const stack2 = new Stack(testApp(), 'Stack');
    new Cluster(stack2, 'Cluster', { version: KubernetesVersion.V1_35, outputConfigCommand: false })
      .addPodIdentityAssociation('App', { namespace: 'default', serviceAccount: 'app' });
    expect(() => Template.fromStack(stack2)).not.toThrow();
  });
});

describe('FargateCluster defaults to IRSA for add-on identities and the Load Balancer Controller (item 12)', () => {
  test('the EFS CSI add-on gets an IRSA role (ServiceAccountRoleArn), no Pod Identity association', () => {
    const { stack, cluster } = fargateCluster();
    cluster.addAddon('Efs', AddonType.efsCsiDriver());
    const template = Template.fromStack(stack);
    const efs = Object.values(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'aws-efs-csi-driver' } }))[0] as any;
    expect(efs.Properties.ServiceAccountRoleArn).toBeDefined();
    expect(efs.Properties.PodIdentityAssociations).toBeUndefined();
    // The role is trusted by the cluster's OIDC provider, for the driver's controller service account only.
    const [roleId, attr] = efs.Properties.ServiceAccountRoleArn['Fn::GetAtt'];
    expect(attr).toBe('Arn');
    const trust = JSON.stringify(template.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument);
    expect(trust).toContain('sts:AssumeRoleWithWebIdentity');
    expect(trust).toContain('system:serviceaccount:kube-system:efs-csi-controller-sa');
  });

  test('the Load Balancer Controller gets a ServiceAccount with an IRSA role; on a plain Cluster it keeps Pod Identity', () => {
    const { stack, cluster } = fargateCluster();
    cluster.addFargateProfile('System', { selectors: [{ namespace: 'kube-system' }] });
    new AwsLoadBalancerController(stack, 'Lbc', { cluster });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);

    const stack2 = new Stack(testApp(), 'Stack');
    const plain = new Cluster(stack2, 'Cluster', { version: KubernetesVersion.V1_35, outputConfigCommand: false });
    plain.addNodeGroup('Nodes');
    new AwsLoadBalancerController(stack2, 'Lbc', { cluster: plain });
    Template.fromStack(stack2).resourceCountIs('AWS::EKS::PodIdentityAssociation', 1);
  });
});
