import { Token } from 'aws-cdk-lib';
import { kubernetesTaintEffect } from './labels-taints-rules';
import type { NodeGroupSize } from './node-group-sizing';
import type { NodeTaint } from './node-taint';

/** Pure rules of self-managed node groups (not part of the public API). */

/** EC2 Auto Scaling tag limits: keys up to 128 characters, values up to 256. */
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;
const LABEL_TAG = 'k8s.io/cluster-autoscaler/node-template/label/';
const TAINT_TAG = 'k8s.io/cluster-autoscaler/node-template/taint/';

/** The cluster-autoscaler node-template tags of a group, and the labels/taints whose tag would be too long. */
export interface AutoscalerTemplateTags {
  readonly tags: { [key: string]: string };
  /** Label or taint keys left out because their tag would exceed the Auto Scaling tag limits. */
  readonly skipped: string[];
}

/**
 * The `k8s.io/cluster-autoscaler/node-template/{label,taint}/<key>` tags that let
 * cluster-autoscaler scale a group from zero, within the Auto Scaling tag limits (a key
 * over 128 characters would fail the stack; such labels and taints are skipped instead).
 *
 * @see https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md
 * @see https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_Tag.html (Key: 1–128, Value: 0–256)
 */
export function autoscalerTemplateTags(labels: Record<string, string>, taints: NodeTaint[]): AutoscalerTemplateTags {
  const tags: { [key: string]: string } = {};
  const skipped: string[] = [];
  const add = (key: string, value: string, source: string) => {
    if (!Token.isUnresolved(key) && key.length > MAX_TAG_KEY || !Token.isUnresolved(value) && value.length > MAX_TAG_VALUE) skipped.push(source);
    else tags[key] = value;
  };
  for (const [key, value] of Object.entries(labels)) add(`${LABEL_TAG}${key}`, value, key);
  for (const taint of taints) add(`${TAINT_TAG}${taint.key}`, `${taint.value ?? ''}:${kubernetesTaintEffect(taint.effect)}`, taint.key);
  return { tags, skipped };
}

/** The rolling-update floor: how many instances stay in service while CloudFormation replaces the others. */
export interface RollingUpdateFloor {
  /** `MinInstancesInService`; undefined when a size is a token. */
  readonly minInstancesInService?: number;
  /** Whether `maxSize` leaves no room to launch a replacement first (the floor had to be lowered). */
  readonly capped: boolean;
}

/**
 * `MinInstancesInService` for the default rolling update: the group's known capacity
 * (`desiredSize`, else `minSize`), so that CloudFormation launches the replacement of a node
 * before it terminates the old one (a one-node group keeps its node until the new one is
 * up). CloudFormation requires it to be less than `MaxSize`, so it is capped at `maxSize - 1`.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatepolicy.html
 */
export function rollingUpdateFloor(size: NodeGroupSize): RollingUpdateFloor {
  const capacity = size.desiredSize ?? size.minSize;
  if (Token.isUnresolved(capacity) || Token.isUnresolved(size.maxSize)) return { capped: false };
  const floor = Math.max(0, Math.min(capacity, size.maxSize - 1));
  return { minInstancesInService: floor, capped: floor < capacity };
}

/** Problems of a Spot maximum price (USD per instance hour, as EC2 Auto Scaling takes it). */
export function spotMaxPriceProblem(price: number | undefined): string | undefined {
  if (price === undefined || Token.isUnresolved(price)) return undefined;
  if (!Number.isFinite(price) || price <= 0) {
    return `'spot.maxPrice' is ${price}; give the highest price per instance hour in USD (e.g. 0.05), greater than 0`;
  }
  return undefined;
}
