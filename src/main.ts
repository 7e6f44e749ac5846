import fs from 'node:fs';
import path from 'node:path';
import type pino from 'pino';
import { type ConversationReference, ConversationState, UserState } from 'botbuilder';
import { type Config, ConfigError, loadConfig } from './config/config';
import { createLogger } from './adapters/logging/pino-logger';
import { createTranslations } from './i18n/i18n';
import { createCloudAdapter, routeConsoleToLogger } from './adapters/botframework/cloud-adapter';
import { SignaalBot } from './adapters/botframework/signaal-bot';
import { createHttpServer } from './adapters/http/server';
import { startPlayground, type Playground } from './adapters/dev/playground';
import { createDevTokenIssuer, DEV_TAB_AUDIENCE, registerDevTab } from './adapters/dev/tab-dev';
import { seedDevTabDemo } from './adapters/dev/tab-demo';
import { listenLine } from './adapters/dev/listen-line';
import { prettyLines } from './adapters/logging/pretty-lines';
import { RootDialog } from '../dialogs/root.dialog';
import { OBSERVATION_PROPERTY, PROFILE_PROPERTY, type Observation, type UserProfile } from '../dialogs/user-profile';
import type { Logger } from './ports/logger';
import { type Clock, systemClock } from './ports/clock';
import { loadSignaalpuntenConfig } from './config/signaalpunten';
import { AesGcmCipher, loadEncryptionKey } from './adapters/crypto/aes-gcm-cipher';
import { EncryptedStorage } from './adapters/persistence/encrypted-storage';
import { repairAuditTrail } from './application/audit-repair';
import { PdokLookup } from './adapters/lookup/pdok-lookup';
import { WebhookDelivery } from './adapters/delivery/webhook-delivery';
import { MailDelivery } from './adapters/delivery/mail-delivery';
import { ChatDirectory } from './adapters/botframework/chat-directory';
import { CircleNotSentNotifier } from './application/circles/not-sent';
import { ProactiveSender } from './adapters/botframework/proactive-sender';
import { TeamsDelivery } from './adapters/botframework/teams-delivery';
import { TeamChannel } from './adapters/botframework/team-channel';
import { RosterSync } from './adapters/botframework/roster-sync';
import { registerTabApi } from './adapters/http/tab-api';
import { registerTabPages } from './adapters/http/tab-static';
import { projectRoot } from './config/config';
import { ReportSignal } from './application/report-signal';
import { SignalActions } from './application/signal-actions';
import { LinkChannel } from './application/link-channel';
import { SignalMaintenance } from './application/signal-maintenance';
import { OutboxWorker } from './application/outbox-worker';
import { outboxReadiness } from './application/outbox-readiness';
import { translatorOf } from '../dialogs/turn-context';
import { CircleRelay } from './application/circles/circle-messages';
import { CircleScheduler } from './application/circles/circle-scheduler';
import { Circles } from './application/circles/circles';
import { hmacCodeHasher } from './adapters/crypto/code-hmac';
import { CircleNoticeBuilder } from './application/circles/notice-builder';
import { CircleDelivery } from './adapters/botframework/circle-delivery';
import { type CronTicker, startCronTicker } from './adapters/scheduler/cron-ticker';
import { registerWebChat } from './adapters/http/chat-setup';
import { openStores, type Stores } from './adapters/persistence/open-stores';
import type { SignalRepository } from './ports/signals';
import type { Outbox } from './ports/outbox';
import { type Attributes, noopTelemetry, type Telemetry } from './ports/telemetry';

/** How often every linked team's roster is read again from the connector. */
const ROSTER_REFRESH_MS = 24 * 60 * 60_000;

