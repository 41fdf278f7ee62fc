import { join } from 'path';
import { Duration, Lazy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HelmChart, HelmChartSource } from '../../lib';
import { clusterStack, withCapacity } from './fixtures';

const LOCAL_CHART = join(__dirname, '..', '..', 'examples', 'charts', 'hello');
const REPO = HelmChartSource.fromRepository('https://charts.example.com', 'nginx');

describe('charts from a repository, an OCI registry and a local directory', () => {
  let template: Template;
  beforeAll(() => {
    const { stack, cluster } = withCapacity(clusterStack());
    cluster.addHelmChart('IngressNginx', { source: REPO, version: '4.11.3', namespace: 'ingress', values: { controller: { replicaCount: 2 } } });
    cluster.addHelmChart('Karpenter', { source: HelmChartSource.fromOci('oci://public.ecr.aws/karpenter/karpenter'), version: '1.0.0', release: 'karpenter', atomic: false, wait: false });
    cluster.addHelmChart('Local', { source: HelmChartSource.fromAsset(LOCAL_CHART), createNamespace: false, timeout: Duration.minutes(10) });
    template = Template.fromStack(stack);
  });

  test('a repository chart passes the repository, version, values and the safe defaults', () => {
    template.hasResourceProperties('Custom::CdkEksKitHelmRelease', {
      Release: 'nginx', Namespace: 'ingress', Chart: 'nginx', Repository: 'https://charts.example.com', Version: '4.11.3',
      Values: '{"controller":{"replicaCount":2}}', CreateNamespace: true, Wait: true, Atomic: true, TimeoutSeconds: 300,
      SkipCrds: Match.absent(), OwnerValue: Match.stringLikeRegexp('^[0-9a-f]{10}-[0-9a-f]{20}$'), OwnerFamily: Match.stringLikeRegexp('^[0-9a-f]{10}$'),
    });
  });

  test('an OCI chart is passed as the chart reference without a repository', () => {
    template.hasResourceProperties('Custom::CdkEksKitHelmRelease', {
      Release: 'karpenter', Chart: 'oci://public.ecr.aws/karpenter/karpenter', Repository: Match.absent(), Atomic: false, Wait: false,
    });
  });

  test('a local chart is an S3 asset the handler may read', () => {
    template.hasResourceProperties('Custom::CdkEksKitHelmRelease', {
      Release: 'hello', Chart: Match.absent(), CreateNamespace: false, TimeoutSeconds: 600,
      ChartAsset: { Bucket: Match.anyValue(), Key: Match.stringLikeRegexp('^[0-9a-f]{64}\\.zip$') },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('HandlerRole'),
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:GetObject' })]) },
    });
  });
});

describe('release names', () => {
  test('default to the chart name, so renaming or moving the construct keeps the release', () => {
    const names = (id: string) => {
      const { stack, cluster } = withCapacity(clusterStack());
      cluster.addHelmChart(id, { source: REPO });
      cluster.addHelmChart(`${id}Oci`, { source: HelmChartSource.fromOci('oci://public.ecr.aws/karpenter/karpenter:1.0.0') });
      cluster.addHelmChart(`${id}Local`, { source: HelmChartSource.fromAsset(LOCAL_CHART) });
      return Object.values(Template.fromStack(stack).findResources('Custom::CdkEksKitHelmRelease')).map((r: any) => r.Properties.Release).sort();
    };
    expect(names('IngressNginx')).toEqual(['hello', 'karpenter', 'nginx']);
    expect(names('RenamedChart')).toEqual(names('IngressNginx'));
  });

  test('two charts with the same release in one namespace of a cluster fail, naming the other; other namespaces are fine', () => {
    const { cluster } = clusterStack();
    cluster.addHelmChart('A', { source: REPO, namespace: 'web' });
    expect(() => cluster.addHelmChart('B', { source: REPO, namespace: 'web' }))
      .toThrow(/'release' 'nginx' in namespace 'web' is already installed on this cluster by S\/Cluster\/A.*another 'release'/);
    expect(() => cluster.addHelmChart('C', { source: REPO, namespace: 'edge' })).not.toThrow();
    expect(() => cluster.addHelmChart('D', { source: REPO, namespace: 'web', release: 'nginx-2' })).not.toThrow();
  });

  test('a chart name that is a token gives the construct id as release name', () => {
    const { cluster } = clusterStack();
    const chart = cluster.addHelmChart('TokenChart', { source: HelmChartSource.fromRepository('https://x', Lazy.string({ produce: () => 'c' })), wait: false });
    expect(chart.release).toBe('token-chart');
  });
});

describe('ownership and options', () => {
  test('the owner value is unique per chart and shares the family of the cluster\'s manifests in the stack', () => {
    const { stack, cluster } = withCapacity(clusterStack());
    cluster.addHelmChart('A', { source: REPO, skipCrds: true });
    cluster.addHelmChart('B', { source: REPO, release: 'b' });
    cluster.addManifest('M', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'm' } });
    const template = Template.fromStack(stack);
    const charts = Object.values(template.findResources('Custom::CdkEksKitHelmRelease')).map((r: any) => r.Properties);
    const manifests = Object.values(template.findResources('Custom::CdkEksKitManifest')).map((r: any) => r.Properties);
    expect(charts[0].OwnerValue).not.toBe(charts[1].OwnerValue);
    expect(new Set([...charts, ...manifests].map((p) => p.OwnerFamily)).size).toBe(1);
    expect(charts[0].SkipCrds).toBe(true);
  });
});

