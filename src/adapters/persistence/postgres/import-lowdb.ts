import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Logger } from '../../../ports/logger';
import type { CardPost, OutboxMessage } from '../../../ports/outbox';
import { AUDIT_FILE } from '../audit-log';
import { CIRCLE_ROUNDS_FILE, CIRCLES_FILE } from '../circle-store';
import { LINK_CODE_INBOX } from '../link-code-inbox';
import { LINKS_FILE } from '../link-store';
import { BOT_STATE_DIR } from '../lowdb-storage';
import { OUTBOX_FILE, stillToRelay, uniquePosts } from '../outbox-store';
import { RecordDir } from '../record-dir';
import { ROSTERS_FILE } from '../roster-store';
import { SEQUENCES_FILE, SIGNALS_DIR, type SignalRecord } from '../signal-records';
import { inTransaction } from './db';
import { insertCardPosts, insertOutbox } from './pg-outbox';

/** What one part of the import found in the folder, added to the database, and read back. */
export interface ImportCount {
  part: string;
  found: number;
  added: number;
  /** Rows of the found keys that are in the database after the import (must equal `found`). */
  verified: number;
}

const anyRecord = z.looseObject({}) as unknown as z.ZodType<never>;

/**
 * Copies a lowdb data folder into PostgreSQL as it is stored: sealed fields stay sealed (the
 * instances need the same DATA_ENCRYPTION_KEY). Every row is inserted with ON CONFLICT DO NOTHING,
 * one transaction per part, so running it again (after a crash half-way) adds only what is missing.
 * Reads only; nothing in the folder changes.
 */
