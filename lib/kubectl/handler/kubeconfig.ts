/** What the kubeconfig needs. */
export interface KubeconfigInput {
  readonly clusterName: string;
  readonly endpoint: string;
  readonly certificateAuthorityData: string;
  readonly token: string;
}

/** A kubeconfig (JSON, which kubectl and helm read like YAML) with a static bearer token. */
export function renderKubeconfig(input: KubeconfigInput): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: input.clusterName, cluster: { server: input.endpoint, 'certificate-authority-data': input.certificateAuthorityData } }],
    users: [{ name: 'kubectl-applier', user: { token: input.token } }],
    contexts: [{ name: 'applier', context: { cluster: input.clusterName, user: 'kubectl-applier' } }],
    'current-context': 'applier',
  }, undefined, 2);
}
