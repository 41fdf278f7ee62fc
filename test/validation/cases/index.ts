import { accessCases } from './access';
import { clusterCases } from './cluster';
import { computeCases } from './compute';
import { identityAddonCases } from './identity-addons';
import { kubectlCases } from './kubectl';
import { Case } from '../harness';

/** Every case of the adversarial suite, by domain. */
export const SUITES: Record<string, Case[]> = {
  cluster: clusterCases,
  access: accessCases,
  compute: computeCases,
  kubectl: kubectlCases,
  'identity and add-ons': identityAddonCases,
};

export const ALL_CASES: Case[] = Object.values(SUITES).flat();
