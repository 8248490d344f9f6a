/** Server unit, integration (real PostgreSQL) and HTTP end-to-end (supertest) suites. */
module.exports = {
  rootDir: '.',
  // Jest's `node` environment; see the file for what it adds.
  testEnvironment: '<rootDir>/test/support/jest-node-environment.cjs',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/server/**/*.spec.ts', '<rootDir>/test/http/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  // Generous: the suites must pass beside other jobs on a machine of two cores (a test that
  // hangs still fails, later). Suites that do much more set their own.
  testTimeout: 120_000,
  maxWorkers: 2,
  // Every test file leaves its `vm` context in the worker's heap (see jest-node-environment.cjs):
  // a worker past this much heap after a file is replaced by a fresh one, so that no worker grows
  // to gigabytes over the ~80 files and collections stay short.
  workerIdleMemoryLimit: '512MB',
};
