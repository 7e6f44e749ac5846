import type { Pool } from 'pg';
import { TEAMS_CONVERSATION_LIMITS } from '../../../domain/delivery-policy';
import type { Logger } from '../../../ports/logger';

/**
 * A new delivery leader sends nothing until this long after the last send it finds in the outbox
 * (any instance's): its in-process limiter never saw the old leader's sends, and this is Teams'
 * longest window under an hour (60 per 30 s; the 1 s and 2 s windows lie inside it).
 */
export const LEAD_HANDOVER_QUIET_MS = Math.max(...TEAMS_CONVERSATION_LIMITS.filter((w) => w.windowMs < 3_600_000).map((w) => w.windowMs));

/** The end of the quiet time after the newest send (or send attempt) of the last LEAD_HANDOVER_QUIET_MS; `now` when there was none. */
export async function handoverQuietUntil(pool: Pool, now: Date, logger: Logger): Promise<Date> {
  const since = new Date(now.getTime() - LEAD_HANDOVER_QUIET_MS).toISOString();
  const res = await pool.query<{ last: string | null }>(
    `SELECT max(greatest(doc->>'sentAt', doc->>'sendingSince')) AS last FROM outbox
      WHERE doc->>'sentAt' > $1 OR doc->>'sendingSince' > $1`,
    [since],
  );
  const last = res.rows[0]?.last;
  if (!last) return now;
  const until = new Date(Date.parse(last) + LEAD_HANDOVER_QUIET_MS);
  if (until > now) logger.info({ code: 'LEAD_HANDOVER_QUIET', quietMs: until.getTime() - now.getTime() }, 'new delivery leader waits out the pacing window of earlier sends');
  return until;
}
