import { oursStandard } from '../scenarios/ours';
import { synthApp } from './synth-app';

synthApp((app) => oursStandard(app));
