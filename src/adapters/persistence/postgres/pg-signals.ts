import type { Pool } from 'pg';
import type { Signal } from '../../../domain/signal';
import type { Logger } from '../../../ports/logger';
import type { Cipher, SignalFilter, SignalRepository, SignalSummary } from '../../../ports/signals';
import type { OutboxMessage } from '../../../ports/outbox';
import { openSignal, sealSignal, type StoredSignal } from '../signal-seal';
import { SignalStoreError } from '../signal-store-error';
import { inTransaction } from './db';
import { insertOutbox } from './pg-outbox';

/** `SignalRepository` on PostgreSQL: the signal row and its outbox messages in one transaction. */
export class PgSignals implements SignalRepository {
  constructor(
    private readonly pool: Pool,
    private readonly cipher: Cipher,
    private readonly logger: Logger,
  ) {}

  async create(signal: Signal, outbox: OutboxMessage[]): Promise<void> {
    const stored = sealSignal(this.cipher, signal);
    try {
      await inTransaction(this.pool, async (client) => {
        await client.query(
          `INSERT INTO signals (id, reference, submission_key, reporter_chat_key, signaalpunt_id, status, created_at, version, doc)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          this.columns(stored),
        );
        await insertOutbox(client, outbox);
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new SignalStoreError('SIGNAL_EXISTS', stored.id, `Signal ${stored.id} or its reference already exists.`);
      }
      throw err;
    }
    this.logger.info({ signalId: signal.id, signaalpuntId: signal.signaalpuntId, outboxCount: outbox.length }, 'signal stored');
  }

  /** A signal's messages go into the outbox table in its change's transaction: nothing waits here. */
  pendingRelay(): OutboxMessage[] {
    return [];
  }

  async relayed(): Promise<void> {}

  async get(id: string): Promise<Signal | undefined> {
    return this.one('id = $1', id);
  }

  async getByReference(reference: string): Promise<Signal | undefined> {
    return this.one('reference = $1', reference);
  }

  async getBySubmissionKey(submissionKey: string): Promise<Signal | undefined> {
    return this.one('submission_key = $1', submissionKey);
  }

  async update(signal: Signal, outbox: OutboxMessage[] = []): Promise<'ok' | 'conflict'> {
    const stored = sealSignal(this.cipher, signal);
    const result = await inTransaction(this.pool, async (client): Promise<'ok' | 'conflict' | 'missing'> => {
      const [, , , , , , , , doc] = this.columns(stored);
      const res = await client.query(
        `UPDATE signals SET reference = $2, submission_key = $3, reporter_chat_key = $4, signaalpunt_id = $5, status = $6,
           created_at = $7, version = $8, doc = $9 WHERE id = $1 AND version = $8 - 1`,
        [stored.id, stored.reference, stored.submissionKey ?? null, stored.reporterChatKey ?? null, stored.signaalpuntId, stored.status, stored.createdAt, stored.version, doc],
      );
      if (res.rowCount === 0) {
        const exists = await client.query('SELECT 1 FROM signals WHERE id = $1', [stored.id]);
        return exists.rowCount === 0 ? 'missing' : 'conflict';
      }
      await insertOutbox(client, outbox);
      return 'ok';
    });
    if (result === 'missing') throw new SignalStoreError('SIGNAL_NOT_FOUND', stored.id, `Signal ${stored.id} does not exist.`);
    if (result === 'conflict') {
      this.logger.info({ code: 'SIGNAL_VERSION_CONFLICT', signalId: signal.id, version: signal.version }, 'signal update refused');
    }
    return result;
  }

  async list(filter: SignalFilter = {}): Promise<Signal[]> {
    return (await this.matching(filter)).map((s) => openSignal(this.cipher, this.logger, s));
  }

  async summaries(filter: SignalFilter = {}): Promise<SignalSummary[]> {
    return (await this.matching(filter)).map(({ sealed: _sealed, ...clear }) => clear);
  }

  async nextSequence(year: number): Promise<number> {
    if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError('year must have four digits');
    const res = await this.pool.query<{ last: number }>(
      `INSERT INTO signal_sequences (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = signal_sequences.last + 1 RETURNING last`,
      [year],
    );
    return res.rows[0]!.last;
  }

  private columns(s: StoredSignal): unknown[] {
    return [s.id, s.reference, s.submissionKey ?? null, s.reporterChatKey ?? null, s.signaalpuntId, s.status, s.createdAt, s.version, JSON.stringify(s)];
  }

  private async one(where: string, value: string): Promise<Signal | undefined> {
    const res = await this.pool.query<{ doc: StoredSignal }>(`SELECT doc FROM signals WHERE ${where}`, [value]);
    const row = res.rows[0];
    return row ? openSignal(this.cipher, this.logger, row.doc) : undefined;
  }

  private async matching(filter: SignalFilter): Promise<StoredSignal[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      args.push(value);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (filter.signaalpuntId !== undefined) add('signaalpunt_id = ?', filter.signaalpuntId);
    if (filter.status !== undefined) add('status = ?', filter.status);
    if (filter.reporterChatKey !== undefined) add('reporter_chat_key = ?', filter.reporterChatKey);
    if (filter.deadlineBefore !== undefined) add("doc->>'deadline' < ?", filter.deadlineBefore);
    if (filter.closedBy !== undefined) add("doc->>'closedAt' <= ?", filter.closedBy);
    if (filter.personalErased !== undefined) where.push(`(doc ? 'personalErasedAt') = ${filter.personalErased ? 'true' : 'false'}`);
    const res = await this.pool.query<{ doc: StoredSignal }>(
      `SELECT doc FROM signals ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at COLLATE "C", id COLLATE "C"`,
      args,
    );
    return res.rows.map((r) => r.doc);
  }
}
