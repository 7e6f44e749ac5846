import type { Pool } from 'pg';
import type { Logger } from '../../../ports/logger';
import type { TeamRoster } from '../../../ports/roster';
import { inTransaction } from './db';

const MAX_ID_LENGTH = 200;

function cleanIds(ids: readonly string[]): string[] {
  return ids.filter((id) => typeof id === 'string' && id.trim() !== '' && id.length <= MAX_ID_LENGTH).map((id) => id.trim());
}

function sortedUnique(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort();
}

/** `TeamRoster` on PostgreSQL: per team its tenant and its members' aadObjectIds (no names). */
export class PgRosterStore implements TeamRoster {
  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
  ) {}

  async setMembers(teamId: string, tenantId: string, aadObjectIds: string[]): Promise<void> {
    const members = sortedUnique(cleanIds(aadObjectIds));
    await this.pool.query(
      `INSERT INTO team_rosters (team_id, tenant_id, members) VALUES ($1, $2, $3)
       ON CONFLICT (team_id) DO UPDATE SET tenant_id = $2, members = $3`,
      [teamId, tenantId, members],
    );
    this.logger.info({ teamId, memberCount: members.length }, 'team roster replaced');
  }

  async addMembers(teamId: string, tenantId: string, aadObjectIds: string[]): Promise<void> {
    const added = cleanIds(aadObjectIds);
    const switched = await inTransaction(this.pool, async (client) => {
      const res = await client.query<{ tenant_id: string; members: string[] }>('SELECT tenant_id, members FROM team_rosters WHERE team_id = $1 FOR UPDATE', [teamId]);
      const current = res.rows[0];
      const other = current !== undefined && current.tenant_id !== tenantId;
      const members = sortedUnique([...(current && !other ? current.members : []), ...added]);
      await client.query(
        `INSERT INTO team_rosters (team_id, tenant_id, members) VALUES ($1, $2, $3)
         ON CONFLICT (team_id) DO UPDATE SET tenant_id = $2, members = $3`,
        [teamId, tenantId, members],
      );
      return other;
    });
    if (switched) this.logger.warn({ code: 'ROSTER_TENANT_CHANGED', teamId }, 'team seen in another tenant: roster restarted');
    this.logger.info({ teamId, addedCount: added.length }, 'team members added');
  }

  async removeMembers(teamId: string, aadObjectIds: string[]): Promise<void> {
    const removed = cleanIds(aadObjectIds);
    await this.pool.query(
      `UPDATE team_rosters SET members = ARRAY(SELECT m FROM unnest(members) AS m WHERE NOT (m = ANY($2::text[])) ORDER BY m COLLATE "C")
       WHERE team_id = $1`,
      [teamId, removed],
    );
    this.logger.info({ teamId, removedCount: new Set(removed).size }, 'team members removed');
  }

  async isMember(teamId: string, tenantId: string, aadObjectId: string): Promise<boolean> {
    if (!aadObjectId) return false;
    const res = await this.pool.query('SELECT 1 FROM team_rosters WHERE team_id = $1 AND tenant_id = $2 AND $3 = ANY(members)', [teamId, tenantId, aadObjectId]);
    return (res.rowCount ?? 0) > 0;
  }
}
