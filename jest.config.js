/**
 * Jest: TypeScript through ts-jest (it emits the decorator metadata type-graphql reads).
 * PGlite and Prisma's WebAssembly schema engine are loaded with dynamic import() of ES modules,
 * which Jest supports only under `--experimental-vm-modules` (set by the test scripts).
 *
 * Two tiers, run together by `npm test` on three workers or more:
 * - `unit` (test/**\/*.test.ts): everything in-process (subgraphs, whole hubs on free ports);
 * - `e2e` (test/**\/*.e2e.ts): suites that spawn `node dist/…` processes; each awaits
 *   `ensureBuilt()` (test/support/processes.ts), which compiles dist/ once per run.
 * The worker processes share migrated database templates and the build through a run folder
 * (test/support/global-setup.ts, run.ts, templates.ts).
 */
const os = require('node:os');

const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  // The generated Prisma clients import their own files as `./x.js` (Node16 style); map to the .ts sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.test.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['**/*.e2e.ts'] },
  ],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  // At least three workers, also on a 2-core machine (Jest's default there is one, i.e. in band):
  // much of a suite's time is spent waiting on child processes, sockets, timers and PostgreSQL, and
  // a third worker keeps both cores busy meanwhile.
  maxWorkers: Math.max(3, (os.availableParallelism?.() ?? os.cpus().length) - 1),
};
