/**
 * What every bench scenario shares, whatever the library: the Kubernetes objects, the
 * Helm chart, the service accounts and the instance types. Keeping these in one place
 * is what makes the three versions of the scenario the same scenario.
 */
import { App, CfnJson } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { readFileSync } from 'fs';
import { join } from 'path';

/** The Kubernetes minor version of the standard scenario. */
export const K8S_VERSION = '1.29';

/** Manifests in the standard scenario. */
export const STANDARD_MANIFEST_COUNT = 50;

/** Manifest counts of the scaling series. */
export const SCALING_COUNTS = [100, 2000, 10000];

/** Namespace of the bench's small manifests (exists in every cluster, so no Namespace object). */
export const MANIFEST_NAMESPACE = 'default';

/** The one Helm chart of the standard scenario (a chart repository, not OCI). */
export const HELM_CHART = {
  chart: 'metrics-server',
  repository: 'https://kubernetes-sigs.github.io/metrics-server/',
  version: '3.12.2',
  namespace: 'kube-system',
  release: 'metrics-server',
};

/** The three IRSA service accounts: id, Kubernetes name, namespace. */
export const SERVICE_ACCOUNTS = [
  { id: 'OrdersSa', name: 'orders', namespace: 'default' },
  { id: 'BillingSa', name: 'billing', namespace: 'default' },
  { id: 'ReportsSa', name: 'reports', namespace: 'default' },
];

/** Namespace selected by the Fargate profile. */
export const FARGATE_NAMESPACE = 'serverless';

/** Managed node groups: on-demand x86 and Spot Graviton. */
export const ON_DEMAND_X86 = { instanceTypes: ['m6i.large'], minSize: 2, maxSize: 4 };
export const SPOT_GRAVITON = { instanceTypes: ['m7g.large', 'm6g.large'], minSize: 0, maxSize: 6 };
/** The self-managed (Auto Scaling group) capacity. */
export const SELF_MANAGED = { instanceType: 'm6i.large', minSize: 1, maxSize: 3 };

/** Name of the EBS CSI controller's service account (created by the add-on). */
export const EBS_CSI_SERVICE_ACCOUNT = { name: 'ebs-csi-controller-sa', namespace: 'kube-system' };

/**
 * `count` small Kubernetes objects, alternately a ConfigMap and a single-replica Deployment.
 * Every object is a fresh copy (some libraries label the objects they are given).
 */
export function smallManifests(count: number): Record<string, any>[] {
  const objects: Record<string, any>[] = [];
  for (let i = 0; i < count; i++) {
    const name = `bench-${String(i).padStart(4, '0')}`;
    if (i % 2 === 0) {
      objects.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: MANIFEST_NAMESPACE, labels: { app: 'bench' } },
        data: { index: String(i), greeting: 'hello' },
      });
    } else {
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: MANIFEST_NAMESPACE, labels: { app: 'bench' } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: {
              containers: [{
                name: 'app',
                image: 'public.ecr.aws/nginx/nginx:1.27',
                resources: { requests: { cpu: '10m', memory: '16Mi' } },
              }],
            },
          },
        },
      });
    }
  }
  return objects;
}

/** The feature flags of the repository's cdk.json. Every library's app gets the same flags. */
export function benchContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot(), 'cdk.json'), 'utf8'));
  return cdkJson.context;
}

/** The repository root, from either bench/scenarios (tsx, jest) or its compiled copy. */
export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      readFileSync(join(dir, 'cdk.json'));
      return dir;
    } catch {
      dir = join(dir, '..');
    }
  }
  throw new Error(`cdk.json not found above ${__dirname}`);
}

/**
 * The app every bench entry point uses: the repository's feature flags; the output
 * directory comes from `CDK_OUTDIR` (set by the runner) as with the CDK CLI.
 */
export function benchApp(): App {
  return new App({ context: benchContext() });
}

/**
 * An IAM role that one Kubernetes service account assumes through IRSA, built the way
 * aws-cdk-lib's own `ServiceAccount` builds it (a `CfnJson` for the issuer-keyed
 * conditions). Used by the aws-cdk-lib scenarios for the EBS CSI add-on, whose service
 * account the add-on itself creates.
 */
export function irsaRoleForServiceAccount(
  scope: Construct, id: string, provider: iam.IOpenIdConnectProvider,
  sa: { name: string; namespace: string },
): iam.Role {
  const issuer = provider.openIdConnectProviderIssuer;
  const conditions = new CfnJson(scope, `${id}Conditions`, {
    value: {
      [`${issuer}:aud`]: 'sts.amazonaws.com',
      [`${issuer}:sub`]: `system:serviceaccount:${sa.namespace}:${sa.name}`,
    },
  });
  return new iam.Role(scope, id, {
    assumedBy: new iam.OpenIdConnectPrincipal(provider, { StringEquals: conditions }),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEBSCSIDriverPolicy')],
  });
}
