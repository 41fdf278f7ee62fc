import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AuthenticationMode, ClusterLoggingType, IpFamily, SupportType } from '../cluster/cluster-types';
import { Check, Is } from './prop-check';

/*
 * The run-time shape of each construct's props, checked at the construct's boundary for
 * JavaScript callers (see prop-check.ts). Kept apart from the constructs so that their files
 * gain one line each; the checks go by shape, so this file imports no construct.
 *
 * Enums are imported by value only from files that import nothing at run time.
 */

type Spec = { readonly [prop: string]: Check };

const tags = Is.stringMap;

/** KubectlProviderOptions, shared by Cluster and KubectlProvider. */
export const KUBECTL_OPTIONS: Spec = {
  kubectlLayer: Is.layer,
  kubectlVersion: Is.kubernetesVersion,
  kubectlMemory: Is.size,
  kubectlTimeout: Is.duration,
  kubectlSubnets: Is.subnetSelection,
};

export const CLUSTER_PROPS: Spec = {
  version: Is.required(Is.kubernetesVersion),
  clusterName: Is.string,
  vpc: Is.vpc,
  vpcSubnets: Is.subnetSelection,
  endpointAccess: Is.endpointAccess,
  clusterLogging: Is.listOf(Is.enumOf(ClusterLoggingType, 'ClusterLoggingType'), 'ClusterLoggingType values'),
  logRetention: Is.enumOf(logs.RetentionDays, 'logs.RetentionDays'),
  secretsEncryptionKey: Is.key,
  authenticationMode: Is.enumOf(AuthenticationMode, 'AuthenticationMode'),
  bootstrapClusterCreatorAdminPermissions: Is.boolean,
  admins: Is.listOf(Is.principal, 'IAM roles or users'),
  upgradePolicy: Is.enumOf(SupportType, 'SupportType'),
  deletionProtection: Is.boolean,
  ipFamily: Is.enumOf(IpFamily, 'IpFamily'),
  serviceIpv4Cidr: Is.string,
  removalPolicy: Is.enumOf(RemovalPolicy, 'RemovalPolicy'),
  securityGroups: Is.listOf(Is.securityGroup, 'security groups'),
  tags,
  outputConfigCommand: Is.boolean,
  allowEndOfSupportVersion: Is.boolean,
  ...KUBECTL_OPTIONS,
};

export const CLUSTER_ATTRIBUTES: Spec = {
  clusterName: Is.required(Is.string),
  clusterEndpoint: Is.string,
  clusterCertificateAuthorityData: Is.string,
  clusterSecurityGroupId: Is.string,
  vpc: Is.vpc,
  openIdConnectProvider: Is.object,
  clusterOpenIdConnectIssuerUrl: Is.string,
  version: Is.kubernetesVersion,
  endpointAccess: Is.endpointAccess,
  serviceIpv4Cidr: Is.string,
  ipFamily: Is.enumOf(IpFamily, 'IpFamily'),
  authenticationMode: Is.enumOf(AuthenticationMode, 'AuthenticationMode'),
  kubectlProvider: Is.object,
  kubectlLayer: Is.layer,
  kubectlVersion: Is.kubernetesVersion,
  kubectlMemory: Is.size,
  kubectlTimeout: Is.duration,
};

export const ACCESS_ENTRY_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  principalArn: Is.required(Is.string),
  accessPolicies: Is.listOf(Is.accessPolicy, 'AccessPolicy objects'),
  kubernetesGroups: Is.stringList,
  username: Is.string,
};

const NODE_GROUP_COMMON: Spec = {
  cluster: Is.required(Is.cluster),
  instanceTypes: Is.listOf(Is.instanceType, 'instance types'),
  minSize: Is.number,
  desiredSize: Is.number,
  maxSize: Is.number,
  labels: Is.stringMap,
  taints: Is.listOf(Is.taint, 'NodeTaint objects'),
  vpcSubnets: Is.subnetSelection,
  nodeRole: Is.role,
  enableSsm: Is.boolean,
};

