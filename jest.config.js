/** Server unit, integration (real PostgreSQL) and HTTP end-to-end (supertest) suites. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/server/**/*.spec.ts', '<rootDir>/test/http/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  // Generous: the suites must pass beside other jobs on a machine of two cores (a test that
  // hangs still fails, later). Suites that do much more set their own.
  testTimeout: 120_000,
  maxWorkers: 2,
};
