/**
 * Jest: TypeScript through ts-jest (it emits the decorator metadata type-graphql reads).
 * PGlite and Prisma's WebAssembly schema engine are loaded with dynamic import() of ES modules,
 * which Jest supports only under `--experimental-vm-modules` (set by the test script).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  // The generated Prisma clients import their own files as `./x.js` (Node16 style); map to the .ts sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['reflect-metadata'],
  testTimeout: 120000,
};