export const MANAGED_NODE_GROUP_PROPS: Spec = {
  ...NODE_GROUP_COMMON,
  nodegroupName: Is.string,
  amiType: Is.amiType,
  diskSize: Is.number,
  launchTemplate: Is.launchTemplate,
  remoteAccess: Is.object,
  maxUnavailable: Is.number,
  maxUnavailablePercentage: Is.number,
  enableNodeAutoRepair: Is.boolean,
  releaseVersion: Is.string,
  forceUpdate: Is.boolean,
  tags,
};

export const SELF_MANAGED_NODE_GROUP_PROPS: Spec = {
  ...NODE_GROUP_COMMON,
  amiType: Is.amiType,
  machineImage: Is.machineImage,
  userData: Is.userData,
  spot: Is.object,
  capacityRebalance: Is.boolean,
  maxPods: Is.number,
  kubeletConfig: Is.object,
  updatePolicy: Is.object,
  warmPool: Is.object,
  clusterAutoscalerDiscovery: Is.boolean,
  nodeTerminationHandler: Is.boolean,
};

export const FARGATE_PROFILE_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  selectors: Is.required(Is.listOf(Is.object, 'selectors ({ namespace, labels? })')),
  fargateProfileName: Is.string,
  podExecutionRole: Is.role,
  vpcSubnets: Is.subnetSelection,
  tags,
};

export const MANIFEST_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  manifest: Is.required(Is.listOf(Is.object, 'Kubernetes objects')),
  overwrite: Is.boolean,
  skipValidation: Is.boolean,
  batch: Is.boolean,
};

export const HELM_CHART_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  source: Is.required(Is.helmSource),
  release: Is.string,
  version: Is.string,
  namespace: Is.string,
  createNamespace: Is.boolean,
  values: Is.object,
  wait: Is.boolean,
  timeout: Is.duration,
  atomic: Is.boolean,
};

export const PATCH_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  resourceName: Is.required(Is.string),
  resourceNamespace: Is.string,
  applyPatch: Is.required((v) => (v !== null && typeof v === 'object' ? undefined : 'a patch object (or a list of JSON patch operations)')),
  restorePatch: Is.required((v) => (v !== null && typeof v === 'object' ? undefined : 'a patch object (or a list of JSON patch operations)')),
};

export const OBJECT_VALUE_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  objectType: Is.required(Is.string),
  objectName: Is.required(Is.string),
  objectNamespace: Is.string,
  jsonPath: Is.required(Is.string),
  timeout: Is.duration,
};

export const SERVICE_ACCOUNT_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  name: Is.string,
  namespace: Is.string,
  annotations: Is.stringMap,
  labels: Is.stringMap,
};

export const POD_IDENTITY_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  namespace: Is.required(Is.string),
  serviceAccount: Is.required(Is.string),
  role: Is.role,
};

export const IRSA_TRUST_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  namespace: Is.required(Is.string),
  serviceAccountName: Is.required(Is.string),
};

export const TEAM_NAMESPACE_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  name: Is.required(Is.string),
  labels: Is.stringMap,
  quota: Is.object,
  containerDefaults: Is.object,
  editors: Is.listOf(Is.rbacSubject, 'RbacSubject objects'),
  viewers: Is.listOf(Is.rbacSubject, 'RbacSubject objects'),
};

export const NAMESPACE_QUOTA: Spec = {
  cpuRequests: Is.string, memoryRequests: Is.string, cpuLimits: Is.string, memoryLimits: Is.string,
  pods: Is.number, loadBalancers: Is.number,
};

export const CONTAINER_DEFAULTS: Spec = {
  cpuRequest: Is.string, memoryRequest: Is.string, cpuLimit: Is.string, memoryLimit: Is.string,
};

export const ADDON_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  addon: Is.required(Is.addonType),
  version: Is.string,
  preserveOnDelete: Is.boolean,
  identity: Is.addonIdentity,
  waitForCapacity: Is.boolean,
};

export const LOAD_BALANCER_CONTROLLER_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  version: Is.lbcVersion,
  replicas: Is.number,
  values: Is.object,
};

export const CLUSTER_FILE_SYSTEM_PROPS: Spec = {
  cluster: Is.required(Is.cluster),
  vpcSubnets: Is.subnetSelection,
  encryptionKey: Is.key,
};