export interface AppOptions {
  /** Where log lines go (tests capture them); default stdout. */
  logDestination?: pino.DestinationStream;
  /** A fixed or fake clock for tests; default the system clock. */
  clock?: Clock;
  /** Extra environment for webhook secrets (tests); default process.env. */
  secrets?: Record<string, string | undefined>;
  /** Tests: local OpenID metadata documents for inbound Bot Framework tokens. */
  openIdMetadata?: { channel: string; emulator: string };
  /** Traces and metrics (tests: an in-memory exporter); default Azure Monitor when configured, else off. */
  telemetry?: Telemetry;
}

export interface App {
  port: number;
  url: string;
  logger: Logger;
  /** The signal side, for operators' tools and tests. */
  signals: {
    store: { signals: SignalRepository; outbox: Outbox };
    links: LinkChannel;
    worker: OutboxWorker;
    maintenance: SignalMaintenance;
    report: ReportSignal;
  };
  /** Call circles, for operators' tools, tests and the benchmark. */
  circles: {
    store: Stores['circles'];
    circles: Circles;
    scheduler: CircleScheduler;
  };
  /** Team rosters (tab and card membership): refreshed daily from the connector; tests call it directly. */
  rosters: { refresh(): Promise<void> };
  /** The web chat page's local Direct Line stand-in port (development and tests), when it runs. */
  chatLocalDirectLinePort?: number;
  /** Stop taking requests, finish turns in flight, flush storage. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The composition root: builds everything and passes it by constructor. Nothing happens at
 * import time, so tests start the real app on port 0 with a temp data folder.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  // Development in a terminal prints readable lines (issue 14); production, pipes and tests keep JSON.
  const pretty = config.env === 'development' && process.stdout.isTTY === true;
  const logger = createLogger(config.logLevel, options.logDestination ?? (pretty ? prettyLines(process.stdout) : undefined));
  if (config.bot.authDisabled) {
    logger.error(
      { code: 'AUTH_DISABLED', env: config.env, host: config.host },
      'no bot credentials set: inbound activities are NOT authenticated (development only, loopback only)',
    );
  }
  const restoreConsole = routeConsoleToLogger(logger);
  const translations = createTranslations();
  const clock = options.clock ?? systemClock;
  const telemetry =
    options.telemetry ??
    (config.telemetry ? (await import('./adapters/telemetry/azure-monitor.js')).startAzureMonitorTelemetry(config.telemetry.connectionString) : noopTelemetry);
  const secrets = options.secrets ?? process.env;
  const signaalpunten = loadSignaalpuntenConfig(config.signals.signaalpuntenFile);
  const spConfig = () => signaalpunten;
  const key = await loadEncryptionKey({ keyBase64: config.signals.encryptionKey, env: config.env, dataDir: config.dataDir, logger });
  const previousKeys = await Promise.all(
    config.signals.previousKeys.map((k) => loadEncryptionKey({ keyBase64: k, env: config.env, dataDir: config.dataDir, logger })),
  );
  const cipher = new AesGcmCipher(key, previousKeys);
  const stores = await openStores(config, cipher, logger, {
    hashId: hmacCodeHasher(key, 'roster-member'),
    ttlMs: config.signals.rosterTtlDays * 86_400_000,
    now: () => clock.now(),
  });
  const storage = new EncryptedStorage(stores.storage, cipher, clock);
  const signalStore = { signals: stores.signals, outbox: stores.outbox };
  const linkStore = stores.links;
  const audit = stores.audit;
  // A kill between a change and its audit line: the line is written now, from the change's record.
  await repairAuditTrail({ signals: signalStore.signals, links: linkStore, audit, logger });
  const chats = new ChatDirectory(storage);
  const roster = stores.roster;
  const rosterSync = new RosterSync(roster, logger);
  const circleStore = stores.circles;

  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const adapter = createCloudAdapter({
    bot: config.bot,
    logger,
    translations,
    defaultLocale: config.defaultLocale,
    sources: config.edge,
    openIdMetadata: options.openIdMetadata,
  });

  // The worker is made first so the use cases can wake it; its handlers are set just below.
  const handlers: ConstructorParameters<typeof OutboxWorker>[0]['handlers'] = {};
  let links: LinkChannel | undefined;
  const worker = new OutboxWorker({
    outbox: signalStore.outbox,
    handlers,
    clock,
    logger,
    pollMs: config.signals.outboxPollMs,
    telemetry,
    onLinkBroken: (signaalpuntId, code) => links!.markBroken(signaalpuntId, code),
    onUndeliverable: (message) => notSent.undeliverable(message),
  });
  const wake = () => worker.wake();
  const notSent = new CircleNotSentNotifier({ store: circleStore, outbox: signalStore.outbox, clock, logger });
  links = new LinkChannel({ links: linkStore, outbox: signalStore.outbox, audit, clock, logger, config: spConfig, hashCode: hmacCodeHasher(key, 'link-code'), onQueued: wake });
  const sender = new ProactiveSender({ adapter, appId: config.bot.appId ?? '' });
  const teams = new TeamsDelivery({
    sender,
    links: linkStore,
    signals: signalStore.signals,
    outbox: signalStore.outbox,
    chats,
    translations,
    teamLocale: config.defaultLocale,
    config: spConfig,
    logger,
  });
  Object.assign(handlers, teams.handlers());
  const secretFor = (id: string) => {
    const target = signaalpunten.signaalpunten.find((s) => s.id === id)?.targets.find((t) => t.kind === 'webhook');
    return target?.kind === 'webhook' ? secrets[target.secretEnv] : undefined;
  };
  handlers.webhook = new WebhookDelivery({ signals: signalStore.signals, secretFor, logger, timeoutMs: config.signals.webhookTimeoutMs, clock });
  if (config.signals.mail) {
    handlers.mail = new MailDelivery({ ...config.signals.mail, signals: signalStore.signals, logger, translations });
  }
  for (const sp of signaalpunten.signaalpunten.filter((s) => s.active)) {
    for (const target of sp.targets) {
      // A target that cannot work keeps its messages visible as undeliverable; say so at start-up.
      if (target.kind === 'mail' && !config.signals.mail) {
        logger.warn({ code: 'MAIL_NOT_CONFIGURED', signaalpuntId: sp.id }, 'operator: a signaalpunt has a mail target but SMTP_URL is not set');
      }
      if (target.kind === 'webhook' && !secrets[target.secretEnv]) {
        logger.warn({ code: 'WEBHOOK_SECRET_MISSING', signaalpuntId: sp.id, secretEnv: target.secretEnv }, 'operator: a webhook secret is not set');
      }
    }
  }

  const circleRelay = new CircleRelay({ store: circleStore, outbox: signalStore.outbox, logger, onQueued: wake });
  const scheduler = new CircleScheduler({ store: circleStore, relay: circleRelay, clock, logger, telemetry });
  const circles = new Circles({
    store: circleStore,
    relay: circleRelay,
    clock,
    logger,
    onCircleChanged: (circleId) => scheduler.replan(circleId),
    onEscalation: (circleId, date, escalationId, ackDueAt) => scheduler.watchEscalation(circleId, date, escalationId, ackDueAt),
    hashCode: hmacCodeHasher(key, 'circle-invite'),
    joinLimitStore: stores.joinLimits,
  });
  handlers['circle.chat'] = new CircleDelivery({
    sender,
    chats,
    notices: new CircleNoticeBuilder(circleStore),
    translations,
    logger,
  });

  const lookup = config.signals.pdok ? new PdokLookup({ ...config.signals.pdok, logger }) : undefined;
  const report = new ReportSignal({
    signals: signalStore.signals,
    audit,
    clock,
    logger,
    config: spConfig,
    lookup,
    onQueued: wake,
    reportsPerDay: config.edge.reportsPerDay,
    retentionDays: config.signals.retentionDays,
  });
  const actions = new SignalActions({ signals: signalStore.signals, links: linkStore, audit, clock, logger, config: spConfig, onQueued: wake });
  const maintenance = new SignalMaintenance({
    signals: signalStore.signals,
    audit,
    clock,
    logger,
    retentionDays: config.signals.retentionDays,
    maxOpenDays: config.signals.maxOpenDays,
    stateIdleDays: config.signals.stateIdleDays,
    expireIdleState: async (before) => {
      // A chat stays remembered while it is in a call circle or waits for news of an open signal.
      const waiting = new Set(
        (await signalStore.signals.summaries({ personalErased: false })).flatMap((s) => (s.status !== 'closed' && s.reporterChatKey ? [s.reporterChatKey] : [])),
      );
      return storage.expireIdle(before, (key) => {
        const chatKey = key.startsWith('chat/') ? key.slice('chat/'.length) : undefined;
        return chatKey !== undefined && (waiting.has(chatKey) || circleStore.idsForChat(chatKey).length > 0);
      });
    },
    onQueued: wake,
  });

  const rootDialog = new RootDialog({
    profile: userState.createProperty<UserProfile>(PROFILE_PROPERTY),
    observation: conversationState.createProperty<Observation>(OBSERVATION_PROPERTY),
    translations,
    logger,
    report,
    circles,
    rememberChat: (context) => chats.rememberTurn(context, translatorOf(context).locale),
  });
  const bot = new SignaalBot({
    conversationState,
    userState,
    stateStorage: storage,
    rootDialog,
    translations,
    defaultLocale: config.defaultLocale,
    logger,
    teamChannel: new TeamChannel({
      links,
      actions,
      config: spConfig,
      logger,
      teamTranslator: translations.forLocale(config.defaultLocale),
      onLinked: (context) => rosterSync.refresh(context),
      isTeamMember: (context, teamId, tenantId, aadObjectId) => rosterSync.isMember(context, teamId, tenantId, aadObjectId),
    }),
    links,
    rosterSync,
    limits: config.edge,
    // Production: the signaalpunten file's tenant unless ALLOWED_TENANTS names others; the local
    // stand-ins of development and test send made-up tenants, so there only when configured.
    allowedTenants: config.edge.tenants.length > 0 ? config.edge.tenants : config.env === 'production' ? [signaalpunten.tenantId] : [],
  });
  const http = createHttpServer({
    maxBodyBytes: config.maxBodyBytes,
    limits: config.edge,
    logger,
    ready: async () => {
      if (!(await stores.checkHealth())) return { ok: false, reason: 'STORE_UNHEALTHY' };
      const outbox = await outboxReadiness(stores.outbox, clock.now(), config.signals.outboxStuckAfterMs);
      return outbox.ok ? { ok: true } : { ok: false, reason: outbox.reason };
    },
    messages: {
      process: (req, res) =>
        telemetry.span('bot.turn', turnAttributes(req.body, config.edge.channels), async (span) => {
          const started = performance.now();
          const answer = await adapter.handle(req.header('authorization') ?? '', req.body as Record<string, unknown>, (context) => bot.run(context));
          span.set({ 'http.status_code': answer.status });
          telemetry.record('signaalbot.turn.duration', performance.now() - started, { 'http.status_code': answer.status });
          res.status(answer.status);
          if (answer.body === undefined) res.end();
          else res.json(answer.body);
        }),
    },
  });
  registerTabPages(http.server, { distDir: path.join(projectRoot(), 'dist', 'tab') });
  // ---- The tab tried locally (issue 14): development only, a stand-in Teams host and token issuer. ----
  const devTab = config.tab.dev.enabled ? await createDevTokenIssuer({ env: config.env, tenantId: signaalpunten.tenantId, clock }) : undefined;
  if (devTab) {
    registerDevTab(http.server, devTab);
    if (config.tab.dev.demo) {
      await seedDevTabDemo({ config: spConfig, links, linkStore, roster, report, logger, playgroundPort: config.playground.port });
    }
    registerTabApi(http.server, {
      signals: signalStore.signals,
      links: linkStore,
      roster,
      actions,
      clock,
      logger,
      config: spConfig,
      auth: { keySet: devTab.keySet, audience: DEV_TAB_AUDIENCE, tenantIds: [signaalpunten.tenantId], requiredScope: 'access_as_user', userTokensOnly: true },
    });
    // ---- end tab tried locally ----
  } else if (config.tab.audience.length > 0) {
    registerTabApi(http.server, {
      signals: signalStore.signals,
      links: linkStore,
      roster,
      actions,
      clock,
      logger,
      config: spConfig,
      auth: {
        jwksUrl: config.tab.jwksUrl,
        audience: config.tab.audience,
        tenantIds: [signaalpunten.tenantId],
        requiredScope: config.tab.requiredScope,
        allowedClientIds: config.tab.allowedClientIds,
        // The tab acts for a signed-in user: an app-only token is never one of its callers.
        userTokensOnly: true,
      },
    });
  } else {
    logger.warn({ code: 'TAB_API_OFF' }, 'the tab API is off: it needs MicrosoftAppId (or TAB_AUDIENCE) to check Teams tokens');
  }
  // ---- Web chat page for professionals outside Teams (issue 17): /chat and /api/chat/token. ----
  const webChat = registerWebChat(http.server, {
    config: config.chat,
    host: config.host,
    distDir: path.join(projectRoot(), 'dist', 'webchat'),
    translations,
    logger,
    dataKey: key,
    retentionDays: config.signals.retentionDays,
  });
  // ---- end web chat ----
  const port = await http.listen(config.port, config.host);
  logger.info({ code: 'LISTENING', port }, 'signaalbot is listening');
  await webChat.start(port);
  worker.start();
  await scheduler.start();
  const ticker: CronTicker | undefined = config.circles.schedulerEnabled
    ? startCronTicker(() => stores.runTick(() => scheduler.tick(), () => scheduler.start()), logger)
    : undefined;
  if (!ticker) logger.warn({ code: 'CIRCLE_SCHEDULER_OFF' }, 'operator: the call-circle scheduler is off: no reminders or escalations are sent');
  const runMaintenance = () =>
    void telemetry
      .span('signals.maintenance', {}, () => Promise.all([maintenance.remindOverdue(), maintenance.runRetention(), stores.prune(clock.now())]))
      .then(
        () => telemetry.count('signaalbot.maintenance.runs', { outcome: 'ok' }),
        (error: Error) => {
          telemetry.count('signaalbot.maintenance.runs', { outcome: 'failed' });
          logger.error({ code: 'MAINTENANCE_FAILED', errorName: error.name }, 'maintenance run failed');
        },
      );
  const maintenanceTimer = setInterval(runMaintenance, config.signals.maintenanceIntervalMs);
  observeOutbox(telemetry, stores.outbox, clock);
  maintenanceTimer.unref();
  // Issue 11: a missed "member removed" must not mean lasting access to the tab and the cards.
  const refreshRosters = async (): Promise<void> => {
    for (const link of await linkStore.listLinks()) {
      if (link.broken) continue;
      await adapter
        .continueConversationAsync(config.bot.appId ?? '', link.reference as Partial<ConversationReference>, (context) =>
          rosterSync.refreshTeam(context, link.teamId, link.tenantId),
        )
        .catch((error: Error) => logger.warn({ code: 'ROSTER_REFRESH_FAILED', teamId: link.teamId, errorName: error.name }, 'daily roster refresh failed'));
    }
  };
  const rosterTimer = setInterval(() => void refreshRosters(), ROSTER_REFRESH_MS);
  rosterTimer.unref();

  let stopping: Promise<void> | undefined;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    logger,
    signals: { store: signalStore, links, worker, maintenance, report },
    circles: { store: circleStore, circles, scheduler },
    rosters: { refresh: refreshRosters },
    chatLocalDirectLinePort: webChat.localPort(),
    stop() {
      stopping ??= (async () => {
        clearInterval(maintenanceTimer);
        clearInterval(rosterTimer);
        await ticker?.stop();
        await webChat.stop();
        const drained = await http.drain(config.shutdownTimeoutMs);
        if (!drained) logger.warn({ code: 'SHUTDOWN_TIMEOUT' }, 'turns still running at shutdown');
        await worker.stop();
        await telemetry.shutdown().catch(() => undefined);
        await stores.close();
        logger.info({ code: 'STOPPED' }, 'signaalbot stopped');
        restoreConsole();
      })();
      return stopping;
    },
  };
}

const ACTIVITY_TYPES = new Set(['message', 'invoke', 'conversationUpdate', 'messageReaction', 'installationUpdate', 'event', 'typing']);

/** A turn's channel and activity type, from closed lists (the body is not yet authenticated). */
function turnAttributes(body: unknown, channels: string[]): Attributes {
  const activity = (typeof body === 'object' && body !== null ? body : {}) as { channelId?: unknown; type?: unknown };
  const channel = typeof activity.channelId === 'string' && [...channels, 'emulator'].includes(activity.channelId) ? activity.channelId : 'other';
  const type = typeof activity.type === 'string' && ACTIVITY_TYPES.has(activity.type) ? activity.type : 'other';
  return { channel, 'activity.type': type };
}

/** Outbox depth and the age of the oldest due message, read at each metrics export. */
function observeOutbox(telemetry: Telemetry, outbox: Outbox, clock: Clock): void {
  telemetry.observe('signaalbot.outbox.pending', async () => (await outbox.list('pending')).length);
  telemetry.observe('signaalbot.outbox.undeliverable', async () => (await outbox.list('undeliverable')).length);
  telemetry.observe('signaalbot.outbox.oldest_due_age', async () => {
    const [oldest] = await outbox.due(clock.now(), 1);
    return oldest ? Math.max(0, clock.now().getTime() - Date.parse(oldest.nextAttemptAt)) : 0;
  });
}

/** Process entry: read .env and the environment, start, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const envFile = path.resolve('.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  // `npm start` (the README's quick start) passes --development: development is asked for
  // explicitly there, and only when neither the environment nor .env names NODE_ENV. A plain
  // `node dist/src/main.js` (the container) runs as production.
  if (process.argv.includes('--development') && !process.env.NODE_ENV) process.env.NODE_ENV = 'development';
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(78);
    }
    throw error;
  }

  let app: App;
  try {
    app = await createApp(config);
  } catch (error) {
    const e = error as Error & { code?: string };
    process.stderr.write(`Signaalbot could not start: ${e.message}\n`);
    process.exit(1);
  }

  if (config.chat.enabled) {
    process.stdout.write(`\nWeb chat page for professionals outside Teams: http://localhost:${app.port}/chat\n`);
  }

  // The tab tried locally (issue 14): one line of its own.
  if (config.tab.dev.enabled) process.stdout.write(`\nThe Teams tab with a local test user: http://localhost:${app.port}/tab/dev (TAB_DEV=0 turns it off)\n`);

  let playground: Playground | undefined;
  if (config.playground.enabled) {
    playground = startPlayground({ botPort: app.port, port: config.playground.port, logger: app.logger });
  }
  process.stdout.write(`\n${listenLine(app.url, playground?.url)}\n\n`);

  const shutdown = (signal: string) => {
    app.logger.info({ code: 'SIGNAL', signal }, 'shutting down');
    void Promise.all([app.stop(), playground?.stop()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    app.logger.error({ code: 'UNHANDLED_REJECTION', errorName: (reason as Error)?.name ?? typeof reason }, 'unhandled promise rejection');
  });
}

if (require.main === module) void main();
