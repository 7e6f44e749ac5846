import type { Storage } from 'botbuilder';
import type { Pool } from 'pg';
import type { Logger } from '../../../ports/logger';
import type { RosterOptions } from '../../../ports/roster';
import type { Cipher } from '../../../ports/signals';
import { createPool, migrate, pingDb, type PgOptions, type TokenSource, tokenPassword } from './db';
import { AdvisoryLeader } from './leader';
import { PgAuditLog } from './pg-audit';
import { CIRCLE_TICK_LOCK, PgCircleStore } from './pg-circles';
import { PgJoinLimitStore } from './pg-join-limits';
import { PgLinkStore } from './pg-links';
import { PgRosterStore } from './pg-roster';
import { DELIVERY_LEAD_LOCK, PgOutbox } from './pg-outbox';
import { PgSignals } from './pg-signals';
import { PgStorage } from './pg-storage';

/** The Entra ID scope of Azure Database for PostgreSQL. */
export const AZURE_POSTGRES_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

/** A token source from the app's managed identity (or any `@azure/identity` credential). */
export function azureTokenSource(): TokenSource {
  let credential: { getToken(scope: string): Promise<{ token: string; expiresOnTimestamp: number } | null> } | undefined;
  return async () => {
    if (!credential) {
      const { DefaultAzureCredential } = await import('@azure/identity');
      credential = new DefaultAzureCredential();
    }
    return credential.getToken(AZURE_POSTGRES_SCOPE);
  };
}

export interface PostgresStoresOptions {
  url: string;
  schema?: string;
  ssl?: PgOptions['ssl'];
  /** Where the password comes from: the URL, or an access token (Entra ID). */
  tokenSource?: TokenSource;
  poolMax?: number;
  /** The project root (its `migrations/` folder). */
  root: string;
  cipher: Cipher;
  logger: Logger;
  /** How roster member ids are hashed and how long they count (issue 11). */
  roster: RosterOptions;
}

export interface PostgresStores {
  pool: Pool;
  storage: Storage;
  signals: PgSignals;
  outbox: PgOutbox;
  links: PgLinkStore;
  audit: PgAuditLog;
  roster: PgRosterStore;
  joinLimits: PgJoinLimitStore;
  circles: PgCircleStore;
  /** Held by the one instance that delivers the outbox (Teams pacing in one place). */
  deliveryLead: AdvisoryLeader;
  /** Held by the one instance that runs the call-circle tick. */
  tickLead: AdvisoryLeader;
  checkHealth(): Promise<boolean>;
  close(): Promise<void>;
}

/** The settings from `Config['database']`, for the tools (db:migrate, db:import, link-code). */
export interface DatabaseSettings {
  url: string;
  ssl: 'off' | 'require' | 'no-verify';
  auth: 'password' | 'azure-managed-identity';
  schema?: string;
  poolMax: number;
}

/** A pool on the configured server with the schema migrated (tools that need no stores). */
export async function openMigratedPool(db: DatabaseSettings, root: string, logger: Logger): Promise<Pool> {
  const pool = createPool({
    url: db.url,
    schema: db.schema,
    ssl: db.ssl,
    max: db.poolMax,
    ...(db.auth === 'azure-managed-identity' ? { password: tokenPassword(azureTokenSource()) } : {}),
  });
  try {
    await migrate(pool, { root, schema: db.schema, logger });
    return pool;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

/** Connects, migrates (under an advisory lock) and opens every store on PostgreSQL. */
export async function openPostgresStores(options: PostgresStoresOptions): Promise<PostgresStores> {
  const logger = options.logger.child({ component: 'postgres' });
  const pool = createPool({
    url: options.url,
    schema: options.schema,
    ssl: options.ssl,
    max: options.poolMax,
    ...(options.tokenSource ? { password: tokenPassword(options.tokenSource) } : {}),
  });
  try {
    await migrate(pool, { root: options.root, schema: options.schema, logger });
    const signals = new PgSignals(pool, options.cipher, logger.child({ component: 'signal-store' }));
    const deliveryLead = new AdvisoryLeader(pool, DELIVERY_LEAD_LOCK, 'outbox', logger);
    const tickLead = new AdvisoryLeader(pool, CIRCLE_TICK_LOCK, 'circle-tick', logger);
    const outbox = new PgOutbox(pool, logger.child({ component: 'outbox' }), { leader: deliveryLead });
    const circles = await PgCircleStore.open({ pool, cipher: options.cipher, logger });
    const roster = new PgRosterStore(pool, logger.child({ component: 'roster-store' }), options.roster);
    await roster.migrate();
    logger.info({ code: 'DB_OPENED', engine: 'postgres' }, 'stores opened on PostgreSQL');
    return {
      pool,
      storage: new PgStorage(pool, logger.child({ component: 'bot-state' })),
      signals,
      outbox,
      links: new PgLinkStore(pool, logger.child({ component: 'link-store' })),
      audit: new PgAuditLog(pool),
      roster,
      joinLimits: new PgJoinLimitStore(pool, () => options.roster.now().getTime()),
      circles,
      deliveryLead,
      tickLead,
      checkHealth: () => pingDb(pool),
      async close() {
        await Promise.all([deliveryLead.release(), tickLead.release()]);
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}
