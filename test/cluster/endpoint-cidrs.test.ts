import { Template } from 'aws-cdk-lib/assertions';
import { EndpointAccess } from '../../lib';
import { clusterStack } from '../kubectl/fixtures';

function vpcConfig(endpointAccess?: EndpointAccess): any {
  const { stack } = clusterStack(endpointAccess ? { endpointAccess } : {});
  return Object.values(Template.fromStack(stack).findResources('AWS::EKS::Cluster'))[0].Properties.ResourcesVpcConfig;
}

test('a private endpoint sends PublicAccessCidrs as an empty list, so turning a public cluster private clears its old allow-list', () => {
  // CloudFormation keeps a property left out of the template as it was: only [] clears it.
  expect(vpcConfig()).toMatchObject({ EndpointPublicAccess: false, EndpointPrivateAccess: true, PublicAccessCidrs: [] });
  expect(vpcConfig(EndpointAccess.PRIVATE)).toMatchObject({ PublicAccessCidrs: [] });
});

test('a public endpoint sends its allow-list, or none when open to all', () => {
  expect(vpcConfig(EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom('203.0.113.0/24'))).toMatchObject({ PublicAccessCidrs: ['203.0.113.0/24'] });
  expect(vpcConfig(EndpointAccess.PUBLIC)).toEqual(expect.objectContaining({ EndpointPublicAccess: true }));
  expect(vpcConfig(EndpointAccess.PUBLIC).PublicAccessCidrs).toBeUndefined();
});
