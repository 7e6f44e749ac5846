/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The fault-injection run (minutes, spawns the built bot) has its own script: npm run test:faults.
  // The multi-instance run (built processes on PostgreSQL) too: npm run test:multi-instance (.ci/run).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/', '<rootDir>/test/multi-instance/'],
  // lowdb and steno are ESM-only; ts-jest turns them into CommonJS for the test runtime (see docs/adr/0001).
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, diagnostics: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno|jose)/)'],
  testTimeout: 30000,
  collectCoverageFrom: ['src/**/*.ts', 'dialogs/**/*.ts', 'cards/**/*.ts', '!src/tab/**', '!src/webchat/**'],
};
