import { eksV2Standard } from '../scenarios/eks-v2';
import { synthApp } from './synth-app';

synthApp((app) => eksV2Standard(app));
