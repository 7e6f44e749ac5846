import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError, loadConfig } from './config/config';
import { startPlayground, type Playground } from './adapters/dev/playground';
import { listenLine } from './adapters/dev/listen-line';
import type { Stores } from './adapters/persistence/open-stores';
import type { CircleScheduler } from './application/circles/circle-scheduler';
import type { Circles } from './application/circles/circles';
import type { LinkChannel } from './application/link-channel';
import { OutboxRelay } from './application/outbox-relay';
import type { OutboxWorker } from './application/outbox-worker';
import type { ReportSignal } from './application/report-signal';
import type { SignalMaintenance } from './application/signal-maintenance';
import type { Logger } from './ports/logger';
import type { Outbox } from './ports/outbox';
import type { SignalRepository } from './ports/signals';
import { type BotOptions, composeBot } from './compose/compose-bot';
import { appCirclesDeps, composeCircles } from './compose/compose-circles';
import { composeCore, type CoreOptions } from './compose/compose-core';
import { composeDelivery } from './compose/compose-delivery';
import { composeHttp } from './compose/compose-http';
import { appSignalsDeps, composeSignals } from './compose/compose-signals';
import { startApp } from './compose/compose-start';
import { createWaker } from './compose/waker';

/** What tests replace: the log destination, clock, secrets, telemetry and the OpenID metadata. */
export interface AppOptions extends CoreOptions, BotOptions {}

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
 * The composition root: builds everything and passes it by constructor (the pieces are in
 * src/compose/, one feature each). Nothing happens at import time, so tests start the real app on
 * port 0 with a temp data folder.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const core = await composeCore(config, options);
  // The use cases wake the outbox worker, and the worker needs a use case: it is bound below.
  const waker = createWaker();
  // One relay moves what the signal and circle stores staged with their changes into the outbox
  // (ADR 0010); it runs after each change and once at start, before the worker.
  const { stores, logger } = core;
  const relay = new OutboxRelay({ sources: [stores.signals, stores.circles], outbox: stores.outbox, logger, onQueued: waker.wake });
  const signals = composeSignals({ ...appSignalsDeps(config, core, waker.wake), relay });
  const circles = composeCircles({ ...appCirclesDeps(core, waker.wake), relay });
  const bot = composeBot(config, core, { signals, circles }, options);
  const worker = composeDelivery(config, core, { sender: bot.sender, signals, circles });
  waker.bind(worker);
  const { http, webChat } = await composeHttp(config, core, { bot, signals });
  const running = await startApp(config, core, { http, webChat, worker, relay, bot, signals, circles });
  return {
    port: running.port,
    url: `http://127.0.0.1:${running.port}`,
    logger: core.logger,
    signals: { store: { signals: stores.signals, outbox: stores.outbox }, links: signals.links, worker, maintenance: signals.maintenance, report: signals.report },
    circles: { store: stores.circles, circles: circles.circles, scheduler: circles.scheduler },
    rosters: { refresh: bot.refreshRosters },
    chatLocalDirectLinePort: webChat.localPort(),
    stop: running.stop,
  };
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
