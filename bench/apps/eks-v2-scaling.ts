import { eksV2Scaling } from '../scenarios/eks-v2';
import { manifestCountArg, synthApp } from './synth-app';

synthApp((app) => eksV2Scaling(app, manifestCountArg()));
