// Unit tests switch aws-cdk-lib's built-in WASM CloudFormation validator off for speed.
// The example tests turn it back on explicitly (see test/validated-synth.ts).
process.env.CDK_VALIDATION ??= 'false';
// Context for every App the tests build (aws-cdk-lib reads CDK_CONTEXT_JSON, as the CLI passes it):
// - every CfnElement and every annotation records the JavaScript stack that created it, for
//   `cdk synth` error messages; under jest (which maps each frame through source maps) that is a
//   fifth of construction time, and no test asserts on it;
// - asset staging copies every asset into the output directory on each synthesis: the 31 MB
//   kubectl layer, i.e. most of a unit test's time. Templates are the same without it (asset
//   hashes come from the sources); tests that read staged assets use the asset's source path.
process.env.CDK_DISABLE_STACK_TRACE ??= '1';
process.env.CDK_CONTEXT_JSON ??= JSON.stringify({
  'aws:cdk:disable-creation-stack-traces': true,
  'aws:cdk:disable-stack-trace': true,
  'aws:cdk:disable-asset-staging': true,
});
// jest raises the stack trace limit to 100 frames; aws-cdk-lib still records a stack trace for
// every `Validations.acknowledge()` (not switched off by the context above), and jest maps each
// frame through source maps. Node's own default of 10 frames, as in `cdk synth`.
Error.stackTraceLimit = 10;
