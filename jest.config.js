/** Server unit, integration (real PostgreSQL) and HTTP end-to-end (supertest) suites. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/server/**/*.spec.ts', '<rootDir>/test/http/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
