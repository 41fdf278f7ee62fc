import { Token } from 'aws-cdk-lib';

/** Properties of an EBS gp3 StorageClass. */
export interface EbsGp3StorageClassProps {
  /**
   * StorageClass name.
   * @default 'gp3'
   */
  readonly name?: string;
  /**
   * Whether PVCs without a `storageClassName` use it.
   * @default true
   */
  readonly isDefault?: boolean;
  /**
   * KMS key ID or ARN for the volumes.
   * @default - the account's default EBS key (`aws/ebs`); volumes are encrypted either way
   */
  readonly kmsKeyId?: string;
  /**
   * Whether PVCs may grow.
   * @default true
   */
  readonly allowVolumeExpansion?: boolean;
}

/** Properties of an EFS StorageClass (dynamic provisioning with access points). */
export interface EfsStorageClassProps {
  /** The EFS file system ID. */
  readonly fileSystemId: string;
  /**
   * StorageClass name.
   * @default 'efs'
   */
  readonly name?: string;
  /**
   * POSIX permissions of each volume's directory.
   * @default '700'
   */
  readonly directoryPerms?: string;
  /**
   * Mount with IAM authorization and TLS (`mountOptions: [tls, iam]`): the EFS mount helper
   * on the node then authenticates with the node's IAM role, which a file system policy that
   * denies anonymous access requires (the `@aws-cdk/aws-efs:denyAnonymousAccess` default).
   * File systems without a policy accept IAM clients too.
   * @default true
   * @see https://docs.aws.amazon.com/efs/latest/ug/mounting-IAM-option.html
   */
  readonly iamAuthorization?: boolean;
}

/**
 * StorageClass objects for the EBS and EFS CSI drivers (plain Kubernetes objects, ready for
 * the applier).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/efs-csi.html
 */
export class StorageClasses {
  /** An encrypted gp3 EBS StorageClass, bound when the first pod is scheduled (volume in the pod's zone). */
  public static ebsGp3(props: EbsGp3StorageClassProps = {}): { [key: string]: any } {
    const parameters: { [key: string]: string } = { type: 'gp3', encrypted: 'true' };
    if (props.kmsKeyId !== undefined) parameters.kmsKeyId = props.kmsKeyId;
    return {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: props.name ?? 'gp3',
        annotations: { 'storageclass.kubernetes.io/is-default-class': String(props.isDefault ?? true) },
      },
      provisioner: 'ebs.csi.aws.com',
      parameters,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: props.allowVolumeExpansion ?? true,
    };
  }

  /** An EFS StorageClass that creates one access point (and directory) per volume. */
  public static efs(props: EfsStorageClassProps): { [key: string]: any } {
    return {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: props.name ?? 'efs' },
      provisioner: 'efs.csi.aws.com',
      parameters: { provisioningMode: 'efs-ap', fileSystemId: props.fileSystemId, directoryPerms: props.directoryPerms ?? '700' },
      // The mount helper's 'iam' option needs 'tls'; without 'iam' the driver mounts anonymously and
      // a file system policy without anonymous ClientMount refuses it (aws-efs-csi-driver#280).
      ...(props.iamAuthorization ?? true ? { mountOptions: ['tls', 'iam'] } : {}),
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    };
  }

  /** Problems with EFS StorageClass props, one sentence each (tokens are not checked). */
  public static efsProblems(props: EfsStorageClassProps): string[] {
    const problems: string[] = [];
    if (!Token.isUnresolved(props.fileSystemId) && !/^fs-[0-9a-f]{8,40}$/.test(props.fileSystemId)) {
      problems.push(`'fileSystemId' is "${props.fileSystemId}"; an EFS file system ID looks like "fs-0123456789abcdef0"`);
    }
    if (props.directoryPerms !== undefined && !Token.isUnresolved(props.directoryPerms) && !/^[0-7]{3,4}$/.test(props.directoryPerms)) {
      problems.push(`'directoryPerms' is "${props.directoryPerms}"; use octal permissions such as "700"`);
    }
    return problems;
  }

  private constructor() {}
}
