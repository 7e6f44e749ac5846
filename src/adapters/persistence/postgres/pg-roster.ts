import type { Pool } from 'pg';
import type { Logger } from '../../../ports/logger';
import type { RosterOptions, TeamRoster } from '../../../ports/roster';
import { cleanIds, fresh } from '../roster-store';
import { inTransaction } from './db';

/**
 * `TeamRoster` on PostgreSQL: per team its tenant and `seen`, a JSON object from the HMAC of each
 * member's aadObjectId (key derived from the data key) to when it was last seen. No ids in the
 * clear, no names; entries past the TTL no longer count and are removed by `prune`.
 */
export class PgRosterStore implements TeamRoster {
  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly options: RosterOptions,
  ) {}

  private cutoff(): string {
    return new Date(this.options.now().getTime() - this.options.ttlMs).toISOString();
  }

  /** Rows from before issue 11 (plain ids in `members`): hashed, seen now, and the plain ids erased. */
  async migrate(): Promise<void> {
    const now = this.options.now().toISOString();
    const count = await inTransaction(this.pool, async (client) => {
      const res = await client.query<{ team_id: string; members: string[]; seen: Record<string, string> }>(
        'SELECT team_id, members, seen FROM team_rosters WHERE cardinality(members) > 0 FOR UPDATE',
      );
      for (const row of res.rows) {
        const seen = { ...row.seen, ...Object.fromEntries(cleanIds(row.members).map((id) => [this.options.hashId(id), now])) };
        await client.query("UPDATE team_rosters SET seen = $2, members = '{}' WHERE team_id = $1", [row.team_id, JSON.stringify(seen)]);
      }
      return res.rows.length;
    });
    if (count > 0) this.logger.warn({ code: 'ROSTER_MIGRATED', teamCount: count }, 'team rosters rewritten: member ids are now keyed hashes that expire');
  }

  async setMembers(teamId: string, tenantId: string, aadObjectIds: string[]): Promise<void> {
    const now = this.options.now().toISOString();
    const seen = Object.fromEntries(cleanIds(aadObjectIds).map((id) => [this.options.hashId(id), now]));
    await this.pool.query(
      `INSERT INTO team_rosters (team_id, tenant_id, members, seen) VALUES ($1, $2, '{}', $3)
       ON CONFLICT (team_id) DO UPDATE SET tenant_id = $2, members = '{}', seen = $3`,
      [teamId, tenantId, JSON.stringify(seen)],
    );
    this.logger.info({ teamId, memberCount: Object.keys(seen).length }, 'team roster replaced');
  }

  async addMembers(teamId: string, tenantId: string, aadObjectIds: string[]): Promise<void> {
    const added = cleanIds(aadObjectIds);
    const now = this.options.now().toISOString();
    const cutoff = this.cutoff();
    const switched = await inTransaction(this.pool, async (client) => {
      const res = await client.query<{ tenant_id: string; seen: Record<string, string> }>('SELECT tenant_id, seen FROM team_rosters WHERE team_id = $1 FOR UPDATE', [teamId]);
      const current = res.rows[0];
      const other = current !== undefined && current.tenant_id !== tenantId;
      const seen = current && !other ? fresh(current.seen, cutoff) : {};
      for (const id of added) seen[this.options.hashId(id)] = now;
      await client.query(
        `INSERT INTO team_rosters (team_id, tenant_id, members, seen) VALUES ($1, $2, '{}', $3)
         ON CONFLICT (team_id) DO UPDATE SET tenant_id = $2, members = '{}', seen = $3`,
        [teamId, tenantId, JSON.stringify(seen)],
      );
      return other;
    });
    if (switched) this.logger.warn({ code: 'ROSTER_TENANT_CHANGED', teamId }, 'team seen in another tenant: roster restarted');
    this.logger.info({ teamId, addedCount: added.length }, 'team members added');
  }

  async removeMembers(teamId: string, aadObjectIds: string[]): Promise<void> {
    const removed = [...new Set(cleanIds(aadObjectIds).map((id) => this.options.hashId(id)))];
    await this.pool.query('UPDATE team_rosters SET seen = seen - $2::text[] WHERE team_id = $1', [teamId, removed]);
    this.logger.info({ teamId, removedCount: removed.length }, 'team members removed');
  }

  async isMember(teamId: string, tenantId: string, aadObjectId: string): Promise<boolean> {
    if (!aadObjectId) return false;
    const res = await this.pool.query<{ at: string | null }>('SELECT seen ->> $3 AS at FROM team_rosters WHERE team_id = $1 AND tenant_id = $2', [
      teamId,
      tenantId,
      this.options.hashId(aadObjectId.trim()),
    ]);
    const at = res.rows[0]?.at;
    return typeof at === 'string' && at > this.cutoff();
  }

  /** Drops entries past the TTL, and teams left without any. */
  async prune(): Promise<number> {
    const cutoff = this.cutoff();
    const res = await this.pool.query<{ dropped: string }>(
      `WITH pruned AS (
         UPDATE team_rosters t SET seen = COALESCE((SELECT jsonb_object_agg(k, v) FROM jsonb_each_text(t.seen) AS e(k, v) WHERE v > $1), '{}'::jsonb)
         WHERE EXISTS (SELECT 1 FROM jsonb_each_text(t.seen) AS e(k, v) WHERE v <= $1)
         RETURNING 1)
       SELECT count(*)::text AS dropped FROM pruned`,
      [cutoff],
    );
    await this.pool.query("DELETE FROM team_rosters WHERE seen = '{}'::jsonb AND cardinality(members) = 0");
    const dropped = Number(res.rows[0]?.dropped ?? 0);
    if (dropped > 0) this.logger.info({ code: 'ROSTER_PRUNED', teams: dropped }, 'expired team roster entries removed');
    return dropped;
  }
}
