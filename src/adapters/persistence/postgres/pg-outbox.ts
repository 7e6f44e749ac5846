import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../../../ports/logger';
import type { CardPost, Outbox, OutboxMessage, OutboxStatus } from '../../../ports/outbox';
import { answered, cardPostsBySignal, heldUpByLink, isCardPost, postOf, sending, SENT_RETENTION_DAYS, uniquePosts } from '../outbox-store';
import { SignalStoreError } from '../signal-store-error';
import { inTransaction } from './db';
import type { AdvisoryLeader } from './leader';
import { handoverQuietUntil } from './lead-handover';

/** How long a claimed outbox message belongs to one instance; a dead instance's claims expire after it. */
export const OUTBOX_LEASE_MS = 30_000;

/** Only the instance holding this advisory lock delivers, so Teams pacing stays exact (ADR 0015). */
export const DELIVERY_LEAD_LOCK = 7_415_002;

type Db = Pool | PoolClient;

/**
 * Records where signals' team cards were posted (`card_posts`, ADR 0010 step 5); a post of a
 * channel already recorded for the signal is skipped.
 */
export async function insertCardPosts(db: Db, signalId: string, posts: readonly CardPost[]): Promise<void> {
  for (const p of posts) {
    await db.query(
      'INSERT INTO card_posts (signal_id, conversation_id, signaalpunt_id, activity_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [signalId, p.conversationId, p.signaalpuntId, p.activityId ?? null],
    );
  }
}

