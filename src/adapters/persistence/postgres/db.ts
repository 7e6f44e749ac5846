import path from 'node:path';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { runner } from 'node-pg-migrate';
import type { Logger } from '../../../ports/logger';

/** Where the versioned SQL migrations live (node-pg-migrate, `-- Up Migration` / `-- Down Migration`). */
export function migrationsDir(root: string): string {
  return path.join(root, 'migrations');
}

/** Our own advisory lock around migrations: instances starting together wait for each other instead of failing. */
const MIGRATE_LOCK = 7_415_001;

/** An access token for the password, e.g. Entra ID for Azure Database for PostgreSQL. */
export interface AccessToken {
  token: string;
  /** Epoch milliseconds. */
  expiresOnTimestamp: number;
}
export type TokenSource = () => Promise<AccessToken | null>;

/**
 * A password function for node-postgres that hands out a cached access token and fetches a new
 * one `refreshMarginMs` before it expires, so a new pool connection never logs in with a stale one.
 */
export function tokenPassword(source: TokenSource, now: () => number = Date.now, refreshMarginMs = 5 * 60_000): () => Promise<string> {
  let cached: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  return async () => {
    if (cached && cached.expiresOnTimestamp - refreshMarginMs > now()) return cached.token;
    pending ??= source()
      .then((t) => {
        if (!t) throw new Error('The token source gave no access token for the database.');
        cached = t;
        return t;
      })
      .finally(() => {
        pending = undefined;
      });
    return (await pending).token;
  };
}

export interface PgOptions {
  url: string;
  /** A schema of its own (tests, side-by-side installs); default the user's search_path. */
  schema?: string;
  /** TLS: 'require' verifies the server certificate; 'off' only for a local server. */
  ssl?: 'off' | 'require' | 'no-verify';
  /** A password function (Entra token); without it the URL's password is used. */
  password?: () => Promise<string>;
  max?: number;
}

export function createPool(options: PgOptions): Pool {
  const config: PoolConfig = { connectionString: options.url, max: options.max ?? 10, connectionTimeoutMillis: 10_000 };
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new RangeError('A schema name has lower-case letters, digits and _ only.');
    config.options = `-c search_path=${options.schema}`;
  }
  if (options.ssl === 'require') config.ssl = { rejectUnauthorized: true };
  if (options.ssl === 'no-verify') config.ssl = { rejectUnauthorized: false };
  if (options.password) config.password = options.password;
  const pool = new Pool(config);
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Brings the schema to the newest version. Runs under an advisory lock, so of several instances
 * starting at once one migrates and the others wait, then find nothing to do.
 * @returns the names of the migrations that ran
 */
export async function migrate(pool: Pool, options: { root: string; schema?: string; logger: Logger }): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
    try {
      // Under the lock too: two CREATE SCHEMA IF NOT EXISTS at once can still collide.
      if (options.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
      const ran = await runner({
        dbClient: client,
        dir: migrationsDir(options.root),
        direction: 'up',
        migrationsTable: 'pgmigrations',
        ...(options.schema ? { schema: options.schema, migrationsSchema: options.schema } : {}),
        checkOrder: true,
        singleTransaction: true,
        log: () => undefined,
      });
      const names = ran.map((m) => m.name);
      if (names.length > 0) options.logger.info({ code: 'DB_MIGRATED', migrations: names }, 'database schema migrated');
      return names;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Runs `fn` in one transaction; rolls back when it throws. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** For a readiness probe: one round trip. */
export async function pingDb(pool: Pool): Promise<boolean> {
  try {
    await pool.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
