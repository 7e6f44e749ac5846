import type { Pool, PoolClient } from 'pg';
import type { Circle } from '../../../domain/circles/circle';
import type { Round } from '../../../domain/circles/round';
import type { Logger } from '../../../ports/logger';
import type { Cipher } from '../../../ports/signals';
import type { OutboxMessage } from '../../../ports/outbox';
import type { ChangeResult, CircleChange, CircleInvite, CircleRepository, CircleSchedule, RoundChange } from '../../../ports/circles';
import { chatIndexOf, openCircle, scheduleOf, sealCircle, type StoredCircle } from '../circle-sealing';
import { EVENT_RETENTION_DAYS, ROUND_RETENTION_DAYS } from '../circle-store';
import { inTransaction } from './db';
import { insertOutbox } from './pg-outbox';


/** Only one instance runs the call-circle tick: the one holding this advisory lock (ADR 0015). */
export const CIRCLE_TICK_LOCK = 7_415_003;

/**
 * Call circles on PostgreSQL. Definitions are also held in memory (sealed, as stored) because the
 * port's schedule and chat lookups are synchronous; `refresh()` re-reads them when another
 * instance changed one (a version row bumped by every change). A round change, its fired-event
 * keys and its messages go in one transaction, the messages straight into the outbox table: a
 * fired-event key already stored makes the whole change a no-op ('duplicate'), whichever
 * instance wrote it first.
 */
export class PgCircleStore implements CircleRepository {
  private circles = new Map<string, StoredCircle>();
  private chatIndex = new Map<string, Set<string>>();
  private readonly events = new Set<string>();
  private knownVersion = -1;
  private knownEscalations = -1;

  private constructor(
    private readonly pool: Pool,
    private readonly cipher: Cipher,
    private readonly logger: Logger,
  ) {}

  static async open(options: { pool: Pool; cipher: Cipher; logger: Logger }): Promise<PgCircleStore> {
    const store = new PgCircleStore(options.pool, options.cipher, options.logger.child({ component: 'circle-store' }));
    await store.refresh(true);
    const events = await options.pool.query<{ key: string }>('SELECT key FROM circle_events');
    for (const row of events.rows) store.events.add(row.key);
    store.logger.info({ circleCount: store.circles.size }, 'circle store opened');
    return store;
  }

  /**
   * Re-reads the circle definitions when any instance changed them since the last read.
   * @returns whether definitions or open escalations changed since the last call (the tick's
   *   index must then be rebuilt)
   */
  async refresh(force = false): Promise<boolean> {
    const res = await this.pool.query<{ id: number; version: string }>('SELECT id, version FROM circle_changes');
    const versionOf = (id: number) => Number(res.rows.find((r) => r.id === id)?.version ?? 0);
    const version = versionOf(1);
    const escalations = versionOf(2);
    const moved = escalations !== this.knownEscalations;
    this.knownEscalations = escalations;
    if (!force && version === this.knownVersion) return moved;
    const rows = await this.pool.query<{ doc: StoredCircle }>('SELECT doc FROM circles');
    this.circles = new Map(rows.rows.map((r) => [r.doc.id, r.doc]));
    this.knownVersion = version;
    this.reindex();
    return true;
  }

