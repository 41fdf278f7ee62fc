import { DependencyGroup, IDependable } from 'constructs';
import { Addon } from '../../addons/addon';
import { ClusterState } from '../../cluster/cluster-state';
import type { ICluster } from '../../cluster/cluster-types';
import { autoModeOf } from './auto-mode-state';

// Not exported from lib/index.ts.

/** How many Pod Identity users an Auto Mode cluster has (checked against its other capacity at synth). */
export const POD_IDENTITY_USERS_SLOT = 'auto-mode:podIdentityUsers';

/**
 * What a Pod Identity association (or an add-on using Pod Identity) must wait for: the
 * `eks-pod-identity-agent` add-on — except on an EKS Auto Mode cluster, whose nodes run the
 * agent themselves ("You do not have to install the EKS Pod Identity Agent on EKS Auto Mode
 * clusters", EKS User Guide, automode), so it is not installed twice.
 */
export function podIdentityAgentDependency(cluster: ICluster): IDependable {
  if (autoModeOf(cluster)) {
    ClusterState.of(cluster).slot(POD_IDENTITY_USERS_SLOT, () => ({ count: 0 })).count += 1;
    return Addon.tryFind(cluster, 'eks-pod-identity-agent') ?? new DependencyGroup();
  }
  return Addon.podIdentityAgentOf(cluster);
}
