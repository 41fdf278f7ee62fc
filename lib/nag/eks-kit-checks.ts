import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import * as rules from './rules';

/**
 * A cdk-nag rule pack for EKS, for clusters built with this library or any other
 * (it checks the native `AWS::EKS::*` resources):
 * `Validations.of(app).addPlugins(new EksKitChecks(app))`.
 * Rule ids are `EksKit-<RuleName>`.
 */
export class EksKitChecks extends NagPack {
  public readonly name = 'EksKit';

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'EksKit';
  }

  protected checkResource(node: CfnResource): void {
    this.applyRule({
      info: 'The EKS cluster does not encrypt Kubernetes Secrets with a KMS key.',
      explanation: 'Envelope encryption with a customer-managed key limits who can read Secrets from etcd backups and lets you revoke access.',
      level: NagMessageLevel.ERROR, rule: rules.ClusterSecretsEncrypted, node,
    });
    this.applyRule({
      info: 'The EKS cluster accepts the aws-auth ConfigMap for authentication.',
      explanation: 'With authentication mode API, access is managed by EKS access entries that CloudFormation owns; the ConfigMap can be overwritten and lock users or nodes out.',
      level: NagMessageLevel.WARN, rule: rules.ClusterApiAuthenticationMode, node,
    });
    this.applyRule({
      info: 'The EKS cluster makes the identity that created it cluster admin.',
      explanation: 'The creator (often the CloudFormation deploy role) then holds hidden, permanent cluster-admin rights; name admins with access entries instead.',
      level: NagMessageLevel.ERROR, rule: rules.ClusterNoCreatorAdmin, node,
    });
    this.applyRule({
      info: 'The EKS cluster API endpoint is public without a CIDR allow-list.',
      explanation: 'Turn the public endpoint off, or restrict it to the networks that need it.',
      level: NagMessageLevel.ERROR, rule: rules.ClusterPublicEndpointRestricted, node,
    });
    this.applyRule({
      info: 'The EKS managed node group allows SSH remote access.',
      explanation: 'Use SSM Session Manager (AmazonSSMManagedInstanceCore on the node role) instead of opening SSH to nodes.',
      level: NagMessageLevel.ERROR, rule: rules.NodegroupNoRemoteAccess, node,
    });
  }
}
