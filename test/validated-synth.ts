import { App, AppProps, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EksKitChecks } from '../lib/nag';
import { readFileSync } from 'fs';
import { join } from 'path';

/** The feature flags and settings of cdk.json, so tests see what `cdk synth` sees. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')).context;
}

/** Fixed "today" for the support-calendar check so tests do not depend on the clock. */
export const TEST_DATE = '2026-11-25';

/** A plain app for unit tests: cdk.json's flags, built-in validator off, date pinned. */
export function testApp(props: AppProps = {}): App {
  return new App({
    ...props,
    builtinCloudFormationValidation: false,
    context: { ...cdkJsonContext(), 'cdk-eks-kit:supportCalendarDate': TEST_DATE, ...props.context },
  });
}

/**
 * Synthesizes the app with aws-cdk-lib's built-in CloudFormation validator failing on
 * errors (flag `@aws-cdk/core:validateAgainstDefaultRules`) and cdk-nag's AwsSolutions pack
 * attached, plus this library's EksKit pack. Throws on any finding that is not acknowledged with a reason.
 * Returns the template of each stack, without synthesizing again.
 */
export function synthValidated(build: (app: App) => Stack[]): Map<string, Template> {
  const app = new App({
    builtinCloudFormationValidation: true,
    context: { ...cdkJsonContext(), '@aws-cdk/core:validateAgainstDefaultRules': true, 'cdk-eks-kit:supportCalendarDate': TEST_DATE },
  });
  const stacks = build(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new EksKitChecks(app));
  // test/jest.setup.js sets CDK_VALIDATION=false for unit tests; the env var wins over the
  // App prop, so lift it for this synthesis only.
  const saved = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  let assembly;
  try {
    assembly = app.synth();
  } finally {
    if (saved !== undefined) process.env.CDK_VALIDATION = saved;
  }
  const templates = new Map<string, Template>();
  for (const stack of stacks) {
    templates.set(stack.node.id, Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template));
  }
  return templates;
}
