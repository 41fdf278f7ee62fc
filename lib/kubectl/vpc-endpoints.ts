import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * The AWS services (`s3`, `eks`, `sts`, ...) that have a VPC endpoint in `vpc`, found among
 * the `AWS::EC2::VPCEndpoint` resources of this app. Endpoints created outside the app are
 * not seen.
 */
export function findVpcEndpointServices(vpc: ec2.IVpc): Set<string> {
  const stack = Stack.of(vpc);
  const vpcId = JSON.stringify(stack.resolve(vpc.vpcId));
  const services = new Set<string>();
  for (const c of vpc.node.root.node.findAll()) {
    if (!(c instanceof ec2.CfnVPCEndpoint)) continue;
    if (JSON.stringify(Stack.of(c).resolve(c.vpcId)) !== vpcId) continue;
    const name = JSON.stringify(Stack.of(c).resolve(c.serviceName));
    // com.amazonaws.<region>.<service>, as a literal or an Fn::Join: the last '.<word>"' is the service.
    const matches = [...name.matchAll(/\.([a-z0-9-]+)\\?"/g)];
    if (matches.length > 0) services.add(matches[matches.length - 1][1]);
  }
  return services;
}