describe('long waits', () => {
  test('a timeout beyond one handler run installs without Helm\'s wait, then chains readiness checks (no extra Lambda function)', () => {
    // GIVEN a chart that may take 30 minutes (the default handler waits 720 s per run)
    const { stack, cluster } = withCapacity(clusterStack());
    const chart = cluster.addHelmChart('Slow', { source: REPO, timeout: Duration.minutes(30) });
    const template = Template.fromStack(stack);
    // THEN the release resource does not wait and keeps hooks within one run
    template.hasResourceProperties('Custom::CdkEksKitHelmRelease', { Wait: false, Atomic: false, TimeoutSeconds: 720 });
    // AND three checks (720 + 720 + 360 s) wait in a chain; only the last fails on a timeout
    const checks = template.findResources('Custom::CdkEksKitHelmReady');
    const ids = chart.readinessChecks.map((c) => stack.resolve((c.node.defaultChild as any).logicalId));
    expect(ids.map((id) => checks[id].Properties)).toEqual([
      expect.objectContaining({ Release: 'nginx', Namespace: 'default', TimeoutSeconds: 720, Final: false, Revision: expect.stringMatching(/^[0-9a-f]{32}$/) }),
      expect.objectContaining({ TimeoutSeconds: 720, Final: false }),
      expect.objectContaining({ TimeoutSeconds: 360, Final: true }),
    ]);
    const release = stack.resolve((chart.resource.node.defaultChild as any).logicalId);
    expect(checks[ids[0]].DependsOn).toEqual(expect.arrayContaining([release]));
    expect(checks[ids[2]].DependsOn).toEqual(expect.arrayContaining([ids[1]]));
    template.resourceCountIs('AWS::Lambda::Function', 2);
  });

  test('the readiness checks run again when the release changes', () => {
    const revision = (version: string) => {
      const { stack, cluster } = withCapacity(clusterStack());
      cluster.addHelmChart('Slow', { source: REPO, version, timeout: Duration.minutes(20) });
      return Object.values(Template.fromStack(stack).findResources('Custom::CdkEksKitHelmReady')).map((r: any) => r.Properties.Revision)[0];
    };
    expect(revision('1.0.0')).not.toBe(revision('1.0.1'));
    expect(revision('1.0.0')).toBe(revision('1.0.0'));
  });
});

describe('validation', () => {
  test('a timeout beyond what the readiness checks can wait fails and names the limit; without waiting the limit is one run', () => {
    const { cluster } = clusterStack();
    expect(() => cluster.addHelmChart('TooSlow', { source: REPO, release: 'a', timeout: Duration.minutes(121) }))
      .toThrow(/'timeout' is 7260 seconds; a release may wait at most 7200 seconds/);
    expect(() => cluster.addHelmChart('NoWait', { source: REPO, release: 'b', timeout: Duration.minutes(13), wait: false }))
      .toThrow(/'timeout' is 780 seconds with 'wait: false'.*at most Duration.seconds\(720\)/);
    expect(() => cluster.addHelmChart('Ok', { source: REPO, release: 'c', timeout: Duration.minutes(12), wait: false })).not.toThrow();
    expect(() => cluster.addHelmChart('Long', { source: REPO, release: 'd', timeout: Duration.hours(2) })).not.toThrow();
  });

  test('a shorter handler timeout lowers the limits', () => {
    const { cluster } = clusterStack({ kubectlTimeout: Duration.minutes(5) });
    expect(() => cluster.addHelmChart('Slow', { source: REPO, timeout: Duration.minutes(31), release: 'a' })).toThrow(/at most 1800 seconds \(10 readiness checks of 180 seconds/);
  });

  test('release names follow Helm rules; a token name is not checked', () => {
    const { stack, cluster } = clusterStack();
    expect(() => cluster.addHelmChart('Bad', { source: REPO, release: 'Bad_Name' })).toThrow(/'release' is 'Bad_Name'/);
    expect(() => cluster.addHelmChart('Long', { source: REPO, release: 'a'.repeat(54) })).toThrow(/at most 53/);
    expect(() => cluster.addHelmChart('Derived', { source: HelmChartSource.fromRepository('https://x', 'My_Chart.v2') })).not.toThrow();
    expect(() => new HelmChart(stack, 'Token', { cluster, source: REPO, release: Lazy.string({ produce: () => 'x' }) })).not.toThrow();
  });

  test('token timeouts and sources are not validated', () => {
    const { stack, cluster } = clusterStack();
    const url = Lazy.string({ produce: () => 'oci://x' });
    expect(() => new HelmChart(stack, 'T1', { cluster, source: HelmChartSource.fromRepository(url, 'c'), timeout: Duration.seconds(Lazy.number({ produce: () => 9999 })) })).not.toThrow();
    expect(() => new HelmChart(stack, 'T2', { cluster, source: HelmChartSource.fromOci(Lazy.string({ produce: () => 'x' })), release: 't2' })).not.toThrow();
  });

  test('sources are checked: http(s) repositories, oci:// references, directories with Chart.yaml', () => {
    const { cluster } = clusterStack();
    expect(() => cluster.addHelmChart('A', { source: HelmChartSource.fromRepository('oci://x/y', 'y') })).toThrow(/use an http\(s\):\/\/ URL, or HelmChartSource.fromOci/);
    expect(() => cluster.addHelmChart('B', { source: HelmChartSource.fromOci('public.ecr.aws/x/y') })).toThrow(/must start with 'oci:\/\/'/);
    expect(() => cluster.addHelmChart('C', { source: HelmChartSource.fromAsset(__dirname) })).toThrow(/has no Chart.yaml/);
  });
});
