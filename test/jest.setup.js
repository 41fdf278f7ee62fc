// Unit tests switch aws-cdk-lib's built-in WASM CloudFormation validator off for speed.
// The example tests turn it back on explicitly (see test/validated-synth.ts).
process.env.CDK_VALIDATION ??= 'false';
