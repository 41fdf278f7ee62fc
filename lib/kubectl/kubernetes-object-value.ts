import { CustomResource, Duration, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ICluster } from '../cluster/cluster-types';
import { KitValidationError } from '../errors';
import { RESOURCE_TYPES } from './handler/resource-types';
import { jsonPathProblems, objectValueProblems } from './kubectl-input-rules';
import { checkProps } from '../validation/prop-check';
import { OBJECT_VALUE_PROPS } from '../validation/prop-specs';
import { ClusterRemoval, RemovalKind } from '../cluster/removal';

/** Properties of a {@link KubernetesObjectValue}. */
export interface KubernetesObjectValueProps {
  /** The cluster. */
  readonly cluster: ICluster;
  /** The object type, e.g. `service`. */
  readonly objectType: string;
  /** The object name. */
  readonly objectName: string;
  /**
   * The object's namespace.
   * @default 'default'
   */
  readonly objectNamespace?: string;
  /** The JSONPath to read, e.g. `.status.loadBalancer.ingress[0].hostname`. */
  readonly jsonPath: string;
  /**
   * How long to wait for a non-empty value; at most the provider's `maxOperationTimeout`.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
}

/**
 * Reads a value of a Kubernetes object at deploy time (for example the host name of a
 * load balancer Service), waiting until it is set, and exposes it as `value`.
 */
export class KubernetesObjectValue extends Construct {
  /** The custom resource. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: KubernetesObjectValueProps) {
    super(scope, id);
    ClusterRemoval.attach(this, props.cluster, RemovalKind.KUBERNETES); // lib/cluster/removal.ts
    checkProps(this, props, OBJECT_VALUE_PROPS);
    const provider = props.cluster.kubectlProvider;
    const timeout = props.timeout ?? Duration.minutes(5);
    const problems = [...objectValueProblems({ ...props, timeout }), ...jsonPathProblems(props.jsonPath)];
    if (problems.length > 0) throw new KitValidationError(this, 'ObjectValue', `${problems.join('; ')}.`);
    const max = provider.maxOperationTimeout;
    if (!Token.isUnresolved(timeout.toSeconds()) && timeout.toSeconds() > max.toSeconds()) {
      throw new KitValidationError(this, 'ObjectValueTimeout',
        `'timeout' is ${timeout.toSeconds()} seconds, longer than the kubectl handler can wait (${max.toSeconds()} seconds); use at most Duration.seconds(${max.toSeconds()}).`);
    }
    const path = props.jsonPath;
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPES.objectValue,
      properties: {
        ObjectType: props.objectType,
        ObjectName: props.objectName,
        Namespace: props.objectNamespace ?? 'default',
        JsonPath: Token.isUnresolved(path) || path.startsWith('{') ? path : `{${path}}`,
        TimeoutSeconds: timeout.toSeconds(),
      },
    });
    this.resource.node.addDependency(provider);
  }

  /** The value read (a CloudFormation attribute). */
  public get value(): string {
    return Token.asString(this.resource.getAtt('Value'));
  }
}
