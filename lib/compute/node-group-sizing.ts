import { Token } from 'aws-cdk-lib';

/** Node counts of a group, some of which may be tokens. */
export interface NodeGroupSize {
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredSize?: number;
}

const known = (n: number | undefined): n is number => n !== undefined && !Token.isUnresolved(n);

/**
 * The sizes a group gets when some are not given: at least 1 node, 2 desired, room for 3 —
 * widened so that the given values always fit (`minSize: 5` alone gives 5/5/5).
 */
export function resolveNodeGroupSize(minSize?: number, desiredSize?: number, maxSize?: number, defaultDesired: boolean = true): NodeGroupSize {
  const min = minSize ?? (known(desiredSize) ? Math.min(1, desiredSize) : 1);
  let desired = desiredSize;
  if (desired === undefined && defaultDesired) {
    desired = known(min) ? Math.max(min, 2) : 2;
    if (known(maxSize)) desired = Math.min(desired, maxSize);
  }
  const max = maxSize ?? Math.max(3, known(min) ? min : 0, known(desired) ? desired : 0);
  return { minSize: min, desiredSize: desired, maxSize: max };
}

/**
 * Problems of a size: 0 ≤ minSize ≤ desiredSize ≤ maxSize and maxSize ≥ 1, whole numbers.
 * Values that are tokens are skipped, and so is every comparison they take part in.
 */
export function nodeGroupSizeProblems(size: NodeGroupSize): string[] {
  const problems: string[] = [];
  const { minSize, maxSize, desiredSize } = size;
  for (const [name, value] of [['minSize', minSize], ['desiredSize', desiredSize], ['maxSize', maxSize]] as const) {
    if (known(value) && (!Number.isInteger(value) || value < 0)) {
      problems.push(`'${name}' is ${value}; it must be a whole number of at least 0`);
    }
  }
  if (known(maxSize) && maxSize < 1) problems.push(`'maxSize' is ${maxSize}; a node group needs room for at least 1 node`);
  if (known(minSize) && known(maxSize) && minSize > maxSize) {
    problems.push(`'minSize' (${minSize}) is greater than 'maxSize' (${maxSize}); raise 'maxSize' or lower 'minSize'`);
  }
  if (known(desiredSize) && known(minSize) && desiredSize < minSize) {
    problems.push(`'desiredSize' (${desiredSize}) is less than 'minSize' (${minSize}); use a value from ${minSize} to ${known(maxSize) ? maxSize : 'maxSize'}`);
  }
  if (known(desiredSize) && known(maxSize) && desiredSize > maxSize) {
    problems.push(`'desiredSize' (${desiredSize}) is greater than 'maxSize' (${maxSize}); use a value from ${known(minSize) ? minSize : 'minSize'} to ${maxSize}`);
  }
  return problems;
}

/**
 * Problems of a managed node group's update config: one of `maxUnavailable` (1–100, at most
 * `maxSize`) or `maxUnavailablePercentage` (1–100).
 */
export function updateConfigProblems(maxUnavailable: number | undefined, maxUnavailablePercentage: number | undefined, maxSize: number): string[] {
  const problems: string[] = [];
  if (maxUnavailable !== undefined && maxUnavailablePercentage !== undefined) {
    problems.push("'maxUnavailable' and 'maxUnavailablePercentage' are both set; EKS accepts one of them");
  }
  if (known(maxUnavailable)) {
    if (!Number.isInteger(maxUnavailable) || maxUnavailable < 1 || maxUnavailable > 100) {
      problems.push(`'maxUnavailable' is ${maxUnavailable}; use a whole number from 1 to 100`);
    } else if (known(maxSize) && maxUnavailable > maxSize) {
      problems.push(`'maxUnavailable' is ${maxUnavailable} but 'maxSize' is ${maxSize}; use 1–${maxSize}`);
    }
  }
  if (known(maxUnavailablePercentage) && (!Number.isInteger(maxUnavailablePercentage) || maxUnavailablePercentage < 1 || maxUnavailablePercentage > 100)) {
    problems.push(`'maxUnavailablePercentage' is ${maxUnavailablePercentage}; use a whole number from 1 to 100`);
  }
  return problems;
}
