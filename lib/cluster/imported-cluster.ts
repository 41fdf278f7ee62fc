import { Resource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { KitValidationError } from '../errors';
import { AccessEntry } from './access-entry';
import { AccessPolicy } from './access-policy';
import { AuthenticationMode, ClusterAttributes, ICluster, IpFamily } from './cluster-types';
import { clusterNameProblem } from './cluster-validation';
import { ConfigMapMode } from './config-map-mode';
import { ClusterRemoval } from './removal';
import { EndpointAccess } from './endpoint-access';
import { KubernetesVersion } from './kubernetes-version';
import { principalArnOf } from './principal-arn';
import { cdk8sObjects } from '../kubectl/cdk8s';
import { HelmChart, HelmChartOptions } from '../kubectl/helm-chart';
import { IKubectlProvider, KubectlProvider } from '../kubectl/kubectl-provider';
import { KubernetesManifest, KubernetesManifestOptions } from '../kubectl/kubernetes-manifest';
import { checkProps } from '../validation/prop-check';
import { CLUSTER_ATTRIBUTES } from '../validation/prop-specs';

/**
 * A cluster that exists outside this app, described by its attributes.
 * Created through `Cluster.fromClusterAttributes`.
 */
export class ImportedCluster extends Resource implements ICluster {
  public readonly clusterName: string;
  public readonly clusterArn: string;
  public readonly version?: KubernetesVersion;
  public readonly endpointAccess?: EndpointAccess;
  public readonly serviceIpv4Cidr?: string;
  public readonly serviceIpv6Cidr?: string;
  public readonly ipFamily: IpFamily;
  public readonly authenticationMode?: AuthenticationMode;
  public readonly connections: ec2.Connections;
  private readonly attrs: ClusterAttributes;
  private _clusterSecurityGroup?: ec2.ISecurityGroup;

  constructor(scope: Construct, id: string, attrs: ClusterAttributes) {
    super(scope, id);
    checkProps(this, attrs, CLUSTER_ATTRIBUTES);
    const nameProblem = clusterNameProblem(attrs.clusterName);
    if (nameProblem) throw new KitValidationError(this, 'ClusterName', nameProblem);
    this.attrs = attrs;
    this.clusterName = attrs.clusterName;
    this.clusterArn = this.stack.formatArn({ service: 'eks', resource: 'cluster', resourceName: attrs.clusterName });
    this.version = attrs.version;
    this.endpointAccess = attrs.endpointAccess;
    this.serviceIpv4Cidr = attrs.serviceIpv4Cidr;
    this.serviceIpv6Cidr = attrs.serviceIpv6Cidr;
    this.ipFamily = attrs.ipFamily ?? IpFamily.IP_V4;
    this.authenticationMode = attrs.authenticationMode;
    if (attrs.removalPolicy !== undefined && !ClusterRemoval.isSupported(attrs.removalPolicy)) {
      throw new KitValidationError(this, 'ClusterRemovalPolicy', "'removalPolicy' is SNAPSHOT; use RETAIN_ON_UPDATE_OR_DELETE (the default), RETAIN or DESTROY.");
    }
    ClusterRemoval.setPolicy(this, attrs.removalPolicy ?? ClusterRemoval.DEFAULT_POLICY);
    ClusterRemoval.attach(this, this);
    this.connections = new ec2.Connections({
      securityGroups: attrs.clusterSecurityGroupId ? [this.clusterSecurityGroup] : [],
    });
  }

  public get clusterEndpoint(): string {
    return this.required(this.attrs.clusterEndpoint, 'clusterEndpoint');
  }

  public get clusterCertificateAuthorityData(): string {
    return this.required(this.attrs.clusterCertificateAuthorityData, 'clusterCertificateAuthorityData');
  }

  public get clusterSecurityGroupId(): string {
    return this.required(this.attrs.clusterSecurityGroupId, 'clusterSecurityGroupId');
  }

  public get clusterSecurityGroup(): ec2.ISecurityGroup {
    if (!this._clusterSecurityGroup) {
      this._clusterSecurityGroup = ec2.SecurityGroup.fromSecurityGroupId(this, 'ClusterSecurityGroup', this.clusterSecurityGroupId);
    }
    return this._clusterSecurityGroup;
  }

  public get vpc(): ec2.IVpc {
    return this.required(this.attrs.vpc, 'vpc');
  }

  public get openIdConnectProvider(): iam.IOidcProvider {
    return this.required(this.attrs.openIdConnectProvider, 'openIdConnectProvider');
  }

  public get clusterOpenIdConnectIssuerUrl(): string {
    if (this.attrs.clusterOpenIdConnectIssuerUrl) return this.attrs.clusterOpenIdConnectIssuerUrl;
    return `https://${this.required(this.attrs.openIdConnectProvider, 'openIdConnectProvider').oidcProviderIssuer}`;
  }

  public grantAccess(id: string, principal: iam.IPrincipal, accessPolicies: AccessPolicy[]): AccessEntry {
    return new AccessEntry(this, id, {
      cluster: this,
      principalArn: principalArnOf(this, 'principal', principal),
      accessPolicies,
    });
  }

  // kubectl
  private _kubectlProvider?: IKubectlProvider;

  public get kubectlProvider(): IKubectlProvider {
    if (!this._kubectlProvider) {
      const a = this.attrs;
      if (!a.kubectlProvider && a.authenticationMode === AuthenticationMode.CONFIG_MAP) {
        throw new KitValidationError(this, 'ImportedClusterConfigMapApplier', ConfigMapMode.importedApplierProblem());
      }
      this._kubectlProvider = a.kubectlProvider ?? new KubectlProvider(this, 'KubectlProvider', {
        cluster: this, kubectlLayer: a.kubectlLayer, kubectlVersion: a.kubectlVersion, kubectlMemory: a.kubectlMemory, kubectlTimeout: a.kubectlTimeout,
        kubectlSubnets: a.kubectlSubnets, kubectlSecurityGroups: a.kubectlSecurityGroups,
      });
    }
    return this._kubectlProvider;
  }

  public addManifest(id: string, ...manifest: Record<string, any>[]): KubernetesManifest {
    return new KubernetesManifest(this, id, { cluster: this, manifest });
  }

  public addHelmChart(id: string, options: HelmChartOptions): HelmChart {
    return new HelmChart(this, id, { cluster: this, ...options });
  }

  public addCdk8sChart(id: string, chart: Construct, options: KubernetesManifestOptions = {}): KubernetesManifest {
    return new KubernetesManifest(this, id, { cluster: this, manifest: cdk8sObjects(this, chart), ...options });
  }

  private required<T>(value: T | undefined, attribute: string): T {
    if (value === undefined) {
      throw new KitValidationError(this, 'ImportedClusterAttribute',
        `this imported cluster was not given '${attribute}', which is needed here; pass it to Cluster.fromClusterAttributes().`);
    }
    return value;
  }
}
