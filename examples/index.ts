import { App } from 'aws-cdk-lib';
import { AutoModeStack } from './auto-mode';
import { BasicClusterStack } from './basic-cluster';
import { BlueGreenStack } from './blue-green';
import { FargateStack } from './fargate';
import { Fleet } from './fleet';
import { KarpenterStack } from './karpenter';
import { ManagedNodesStack } from './managed-nodes';
import { ManifestsAndHelmStack } from './manifests-and-helm';
import { NetworkPolicyStack } from './network-policy';
import { ObservabilityStack } from './observability';
import { SelfManagedNodesStack } from './self-managed-nodes';
import { StorageStack } from './storage';
import { WebAppAlbStack } from './web-app-alb';

/** Adds every example stack to the app. Used by bin/app.ts and the example tests. */
export function addExampleStacks(app: App): void {
  new BasicClusterStack(app, 'BasicCluster');
  new ManagedNodesStack(app, 'ManagedNodes');
  new SelfManagedNodesStack(app, 'SelfManagedNodes');
  new FargateStack(app, 'Fargate');
  new ManifestsAndHelmStack(app, 'ManifestsAndHelm');
  new WebAppAlbStack(app, 'WebAppAlb');
  new StorageStack(app, 'Storage');
  new ObservabilityStack(app, 'Observability');
  new BlueGreenStack(app, 'BlueGreen');
  new NetworkPolicyStack(app, 'NetworkPolicy');
  new Fleet(app, 'Fleet');
  new KarpenterStack(app, 'Karpenter');
  new AutoModeStack(app, 'AutoMode');
}
