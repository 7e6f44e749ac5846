import type { Pool } from 'pg';
import type { Logger } from '../../../ports/logger';
import type { ChannelLink, CodeRedemption, LinkChange, LinkCode, LinkStore } from '../../../ports/signals';
import { lean } from '../link-store';
import { inTransaction } from './db';

const SHA256_HEX = /^[0-9a-f]{64}$/;

interface CodeRow {
  code_hash: string;
  signaalpunt_id: string;
  purpose: LinkCode['purpose'];
  expires_at: string;
  used_at: string | null;
}

function codeOf(row: CodeRow): LinkCode {
  return {
    signaalpuntId: row.signaalpunt_id,
    codeHash: row.code_hash,
    purpose: row.purpose,
    expiresAt: row.expires_at,
    ...(row.used_at ? { usedAt: row.used_at } : {}),
  };
}

/**
 * `LinkStore` on PostgreSQL. Codes are stored as their sha256 only. A code saved by
 * `npm run link-code` on any machine is a row, usable at once by every instance; `useCode` marks
 * it in one conditional UPDATE, so of two uses exactly one wins.
 */
export class PgLinkStore implements LinkStore {
  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
  ) {}

  async saveCode(code: LinkCode): Promise<void> {
    if (!SHA256_HEX.test(code.codeHash)) throw new TypeError('LinkCode.codeHash must be a lowercase sha256 hex string');
    await this.pool.query(
      `INSERT INTO link_codes (code_hash, signaalpunt_id, purpose, expires_at, used_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code_hash) DO UPDATE SET signaalpunt_id = $2, purpose = $3, expires_at = $4, used_at = $5`,
      [code.codeHash, code.signaalpuntId, code.purpose, code.expiresAt, code.usedAt ?? null],
    );
    this.logger.info({ signaalpuntId: code.signaalpuntId, purpose: code.purpose }, 'link code saved');
  }

  async useCode(codeHash: string, now: Date): Promise<LinkCode | 'unknown' | 'expired' | 'used'> {
    const res = await this.pool.query<CodeRow>(
      `UPDATE link_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at::timestamptz > $3 RETURNING *`,
      [codeHash, now.toISOString(), now],
    );
    let result: LinkCode | 'unknown' | 'expired' | 'used';
    if (res.rows[0]) result = codeOf(res.rows[0]);
    else {
      const found = await this.pool.query<CodeRow>('SELECT * FROM link_codes WHERE code_hash = $1', [codeHash]);
      const row = found.rows[0];
      result = !row ? 'unknown' : row.used_at ? 'used' : 'expired';
    }
    if (typeof result === 'string') this.logger.info({ code: `LINK_CODE_${result.toUpperCase()}` }, 'link code refused');
    else this.logger.info({ signaalpuntId: result.signaalpuntId, purpose: result.purpose }, 'link code used');
    return result;
  }

  async getLink(signaalpuntId: string): Promise<ChannelLink | undefined> {
    const res = await this.pool.query<{ doc: ChannelLink }>('SELECT doc FROM channel_links WHERE signaalpunt_id = $1', [signaalpuntId]);
    return res.rows[0]?.doc;
  }

  async findLinkByChannel(teamId: string, channelId: string): Promise<ChannelLink | undefined> {
    const res = await this.pool.query<{ doc: ChannelLink }>(
      'SELECT doc FROM channel_links WHERE team_id = $1 AND channel_id = $2 ORDER BY signaalpunt_id LIMIT 1',
      [teamId, channelId],
    );
    return res.rows[0]?.doc;
  }

  async saveLink(link: ChannelLink): Promise<void> {
    await this.pool.query(
      `INSERT INTO channel_links (signaalpunt_id, team_id, channel_id, doc) VALUES ($1, $2, $3, $4)
       ON CONFLICT (signaalpunt_id) DO UPDATE SET team_id = $2, channel_id = $3, doc = $4`,
      [link.signaalpuntId, link.teamId, link.channelId, JSON.stringify(lean(link))],
    );
    this.logger.info({ signaalpuntId: link.signaalpuntId, teamId: link.teamId, channelId: link.channelId }, 'channel linked');
  }

  /** Uses the code and makes its change in one transaction; the links are locked so `decide` sees them as they stay. */
  async redeemCode(
    codeHash: string,
    now: Date,
    decide: (code: LinkCode, linkOf: (signaalpuntId: string) => ChannelLink | undefined) => LinkChange,
  ): Promise<CodeRedemption> {
    const result = await inTransaction(this.pool, async (client): Promise<CodeRedemption> => {
      const found = await client.query<CodeRow>('SELECT * FROM link_codes WHERE code_hash = $1 FOR UPDATE', [codeHash]);
      const row = found.rows[0];
      if (!row) return { code: 'unknown' };
      if (row.used_at) return { code: 'used' };
      if (Date.parse(row.expires_at) <= now.getTime()) return { code: 'expired' };
      await client.query('LOCK TABLE channel_links IN SHARE ROW EXCLUSIVE MODE');
      const links = await client.query<{ doc: ChannelLink }>('SELECT doc FROM channel_links');
      const byId = new Map(links.rows.map((r) => [r.doc.signaalpuntId, r.doc]));
      const change = decide(codeOf(row), (id) => byId.get(id));
      if ('refuse' in change) return { code: codeOf(row), change };
      await client.query('UPDATE link_codes SET used_at = $2 WHERE code_hash = $1', [codeHash, now.toISOString()]);
      if ('save' in change) {
        const link = lean(change.save);
        await client.query(
          `INSERT INTO channel_links (signaalpunt_id, team_id, channel_id, doc) VALUES ($1, $2, $3, $4)
           ON CONFLICT (signaalpunt_id) DO UPDATE SET team_id = $2, channel_id = $3, doc = $4`,
          [link.signaalpuntId, link.teamId, link.channelId, JSON.stringify(link)],
        );
      } else {
        await client.query('DELETE FROM channel_links WHERE signaalpunt_id = $1', [change.remove]);
      }
      return { code: { ...codeOf(row), usedAt: now.toISOString() }, change };
    });
    if (typeof result.code === 'string') this.logger.info({ code: `LINK_CODE_${result.code.toUpperCase()}` }, 'link code refused');
    else this.logger.info({ signaalpuntId: result.code.signaalpuntId, purpose: result.code.purpose }, 'link code redeemed');
    return result;
  }

  async usedCodes(): Promise<LinkCode[]> {
    const res = await this.pool.query<CodeRow>('SELECT * FROM link_codes WHERE used_at IS NOT NULL ORDER BY used_at');
    return res.rows.map(codeOf);
  }

  async removeLink(signaalpuntId: string): Promise<void> {
    const res = await this.pool.query('DELETE FROM channel_links WHERE signaalpunt_id = $1', [signaalpuntId]);
    if (res.rowCount) this.logger.info({ signaalpuntId }, 'channel unlinked');
  }

  async markBroken(signaalpuntId: string, code: string, at: Date): Promise<void> {
    const res = await this.pool.query(
      `UPDATE channel_links SET doc = doc || jsonb_build_object('broken', jsonb_build_object('at', $2::text, 'code', $3::text))
       WHERE signaalpunt_id = $1 AND NOT (doc ? 'broken')`,
      [signaalpuntId, at.toISOString(), code],
    );
    if (res.rowCount) this.logger.warn({ signaalpuntId, code }, 'channel link marked broken');
  }

  async listLinks(): Promise<ChannelLink[]> {
    const res = await this.pool.query<{ doc: ChannelLink }>('SELECT doc FROM channel_links ORDER BY signaalpunt_id COLLATE "C"');
    return res.rows.map((r) => r.doc);
  }
}
