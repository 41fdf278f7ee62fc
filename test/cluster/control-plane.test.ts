import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  Cluster, ControlPlaneEgressMode, ControlPlaneScalingTier, KubernetesVersion, SchedulerScoringType,
} from '../../lib';
import { controlPlaneProblems, renderControlPlane, singleUnitDuration } from '../../lib/cluster/control-plane-config';
import { testApp } from '../validated-synth';

describe('control-plane options (pure)', () => {
  test('renders every option as the CloudFormation properties EKS documents', () => {
    expect(renderControlPlane({
      zonalShift: true,
      scalingTier: ControlPlaneScalingTier.TIER_XL,
      rollbackTimeout: Duration.hours(24),
      forceUpgrade: true,
      egressMode: ControlPlaneEgressMode.CUSTOMER_ROUTED,
      apiServer: { eventTtl: Duration.hours(2), serviceNodePortRange: { minPort: 30000, maxPort: 31000 } },
      scheduler: { scoringStrategy: SchedulerScoringType.MOST_ALLOCATED, resourceWeights: { cpu: 2, memory: 1 } },
      controllerManager: { terminatedPodGcThreshold: 500, horizontalPodAutoscalerSyncPeriod: Duration.seconds(30) },
    })).toEqual({
      zonalShiftConfig: { enabled: true },
      controlPlaneScalingConfig: { tier: 'tier-xl' },
      rollbackConfig: { timeoutMinutes: 1440 },
      force: true,
      controlPlaneEgressMode: 'CUSTOMER_ROUTED',
      kubeApiServerConfig: { eventTtl: '2h', serviceNodePortRange: { minPort: 30000, maxPort: 31000 } },
      kubeSchedulerConfig: { nodeResourcesFit: { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 2 }, { name: 'memory', weight: 1 }] } } },
      kubeControllerManagerConfig: {
        podGcControllerConfig: { terminatedPodGcThreshold: 500 },
        horizontalPodAutoscalerControllerConfig: { horizontalPodAutoscalerSyncPeriod: '30s' },
      },
    });
  });

  test('renders nothing for empty options', () => {
    expect(Object.values(renderControlPlane({})).filter((v) => v !== undefined)).toEqual([]);
  });

  test('durations go out in one unit', () => {
    expect(singleUnitDuration(Duration.hours(3))).toBe('3h');
    expect(singleUnitDuration(Duration.minutes(90))).toBe('90m');
    expect(singleUnitDuration(Duration.seconds(45))).toBe('45s');
    expect(singleUnitDuration(Duration.seconds(3600))).toBe('1h');
  });

  test('tiers and modes have of() for values newer than the library', () => {
    expect(ControlPlaneScalingTier.of('tier-16xl').value).toBe('tier-16xl');
    expect(ControlPlaneEgressMode.of('CUSTOMER_ISOLATED').value).toBe('CUSTOMER_ISOLATED');
    expect(ControlPlaneScalingTier.TIER_8XL.value).toBe('tier-8xl');
  });

  test.each([
    [{ rollbackTimeout: Duration.minutes(119) }, /rollbackTimeout' is 1 hour 59 minutes; EKS accepts whole minutes from 120/],
    [{ rollbackTimeout: Duration.days(8) }, /rollbackTimeout' is 8 days/],
    [{ rollbackTimeout: Duration.seconds(7230) }, /rollbackTimeout'/],
    [{ apiServer: { eventTtl: Duration.millis(500) } }, /apiServer.eventTtl' is 500 millis/],
    [{ apiServer: { serviceNodePortRange: { minPort: 32000, maxPort: 31000 } } }, /minPort 32000 above maxPort 31000/],
    [{ apiServer: { serviceNodePortRange: { minPort: 0, maxPort: 70000 } } }, /minPort' is 0.*maxPort' is 70000/],
    [{ scheduler: { scoringStrategy: SchedulerScoringType.LEAST_ALLOCATED, resourceWeights: { cpu: 0 } } }, /resourceWeights.cpu' is 0; EKS accepts whole numbers from 1 to 100/],
    [{ scheduler: { resourceWeights: { cpu: 1 } } }, /needs 'scoringStrategy'/],
    [{ controllerManager: { terminatedPodGcThreshold: -1 } }, /terminatedPodGcThreshold' is -1/],
    [{ controllerManager: { horizontalPodAutoscalerSyncPeriod: Duration.millis(100) } }, /horizontalPodAutoscalerSyncPeriod'/],
  ])('refuses %o', (options, message) => {
    expect(controlPlaneProblems(options, KubernetesVersion.V1_35).join('; ')).toMatch(message);
  });

  test('accepts the boundaries EKS documents', () => {
    expect(controlPlaneProblems({
      rollbackTimeout: Duration.minutes(120),
      apiServer: { serviceNodePortRange: { minPort: 30000, maxPort: 30000 } },
      scheduler: { scoringStrategy: SchedulerScoringType.MOST_ALLOCATED, resourceWeights: { cpu: 1, memory: 100 } },
      controllerManager: { terminatedPodGcThreshold: 0 },
    }, KubernetesVersion.V1_31)).toEqual([]);
    expect(controlPlaneProblems({ rollbackTimeout: Duration.days(7) })).toEqual([]);
  });

  test('component settings need Kubernetes 1.31', () => {
    expect(controlPlaneProblems({ apiServer: { eventTtl: Duration.hours(1) } }, KubernetesVersion.V1_30).join())
      .toMatch(/from Kubernetes 1.31; the cluster runs 1.30/);
  });

  test('tokens are never judged', () => {
    const n = Token.asNumber(Lazy.number({ produce: () => 1 }));
    expect(controlPlaneProblems({
      rollbackTimeout: Duration.minutes(n),
      apiServer: { eventTtl: Duration.seconds(n), serviceNodePortRange: { minPort: n, maxPort: n } },
      scheduler: { scoringStrategy: SchedulerScoringType.MOST_ALLOCATED, resourceWeights: { cpu: n } },
      controllerManager: { terminatedPodGcThreshold: n, horizontalPodAutoscalerSyncPeriod: Duration.seconds(n) },
    }, KubernetesVersion.V1_35)).toEqual([]);
    expect(singleUnitDuration(Duration.minutes(n))).toMatch(/^\$\{Token\[.*\]\}m$/);
  });

  test('a token duration in a unit EKS cannot take is refused with the fix', () => {
    const n = Token.asNumber(Lazy.number({ produce: () => 1 }));
    expect(controlPlaneProblems({ rollbackTimeout: Duration.hours(n) }).join()).toMatch(/rollbackTimeout' is a token in hours; give a token amount with Duration.minutes\(\)/);
  });
});

describe('a cluster with control-plane options', () => {
  test('sets them on AWS::EKS::Cluster', () => {
    // GIVEN / WHEN
    const stack = new Stack(testApp(), 'Test');
    new Cluster(stack, 'Cluster', {
      version: KubernetesVersion.V1_35,
      controlPlane: {
        zonalShift: true,
        scalingTier: ControlPlaneScalingTier.TIER_2XL,
        rollbackTimeout: Duration.hours(12),
        egressMode: ControlPlaneEgressMode.CUSTOMER_ROUTED,
        apiServer: { eventTtl: Duration.minutes(90) },
      },
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::Cluster', {
      ZonalShiftConfig: { Enabled: true },
      ControlPlaneScalingConfig: { Tier: 'tier-2xl' },
      RollbackConfig: { TimeoutMinutes: 720 },
      KubeApiServerConfig: { EventTtl: '90m' },
      ResourcesVpcConfig: Match.objectLike({ ControlPlaneEgressMode: 'CUSTOMER_ROUTED', EndpointPrivateAccess: true }),
      Force: Match.absent(),
    });
    // CUSTOMER_ROUTED: the cluster waits for the VPC's NAT routes (and outlives them on delete).
    const cluster = template.findResources('AWS::EKS::Cluster');
    const dependsOn: string[] = Object.values(cluster)[0].DependsOn;
    expect(dependsOn.some((id) => /VpcPrivateSubnet\dDefaultRoute/.test(id))).toBe(true);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('controlPlaneEgressNoRoute'));
  });

  test('warns when CUSTOMER_ROUTED control-plane subnets have no NAT route', () => {
    const stack = new Stack(testApp(), 'Test');
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, vpc, controlPlane: { egressMode: ControlPlaneEgressMode.CUSTOMER_ROUTED } });
    Annotations.fromStack(stack).hasWarning('/Test/Cluster', Match.stringLikeRegexp('CUSTOMER_ROUTED, but 2 control-plane subnet\\(s\\) are public or isolated'));
  });

  test('an invalid option is a synth error naming the prop', () => {
    const stack = new Stack(testApp(), 'Test');
    expect(() => new Cluster(stack, 'Cluster', { version: KubernetesVersion.V1_35, controlPlane: { rollbackTimeout: Duration.minutes(60) } }))
      .toThrow(/Test\/Cluster: 'controlPlane.rollbackTimeout' is 1 hour.*\[ClusterControlPlane\]/);
  });
});
