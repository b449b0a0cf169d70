// One Jest run for the whole monorepo: libs are imported from source, so no build is needed for unit tests.
const swc = ['@swc/jest', {
  jsc: { parser: { syntax: 'typescript', decorators: true },
         transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2023' },
  module: { type: 'es6' },
}];
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  testTimeout: 60000,
  roots: ['<rootDir>/libs', '<rootDir>/apps'],
  testMatch: ['**/src/**/*.spec.ts', '**/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper: {
    '^@muon/([^/]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': swc },
  globalSetup: '<rootDir>/libs/embedded/test/global-setup.js',
  globalTeardown: '<rootDir>/libs/embedded/test/global-teardown.js',
};
