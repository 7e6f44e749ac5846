/**
 * The layer arrows (docs/adr/0002-botbuilder-boundary.md). `npm test` runs this first.
 * botbuilder is frozen by Microsoft: it may only be imported from src/adapters/ and dialogs/,
 * so a move to the Microsoft 365 Agents SDK is an adapter change.
 */
const FRAMEWORKS = '^(botbuilder|botbuilder-core|botbuilder-dialogs|botframework-[a-z-]+|restify|lowdb|steno|node-cron|@microsoft/|pino|i18next|adaptivecards-templating|nodemailer)';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain is plain TypeScript: no frameworks, no I/O, no other layers.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^node_modules/zod/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'domain-no-node-io',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'application-uses-ports-only',
      comment: 'Use cases see the domain and ports, never adapters or frameworks.',
      severity: 'error',
      from: { path: '^src/application/' },
      to: { path: ['^src/adapters/', '^dialogs/', '^cards/', FRAMEWORKS.replace('^(', '^node_modules/(') ] },
    },
    {
      name: 'ports-are-interfaces',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: ['^src/adapters/', '^src/application/', '^dialogs/', '^node_modules/'] },
    },
    {
      name: 'botbuilder-stays-at-the-edge',
      comment: 'botbuilder only in src/adapters/ and dialogs/ (and the composition root: src/main.ts and src/compose/).',
      severity: 'error',
      from: { pathNot: ['^src/adapters/', '^dialogs/', '^src/main\\.ts$', '^src/compose/', '^src/app\\.ts$'] },
      to: { path: '^node_modules/(botbuilder|botbuilder-core|botbuilder-dialogs|botframework-connector|botframework-schema)/' },
    },
    {
      // src/compose/ is the composition root split by feature (main.ts calls it): it may import every
      // layer, adapters, application, dialogs, so nothing but main.ts may import it, or a layer would
      // pull the whole app in through it.
      name: 'only-main-composes',
      comment: 'src/compose/ is imported by src/main.ts only (tests excepted).',
      severity: 'error',
      from: { pathNot: ['^src/main\\.ts$', '^src/compose/'] },
      to: { path: '^src/compose/' },
    },
    {
      name: 'cards-render-only',
      comment: 'cards/ turns view models into Adaptive Cards and text: no adapters, dialogs or frameworks.',
      severity: 'error',
      from: { path: '^cards/' },
      to: { path: ['^src/adapters/', '^dialogs/', '^src/main\\.ts$', '^node_modules/(botbuilder|botbuilder-core|botbuilder-dialogs|restify|lowdb|node-cron|nodemailer|pino)/'] },
    },
    {
      name: 'cards-features-apart',
      comment: 'cards/ is cut by feature (guide, signals, circles); what two features share lives in cards/ itself.',
      severity: 'error',
      from: { path: '^cards/(guide|signals|circles)/' },
      to: { path: '^cards/(guide|signals|circles)/', pathNot: '^cards/$1/' },
    },
    {
      name: 'dialogs-call-use-cases',
      comment: 'Dialogs collect and validate, then call a use case through its port; they never reach into adapters.',
      severity: 'error',
      from: { path: '^dialogs/' },
      to: { path: ['^src/adapters/', '^src/main\\.ts$'] },
    },
    {
      name: 'tab-is-browser-code',
      comment: 'src/tab/ runs in the browser inside Teams: it shares only the pure domain and the locale files.',
      severity: 'error',
      from: { path: '^src/tab/' },
      to: { path: '^src/(?!tab/|i18n/|domain/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-the-tab',
      severity: 'error',
      from: { pathNot: '^src/tab/' },
      to: { path: '^src/tab/' },
    },
    {
      name: 'no-orphans',
      comment: 'A module nobody imports is dead code (entry points excepted).',
      severity: 'error',
      from: { orphan: true, pathNot: ['^src/main\\.ts$', '^src/tab/main\\.ts$', '^src/tab/config\\.ts$', '\\.d\\.ts$', '^scripts/'] },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^test/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
