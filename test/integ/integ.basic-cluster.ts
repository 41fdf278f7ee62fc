// Deploys examples/basic-cluster.ts, checks the live cluster with DescribeCluster and
// ListAccessEntries, and destroys it. Run: see README "Integration tests".
import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { BasicClusterStack } from '../../examples/basic-cluster';
import { CLUSTER_TEST_OPTIONS, runIfMain, settle } from './integ-app';

export function build(app: App): IntegTest {
  const stack = new BasicClusterStack(app, 'IntegBasicCluster');
  const integ = new IntegTest(app, 'BasicCluster', { testCases: [stack], ...CLUSTER_TEST_OPTIONS });

  // The control plane as the library configured it.
  settle(integ.assertions.awsApiCall('EKS', 'describeCluster', { name: stack.cluster.clusterName }))
    .expect(ExpectedResult.objectLike({
      cluster: {
        status: 'ACTIVE',
        version: '1.35',
        resourcesVpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true },
        accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
        encryptionConfig: [{ resources: ['secrets'] }],
        logging: { clusterLogging: Match.arrayWith([Match.objectLike({ enabled: true })]) },
        kubernetesNetworkConfig: { ipFamily: 'ipv4', serviceIpv4Cidr: '172.20.0.0/16' },
        deletionProtection: false,
      },
    }));

  // The admin role has its access entry (and the deployer none).
  const admin = stack.node.findChild('ClusterAdmin') as iam.Role;
  integ.assertions.awsApiCall('EKS', 'listAccessEntries', { clusterName: stack.cluster.clusterName })
    .expect(ExpectedResult.objectLike({ accessEntries: Match.arrayWith([admin.roleArn]) }));
  return integ;
}

runIfMain(module, build);
