#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addExampleStacks } from '../examples';

// Environment-agnostic stacks: `cdk synth` needs no AWS credentials and does no lookups.
const app = new App();
addExampleStacks(app);
app.synth();
