import * as iam from 'aws-cdk-lib/aws-iam';
import { ALB_CONTROLLER_IAM_POLICY_V2_13_3 } from './alb-controller-iam-policy';

/**
 * A release of the AWS Load Balancer Controller: the controller version, the Helm chart
 * version that installs it, and the IAM policy that release needs — always as one pair, so
 * the policy never lags the chart (a lagging policy shows up as 403s such as
 * `elasticloadbalancing:AddTags`).
 *
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/
 */
export class AwsLoadBalancerControllerVersion {
  /** Controller v2.13.3, Helm chart `eks/aws-load-balancer-controller` 1.13.3. */
  public static readonly V2_13_3 = new AwsLoadBalancerControllerVersion('v2.13.3', '1.13.3', ALB_CONTROLLER_IAM_POLICY_V2_13_3);

  /** The controller (image) version, e.g. `v2.13.3`. */
  public readonly controllerVersion: string;
  /** The Helm chart version of `https://aws.github.io/eks-charts` `aws-load-balancer-controller`. */
  public readonly chartVersion: string;
  /** The IAM policy document of this release, as published with it (`arn:aws:` partition). */
  public readonly policyJson: { [key: string]: any };

  private constructor(controllerVersion: string, chartVersion: string, policyJson: { [key: string]: any }) {
    this.controllerVersion = controllerVersion;
    this.chartVersion = chartVersion;
    this.policyJson = policyJson;
  }

  /**
   * The policy of this release as a policy document, with ARNs in the given partition.
   *
   * @param partition the partition of the stack, e.g. `Aws.PARTITION`
   */
  public policyDocument(partition: string): iam.PolicyDocument {
    const text = JSON.stringify(this.policyJson).split('"arn:aws:').join(`"arn:${partition}:`);
    return iam.PolicyDocument.fromJson(JSON.parse(text));
  }
}
