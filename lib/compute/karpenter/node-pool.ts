import { Annotations } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { AddonOrdering } from '../../addons/addon-ordering';
import { ClusterState } from '../../cluster/cluster-state';
import type { ICluster } from '../../cluster/cluster-types';
import { KitValidationError } from '../../errors';
import { KubernetesManifest } from '../../kubectl/kubernetes-manifest';
import { registerAutoModeCapacity } from '../auto-mode/auto-mode-config';
import { autoModeOf } from '../auto-mode/auto-mode-state';
import type { INodeClass } from './node-class';
import { NODE_CLASS_GROUP, NodePoolFlavor, STATIC_KARPENTER_POOLS_SLOT } from './node-pool-flavor';
import { NodePoolOptions } from './node-pool-options';
import { renderNodePool } from './node-pool-rules';

/** Properties of a {@link NodePool}. */
export interface NodePoolProps extends NodePoolOptions {
  /** The cluster. */
  readonly cluster: ICluster;
  /**
   * The node class: an `Ec2NodeClass` (Karpenter), an `AutoModeNodeClass`, or
   * `AutoModeNodeClass.DEFAULT` (Auto Mode's built-in class).
   */
  readonly nodeClass: INodeClass;
}

/** The NodePools of a cluster by name (names are cluster-wide). */
const NAMES_SLOT = 'node-pool:names';

/**
 * A karpenter.sh/v1 `NodePool`, applied by the cluster's applier: the instances Karpenter or
 * EKS Auto Mode may launch for pending pods (or keep running, for a static pool), with typed,
 * validated requirements, limits and disruption settings. Which kind it is follows from its
 * node class; requirements on instance attributes get that kind's label keys.
 *
 * Created after its node class and deleted before it. On delete the pool is removed with
 * foreground cascading deletion: the delete waits until its NodeClaims — and so the instances
 * behind them — are gone, so nothing launched outside CloudFormation outlives the stack.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html
 * @see https://karpenter.sh/docs/concepts/nodepools/
 */
export class NodePool extends Construct {
  /** The NodePool's name. */
  public readonly nodePoolName: string;
  /** The rendered NodePool object. */
  public readonly object: { [key: string]: any };
  /** The manifest that applies it. */
  public readonly manifest: KubernetesManifest;

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    const flavor = props.nodeClass.nodeClassGroup === NODE_CLASS_GROUP[NodePoolFlavor.AUTO_MODE] ? NodePoolFlavor.AUTO_MODE : NodePoolFlavor.KARPENTER;
    this.nodePoolName = props.name;
    const rendered = renderNodePool(props, flavor, {
      group: props.nodeClass.nodeClassGroup, kind: props.nodeClass.nodeClassKind, name: props.nodeClass.nodeClassName,
    });
    if (rendered.problems.length > 0) throw new KitValidationError(this, 'NodePool', `${rendered.problems.join('; ')}.`);
    for (const warning of rendered.warnings) Annotations.of(this).addWarningV2('cdk-eks-kit:nodePool', warning);
    if (flavor === NodePoolFlavor.AUTO_MODE) this.checkAutoMode(props);
    this.registerName(props.cluster, props.name);
    if (flavor === NodePoolFlavor.KARPENTER && props.replicas !== undefined) {
      const counter = ClusterState.of(props.cluster).slot(STATIC_KARPENTER_POOLS_SLOT, () => ({ count: 0 }));
      counter.count += 1;
    }

    this.object = rendered.object;
    this.manifest = new KubernetesManifest(this, 'Resource', {
      cluster: props.cluster,
      manifest: [rendered.object],
      foregroundDeletion: true,
    });
    if (isConstruct(props.nodeClass)) this.manifest.node.addDependency(props.nodeClass);
    // Capacity for everything that waits for nodes, except what the pool itself is built on
    // (its node class and, for Karpenter, the controller).
    const builtOn: IConstruct[] = [this, ...(isConstruct(props.nodeClass) ? [props.nodeClass] : [])];
    const karpenter = (props.nodeClass as { karpenter?: IConstruct }).karpenter;
    if (karpenter && isConstruct(karpenter)) builtOn.push(karpenter);
    // The nodes' role, so that grants to node roles reach them (Auto Mode's built-in class: the cluster's node role).
    const nodeRole = props.nodeClass.nodeRole ?? (flavor === NodePoolFlavor.AUTO_MODE ? autoModeOf(props.cluster)?.nodeRole : undefined);
    if (flavor === NodePoolFlavor.AUTO_MODE) registerAutoModeCapacity(props.cluster, this.manifest, builtOn, nodeRole);
    else AddonOrdering.registerCapacity(props.cluster, this.manifest, { builtOn, nodeRole });
  }

  private checkAutoMode(props: NodePoolProps): void {
    const info = autoModeOf(props.cluster);
    if (!info) {
      if (props.cluster.node.defaultChild) {
        throw new KitValidationError(this, 'NodePoolAutoMode',
          "'nodeClass' is an EKS Auto Mode node class, but the cluster does not run Auto Mode; set 'autoMode' on the cluster, "
          + 'or use a Karpenter Ec2NodeClass.');
      }
      return;
    }
    if (info.builtInNodePools.includes(props.name)) {
      throw new KitValidationError(this, 'NodePoolName',
        `'name' is '${props.name}', a built-in Auto Mode node pool of this cluster, which EKS owns and does not let you change; choose another name.`);
    }
    if (props.nodeClass.nodeClassName === 'default' && info.builtInNodePools.length === 0 && props.nodeClass.nodeClassKind === 'NodeClass') {
      throw new KitValidationError(this, 'NodePoolNodeClass',
        "'nodeClass' is Auto Mode's built-in 'default' NodeClass, which EKS only creates while a built-in node pool is on; "
        + 'create an AutoModeNodeClass, or turn a built-in pool on.');
    }
  }

  private registerName(cluster: ICluster, name: string): void {
    const names = ClusterState.of(cluster).slot(NAMES_SLOT, () => new Map<string, string>());
    const existing = names.get(name);
    if (existing) {
      throw new KitValidationError(this, 'NodePoolDuplicate',
        `a NodePool named '${name}' is already defined for this cluster by ${existing}; NodePool names are cluster-wide.`);
    }
    names.set(name, this.node.path);
  }
}

function isConstruct(x: unknown): x is IConstruct {
  return Construct.isConstruct(x);
}
