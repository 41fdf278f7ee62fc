import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { exampleClusterProps } from './example-cluster';
import { webDeployment } from './web-deployment';
import { AddonType, Cluster, RbacSubject, TeamNamespace } from '../lib';

/**
 * Kubernetes NetworkPolicy enforced by the Amazon VPC CNI (`enableNetworkPolicy`): a team
 * namespace whose pods accept no traffic by default, except the `api` pods, which accept
 * traffic on port 8080 only from pods labelled `role: frontend` in the same namespace. All
 * pods may still resolve DNS through CoreDNS in kube-system.
 */
export class NetworkPolicyStack extends Stack {
  public readonly cluster: Cluster;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.cluster = new Cluster(this, 'Cluster', exampleClusterProps(this, { kubectl: true }));
    // Network policy enforcement is part of the VPC CNI add-on: its node agent enforces policies with eBPF.
    const cni = this.cluster.addAddon('VpcCni', AddonType.vpcCni({ enableNetworkPolicy: true }));
    this.cluster.addAddon('KubeProxy', AddonType.kubeProxy());
    this.cluster.addAddon('CoreDns', AddonType.coreDns());
    this.cluster.addNodeGroup('Nodes', { instanceTypes: [new ec2.InstanceType('m7i.large')], minSize: 2, maxSize: 4 });

    const team = new TeamNamespace(this, 'Shop', {
      cluster: this.cluster,
      name: 'shop',
      quota: { cpuRequests: '4', memoryRequests: '8Gi', pods: 40, loadBalancers: 0 },
      containerDefaults: { cpuRequest: '100m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
      viewers: [RbacSubject.group('shop-viewers')],
    });

    const policies = this.cluster.addManifest('Policies', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-ingress', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    }, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'api-from-frontend', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { role: 'api' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { role: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
      },
    }, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'dns-egress', namespace: 'shop' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
          },
          { to: [{ podSelector: {} }] },
        ],
      },
    });
    policies.node.addDependency(team, cni);

    const apps = this.cluster.addManifest('Apps', workload('api', 'api'), workload('frontend', 'frontend'), {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'shop' },
      spec: { selector: { role: 'api' }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    // Pods start only once the policies that restrict them exist.
    apps.node.addDependency(policies);
  }
}

function workload(name: string, role: string): Record<string, any> {
  return webDeployment({ name, namespace: 'shop', labels: { role }, replicas: 1 });
}