  async change(change: CircleChange): Promise<ChangeResult> {
    const save = change.save ? { ...change.save, stored: sealCircle(this.cipher, change.save.circle) } : undefined;
    const result = await inTransaction(this.pool, async (client): Promise<ChangeResult> => {
      if (save) {
        const current = await client.query<{ version: number }>('SELECT version FROM circles WHERE id = $1 FOR UPDATE', [save.circle.id]);
        if ((current.rows[0]?.version ?? 0) !== save.expectedVersion || save.circle.version !== save.expectedVersion + 1) return 'conflict';
      }
      if (change.remove) {
        const current = await client.query<{ version: number }>('SELECT version FROM circles WHERE id = $1 FOR UPDATE', [change.remove.circleId]);
        if (current.rows[0]?.version !== change.remove.expectedVersion) return 'conflict';
      }
      if (change.useInvite) {
        const used = await client.query(
          `UPDATE circle_invites SET doc = doc || jsonb_build_object('usedAt', $2::text)
           WHERE code_hash = $1 AND NOT (doc ? 'usedAt') AND doc->>'expiresAt' > $2`,
          [change.useInvite.codeHash, change.useInvite.at],
        );
        if (used.rowCount === 0) return 'conflict';
      }
      if (save) {
        await client.query(
          'INSERT INTO circles (id, version, doc) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET version = $2, doc = $3',
          [save.circle.id, save.circle.version, JSON.stringify(save.stored)],
        );
        const memberIds = save.circle.members.map((m) => m.id);
        await client.query(`DELETE FROM circle_invites WHERE circle_id = $1 AND doc ? 'memberId' AND NOT (doc->>'memberId' = ANY($2::text[]))`, [
          save.circle.id,
          memberIds,
        ]);
      }
      if (change.addInvite) {
        await client.query('INSERT INTO circle_invites (code_hash, circle_id, doc) VALUES ($1, $2, $3) ON CONFLICT (code_hash) DO UPDATE SET circle_id = $2, doc = $3', [
          change.addInvite.codeHash,
          change.addInvite.circleId,
          JSON.stringify(change.addInvite),
        ]);
      }
      if (change.remove) {
        const id = change.remove.circleId;
        await client.query('DELETE FROM circles WHERE id = $1', [id]);
        await client.query('DELETE FROM circle_invites WHERE circle_id = $1', [id]);
        await client.query('DELETE FROM circle_rounds WHERE circle_id = $1', [id]);
      }
      // Every check passed before the first write, so a refused change above wrote nothing.
      const version = await client.query<{ version: string }>('UPDATE circle_changes SET version = version + 1 WHERE id = 1 RETURNING version');
      const next = Number(version.rows[0]!.version);
      // Applied here too when nothing else changed in between; otherwise everything is re-read.
      if (next === this.knownVersion + 1) {
        if (save) this.circles.set(save.circle.id, save.stored);
        if (change.remove) this.circles.delete(change.remove.circleId);
        this.knownVersion = next;
        this.reindex();
      } else {
        this.knownVersion = -1;
      }
      return 'ok';
    });
    if (result === 'ok' && this.knownVersion === -1) await this.refresh(true);
    return result;
  }

  /** Imports many new circles in one transaction (paper lists, the benchmark's seed); returns how many were added. */
  async importMany(circles: readonly Circle[]): Promise<number> {
    const sealed = circles.filter((c) => c.version === 1).map((c) => sealCircle(this.cipher, c));
    const added = await inTransaction(this.pool, async (client) => {
      let n = 0;
      for (let i = 0; i < sealed.length; i += 500) {
        const chunk = sealed.slice(i, i + 500);
        const res = await client.query(
          `INSERT INTO circles (id, version, doc) SELECT x->>'id', 1, x FROM jsonb_array_elements($1::jsonb) AS x ON CONFLICT (id) DO NOTHING`,
          [JSON.stringify(chunk)],
        );
        n += res.rowCount ?? 0;
      }
      await client.query('UPDATE circle_changes SET version = version + 1 WHERE id = 1');
      return n;
    });
    await this.refresh(true);
    return added;
  }

  async changeRounds(change: RoundChange): Promise<ChangeResult> {
    const [result] = await this.changeRoundsBatch([change]);
    return result ?? 'conflict';
  }

  async changeRoundsBatch(changes: RoundChange[]): Promise<ChangeResult[]> {
    if (changes.length === 0) return [];
    const results = await inTransaction(this.pool, async (client) => {
      const out: ChangeResult[] = [];
      for (const c of changes) {
        await client.query('SAVEPOINT change');
        const result = await this.applyRoundChange(client, c);
        await client.query(result === 'ok' ? 'RELEASE SAVEPOINT change' : 'ROLLBACK TO SAVEPOINT change');
        out.push(result);
      }
      return out;
    });
    changes.forEach((c, i) => {
      if (results[i] === 'ok') for (const e of c.events ?? []) this.events.add(e.key);
    });
    return results;
  }

  async get(circleId: string): Promise<Circle | undefined> {
    const res = await this.pool.query<{ doc: StoredCircle }>('SELECT doc FROM circles WHERE id = $1', [circleId]);
    const stored = res.rows[0]?.doc;
    return stored ? openCircle(this.cipher, this.logger, stored) : undefined;
  }

