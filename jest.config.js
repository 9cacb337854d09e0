// ESM + ts-jest: Jest runs with --experimental-vm-modules (the `jest` npm script). Type errors are caught by `tsc` in
// `npm test`, so ts-jest only transpiles (isolatedModules) — several times faster.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/relay'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 30000,
};
