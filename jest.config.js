// CI=true (or 1) requires PostgreSQL for the contract tests, as test/helpers and .ci/run do.
const postgresRequired = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

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
  // `npm test` runs jest --coverage. V8's own counters need no instrumenting transform of the
  // code (what collecting costs: test/README.md).
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'lcov'],
  // Today's level, floored, so coverage can only rise: measured on 2026-12-04 over test/unit,
  // dialogs, integration, security and contract with PostgreSQL (96.64% statements and lines,
  // 89.08% branches, 96.49% functions in all; without the PostgreSQL adapters 96.95 / 89.46 /
  // 97.05; functions set at 96, as 97 would leave room for no new untested function at all).
  // Raise these when coverage rises; never lower them to let a change through.
  // The PostgreSQL adapters run only where a server answers: CI requires one (.ci/run starts it),
  // a laptop may have none (the contract tests then run on lowdb alone). So they have their own
  // threshold (92.49 / 83.0 / 90.51 measured), checked under CI, and stay out of the global one.
  coverageThreshold: {
    global: { statements: 96, branches: 89, functions: 96, lines: 96 },
    './src/adapters/persistence/postgres/': postgresRequired ? { statements: 92, branches: 83, functions: 90, lines: 92 } : {},
  },
};