  idsForChat(chatKey: string): string[] {
    return [...(this.chatIndex.get(chatKey) ?? [])];
  }

  schedules(): CircleSchedule[] {
    return [...this.circles.values()].map((c) => scheduleOf(c));
  }

  schedule(circleId: string): CircleSchedule | undefined {
    const stored = this.circles.get(circleId);
    return stored ? scheduleOf(stored) : undefined;
  }

  async getInvite(codeHash: string): Promise<CircleInvite | undefined> {
    const res = await this.pool.query<{ doc: CircleInvite }>('SELECT doc FROM circle_invites WHERE code_hash = $1', [codeHash]);
    return res.rows[0]?.doc;
  }

  async getRound(circleId: string, date: string): Promise<Round | undefined> {
    const res = await this.pool.query<{ doc: Round }>('SELECT doc FROM circle_rounds WHERE circle_id = $1 AND date = $2', [circleId, date]);
    return res.rows[0]?.doc;
  }

  async listRounds(circleId: string, from: string, to: string): Promise<Round[]> {
    const res = await this.pool.query<{ doc: Round }>(
      'SELECT doc FROM circle_rounds WHERE circle_id = $1 AND date >= $2 AND date <= $3 ORDER BY date COLLATE "C"',
      [circleId, from, to],
    );
    return res.rows.map((r) => r.doc);
  }

  async roundsWithOpenEscalations(): Promise<Round[]> {
    const res = await this.pool.query<{ doc: Round }>('SELECT doc FROM circle_rounds WHERE open_escalation');
    return res.rows.map((r) => r.doc);
  }

  hasEvent(key: string): boolean {
    return this.events.has(key);
  }

  /** Round messages go straight into the outbox table in the round change's transaction: nothing waits here. */
  pendingRelay(): OutboxMessage[] {
    return [];
  }

  async relayed(): Promise<void> {}

  async prune(now: Date): Promise<{ events: number; rounds: number }> {
    const eventCutoff = new Date(now.getTime() - EVENT_RETENTION_DAYS * 86_400_000).toISOString();
    const roundCutoff = new Date(now.getTime() - ROUND_RETENTION_DAYS * 86_400_000).toISOString().slice(0, 10);
    const gone = await this.pool.query<{ key: string }>('DELETE FROM circle_events WHERE at < $1 RETURNING key', [eventCutoff]);
    for (const row of gone.rows) this.events.delete(row.key);
    const rounds = await this.pool.query('DELETE FROM circle_rounds WHERE date < $1 AND NOT open_escalation', [roundCutoff]);
    const result = { events: gone.rowCount ?? 0, rounds: rounds.rowCount ?? 0 };
    if (result.events + result.rounds > 0) this.logger.info({ code: 'CIRCLE_PRUNED', ...result }, 'old circle rounds and events removed');
    return result;
  }

  private async applyRoundChange(client: PoolClient, c: RoundChange): Promise<ChangeResult> {
    for (const e of c.events ?? []) {
      const res = await client.query('INSERT INTO circle_events (key, at, outcome) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING', [e.key, e.at, e.outcome]);
      if (res.rowCount === 0) {
        this.events.add(e.key);
        return 'duplicate';
      }
    }
    for (const { round, expectedVersion } of c.rounds ?? []) {
      if (round.version !== expectedVersion + 1) return 'conflict';
      const open = round.escalations.some((e) => !e.resolvedAt);
      const res =
        expectedVersion === 0
          ? await client.query(
              'INSERT INTO circle_rounds (circle_id, date, version, open_escalation, doc) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
              [round.circleId, round.date, round.version, open, JSON.stringify(round)],
            )
          : await client.query(
              'UPDATE circle_rounds SET version = $3, open_escalation = $4, doc = $5 WHERE circle_id = $1 AND date = $2 AND version = $6',
              [round.circleId, round.date, round.version, open, JSON.stringify(round), expectedVersion],
            );
      if (res.rowCount === 0) return 'conflict';
      if (open) await client.query('UPDATE circle_changes SET version = version + 1 WHERE id = 2');
    }
    await insertOutbox(client, c.outbox ?? []);
    return 'ok';
  }

  private reindex(): void {
    this.chatIndex = chatIndexOf(this.circles.values());
  }
}
