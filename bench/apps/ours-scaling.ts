import { oursScaling } from '../scenarios/ours';
import { manifestCountArg, synthApp } from './synth-app';

synthApp((app) => oursScaling(app, manifestCountArg()));
