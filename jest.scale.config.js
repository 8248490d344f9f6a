/**
 * Suites that need the production build (`npm test` runs them after `build`): two server instances
 * behind a real nginx, and the login route's JavaScript budget. SCALE_DIST picks another build.
 */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/scale/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  testTimeout: 120000,
  maxWorkers: 1,
};