/** Inserts outbox messages; a message whose idempotency key (or id) is stored already is skipped. */
export async function insertOutbox(db: Db, messages: readonly OutboxMessage[]): Promise<number> {
  let added = 0;
  for (const m of messages) {
    const res = await db.query(
      `INSERT INTO outbox (id, idempotency_key, status, signaalpunt_id, signal_id, created_at, next_attempt_at, sent_at, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [
        m.id,
        m.idempotencyKey,
        m.status,
        'signaalpuntId' in m.target ? m.target.signaalpuntId : null,
        typeof m.payload.signalId === 'string' ? m.payload.signalId : null,
        m.createdAt,
        m.nextAttemptAt,
        m.sentAt ?? null,
        JSON.stringify(m),
      ],
    );
    added += res.rowCount ?? 0;
  }
  return added;
}

export interface PgOutboxOptions {
  /** Deliver only while this instance leads delivery (several instances); without it, always. */
  leader?: AdvisoryLeader;
  leaseMs?: number;
  /** A name for this instance in lease rows (default a random id). */
  instanceId?: string;
}

/**
 * The outbox on PostgreSQL. `due()` claims messages (`FOR UPDATE SKIP LOCKED`) with a lease: a
 * message claimed by another live instance is not handed out; a dead instance's lease expires and
 * another instance takes the message. With `leader`, only the instance that holds the delivery
 * advisory lock gets messages at all, so the in-process pacing limiter sees every Teams send.
 */
export class PgOutbox implements Outbox {
  readonly instanceId: string;
  private readonly leaseMs: number;
  /** Since winning the lead: when this instance may send (see lead-handover.ts). */
  private resumeAt: Date | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly options: PgOutboxOptions = {},
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.leaseMs = options.leaseMs ?? OUTBOX_LEASE_MS;
  }

  async enqueue(messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await inTransaction(this.pool, (client) => insertOutbox(client, messages));
  }

  async due(now: Date, limit: number): Promise<OutboxMessage[]> {
    if (this.options.leader) {
      if (!(await this.options.leader.holds())) {
        this.resumeAt = undefined;
        return [];
      }
      this.resumeAt ??= await handoverQuietUntil(this.pool, now, this.logger);
      if (now < this.resumeAt) return [];
    }
    const until = new Date(now.getTime() + this.leaseMs);
    // Own claims come back too: the worker's passes never overlap, and a message it left for a
    // later pass (pacing) must not wait for its own lease.
    const res = await this.pool.query<{ doc: OutboxMessage }>(
      `UPDATE outbox SET lease_until = $3, lease_owner = $4 WHERE id IN (
         SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1
           AND (lease_until IS NULL OR lease_until < $1 OR lease_owner = $4)
         ORDER BY created_at COLLATE "C", id COLLATE "C" LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING doc`,
      [now, limit, until, this.instanceId],
    );
    return res.rows.map((r) => r.doc).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    const res = await this.pool.query<{ doc: OutboxMessage }>('SELECT doc FROM outbox WHERE id = $1', [id]);
    return res.rows[0]?.doc;
  }

  async findByKey(idempotencyKey: string): Promise<OutboxMessage | undefined> {
    const res = await this.pool.query<{ doc: OutboxMessage }>('SELECT doc FROM outbox WHERE idempotency_key = $1', [idempotencyKey]);
    return res.rows[0]?.doc;
  }

  /** Resolves once the mark is committed, so a kill during the send that follows leaves it there. */
  async markSending(id: string, at: Date): Promise<void> {
    await this.change(id, (m) => (m.status !== 'pending' ? undefined : sending(m, at)));
  }

  /** A `signal.new` to Teams records where it put the card (`card_posts`) in the same transaction. */
  async markSent(id: string, at: Date, result?: OutboxMessage['result']): Promise<void> {
    await this.change(
      id,
      (m) =>
        m.status === 'sent' ? undefined : { ...answered(m), status: 'sent', attempts: m.attempts + 1, sentAt: at.toISOString(), ...(result ? { result: { ...result } } : {}) },
      async (client, sent) => {
        if (isCardPost(sent)) await insertCardPosts(client, String(sent.payload.signalId), [postOf(sent)]);
      },
    );
  }

  async markRetry(id: string, nextAttemptAt: Date, errorCode: string): Promise<void> {
    await this.change(id, (m) =>
      m.status !== 'pending' ? undefined : { ...answered(m), attempts: m.attempts + 1, nextAttemptAt: nextAttemptAt.toISOString(), lastError: errorCode },
    );
  }

  async markUndeliverable(id: string, errorCode: string): Promise<void> {
    await this.change(id, (m) => (m.status !== 'pending' ? undefined : { ...answered(m), status: 'undeliverable', attempts: m.attempts + 1, lastError: errorCode }));
  }

  async requeue(signaalpuntId: string, now: Date): Promise<number> {
    // The same rule as the embedded store (heldUpByLink): only Teams messages that failed for the link.
    const candidates = await this.pool.query<{ id: string; doc: OutboxMessage }>(
      `SELECT id, doc FROM outbox WHERE status = 'undeliverable' AND signaalpunt_id = $1`,
      [signaalpuntId],
    );
    const ids = candidates.rows.filter((r) => heldUpByLink(r.doc, signaalpuntId)).map((r) => r.id);
    const res =
      ids.length === 0
        ? { rowCount: 0 }
        : await this.pool.query(
            `UPDATE outbox SET status = 'pending', next_attempt_at = $2, lease_until = NULL, lease_owner = NULL,
               doc = doc || jsonb_build_object('status', 'pending', 'attempts', 0, 'nextAttemptAt', $3::text)
             WHERE status = 'undeliverable' AND id = ANY($1::text[])`,
            [ids, now, now.toISOString()],
          );
    const count = res.rowCount ?? 0;
    this.logger.info({ signaalpuntId, requeuedCount: count }, 'outbox messages requeued');
    return count;
  }

  async list(status?: OutboxStatus): Promise<OutboxMessage[]> {
    const res = await this.pool.query<{ doc: OutboxMessage }>(
      `SELECT doc FROM outbox ${status ? 'WHERE status = $1' : ''} ORDER BY created_at COLLATE "C", id COLLATE "C"`,
      status ? [status] : [],
    );
    return res.rows.map((r) => r.doc);
  }

  /**
   * Recorded posts (`card_posts`) first; a sent message marked by a version before ADR 0010 step 5
   * (another instance during a rolling update) counts too until it is pruned.
   */
  async cardPosts(signalId: string): Promise<CardPost[]> {
    const kept = await this.pool.query<{ signaalpunt_id: string; conversation_id: string; activity_id: string | null }>(
      'SELECT signaalpunt_id, conversation_id, activity_id FROM card_posts WHERE signal_id = $1 ORDER BY seq',
      [signalId],
    );
    const res = await this.pool.query<{ doc: OutboxMessage }>(
      `SELECT doc FROM outbox WHERE signal_id = $1 AND status = 'sent' ORDER BY created_at COLLATE "C", id COLLATE "C"`,
      [signalId],
    );
    const fromOutbox = cardPostsBySignal(res.rows.map((r) => r.doc)).get(signalId) ?? [];
    const recorded = kept.rows.map((r) => ({ signaalpuntId: r.signaalpunt_id, conversationId: r.conversation_id, ...(r.activity_id ? { activityId: r.activity_id } : {}) }));
    return uniquePosts([...recorded, ...fromOutbox]);
  }

  /**
   * Removes sent messages older than the retention. The card posts among them that are not in
   * `card_posts` yet (marked sent by an older version) are recorded in the same transaction.
   */
  async prune(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - SENT_RETENTION_DAYS * 86_400_000).toISOString();
    return inTransaction(this.pool, async (client) => {
      const old = await client.query<{ doc: OutboxMessage }>(`SELECT doc FROM outbox WHERE status = 'sent' AND sent_at < $1 FOR UPDATE`, [cutoff]);
      for (const [signalId, posts] of cardPostsBySignal(old.rows.map((r) => r.doc))) await insertCardPosts(client, signalId, posts);
      const res = await client.query(`DELETE FROM outbox WHERE status = 'sent' AND sent_at < $1`, [cutoff]);
      return res.rowCount ?? 0;
    });
  }

  private async change(id: string, next: (m: OutboxMessage) => OutboxMessage | undefined, also?: (client: PoolClient, updated: OutboxMessage) => Promise<void>): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const res = await client.query<{ doc: OutboxMessage }>('SELECT doc FROM outbox WHERE id = $1 FOR UPDATE', [id]);
      const current = res.rows[0]?.doc;
      if (!current) throw new SignalStoreError('OUTBOX_MESSAGE_NOT_FOUND', id, `Outbox message ${id} does not exist.`);
      const updated = next(current);
      if (!updated) return;
      await client.query(
        `UPDATE outbox SET status = $2, next_attempt_at = $3, sent_at = $4, lease_until = NULL, lease_owner = NULL, doc = $5 WHERE id = $1`,
        [id, updated.status, updated.nextAttemptAt, updated.sentAt ?? null, JSON.stringify(updated)],
      );
      await also?.(client, updated);
    });
  }
}
