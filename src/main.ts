import fs from 'node:fs';
import path from 'node:path';
import type pino from 'pino';
import { ConversationState, UserState } from 'botbuilder';
import { type Config, ConfigError, loadConfig } from './config/config';
import { createLogger } from './adapters/logging/pino-logger';
import { createTranslations } from './i18n/i18n';
import { LowdbStorage } from './adapters/persistence/lowdb-storage';
import { createCloudAdapter } from './adapters/botframework/cloud-adapter';
import { SignaalBot } from './adapters/botframework/signaal-bot';
import { createHttpServer } from './adapters/http/server';
import { startPlayground, type Playground } from './adapters/dev/playground';
import { RootDialog } from '../dialogs/root.dialog';
import { OBSERVATION_PROPERTY, PROFILE_PROPERTY, type Observation, type UserProfile } from '../dialogs/user-profile';
import type { Logger } from './ports/logger';

export interface AppOptions {
  /** Where log lines go (tests capture them); default stdout. */
  logDestination?: pino.DestinationStream;
}

export interface App {
  port: number;
  url: string;
  logger: Logger;
  /** Stop taking requests, finish turns in flight, flush storage. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The composition root: builds everything and passes it by constructor. Nothing happens at
 * import time, so tests start the real app on port 0 with a temp data folder.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = createLogger(config.logLevel, options.logDestination);
  if (config.bot.authDisabled) {
    logger.warn({ code: 'AUTH_DISABLED' }, 'no bot credentials set: inbound activities are NOT authenticated (development only)');
  }
  const translations = createTranslations();
  const storage = await LowdbStorage.open({ dataDir: config.dataDir, logger });
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const rootDialog = new RootDialog({
    profile: userState.createProperty<UserProfile>(PROFILE_PROPERTY),
    observation: conversationState.createProperty<Observation>(OBSERVATION_PROPERTY),
    translations,
    logger,
  });
  const bot = new SignaalBot({
    conversationState,
    userState,
    rootDialog,
    translations,
    defaultLocale: config.defaultLocale,
    logger,
  });
  const adapter = createCloudAdapter(config.bot, logger, translations, config.defaultLocale);
  const http = createHttpServer({
    maxBodyBytes: config.maxBodyBytes,
    logger,
    ready: () => storage.checkHealth(),
    messages: { process: (req, res) => adapter.process(req, res, (context) => bot.run(context)) },
  });
  const port = await http.listen(config.port, config.host);
  logger.info({ code: 'LISTENING', port }, 'signaalbot is listening');

  let stopping: Promise<void> | undefined;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    logger,
    stop() {
      stopping ??= (async () => {
        const drained = await http.drain(config.shutdownTimeoutMs);
        if (!drained) logger.warn({ code: 'SHUTDOWN_TIMEOUT' }, 'turns still running at shutdown');
        await storage.flush();
        logger.info({ code: 'STOPPED' }, 'signaalbot stopped');
      })();
      return stopping;
    },
  };
}

/** Process entry: read .env and the environment, start, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const envFile = path.resolve('.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
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

  let playground: Playground | undefined;
  if (config.playground.enabled) {
    playground = startPlayground({ botPort: app.port, port: config.playground.port, logger: app.logger });
    if (playground) {
      process.stdout.write(`\nChat with Signaalbot in the local Teams-like client: ${playground.url}\n(PLAYGROUND=0 turns it off)\n\n`);
    }
  }

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
