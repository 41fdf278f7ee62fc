import { App } from 'aws-cdk-lib';
import { BasicClusterStack } from './basic-cluster';
import { FargateStack } from './fargate';
import { ManagedNodesStack } from './managed-nodes';
import { ManifestsAndHelmStack } from './manifests-and-helm';
import { SelfManagedNodesStack } from './self-managed-nodes';

/** Adds every example stack to the app. Used by bin/app.ts and the example tests. */
export function addExampleStacks(app: App): void {
  new BasicClusterStack(app, 'BasicCluster');
  new ManagedNodesStack(app, 'ManagedNodes');
  new SelfManagedNodesStack(app, 'SelfManagedNodes');
  new FargateStack(app, 'Fargate');
  new ManifestsAndHelmStack(app, 'ManifestsAndHelm');
}
