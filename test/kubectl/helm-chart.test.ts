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
      Release: 'ingress-nginx', Namespace: 'ingress', Chart: 'nginx', Repository: 'https://charts.example.com', Version: '4.11.3',
      Values: '{"controller":{"replicaCount":2}}', CreateNamespace: true, Wait: true, Atomic: true, TimeoutSeconds: 300,
    });
  });

  test('an OCI chart is passed as the chart reference without a repository', () => {
    template.hasResourceProperties('Custom::CdkEksKitHelmRelease', {
      Release: 'karpenter', Chart: 'oci://public.ecr.aws/karpenter/karpenter', Repository: Match.absent(), Atomic: false, Wait: false,
    });
  });

  test('a local chart is an S3 asset the handler may read', () => {
    template.hasResourceProperties('Custom::CdkEksKitHelmRelease', {
      Release: 'local', Chart: Match.absent(), CreateNamespace: false, TimeoutSeconds: 600,
      ChartAsset: { Bucket: Match.anyValue(), Key: Match.stringLikeRegexp('^[0-9a-f]{64}\\.zip$') },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('HandlerRole'),
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:GetObject' })]) },
    });
  });
});

describe('validation', () => {
  test("a timeout longer than the handler can wait fails and names the limit", () => {
    const { cluster } = clusterStack();
    expect(() => cluster.addHelmChart('Slow', { source: REPO, timeout: Duration.minutes(13) }))
      .toThrow(/'timeout' is 780 seconds, longer than the kubectl handler can wait \(720 seconds\)/);
    expect(() => cluster.addHelmChart('Ok', { source: REPO, timeout: Duration.minutes(12) })).not.toThrow();
  });

  test('a shorter handler timeout lowers the limit', () => {
    const { cluster } = clusterStack({ kubectlTimeout: Duration.minutes(5) });
    expect(() => cluster.addHelmChart('Slow', { source: REPO, timeout: Duration.minutes(5) })).toThrow(/can wait \(180 seconds\)/);
  });

  test('release names follow Helm rules; a token name is not checked', () => {
    const { stack, cluster } = clusterStack();
    expect(() => cluster.addHelmChart('Bad', { source: REPO, release: 'Bad_Name' })).toThrow(/'release' is 'Bad_Name'/);
    expect(() => cluster.addHelmChart('Long', { source: REPO, release: 'a'.repeat(54) })).toThrow(/at most 53/);
    expect(() => new HelmChart(stack, 'Token', { cluster, source: REPO, release: Lazy.string({ produce: () => 'x' }) })).not.toThrow();
  });

  test('token timeouts and sources are not validated', () => {
    const { stack, cluster } = clusterStack();
    const url = Lazy.string({ produce: () => 'oci://x' });
    expect(() => new HelmChart(stack, 'T1', { cluster, source: HelmChartSource.fromRepository(url, 'c'), timeout: Duration.seconds(Lazy.number({ produce: () => 9999 })) })).not.toThrow();
    expect(() => new HelmChart(stack, 'T2', { cluster, source: HelmChartSource.fromOci(Lazy.string({ produce: () => 'x' })) })).not.toThrow();
  });

  test('sources are checked: http(s) repositories, oci:// references, directories with Chart.yaml', () => {
    const { cluster } = clusterStack();
    expect(() => cluster.addHelmChart('A', { source: HelmChartSource.fromRepository('oci://x/y', 'y') })).toThrow(/use an http\(s\):\/\/ URL, or HelmChartSource.fromOci/);
    expect(() => cluster.addHelmChart('B', { source: HelmChartSource.fromOci('public.ecr.aws/x/y') })).toThrow(/must start with 'oci:\/\/'/);
    expect(() => cluster.addHelmChart('C', { source: HelmChartSource.fromAsset(__dirname) })).toThrow(/has no Chart.yaml/);
  });
});