export async function importLowdbFolder(pool: Pool, dataDir: string, logger: Logger): Promise<ImportCount[]> {
  const counts: ImportCount[] = [];
  const json = async <T>(file: string): Promise<T | undefined> => {
    try {
      return JSON.parse(await readFile(path.join(dataDir, file), 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  const lines = async (file: string): Promise<unknown[]> => {
    const text = await readFile(path.join(dataDir, file), 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? '' : Promise.reject(e)));
    return text.split('\n').flatMap((line) => {
      try {
        return line.trim() ? [JSON.parse(line) as unknown] : [];
      } catch {
        return []; // a torn last line
      }
    });
  };
  const verify = async (table: string, column: string, keys: string[]): Promise<number> => {
    const res = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = ANY($1::text[])`, [keys]);
    return res.rows[0]!.n;
  };

  // Signals (one record each) with the messages saved beside them, and the sequences. Where a
  // signal's card was posted: in outbox.json since ADR 0010 step 5, in the record before.
  const outboxFile = await json<{ messages?: Record<string, OutboxMessage>; posts?: Record<string, CardPost[]>; prunedBefore?: string }>(OUTBOX_FILE);
  const { records } = await RecordDir.open<SignalRecord>({ dir: path.join(dataDir, SIGNALS_DIR), schema: anyRecord, logger });
  const signals = [...records.values()];
  const signalsAdded = await inTransaction(pool, async (client) => {
    let n = 0;
    for (const r of signals) {
      const s = r.signal;
      const res = await client.query(
        `INSERT INTO signals (id, reference, submission_key, reporter_chat_key, signaalpunt_id, status, created_at, version, doc)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [s.id, s.reference, s.submissionKey ?? null, s.reporterChatKey ?? null, s.signaalpuntId, s.status, s.createdAt, s.version, JSON.stringify(s)],
      );
      n += res.rowCount ?? 0;
      await insertCardPosts(client, s.id, uniquePosts([...(r.posts ?? []), ...(outboxFile?.posts?.[s.id] ?? [])]));
    }
    const sequences = (await json<{ sequences: Record<string, number> }>(SEQUENCES_FILE))?.sequences ?? {};
    for (const [year, last] of Object.entries(sequences)) {
      await client.query('INSERT INTO signal_sequences (year, last) VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET last = GREATEST(signal_sequences.last, $2)', [Number(year), last]);
    }
    return n;
  });
  counts.push({ part: 'signals', found: signals.length, added: signalsAdded, verified: await verify('signals', 'id', signals.map((r) => r.signal.id)) });

  // The outbox, the messages signal records still stage (by the rule their store applies when it
  // opens a folder of the signal design), and round messages not yet relayed.
  const staged = signals.flatMap((r) => r.outbox).filter(stillToRelay(outboxFile));
  const rounds = await json<{ rounds: Record<string, { circleId: string; date: string; version: number; escalations: { resolvedAt?: string }[] }>; events: Record<string, { key: string; at: string; outcome: string }>; relay: Record<string, OutboxMessage> }>(CIRCLE_ROUNDS_FILE);
  const messages = new Map<string, OutboxMessage>();
  for (const m of [...Object.values(outboxFile?.messages ?? {}), ...staged, ...Object.values(rounds?.relay ?? {})]) {
    if (!messages.has(m.id)) messages.set(m.id, m);
  }
  const outboxAdded = await inTransaction(pool, (client) => insertOutbox(client, [...messages.values()]));
  const keys = [...new Set([...messages.values()].map((m) => m.idempotencyKey))];
  counts.push({ part: 'outbox', found: keys.length, added: outboxAdded, verified: await verify('outbox', 'idempotency_key', keys) });

  // Links and link codes (links.json and the CLI's inbox).
  const links = await json<{ codes: Record<string, { codeHash: string; signaalpuntId: string; purpose: string; expiresAt: string; usedAt?: string }>; links: Record<string, { signaalpuntId: string; teamId: string; channelId: string }> }>(LINKS_FILE);
  const codes = [...Object.values(links?.codes ?? {}), ...((await lines(LINK_CODE_INBOX)) as { codeHash: string; signaalpuntId: string; purpose: string; expiresAt: string; usedAt?: string }[])];
  const linkList = Object.values(links?.links ?? {});
  const linksAdded = await inTransaction(pool, async (client) => {
    let n = 0;
    for (const c of codes) {
      n += (await client.query('INSERT INTO link_codes (code_hash, signaalpunt_id, purpose, expires_at, used_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [c.codeHash, c.signaalpuntId, c.purpose, c.expiresAt, c.usedAt ?? null])).rowCount ?? 0;
    }
    for (const l of linkList) {
      n += (await client.query('INSERT INTO channel_links (signaalpunt_id, team_id, channel_id, doc) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [l.signaalpuntId, l.teamId, l.channelId, JSON.stringify(l)])).rowCount ?? 0;
    }
    return n;
  });
  const codeHashes = [...new Set(codes.map((c) => c.codeHash))];
  counts.push({
    part: 'links and codes',
    found: codeHashes.length + linkList.length,
    added: linksAdded,
    verified: (await verify('link_codes', 'code_hash', codeHashes)) + (await verify('channel_links', 'signaalpunt_id', linkList.map((l) => l.signaalpuntId))),
  });

  // The audit log: an entry already there (same fields) is not added again.
  const audit = await lines(AUDIT_FILE);
  const auditAdded = await inTransaction(pool, async (client) => {
    let n = 0;
    for (const entry of audit) {
      const doc = JSON.stringify(entry);
      n += (await client.query('INSERT INTO audit_log (doc) SELECT $1::jsonb WHERE NOT EXISTS (SELECT 1 FROM audit_log WHERE doc = $1::jsonb)', [doc])).rowCount ?? 0;
    }
    return n;
  });
  const auditVerified = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE doc = ANY($1::jsonb[])', [audit.map((e) => JSON.stringify(e))])).rows[0]!.n;
  counts.push({ part: 'audit', found: audit.length, added: auditAdded, verified: auditVerified });

  // Team rosters.
  // Version 2 keeps keyed hashes with when they were seen (same data key, so they carry over);
  // version 1 kept plain ids, which the app hashes and erases when it starts (issue 11).
  const teams = Object.entries((await json<{ teams: Record<string, { tenantId: string; members?: string[]; seen?: Record<string, string> }> }>(ROSTERS_FILE))?.teams ?? {});
  const rostersAdded = await inTransaction(pool, async (client) => {
    let n = 0;
    for (const [teamId, r] of teams) {
      n += (await client.query('INSERT INTO team_rosters (team_id, tenant_id, members, seen) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [teamId, r.tenantId, r.members ?? [], JSON.stringify(r.seen ?? {})])).rowCount ?? 0;
    }
    return n;
  });
  counts.push({ part: 'rosters', found: teams.length, added: rostersAdded, verified: await verify('team_rosters', 'team_id', teams.map(([id]) => id)) });

  // Circles with invites, rounds and fired events.
  const circles = await json<{ circles: Record<string, { id: string; version: number }>; invites: Record<string, { codeHash: string; circleId: string }> }>(CIRCLES_FILE);
  const circleList = Object.values(circles?.circles ?? {});
  const invites = Object.values(circles?.invites ?? {});
  const roundList = Object.values(rounds?.rounds ?? {});
  const events = Object.values(rounds?.events ?? {});
  const circlesAdded = await inTransaction(pool, async (client) => {
    let n = 0;
    for (const c of circleList) n += (await client.query('INSERT INTO circles (id, version, doc) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [c.id, c.version, JSON.stringify(c)])).rowCount ?? 0;
    for (const i of invites) n += (await client.query('INSERT INTO circle_invites (code_hash, circle_id, doc) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [i.codeHash, i.circleId, JSON.stringify(i)])).rowCount ?? 0;
    for (const r of roundList) {
      const open = r.escalations.some((e) => !e.resolvedAt);
      n += (await client.query('INSERT INTO circle_rounds (circle_id, date, version, open_escalation, doc) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [r.circleId, r.date, r.version, open, JSON.stringify(r)])).rowCount ?? 0;
    }
    for (const e of events) n += (await client.query('INSERT INTO circle_events (key, at, outcome) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [e.key, e.at, e.outcome])).rowCount ?? 0;
    // Running instances re-read the circles at their next tick.
    await client.query('UPDATE circle_changes SET version = version + 1');
    return n;
  });
  const roundsVerified = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM circle_rounds WHERE circle_id || '/' || date = ANY($1::text[])`, [roundList.map((r) => `${r.circleId}/${r.date}`)])).rows[0]!.n;
  counts.push({
    part: 'circles, invites, rounds, events',
    found: circleList.length + invites.length + roundList.length + events.length,
    added: circlesAdded,
    verified:
      (await verify('circles', 'id', circleList.map((c) => c.id))) +
      (await verify('circle_invites', 'code_hash', invites.map((i) => i.codeHash))) +
      roundsVerified +
      (await verify('circle_events', 'key', events.map((e) => e.key))),
  });

  // Bot state (sealed by EncryptedStorage): key, eTag and the sealed item.
  const { records: items } = await RecordDir.open<{ key: string; item: { eTag: string } & Record<string, unknown> }>({ dir: path.join(dataDir, BOT_STATE_DIR), schema: anyRecord, logger });
  const itemList = [...items.values()];
  const itemsAdded = await inTransaction(pool, async (client) => {
    let n = 0;
    for (const { key, item } of itemList) {
      const { eTag, ...doc } = item;
      n += (await client.query('INSERT INTO bot_state (key, etag, doc) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [key, eTag, JSON.stringify(doc)])).rowCount ?? 0;
    }
    return n;
  });
  counts.push({ part: 'bot state', found: itemList.length, added: itemsAdded, verified: await verify('bot_state', 'key', itemList.map((i) => i.key)) });
  return counts;
}
