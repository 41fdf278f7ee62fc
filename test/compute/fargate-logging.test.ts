import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FargateCluster, FargateLogDestination, FargateLogging, KubernetesVersion } from '../../lib';
import { configMapCharacters, renderSection, sectionProblems } from '../../lib/compute/fargate-logging-rules';
import { clusterStack } from '../kubectl/fixtures';
import { fixturePath } from '../validated-fixtures';
import { exampleTemplate, testApp } from '../validated-synth';

/** The manifest's objects, with references written as `<Logical>` / `<Logical.Attr>`. */
function objectsOf(template: Template): any[] {
  const manifests = Object.values(template.findResources('Custom::CdkEksKitManifest'))
    .filter((r: any) => JSON.stringify(r.Properties.Manifest).includes('aws-logging'));
  expect(manifests).toHaveLength(1);
  return JSON.parse(flatten(manifests[0].Properties.Manifest));
}

function flatten(value: any): string {
  if (typeof value === 'string') return value;
  if (value.Ref) return `<${value.Ref}>`;
  if (value['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
  if (value['Fn::Join']) return value['Fn::Join'][1].map(flatten).join(value['Fn::Join'][0]);
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

describe('FargateLogging', () => {
  test('a FargateCluster with logging: the namespace, a CloudWatch ConfigMap, a log group and the role policy (EKS User Guide example)', () => {
    // GIVEN
    const stack = new Stack(testApp(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
    // WHEN
    const fargate = new FargateCluster(stack, 'Fargate', { version: KubernetesVersion.V1_35, logging: {} });
    // THEN
    const template = Template.fromStack(stack);
    const [namespace, configMap] = objectsOf(template);
    expect(namespace).toMatchObject({ kind: 'Namespace', metadata: { name: 'aws-observability', labels: { 'aws-observability': 'enabled' } } });
    expect(configMap.metadata).toMatchObject({ name: 'aws-logging', namespace: 'aws-observability' });
    const logGroupId = stack.resolve((fargate.logging!.logGroup!.node.defaultChild as logs.CfnLogGroup).logicalId);
    expect(configMap.data).toEqual({
      'flb_log_cw': 'false',
      'output.conf': [
        '[OUTPUT]',
        '    Name              cloudwatch_logs',
        '    Match             kube.*',
        '    region            eu-west-1',
        `    log_group_name    <${logGroupId}>`,
        '    log_stream_prefix fargate-',
        '',
      ].join('\n'),
      'filters.conf': [
        '[FILTER]',
        '    Name     parser',
        '    Match    *',
        '    Key_name log',
        '    Parser   crio',
        '[FILTER]',
        '    Name                kubernetes',
        '    Match               kube.*',
        '    Merge_Log           On',
        '    Keep_Log            Off',
        '    Buffer_Size         0',
        '    Kube_Meta_Cache_TTL 300s',
        '',
      ].join('\n'),
      'parsers.conf': expect.stringContaining('(?<stream>stdout|stderr) (?<logtag>P|F) (?<log>.*)$'),
    });
    // The cluster's removal policy (the default, RETAIN_ON_UPDATE_OR_DELETE).
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 60 }, DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    // The default profile's role gets write access to that group only.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{
        Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
      }] },
      Roles: [stack.resolve((fargate.defaultProfile.podExecutionRole as iam.Role).roleName)],
    });
    // CoreDNS starts after the configuration (EKS applies it to new pods only).
    const coreDns = template.toJSON().Resources[stack.resolve((fargate.coreDns.node.defaultChild as any).logicalId)];
    const manifestId = stack.resolve((fargate.logging!.manifest.resource!.node.defaultChild as any).logicalId);
    expect(coreDns.DependsOn).toContain(manifestId);
  });

  test('passes the built-in validator, AwsSolutions and EksKit with no findings', () => {
    // The fixture 'FargateLogging' (test/validated-fixtures.ts): CloudWatch Logs, Kinesis and an
    // imported log group, with process logs; exampleTemplate() throws on any unacknowledged finding.
    expect(objectsOf(exampleTemplate(fixturePath('FargateLogging'))).map((o) => o.kind)).toEqual(['Namespace', 'ConfigMap']);
  });

  test('profiles added before or after, and roles passed in, all get the policy', () => {
    const { stack, cluster } = clusterStack();
    const before = cluster.addFargateProfile('Before', { selectors: [{ namespace: 'a' }] });
    const external = iam.Role.fromRoleArn(stack, 'External', 'arn:aws:iam::111122223333:role/other-pod-execution');
    const logging = new FargateLogging(stack, 'Logging', { cluster, podExecutionRoles: [external] });
    const after = cluster.addFargateProfile('After', { selectors: [{ namespace: 'b' }] });
    const template = Template.fromStack(stack);
    const policy = template.toJSON().Resources[stack.resolve((logging.policy.node.defaultChild as iam.CfnPolicy).logicalId)];
    expect(policy.Properties.Roles).toEqual([
      'other-pod-execution',
      stack.resolve((before.podExecutionRole as iam.Role).roleName),
      stack.resolve((after.podExecutionRole as iam.Role).roleName),
    ]);
  });

  test('process logs: flb_log_cw true and a <cluster>-fluent-bit-logs group with a week of retention', () => {
    const { stack, cluster } = clusterStack({ clusterName: 'shop' });
    cluster.addFargateProfile('P', { selectors: [{ namespace: 'a' }] });
    new FargateLogging(stack, 'Logging', { cluster, processLogs: true });
    const template = Template.fromStack(stack);
    expect(objectsOf(template)[1].data.flb_log_cw).toBe('true');
    template.hasResource('AWS::Logs::LogGroup', { Properties: { LogGroupName: 'shop-fluent-bit-logs', RetentionInDays: 7 }, DeletionPolicy: 'RetainExceptOnCreate' });
  });

  test('Kinesis and Firehose outputs carry their region and stream, with PutRecords / PutRecordBatch', () => {
    const { stack, cluster } = clusterStack();
    cluster.addFargateProfile('P', { selectors: [{ namespace: 'a' }] });
    const stream = kinesis.Stream.fromStreamArn(stack, 'Stream', 'arn:aws:kinesis:us-east-2:111122223333:stream/logs');
    const firehose = { deliveryStreamName: 'to-s3', deliveryStreamArn: 'arn:aws:firehose:us-east-2:111122223333:deliverystream/to-s3', env: { region: 'us-east-2' } } as any;
    new FargateLogging(stack, 'Logging', {
      cluster,
      destinations: [FargateLogDestination.kinesis(stream, { match: 'kube.var.log.containers.web*' }), FargateLogDestination.firehose(firehose)],
    });
    const template = Template.fromStack(stack);
    const output = objectsOf(template)[1].data['output.conf'];
    expect(output).toContain('Name   kinesis\n    Match  kube.var.log.containers.web*\n    region us-east-2\n    stream logs\n');
    expect(output).toContain('Name            kinesis_firehose\n    Match           kube.*\n    region          us-east-2\n    delivery_stream to-s3\n');
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [
        { Action: 'kinesis:PutRecords', Resource: 'arn:aws:kinesis:us-east-2:111122223333:stream/logs' },
        { Action: 'firehose:PutRecordBatch', Resource: 'arn:aws:firehose:us-east-2:111122223333:deliverystream/to-s3' },
      ] },
    });
  });

  test('an imported log group is used as is; its literal :* ARN is acknowledged for cdk-nag', () => {
    const { stack, cluster } = clusterStack();
    cluster.addFargateProfile('P', { selectors: [{ namespace: 'a' }] });
    const group = logs.LogGroup.fromLogGroupName(stack, 'Group', '/platform/fargate');
    new FargateLogging(stack, 'Logging', { cluster, destinations: [FargateLogDestination.cloudWatchLogs({ logGroup: group, logStreamPrefix: 'web-' })] });
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith('Logging'))).toEqual([]);
    expect(objectsOf(template)[1].data['output.conf']).toContain('log_group_name    /platform/fargate\n    log_stream_prefix web-');
  });

  test('user filters and parsers follow the defaults; the defaults can be turned off', () => {
    const { stack, cluster } = clusterStack();
    cluster.addFargateProfile('P', { selectors: [{ namespace: 'a' }] });
    new FargateLogging(stack, 'Logging', {
      cluster,
      parseContainerRuntimeFormat: false,
      kubernetesMetadata: false,
      filters: [{ name: 'grep', match: 'kube.*', properties: { Exclude: 'log healthz' } }],
      parsers: [{ name: 'json', format: 'json', properties: { Time_Key: 'time' } }],
    });
    const data = objectsOf(Template.fromStack(stack))[1].data;
    expect(data['filters.conf']).toBe('[FILTER]\n    Name    grep\n    Match   kube.*\n    Exclude log healthz\n');
    expect(data['parsers.conf']).toBe('[PARSER]\n    Name     json\n    Format   json\n    Time_Key time\n');
  });

  test.each([
    [{ destinations: [] }, /'destinations' is empty/],
    [{ filters: [{ name: 'lua', match: '*' }] }, /'filters\[0\].name' is 'lua'; the Fargate log router accepts the filters grep, parser/],
    [{ filters: [{ name: 'grep', match: '' }] }, /'filters\[0\].match' is required/],
    [{ filters: [{ name: 'kubernetes', match: 'kube.*', properties: { Kube_URL: 'https://x' } }] }, /'Kube_URL', which EKS Fargate sets itself/],
    [{ filters: [{ name: 'modify', match: '*', properties: { Add: 'env ${STAGE}' } }] }, /allows no environment variables/],
    [{ filters: [{ name: 'grep', match: '*', properties: { MATCH: 'x' } }] }, /sets 'MATCH', which 'filters\[0\].match' sets already/],
    [{ parsers: [{ name: 'crio', format: 'regex' }] }, /defines 'crio'/],
    [{ parsers: [{ name: 'p', format: 'json', properties: { Regex: 'a\nb' } }] }, /has a line break/],
  ])('refuses %j', (options, message) => {
    const { stack, cluster } = clusterStack();
    expect(() => new FargateLogging(stack, 'Logging', { cluster, ...(options as any) })).toThrow(message);
  });

  test('one per cluster, and at most 5300 characters', () => {
    const { stack, cluster } = clusterStack();
    cluster.addFargateProfile('P', { selectors: [{ namespace: 'a' }] });
    new FargateLogging(stack, 'Logging', { cluster });
    expect(() => new FargateLogging(stack, 'Again', { cluster })).toThrow(/\[FargateLoggingDuplicate\]/);
    const other = clusterStack();
    const filters = Array.from({ length: 60 }, (_, i) => ({ name: 'grep', match: 'kube.*', properties: { Exclude: `log noisy-message-${i}-xxxxxxxxxxxxxxxx` } }));
    expect(() => new FargateLogging(other.stack, 'Logging', { cluster: other.cluster, filters })).toThrow(/EKS accepts at most 5300\. .*\[FargateLoggingSize\]/);
  });

  test('near the limit with deploy-time values: a warning', () => {
    const { stack, cluster } = clusterStack();
    cluster.addFargateProfile('P', { selectors: [{ namespace: 'a' }] });
    const filters = Array.from({ length: 45 }, (_, i) => ({ name: 'grep', match: 'kube.*', properties: { Exclude: `log noisy-message-${i}-xxxxxxxxxxxxxxxx` } }));
    new FargateLogging(stack, 'Logging', { cluster, filters, destinations: [1, 2, 3].map(() => FargateLogDestination.cloudWatchLogs()) });
    Annotations.fromStack(stack).hasWarning('/S/Logging', Match.stringLikeRegexp('deploy-time values .* EKS accepts at most 5300'));
  });
});

describe('Fargate logging rules', () => {
  test('sections align values, keys indented more than directives', () => {
    expect(renderSection({ directive: 'OUTPUT', entries: [['Name', 'es'], ['Match', '*'], ['AWS_Region', 'eu-west-1']] }))
      .toBe('[OUTPUT]\n    Name       es\n    Match      *\n    AWS_Region eu-west-1');
  });

  test('keys are case-insensitive; filter names too', () => {
    expect(sectionProblems('filters[0]', 'FILTER', 'Grep', { match: '*' }, { Regex: 'log x' })).toEqual([]);
    expect(sectionProblems('filters[0]', 'FILTER', 'grep', { match: '*' }, { name: 'x' })).toEqual([expect.stringContaining("sets 'name'")]);
  });

  test('counts keys and values, tokens estimated', () => {
    expect(configMapCharacters({ a: 'bcd' })).toEqual({ literal: 4, estimate: 4 });
    const stack = new Stack();
    expect(configMapCharacters({ a: `x${stack.region}` })).toEqual({ literal: 2, estimate: 122 });
  });
});
