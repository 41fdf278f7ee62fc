/** @type {import('jest').Config} */
module.exports = {
  // Two workers on a 2-core machine (jest's default leaves one core to itself and runs in band).
  maxWorkers: 2,
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only; `npm test` type-checks the whole project with `tsc --noEmit` first.
  transform: { '^.+\\.tsx?$': ['<rootDir>/test/ts-transform.js', { tsconfig: { isolatedModules: true } }] },
  setupFiles: ['<rootDir>/test/jest.setup.js'],
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean'],
  snapshotSerializers: ['<rootDir>/test/asset-hash-serializer.js'],
};
