import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { addCoreAddons, exampleClusterProps } from './example-cluster';
import { AddonType, Cluster, ClusterFileSystem, StorageClasses } from '../lib';

const RESTRICTED_POD = {
  automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
};
const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };

/**
 * Persistent storage: the EBS CSI driver with an encrypted gp3 default StorageClass and a
 * StatefulSet whose pods each get their own volume; the EFS CSI driver with an encrypted file
 * system (mount target per zone, NFS only from the cluster security group) shared by two pods
 * through one ReadWriteMany claim. Both drivers get their roles through Pod Identity.
 */
export class StorageStack extends Stack {
  public readonly cluster: Cluster;
  public readonly fileSystem: ClusterFileSystem;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.cluster = new Cluster(this, 'Cluster', exampleClusterProps(this, { kubectl: true }));
    addCoreAddons(this.cluster);
    const ebs = this.cluster.addAddon('EbsCsiDriver', AddonType.ebsCsiDriver());
    const efs = this.cluster.addAddon('EfsCsiDriver', AddonType.efsCsiDriver());
    this.cluster.addNodeGroup('Nodes', { instanceTypes: [new ec2.InstanceType('m7i.large')], minSize: 2, maxSize: 4 });

    this.fileSystem = new ClusterFileSystem(this, 'SharedFiles', { cluster: this.cluster, removalPolicy: RemovalPolicy.DESTROY });

    const classes = this.cluster.addManifest('StorageClasses', StorageClasses.ebsGp3(), this.fileSystem.storageClass('efs'));
    classes.node.addDependency(ebs, efs);

    const labels = { app: 'db' };
    const workloads = this.cluster.addManifest('Workloads', {
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'storage', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    }, {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'storage' },
      spec: { clusterIP: 'None', selector: labels, ports: [{ port: 5432 }] },
    }, {
      // Each replica gets its own encrypted gp3 volume from the default StorageClass.
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'storage' },
      spec: {
        serviceName: 'db',
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            ...RESTRICTED_POD,
            containers: [{
              name: 'writer',
              image: 'public.ecr.aws/docker/library/busybox:1.37',
              command: ['sh', '-c', 'while true; do date >> /data/log; sleep 30; done'],
              securityContext: RESTRICTED_CONTAINER,
              resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '64Mi' } },
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            }],
          },
        },
        volumeClaimTemplates: [{
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
        }],
      },
    }, {
      // One EFS claim, mounted by both pods of the Deployment below.
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'shared', namespace: 'storage' },
      spec: { accessModes: ['ReadWriteMany'], storageClassName: 'efs', resources: { requests: { storage: '5Gi' } } },
    }, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shared-writers', namespace: 'storage' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'shared-writers' } },
        template: {
          metadata: { labels: { app: 'shared-writers' } },
          spec: {
            ...RESTRICTED_POD,
            containers: [{
              name: 'writer',
              image: 'public.ecr.aws/docker/library/busybox:1.37',
              command: ['sh', '-c', 'while true; do echo "$(hostname) $(date)" >> /shared/log; sleep 30; done'],
              securityContext: RESTRICTED_CONTAINER,
              resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '64Mi' } },
              volumeMounts: [{ name: 'shared', mountPath: '/shared' }],
            }],
            volumes: [{ name: 'shared', persistentVolumeClaim: { claimName: 'shared' } }],
          },
        },
      },
    });
    workloads.node.addDependency(classes);
  }
}
