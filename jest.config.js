/**
 * Two projects: `fast` (unit tests and the use cases' tests in memory, milliseconds each) and
 * `emulator` (everything that starts moto_server, the Zoom simulator, a browser or a server).
 * `npx jest` runs both; `--selectProjects fast` runs only the first.
 */
const shared = {
  testEnvironment: 'node',
  // tsconfig's isolatedModules makes ts-jest transpile only; `npm run build` does the type-check.
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};
const FAST = ['<rootDir>/test/unit/', '<rootDir>/test/fast/'];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'fast', roots: ['<rootDir>/test/unit', '<rootDir>/test/fast'], testMatch: ['**/*.test.ts'] },
    { ...shared, displayName: 'emulator', roots: ['<rootDir>/test'], testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', ...FAST] },
  ],
};
