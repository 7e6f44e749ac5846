import type { Pool } from 'pg';
import type { JoinCounter, JoinLimitStore, JoinScope } from '../../../ports/join-limits';
import { inTransaction } from './db';

/**
 * The join limiter's counters on PostgreSQL: shared by every instance, kept over restarts. A
 * change locks its row, so two instances counting at once lose no failure.
 */
export class PgJoinLimitStore implements JoinLimitStore {
  constructor(
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
  ) {}

  async get(scope: JoinScope, key: string): Promise<JoinCounter | undefined> {
    const res = await this.pool.query<{ doc: JoinCounter }>('SELECT doc FROM join_limits WHERE scope = $1 AND key = $2 AND expires_at > $3', [scope, key, new Date(this.now())]);
    return res.rows[0]?.doc;
  }

  async modify(scope: JoinScope, key: string, change: (current: JoinCounter | undefined) => { counter: JoinCounter | undefined; expiresAt: number }): Promise<JoinCounter | undefined> {
    const now = new Date(this.now());
    return inTransaction(this.pool, async (client) => {
      // The row exists before it is locked, so two first failures at once cannot both insert.
      await client.query(`INSERT INTO join_limits (scope, key, doc, expires_at) VALUES ($1, $2, 'null'::jsonb, $3) ON CONFLICT DO NOTHING`, [scope, key, now]);
      const res = await client.query<{ doc: JoinCounter | null; expires_at: Date }>('SELECT doc, expires_at FROM join_limits WHERE scope = $1 AND key = $2 FOR UPDATE', [scope, key]);
      const row = res.rows[0];
      const current = row && row.doc && row.expires_at > now ? row.doc : undefined;
      const next = change(current);
      if (next.counter) {
        await client.query('UPDATE join_limits SET doc = $3, expires_at = $4 WHERE scope = $1 AND key = $2', [scope, key, JSON.stringify(next.counter), new Date(next.expiresAt)]);
      } else {
        await client.query('DELETE FROM join_limits WHERE scope = $1 AND key = $2', [scope, key]);
      }
      // Forget expired counters; rows another change holds are skipped (no waiting, no deadlock).
      await client.query(
        'DELETE FROM join_limits WHERE ctid IN (SELECT ctid FROM join_limits WHERE expires_at < $1 AND NOT (scope = $2 AND key = $3) FOR UPDATE SKIP LOCKED)',
        [now, scope, key],
      );
      return next.counter;
    });
  }
}
