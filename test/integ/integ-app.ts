import { App, Duration } from 'aws-cdk-lib';
import { IApiCall } from '@aws-cdk/integ-tests-alpha';

/**
 * Runs an integ test file as a CDK app when integ-runner executes it (`npx tsx <file>`); when
 * jest imports it (test/integ/integ-synth.test.ts) only `build` is used.
 */
export function runIfMain(mod: NodeJS.Module, build: (app: App) => void): void {
  if (require.main === mod) {
    const app = new App();
    build(app);
    app.synth();
  }
}

/** Assertions on a freshly created cluster poll: EKS and the controllers settle in minutes. */
export function settle(call: IApiCall, minutes = 10): IApiCall {
  return call.waitForAssertions({ totalTimeout: Duration.minutes(minutes), interval: Duration.seconds(30) });
}

/** Test options shared by the cluster integ tests. */
export const CLUSTER_TEST_OPTIONS = {
  // One deploy and one destroy per run: a second "update" deploy of a fresh EKS cluster adds ~20 min and tests nothing here.
  stackUpdateWorkflow: false,
  // Asset hashes (handler and layer zips) change with every build; the snapshot compares templates.
  diffAssets: false,
};
