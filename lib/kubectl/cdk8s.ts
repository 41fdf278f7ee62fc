import { Construct } from 'constructs';
import { KitValidationError } from '../errors';

/**
 * The objects of a cdk8s `Chart` (anything with a `toJson()` that returns Kubernetes
 * objects). cdk8s itself is not imported: it is an optional peer dependency.
 */
export function cdk8sObjects(scope: Construct, chart: Construct): Record<string, any>[] {
  const toJson = (chart as unknown as { toJson?: () => unknown }).toJson;
  if (typeof toJson !== 'function') {
    throw new KitValidationError(scope, 'Cdk8sChart',
      `'chart' (${chart.node.path}) is not a cdk8s Chart: it has no toJson() method. Pass an instance of cdk8s.Chart.`);
  }
  const objects = toJson.call(chart);
  if (!Array.isArray(objects)) {
    throw new KitValidationError(scope, 'Cdk8sChart', `'chart' (${chart.node.path}).toJson() did not return a list of objects.`);
  }
  return objects as Record<string, any>[];
}
