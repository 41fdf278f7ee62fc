import { App } from 'aws-cdk-lib';
import { BasicClusterStack } from './basic-cluster';
import { ManifestsAndHelmStack } from './manifests-and-helm';

/** Adds every example stack to the app. Used by bin/app.ts and the example tests. */
export function addExampleStacks(app: App): void {
  new BasicClusterStack(app, 'BasicCluster');
  new ManifestsAndHelmStack(app, 'ManifestsAndHelm');
}
