/** The operating system of self-managed nodes, which decides AMI and user data format. */
export enum NodeAmiFamily {
  /** Amazon Linux 2023 (EKS optimized); bootstrapped by nodeadm from a MIME `NodeConfig`. */
  AL2023 = 'AL2023',
  /** Bottlerocket (EKS variant); configured by TOML settings. */
  BOTTLEROCKET = 'BOTTLEROCKET',
}
