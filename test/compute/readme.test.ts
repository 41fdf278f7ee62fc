import { readFileSync } from 'fs';
import { join } from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { testApp } from '../validated-synth';

// The README's compute example is run as written (imports of 'cdk-eks-kit' point at lib/),
// so a renamed prop or method breaks this test. `npm test`'s tsc run does not see README code.
function computeSnippet(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- section: compute -->'), readme.indexOf('<!-- end section: compute -->'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('no ts code block in the compute section of README.md');
  return match[1];
}

test('the README compute example runs and synthesizes what it describes', () => {
  // GIVEN the snippet, with its Stack put into a test app
  const source = computeSnippet().replace('new Stack()', "new Stack(__app, 'Readme')") + '\nmodule.exports = { stack };\n';
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const lib = join(__dirname, '..', '..', 'lib');
  const localRequire = (id: string) => require(id === 'cdk-eks-kit' ? lib : id);
  const module = { exports: {} as any };
  // WHEN
  new Function('require', 'module', 'exports', '__app', js)(localRequire, module, module.exports, testApp());
  // THEN
  const template = Template.fromStack(module.exports.stack);
  template.resourceCountIs('AWS::EKS::Cluster', 2);
  template.resourceCountIs('AWS::EKS::Nodegroup', 1);
  template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 2);
  template.resourceCountIs('AWS::EKS::FargateProfile', 3);
  template.hasResourceProperties('AWS::EKS::Nodegroup', { AmiType: 'AL2023_ARM_64_STANDARD', CapacityType: 'SPOT' });
});
