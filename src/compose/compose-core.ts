import type pino from 'pino';
import type { Config } from '../config/config';
import { loadSignaalpuntenConfig } from '../config/signaalpunten';
import type { SignaalpuntenConfig } from '../domain/routing';
import { createTranslations } from '../i18n/i18n';
import { createLogger } from '../adapters/logging/pino-logger';
import { prettyLines } from '../adapters/logging/pretty-lines';
import { routeConsoleToLogger } from '../adapters/botframework/cloud-adapter';
import { ChatDirectory } from '../adapters/botframework/chat-directory';
import { AesGcmCipher, loadEncryptionKey } from '../adapters/crypto/aes-gcm-cipher';
import { hmacCodeHasher } from '../adapters/crypto/code-hmac';
import { EncryptedStorage } from '../adapters/persistence/encrypted-storage';
import { openStores, type Stores } from '../adapters/persistence/open-stores';
import { repairAuditTrail } from '../application/audit-repair';
import { type Clock, systemClock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { noopTelemetry, type Telemetry } from '../ports/telemetry';
import type { Translations } from '../ports/translator';

/** What callers (tests) may replace in the core; everything else comes from the configuration. */
export interface CoreOptions {
  /** Where log lines go (tests capture them); default stdout. */
  logDestination?: pino.DestinationStream;
  /** A fixed or fake clock for tests; default the system clock. */
  clock?: Clock;
  /** Extra environment for webhook secrets (tests); default process.env. */
  secrets?: Record<string, string | undefined>;
  /** Traces and metrics (tests: an in-memory exporter); default Azure Monitor when configured, else off. */
  telemetry?: Telemetry;
}

/** What every feature uses: logging, time, texts, the data key and the opened stores. */
export interface Core {
  logger: Logger;
  /** Gives console.* back to the console (at stop). */
  restoreConsole: () => void;
  clock: Clock;
  telemetry: Telemetry;
  translations: Translations;
  /** Where webhook secrets are read by name. */
  secrets: Record<string, string | undefined>;
  /** The signaalpunten file, read once at start. */
  signaalpunten: SignaalpuntenConfig;
  /** The same, as the use cases ask for it. */
  spConfig: () => SignaalpuntenConfig;
  /** The data key: the cipher's and, derived per purpose, the code hashers'. */
  key: Buffer;
  stores: Stores;
  /** Bot state (dialogs, chat references), encrypted on top of `stores.storage`. */
  storage: EncryptedStorage;
  chats: ChatDirectory;
}

/**
 * Logger, clock, telemetry, the data key and the stores, ready for the features. The audit trail is
 * repaired before anything else reads it: a kill between a change and its audit line leaves the
 * line to be written now, from the change's record.
 */
export async function composeCore(config: Config, options: CoreOptions = {}): Promise<Core> {
  const logger = createLogger(config.logLevel, options.logDestination ?? (prettyInTerminal(config) ? prettyLines(process.stdout) : undefined));
  if (config.bot.authDisabled) {
    logger.error(
      { code: 'AUTH_DISABLED', env: config.env, host: config.host },
      'no bot credentials set: inbound activities are NOT authenticated (development only, loopback only)',
    );
  }
  const restoreConsole = routeConsoleToLogger(logger);
  const clock = options.clock ?? systemClock;
  const telemetry = options.telemetry ?? (await telemetryOf(config));
  const signaalpunten = loadSignaalpuntenConfig(config.signals.signaalpuntenFile);
  const keyOptions = { env: config.env, dataDir: config.dataDir, logger };
  const key = await loadEncryptionKey({ keyBase64: config.signals.encryptionKey, ...keyOptions });
  const previousKeys = await Promise.all(config.signals.previousKeys.map((k) => loadEncryptionKey({ keyBase64: k, ...keyOptions })));
  const cipher = new AesGcmCipher(key, previousKeys);
  const stores = await openStores(config, cipher, logger, {
    hashId: hmacCodeHasher(key, 'roster-member'),
    ttlMs: config.signals.rosterTtlDays * 86_400_000,
    now: () => clock.now(),
  });
  await repairAuditTrail({ signals: stores.signals, links: stores.links, audit: stores.audit, logger });
  const storage = new EncryptedStorage(stores.storage, cipher, clock);
  return {
    logger,
    restoreConsole,
    clock,
    telemetry,
    translations: createTranslations(),
    secrets: options.secrets ?? process.env,
    signaalpunten,
    spConfig: () => signaalpunten,
    key,
    stores,
    storage,
    chats: new ChatDirectory(storage),
  };
}

/** Development in a terminal prints readable lines (issue 14); production, pipes and tests keep JSON. */
function prettyInTerminal(config: Config): boolean {
  return config.env === 'development' && process.stdout.isTTY === true;
}

/** Azure Monitor when a connection string is configured (loaded only then), else off. */
async function telemetryOf(config: Config): Promise<Telemetry> {
  if (!config.telemetry) return noopTelemetry;
  const { startAzureMonitorTelemetry } = await import('../adapters/telemetry/azure-monitor.js');
  return startAzureMonitorTelemetry(config.telemetry.connectionString);
}
