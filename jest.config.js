/**
 * Three tiers: unit specs beside the code (`*.spec.ts`, collaborators stubbed), integration specs beside the code
 * (`*.int-spec.ts`, real PostgreSQL and Kafka), end-to-end specs under test/ (the whole system in processes), and
 * fault specs under test/faults/ (the whole system while parts of it fail).
 * The real parts are started once for the run by test/support/global-setup.ts.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

/**
 * ESM-only packages that jest (CommonJS) must transform to load: openid-client v6 (the console's sign-in) and the
 * packages it imports, and feed (the status page's Atom and RSS). Node itself `require`s them as they are (require(esm), Node ≥ 20.19); jest's module loader does
 * not. Only these are transformed (once, then cached): everything else in node_modules stays untouched.
 */
const ESM_PACKAGES = ['openid-client', 'oauth4webapi', 'jose', 'feed'];
const esmToCommonJs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': swc,
    [`/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: esmToCommonJs,
  },
  // Left untransformed: any path with a node_modules followed by something else than ESM_PACKAGES (so a jose nested
  // under another package, e.g. oidc-provider's, is left alone too).
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper: { '^@prespond/([a-z-]+)(/.*)?$': '<rootDir>/libs/$1/src$2' },
};

module.exports = {
  transform: common.transform,
  // Integration and end-to-end specs start real brokers and services; unit specs finish in milliseconds anyway.
  testTimeout: 300_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'] },
  ],
};
