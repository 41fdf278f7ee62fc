import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kit from '../../../lib';
import { Case, Kit } from '../harness';

type Build = (t: Kit) => void;
const mng = (t: Kit, props: Partial<kit.NodeGroupOptions> = {}, id = 'Ng') =>
  new kit.ManagedNodeGroup(t.stack, id, { cluster: t.imported(), ...props });
const smng = (t: Kit, props: Partial<kit.SelfManagedNodeGroupOptions> = {}) =>
  new kit.SelfManagedNodeGroup(t.stack, 'Smng', { cluster: t.imported(), ...props });
const fargate = (t: Kit, props: Partial<kit.FargateProfileOptions> = {}, id = 'Fp') =>
  new kit.FargateProfile(t.stack, id, { cluster: t.imported(), selectors: [{ namespace: 'apps' }], ...props });
const bad = (construct: string, prop: string, name: string, build: Build, extra: Partial<Case> = {}): Case =>
  ({ construct, prop, expect: 'error', name: `${construct}.${prop}: ${name}`, build, ...extra });
const good = (construct: string, prop: string, name: string, build: Build, extra: Partial<Case> = {}): Case =>
  ({ construct, prop, expect: 'ok', name: `${construct}.${prop}: ${name}`, build, ...extra });
const M = 'ManagedNodeGroup';
const S = 'SelfManagedNodeGroup';
const F = 'FargateProfile';

