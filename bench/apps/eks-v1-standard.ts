import { eksV1Standard } from '../scenarios/eks-v1';
import { synthApp } from './synth-app';

synthApp((app) => eksV1Standard(app));
