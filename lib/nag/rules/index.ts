export * from './ClusterApiAuthenticationMode';
export * from './ClusterNoCreatorAdmin';
export * from './ClusterPublicEndpointRestricted';
export * from './ClusterSecretsEncrypted';
export * from './NodegroupNoRemoteAccess';