export const computeCases: Case[] = [
  // ---- ManagedNodeGroup sizes ----
  bad(M, 'minSize', 'negative', (t) => mng(t, { minSize: -1 }), { code: 'NodeGroupSize' }),
  bad(M, 'minSize', 'fraction', (t) => mng(t, { minSize: 1.5, maxSize: 3 }), { code: 'NodeGroupSize' }),
  bad(M, 'minSize', "string '2' (JS)", (t) => mng(t, { minSize: t.js('2') }), { tags: ['js'] }),
  bad(M, 'maxSize', '0', (t) => mng(t, { minSize: 0, desiredSize: 0, maxSize: 0 }), { code: 'NodeGroupSize' }),
  bad(M, 'desiredSize', 'above maxSize', (t) => mng(t, { desiredSize: 5, maxSize: 3 }), { code: 'NodeGroupSize' }),
  bad(M, 'minSize', 'above maxSize', (t) => mng(t, { minSize: 4, maxSize: 3 }), { code: 'NodeGroupSize' }),
  good(M, 'minSize', '0 (scale to zero)', (t) => mng(t, { minSize: 0, desiredSize: 0, maxSize: 1 }), { tags: ['edge'] }),
  good(M, 'desiredSize', 'CfnParameter number', (t) => mng(t, { desiredSize: t.paramNumber(), maxSize: 10 }), { tags: ['token'] }),
  good(M, 'maxSize', 'Lazy number', (t) => mng(t, { maxSize: t.lazyNumber(10) }), { tags: ['token'] }),
  bad(M, 'diskSize', '0', (t) => mng(t, { diskSize: 0 }), { code: 'NodeGroupDiskSize' }),
  bad(M, 'diskSize', "string '50' (JS)", (t) => mng(t, { diskSize: t.js('50') }), { tags: ['js'] }),
  bad(M, 'maxUnavailable', '0', (t) => mng(t, { maxUnavailable: 0 }), { code: 'NodeGroupUpdateConfig' }),
  bad(M, 'maxUnavailablePercentage', '101', (t) => mng(t, { maxUnavailablePercentage: 101 }), { code: 'NodeGroupUpdateConfig' }),
  bad(M, 'maxUnavailable', 'with maxUnavailablePercentage', (t) => mng(t, { maxUnavailable: 1, maxUnavailablePercentage: 10 }), { code: 'NodeGroupUpdateConfig' }),

  // ---- ManagedNodeGroup names, types, enums ----
  bad(M, 'nodegroupName', 'space', (t) => mng(t, { nodegroupName: 'my nodes' }), { code: 'NodeGroupName' }),
  bad(M, 'nodegroupName', '64 characters', (t) => mng(t, { nodegroupName: 'n'.repeat(64) }), { code: 'NodeGroupName' }),
  good(M, 'nodegroupName', 'starts with a digit (EKS: a letter or digit first)', (t) => mng(t, { nodegroupName: '1nodes' }), { tags: ['edge'] }),
  good(M, 'nodegroupName', '63 characters, underscore', (t) => mng(t, { nodegroupName: `n_${'x'.repeat(61)}` }), { tags: ['edge'] }),
  good(M, 'nodegroupName', 'CfnParameter', (t) => mng(t, { nodegroupName: t.paramString() }), { tags: ['token'] }),
  bad(M, 'nodegroupName', 'two groups with one name on a cluster', (t) => { mng(t, { nodegroupName: 'workers' }, 'A'); mng(t, { nodegroupName: 'workers' }, 'B'); }, { tags: ['dup'] }),
  good(M, 'nodegroupName', 'one name on two clusters', (t) => {
    new kit.ManagedNodeGroup(t.stack, 'A', { cluster: t.imported(), nodegroupName: 'workers' });
    new kit.ManagedNodeGroup(t.stack, 'B', { cluster: t.imported({ clusterName: 'other' }, 'Other'), nodegroupName: 'workers' });
  }, { tags: ['dup'] }),
  bad(M, 'instanceTypes', 'x86 and Graviton mixed', (t) => mng(t, { instanceTypes: [new ec2.InstanceType('m7i.large'), new ec2.InstanceType('m7g.large')] }), { code: 'NodeGroupAmiType' }),
  bad(M, 'instanceTypes', 'a single InstanceType, not a list (JS)', (t) => mng(t, { instanceTypes: t.js(new ec2.InstanceType('m7i.large')) }), { tags: ['js'] }),
  good(M, 'instanceTypes', "plain strings ['m7i.large'] work (JS)", (t) => mng(t, { instanceTypes: t.js(['m7i.large']) }), { tags: ['js'] }),
  bad(M, 'amiType', 'ARM AMI on x86 instances', (t) => mng(t, { amiType: kit.NodeGroupAmiType.AL2023_ARM_64_STANDARD, instanceTypes: [new ec2.InstanceType('m7i.large')] }), { code: 'NodeGroupAmiType' }),
  bad(M, 'amiType', "string 'AL2023_x86_64_STANDARD' (JS)", (t) => mng(t, { amiType: t.js('AL2023_x86_64_STANDARD') }), { tags: ['js'] }),
  bad(M, 'amiType', 'CUSTOM without a launch template', (t) => mng(t, { amiType: kit.NodeGroupAmiType.CUSTOM }), { code: 'NodeGroupAmiType' }),
  bad(M, 'capacityType', "'spot' lowercase (JS)", (t) => mng(t, { capacityType: t.js('spot') }), { tags: ['js'] }),
  good(M, 'capacityType', "'SPOT' string equals the enum (JS)", (t) => mng(t, { capacityType: t.js('SPOT') }), { tags: ['js'] }),
  bad(M, 'launchTemplate', 'with diskSize', (t) => mng(t, { diskSize: 50, launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(t.stack, 'Lt', { launchTemplateId: 'lt-1' }) }), { code: 'NodeGroupLaunchTemplate' }),
  bad(M, 'remoteAccess', 'with launchTemplate', (t) => mng(t, { remoteAccess: { sshKeyName: 'k' }, launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(t.stack, 'Lt', { launchTemplateId: 'lt-1' }) }), { code: 'NodeGroupLaunchTemplate' }),
  bad(M, 'enableSsm', 'with nodeRole', (t) => mng(t, { enableSsm: true, nodeRole: t.roleArn() }), { code: 'NodeGroupSsm' }),
  bad(M, 'nodeRole', 'a role ARN string (JS)', (t) => mng(t, { nodeRole: t.js('arn:aws:iam::123456789012:role/node') }), { tags: ['js'] }),

  // ---- labels and taints ----
  bad(M, 'labels', 'key with a space', (t) => mng(t, { labels: { 'my key': 'v' } }), { code: 'NodeGroupLabels' }),
  bad(M, 'labels', 'uppercase prefix', (t) => mng(t, { labels: { 'Example.com/team': 'a' } }), { code: 'NodeGroupLabels' }),
  bad(M, 'labels', '64-character value', (t) => mng(t, { labels: { team: 'v'.repeat(64) } }), { code: 'NodeGroupLabels' }),
  bad(M, 'labels', "string 'team=a' (JS)", (t) => mng(t, { labels: t.js('team=a') }), { tags: ['js'] }),
  bad(M, 'labels', 'number value (JS)', (t) => mng(t, { labels: t.js({ tier: 1 }) }), { tags: ['js'] }),
  good(M, 'labels', 'prefixed key', (t) => mng(t, { labels: { 'example.com/k': 'x' } }), { tags: ['edge'] }),
  good(S, 'labels', 'empty value, 253-char prefix', (t) => smng(t, { labels: { [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}/k`]: '' } }), { tags: ['edge'] }),
  good(M, 'labels', 'token value', (t) => mng(t, { labels: { team: t.paramString() } }), { tags: ['token'] }),
  bad(M, 'taints', "Kubernetes spelling 'NoSchedule' for the effect", (t) => mng(t, { taints: [{ key: 'gpu', effect: t.js('NoSchedule') }] }), { code: 'NodeGroupTaints' }),
  bad(M, 'taints', 'key with a space', (t) => mng(t, { taints: [{ key: 'my key', effect: kit.TaintEffect.NO_SCHEDULE }] }), { code: 'NodeGroupTaints' }),
  bad(M, 'taints', 'one taint object, not a list (JS)', (t) => mng(t, { taints: t.js({ key: 'gpu', effect: kit.TaintEffect.NO_SCHEDULE }) }), { tags: ['js'] }),
  bad(M, 'taints', 'missing effect (JS)', (t) => mng(t, { taints: t.js([{ key: 'gpu' }]) }), { tags: ['js'] }),
  bad(M, 'taints', '51 taints', (t) => mng(t, { taints: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, effect: kit.TaintEffect.NO_SCHEDULE })) }), { code: 'NodeGroupTaints' }),
  bad(M, 'taints', 'same key and effect twice', (t) => mng(t, { taints: [{ key: 'a', effect: kit.TaintEffect.NO_SCHEDULE }, { key: 'a', value: 'x', effect: kit.TaintEffect.NO_SCHEDULE }] }), { code: 'NodeGroupTaints', tags: ['dup'] }),
  good(M, 'taints', 'token effect', (t) => mng(t, { taints: [{ key: 'gpu', effect: t.js(t.paramString()) }] }), { tags: ['token'] }),
  good(M, 'taints', 'token key', (t) => mng(t, { taints: [{ key: t.lazyString('gpu'), effect: kit.TaintEffect.NO_EXECUTE }] }), { tags: ['token'] }),
  good(M, 'taints', '50 taints', (t) => mng(t, { taints: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, effect: kit.TaintEffect.NO_SCHEDULE })) }), { tags: ['edge'] }),
  bad(M, 'tags', "'aws:' prefix", (t) => mng(t, { tags: { 'aws:team': 'a' } })),
  bad(M, 'vpcSubnets', 'selects no subnets', (t) => mng(t, { vpcSubnets: { subnets: [] } }), { code: 'NodeSubnets' }),

  // ---- SelfManagedNodeGroup ----
  bad(S, 'maxPods', '0', (t) => smng(t, { maxPods: 0 }), { code: 'NodeGroupMaxPods' }),
  bad(S, 'maxPods', "string '110' (JS)", (t) => smng(t, { maxPods: t.js('110') }), { tags: ['js'] }),
  good(S, 'maxPods', 'CfnParameter number', (t) => smng(t, { maxPods: t.paramNumber() }), { tags: ['token'] }),
  bad(S, 'minSize', 'above maxSize', (t) => smng(t, { minSize: 5, maxSize: 2 }), { code: 'NodeGroupSize' }),
  bad(S, 'spot', 'onDemandPercentageAboveBaseCapacity 101', (t) => smng(t, { spot: { onDemandPercentageAboveBaseCapacity: 101 } }), { code: 'NodeGroupSpot' }),
  bad(S, 'spot', 'onDemandBaseCapacity -1', (t) => smng(t, { spot: { onDemandBaseCapacity: -1 } }), { code: 'NodeGroupSpot' }),
  bad(S, 'spot', 'true instead of options (JS)', (t) => smng(t, { spot: t.js(true) }), { tags: ['js'] }),
  bad(S, 'warmPool', 'with spot', (t) => smng(t, { spot: {}, warmPool: {} }), { code: 'NodeGroupWarmPool' }),
  bad(S, 'userData', 'with labels', (t) => smng(t, { userData: ec2.UserData.forLinux(), labels: { a: 'b' } }), { code: 'NodeGroupUserData' }),
  bad(S, 'kubeletConfig', "sets maxPods next to 'maxPods'", (t) => smng(t, { maxPods: 20, kubeletConfig: { maxPods: 30 } }), { code: 'NodeGroupKubeletConfig' }),
  good(S, 'kubeletConfig', "sets maxPods without 'maxPods'", (t) => smng(t, { kubeletConfig: { maxPods: 20 } })),
  bad(S, 'kubeletConfig', 'a string (JS)', (t) => smng(t, { kubeletConfig: t.js('--max-pods=20') }), { tags: ['js'] }),
  bad(S, 'amiFamily', "'al2023' lowercase (JS)", (t) => smng(t, { amiFamily: t.js('al2023') }), { tags: ['js'] }),
  bad(S, 'instanceTypes', 'mixed architectures', (t) => smng(t, { instanceTypes: [new ec2.InstanceType('m7i.large'), new ec2.InstanceType('m7g.large')] }), { code: 'NodeGroupInstanceTypes' }),
  bad(S, 'labels', 'invalid key', (t) => smng(t, { labels: { '-a': 'b' } }), { code: 'NodeGroupLabels' }),
  bad(S, 'taints', 'invalid value', (t) => smng(t, { taints: [{ key: 'a', value: 'x y', effect: kit.TaintEffect.NO_SCHEDULE }] }), { code: 'NodeGroupTaints' }),
  bad(S, 'version', 'imported cluster without version', (t) => new kit.SelfManagedNodeGroup(t.stack, 'Smng', { cluster: t.imported({ version: undefined }, 'NoVersion') }), { code: 'NodeGroupVersion' }),
  bad(S, 'clusterName', 'Bottlerocket with a 64-character cluster name', (t) => new kit.SelfManagedNodeGroup(t.stack, 'Smng', {
    cluster: t.cluster({ clusterName: 'c'.repeat(64) }), amiFamily: kit.NodeAmiFamily.BOTTLEROCKET }), { code: 'NodeGroupClusterName' }),
  bad(S, 'machineImage', 'an AMI id string (JS)', (t) => smng(t, { machineImage: t.js('ami-12345678') }), { tags: ['js'] }),
  good(S, 'instanceTypes', 'Graviton only', (t) => smng(t, { instanceTypes: [new ec2.InstanceType('m7g.large'), new ec2.InstanceType('c7g.large')] })),

  // ---- FargateProfile ----
  bad(F, 'selectors', 'none', (t) => fargate(t, { selectors: [] }), { code: 'FargateSelectors' }),
  bad(F, 'selectors', 'six', (t) => fargate(t, { selectors: Array.from({ length: 6 }, (_, i) => ({ namespace: `n${i}` })) }), { code: 'FargateSelectors' }),
  bad(F, 'selectors', 'one selector object, not a list (JS)', (t) => fargate(t, { selectors: t.js({ namespace: 'apps' }) }), { tags: ['js'] }),
  bad(F, 'selectors', 'missing (JS)', (t) => fargate(t, { selectors: t.js(undefined) }), { tags: ['js'] }),
  bad(F, 'selectors', 'namespace uppercase', (t) => fargate(t, { selectors: [{ namespace: 'Apps' }] }), { code: 'FargateSelectors' }),
  bad(F, 'selectors', 'namespace missing (JS)', (t) => fargate(t, { selectors: t.js([{ labels: { a: 'b' } }]) }), { tags: ['js'] }),
  bad(F, 'selectors', 'six labels', (t) => fargate(t, { selectors: [{ namespace: 'a', labels: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, 'v'])) }] }), { code: 'FargateSelectors' }),
  bad(F, 'selectors', 'invalid label key', (t) => fargate(t, { selectors: [{ namespace: 'a', labels: { 'bad key': 'v' } }] }), { code: 'FargateSelectors' }),
  good(F, 'selectors', "namespace wildcard 'team-*'", (t) => fargate(t, { selectors: [{ namespace: 'team-*' }] })),
  good(F, 'selectors', "namespace wildcard 'prod-?'", (t) => fargate(t, { selectors: [{ namespace: 'prod-?' }] })),
  good(F, 'selectors', "label value wildcard 'web-*'", (t) => fargate(t, { selectors: [{ namespace: 'apps', labels: { app: 'web-*' } }] })),
  good(F, 'selectors', 'token namespace', (t) => fargate(t, { selectors: [{ namespace: t.paramString() }] }), { tags: ['token'] }),
  good(F, 'selectors', 'five selectors, five labels', (t) => fargate(t, { selectors: Array.from({ length: 5 }, (_, i) => ({ namespace: `n${i}`, labels: Object.fromEntries(Array.from({ length: 5 }, (_, j) => [`k${j}`, 'v'])) })) }), { tags: ['edge'] }),
  bad(F, 'fargateProfileName', 'space', (t) => fargate(t, { fargateProfileName: 'my profile' }), { known: { outcome: 'accepted-bad', reason: 'Fargate profile name rules belong to the nodes engineer (issue 9)' } }),
  bad(F, 'fargateProfileName', 'two profiles with one name on a cluster', (t) => { fargate(t, { fargateProfileName: 'apps' }, 'A'); fargate(t, { fargateProfileName: 'apps' }, 'B'); }, { tags: ['dup'] }),
  good(F, 'fargateProfileName', 'CfnParameter', (t) => fargate(t, { fargateProfileName: t.paramString() }), { tags: ['token'] }),
  bad(F, 'vpcSubnets', 'public subnets', (t) => fargate(t, { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }), { code: 'FargateSubnets' }),
  bad(F, 'podExecutionRole', 'a role ARN string (JS)', (t) => fargate(t, { podExecutionRole: t.js('arn:aws:iam::123456789012:role/pods') }), { tags: ['js'] }),
  bad('FargateCluster', 'selectors', 'defaultProfile without selectors (JS)', (t) => new kit.FargateCluster(t.stack, 'Fc', {
    version: kit.KubernetesVersion.V1_30, allowEndOfSupportVersion: true, vpc: t.vpc(), defaultProfile: t.js({}) }), { tags: ['js'] }),
  bad('FargateCluster', 'replicas', 'coreDns replicas 0', (t) => new kit.FargateCluster(t.stack, 'Fc', {
    version: kit.KubernetesVersion.V1_30, allowEndOfSupportVersion: true, vpc: t.vpc(), coreDns: { replicas: 0 } }), { code: 'AddonConfiguration' }),
];
