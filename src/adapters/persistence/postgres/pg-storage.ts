import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Pool } from 'pg';
import type { Logger } from '../../../ports/logger';
import { ETagConflictError } from '../lowdb-storage';
import { inTransaction } from './db';

/**
 * botbuilder `Storage` on PostgreSQL with eTags like `MemoryStorage`: every write gets a fresh
 * eTag; a write whose eTag is set, not '*', and not the stored one is refused (all keys or none),
 * so of two instances saving the same conversation the second gets `ETagConflictError`.
 * Used under `EncryptedStorage`: rows hold ciphertext only.
 */
export class PgStorage implements Storage {
  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    if (keys.length === 0) return {};
    const res = await this.pool.query<{ key: string; etag: string; doc: object }>('SELECT key, etag, doc FROM bot_state WHERE key = ANY($1::text[])', [keys]);
    const out: StoreItems = {};
    for (const row of res.rows) out[row.key] = { ...row.doc, eTag: row.etag };
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes).map(([key, value]) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`Storage: item "${key}" must be an object.`);
      const { eTag, ...rest } = JSON.parse(JSON.stringify(value)) as { eTag?: string };
      return { key, eTag, doc: rest };
    });
    if (entries.length === 0) return;
    await inTransaction(this.pool, async (client) => {
      // Keys locked in one order, so two writes of the same keys never deadlock.
      for (const e of [...entries].sort((a, b) => (a.key < b.key ? -1 : 1))) {
        const fresh = randomUUID();
        if (!e.eTag || e.eTag === '*') {
          await client.query(
            'INSERT INTO bot_state (key, etag, doc) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET etag = $2, doc = $3',
            [e.key, fresh, JSON.stringify(e.doc)],
          );
          continue;
        }
        // An eTag the store never gave for a missing key is written like MemoryStorage does.
        const res = await client.query(
          `INSERT INTO bot_state (key, etag, doc) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO UPDATE SET etag = $2, doc = $3 WHERE bot_state.etag = $4`,
          [e.key, fresh, JSON.stringify(e.doc), e.eTag],
        );
        if (res.rowCount === 0) {
          this.logger.warn({ code: 'STORAGE_ETAG_CONFLICT' }, 'bot state write refused');
          throw new ETagConflictError(e.key);
        }
      }
    });
  }

  /** Every key (for the expiry of idle state; nothing is decrypted). */
  async keys(): Promise<string[]> {
    const res = await this.pool.query<{ key: string }>('SELECT key FROM bot_state');
    return res.rows.map((r) => r.key);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    await this.pool.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }
}
