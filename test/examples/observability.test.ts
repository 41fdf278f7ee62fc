import { Match, Template } from 'aws-cdk-lib/assertions';
import { exampleTemplate } from '../validated-synth';

// GIVEN the example, synthesized once with the built-in validator (errors fatal) and AwsSolutions
let template: Template;
beforeAll(() => {
  template = exampleTemplate('Observability');
});

const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]] });

test('the example passes the CloudFormation validator and AwsSolutions and matches its snapshot', () => {
  expect(template.toJSON()).toMatchSnapshot();
});

test('Container Insights with container logs, its agent role holding the two CloudWatch/X-Ray policies', () => {
  template.hasResourceProperties('AWS::EKS::Addon', {
    AddonName: 'amazon-cloudwatch-observability',
    ConfigurationValues: '{"containerLogs":{"enabled":true}}',
    PodIdentityAssociations: [{ RoleArn: Match.anyValue(), ServiceAccount: 'cloudwatch-agent' }],
  });
  template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: [arn('CloudWatchAgentServerPolicy'), arn('AWSXrayWriteOnlyAccess')] });
});

test('the HPA targets the Deployment and is applied after the metrics server', () => {
  const [, api] = Object.entries(template.findResources('Custom::CdkEksKitManifest')).find(([, r]) => JSON.stringify(r.Properties).includes('HorizontalPodAutoscaler'))!;
  const objects = JSON.parse(api.Properties.Manifest);
  const hpa = objects.find((o: any) => o.kind === 'HorizontalPodAutoscaler');
  const deployment = objects.find((o: any) => o.kind === 'Deployment');
  expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
  // the HPA computes CPU utilization against the container's request, so there must be one
  expect(deployment.spec.template.spec.containers[0].resources.requests.cpu).toBe('100m');
  const metricsId = Object.keys(template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'metrics-server' } }))[0];
  expect(api.DependsOn).toContain(metricsId);
});
