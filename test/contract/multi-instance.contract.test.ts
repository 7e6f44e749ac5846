import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { openPostgresStores, type PostgresStores } from '../../src/adapters/persistence/postgres/open-postgres';
import { PgOutbox } from '../../src/adapters/persistence/postgres/pg-outbox';
import { migrate } from '../../src/adapters/persistence/postgres/db';
import { normaliseLinkCode } from '../../src/application/link-channel';
import { hmacCodeHasher } from '../../src/adapters/crypto/code-hmac';
import { dbMigrate } from '../../scripts/db-migrate';
import { dbImport } from '../../scripts/db-import';
import { FileAuditLog } from '../../src/adapters/persistence/audit-log';
import { FileLinkStore } from '../../src/adapters/persistence/link-store';
import { LowdbStorage } from '../../src/adapters/persistence/lowdb-storage';
import { SignalStore } from '../../src/adapters/persistence/signal-store';
import { tempDir } from '../helpers/signal-fixtures';
import { linkCode } from '../../scripts/link-code';
import { captureLogger, makeMessage, makeSignal, testCipher, testRosterOptions } from '../helpers/signal-fixtures';
import { postgresAvailable, TEST_DATABASE_URL } from './engines';

describe('Schema migrations', () => {
  test('When the migrations folder is read, then every file is <timestamp>_<name>.sql with an up and a down section, in order', () => {
    const dir = path.resolve(__dirname, '../../migrations');
    const files = fs.readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    expect([...files].sort()).toEqual(files);
    for (const file of files) {
      expect(file).toMatch(/^\d{13}_[a-z0-9-]+\.sql$/);
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(sql).toMatch(/^-- Up Migration$/m);
      expect(sql).toMatch(/^-- Down Migration$/m);
    }
  });
});

/** Several instances on one database: only PostgreSQL can do this (lowdb is one process per folder). */
const available = postgresAvailable();
if (!available) console.log('Several instances on PostgreSQL: PostgreSQL was skipped (no server); only the migration file checks ran.');

const describePg = (title: string, body: () => void) => (available ? describe(title, body) : undefined);

describePg('Several instances on one PostgreSQL database', () => {
  const schema = `t_multi_${randomBytes(4).toString('hex')}`;
  const cipher = testCipher(randomBytes(32));
  const logger = captureLogger();
  const opened: PostgresStores[] = [];
  const open = async () => {
    const stores = await openPostgresStores({ url: TEST_DATABASE_URL, schema, root: path.resolve(__dirname, '../..'), cipher, logger, poolMax: 4, roster: testRosterOptions() });
    opened.push(stores);
    return stores;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  test('When three instances start at once, then the schema is migrated once and all three open', async () => {
    const all = await Promise.all([open(), open(), open()]);
    // Each migration ran once (not once per instance).
    const runs = await all[0]!.pool.query('SELECT count(*)::int AS n, count(DISTINCT name)::int AS names FROM pgmigrations');
    expect(runs.rows[0].n).toBe(3);
    expect(runs.rows[0].names).toBe(3);
  });

  test('When two workers claim due messages at once, then no message is handed to both, and a claim expires after the lease', async () => {
    const [a, b] = [await open(), await open()];
    await a.outbox.enqueue(Array.from({ length: 40 }, (_, i) => makeMessage({ id: `m-${String(i).padStart(2, '0')}` })));
    const workerA = new PgOutbox(a.pool, logger, { instanceId: 'a' });
    const workerB = new PgOutbox(b.pool, logger, { instanceId: 'b' });
    const now = new Date('2026-03-02T10:00:00.000Z');
    const [gotA, gotB] = await Promise.all([workerA.due(now, 25), workerB.due(now, 25)]);
    const ids = [...gotA, ...gotB].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(40);
    // A dies: its claims come free for B once the lease (30 s) is over, not before.
    expect(await workerB.due(new Date(now.getTime() + 10_000), 50)).toHaveLength(gotB.length);
    expect(await workerB.due(new Date(now.getTime() + 31_000), 50)).toHaveLength(40);
  });

  test('When the delivering instance stops, then another takes the delivery lead at its next poll', async () => {
    const [a, b] = [await open(), await open()];
    await a.outbox.enqueue([makeMessage({ id: 'm-1' })]);
    const now = new Date('2026-03-02T10:00:00.000Z');
    expect((await a.outbox.due(now, 10)).map((m) => m.id)).toEqual(['m-1']);
    expect(await b.outbox.due(now, 10)).toEqual([]);
    await a.close();
    opened.splice(opened.indexOf(a), 1);
    expect(await b.deliveryLead.holds()).toBe(true);
    // A's claim on m-1 runs out after the lease; then B delivers it.
    expect(await b.outbox.due(new Date(now.getTime() + 31_000), 10)).toHaveLength(1);
  });

  test('When the lead passes after recent sends, then the new leader waits out the 30 s pacing window of those sends', async () => {
    const [a, b] = [await open(), await open()];
    await a.outbox.enqueue([makeMessage({ id: 'm-1' }), makeMessage({ id: 'm-2' })]);
    const now = new Date('2026-03-02T10:00:00.000Z');
    expect(await a.outbox.due(now, 1)).toHaveLength(1);
    await a.outbox.markSending('m-1', now);
    await a.outbox.markSent('m-1', new Date(now.getTime() + 200));
    await a.close();
    opened.splice(opened.indexOf(a), 1);
    // B's pacing limiter never saw A's sends: sending at once could break Teams' 1 s, 2 s and 30 s windows.
    expect(await b.outbox.due(new Date(now.getTime() + 1_000), 10)).toEqual([]);
    expect(await b.outbox.due(new Date(now.getTime() + 29_000), 10)).toEqual([]);
    expect((await b.outbox.due(new Date(now.getTime() + 30_300), 10)).map((m) => m.id)).toEqual(['m-2']);
  });

  test('When a circle changes on one instance, then the other sees it at its next refresh; the tick lead is held by one', async () => {
    const [a, b] = [await open(), await open()];
    expect(await a.tickLead.holds()).toBe(true);
    expect(await b.tickLead.holds()).toBe(false);
    const circle = {
      id: 'circle-0001', name: 'Belcirkel Testwijk', startTime: '09:00', weekdays: [1], mode: 'chain' as const, windowMinutes: 30, reminderMinutes: 10, ackMinutes: 15,
      skipHolidays: false, pauses: [], coordinators: [{ chatKey: 'chat-coord-1', name: 'Coordinator1 Testnaam', weekdays: [], backup: false }], members: [],
      locale: 'nl' as const, scheduleFrom: '2027-03-01T08:00:00.000Z', createdAt: '2027-03-01T08:00:00.000Z', updatedAt: '2027-03-01T08:00:00.000Z', version: 1,
    };
    await b.circles.refresh();
    expect(await a.circles.change({ save: { circle, expectedVersion: 0 } })).toBe('ok');
    expect(b.circles.schedule('circle-0001')).toBeUndefined();
    expect(await b.circles.refresh()).toBe(true);
    expect(b.circles.schedule('circle-0001')?.name).toBe('Belcirkel Testwijk');
    expect(await b.circles.refresh()).toBe(false);
  });

  test('When two instances save the same conversation state from one eTag, then the second gets an eTag conflict', async () => {
    const [a, b] = [await open(), await open()];
    await a.storage.write({ 'msteams/conversations/c1/': { step: 1 } });
    const { eTag } = (await b.storage.read(['msteams/conversations/c1/']))['msteams/conversations/c1/'] as { eTag: string };
    await a.storage.write({ 'msteams/conversations/c1/': { step: 2, eTag } });
    await expect(b.storage.write({ 'msteams/conversations/c1/': { step: 3, eTag } })).rejects.toMatchObject({ code: 'STORAGE_ETAG_CONFLICT' });
  });

  test('When a link code is saved by one process, then another instance can use it at once', async () => {
    const [cli, bot] = [await open(), await open()];
    const codeHash = 'a'.repeat(64);
    await cli.links.saveCode({ signaalpuntId: 'GM0677', codeHash, purpose: 'link', expiresAt: '2099-01-01T00:00:00.000Z' });
    expect(await bot.links.useCode(codeHash, new Date())).toMatchObject({ signaalpuntId: 'GM0677' });
  });

  test('When npm run link-code runs with DATABASE_URL, then a running instance can use the code at once; db:migrate finds nothing to do', async () => {
    const bot = await open();
    const key = randomBytes(32);
    const env = { NODE_ENV: 'test', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, DATA_DIR: path.join(__dirname, 'no-such-data-dir'), DATA_ENCRYPTION_KEY: key.toString('base64') };
    const issued = await linkCode(['GM0718'], env);
    expect(issued).toMatchObject({ ok: true });
    expect(await bot.links.useCode(hmacCodeHasher(key, 'link-code')(normaliseLinkCode(issued.code!)), new Date())).toMatchObject({ signaalpuntId: 'GM0718', purpose: 'link' });
    expect((await bot.audit.list()).map((e) => e.action)).toContain('code.issued.link');
    expect(fs.existsSync(env.DATA_DIR)).toBe(false);
    expect(await dbMigrate(env)).toEqual({ ok: true, output: 'Schema up to date: 1733300000000_initial, 1764806400000_roster-expiry-join-limits, 1764892800000_card-posts' });
  });

  test('When sent messages are past retention, then prune removes them and the team card post stays findable', async () => {
    const stores = await open();
    await stores.signals.create(makeSignal(), [makeMessage({ id: 'm-1' }), makeMessage({ id: 'm-2', kind: 'reporter.notify', target: { kind: 'reporter', chatKey: 'c' } })]);
    await stores.outbox.markSent('m-1', new Date('2026-03-02T09:01:00.000Z'), { conversationId: 'conv-1', activityId: 'act-1' });
    await stores.outbox.markSent('m-2', new Date('2026-03-20T09:01:00.000Z'));
    expect(await stores.outbox.prune(new Date('2026-03-20T12:00:00.000Z'))).toBe(1);
    expect((await stores.outbox.list()).map((m) => m.id)).toEqual(['m-2']);
    expect(await stores.outbox.cardPosts('sig-1')).toEqual([{ signaalpuntId: 'GM0677', conversationId: 'conv-1', activityId: 'act-1' }]);
  });

  test('When a schema from before card_posts is migrated, then the posts in signal rows are copied, and markSent records new ones without the signal row', async () => {
    const kept = { signaalpuntId: 'GM0677', conversationId: 'conv-old', activityId: 'act-old' };
    const { dir: oldRoot, cleanup } = tempDir('old-schema');
    const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
    try {
      // The schema as the version before ADR 0010 step 5 left it, with a post kept in a signal row.
      fs.mkdirSync(path.join(oldRoot, 'migrations'), { recursive: true });
      for (const file of ['1733300000000_initial.sql', '1764806400000_roster-expiry-join-limits.sql']) {
        fs.copyFileSync(path.resolve(__dirname, '../../migrations', file), path.join(oldRoot, 'migrations', file));
      }
      expect(await migrate(pool, { root: oldRoot, schema, logger })).toHaveLength(2);
      await pool.query(
        `INSERT INTO ${schema}.signals (id, reference, signaalpunt_id, status, created_at, version, doc, posts) VALUES ('sig-1', 'SIG-2026-000123', 'GM0677', 'new', '2026-03-02T09:00:00.000Z', 1, '{}', $1)`,
        [JSON.stringify([kept])],
      );
    } finally {
      await pool.end();
      cleanup();
    }

    const stores = await open();
    expect(await stores.outbox.cardPosts('sig-1')).toEqual([kept]);
    await stores.outbox.enqueue([makeMessage({ id: 'm-1', idempotencyKey: 'signal.new:sig-1:GM0718:teams:0', target: { kind: 'teams', signaalpuntId: 'GM0718' } })]);
    await stores.outbox.markSent('m-1', new Date('2026-03-02T09:01:00.000Z'), { conversationId: 'conv-new', activityId: 'act-new' });
    const recorded = await stores.pool.query(`SELECT signal_id, conversation_id FROM ${schema}.card_posts ORDER BY seq`);
    expect(recorded.rows).toEqual([
      { signal_id: 'sig-1', conversation_id: 'conv-old' },
      { signal_id: 'sig-1', conversation_id: 'conv-new' },
    ]);
    expect(await stores.outbox.prune(new Date('2026-03-20T12:00:00.000Z'))).toBe(1);
    // The prune no longer writes signal rows: the post stays where markSent put it.
    expect((await stores.pool.query(`SELECT posts FROM ${schema}.signals WHERE id = 'sig-1'`)).rows[0].posts).toEqual([kept]);
    expect(await stores.outbox.cardPosts('sig-1')).toEqual([kept, { signaalpuntId: 'GM0718', conversationId: 'conv-new', activityId: 'act-new' }]);
  });

  test('When a lowdb folder is imported twice, then everything reads back the same from PostgreSQL and the second run adds nothing', async () => {
    const { dir, cleanup } = tempDir('import');
    try {
      const signals = await SignalStore.open({ dataDir: dir, cipher, logger });
      await signals.signals.create(makeSignal(), [makeMessage({ id: 'm-1' })]);
      await signals.signals.nextSequence(2026);
      // A thread made and its message pruned: where it is lives in outbox.json only (ADR 0010 step 5).
      await signals.outbox.enqueue([makeMessage({ id: 'm-0', idempotencyKey: 'signal.new:sig-1:GM0677:teams:0' })]);
      await signals.outbox.markSent('m-0', new Date('2026-03-02T09:01:00.000Z'), { conversationId: 'conv-1', activityId: 'act-1' });
      await signals.flush();
      expect(await signals.pruneOutbox(new Date('2026-03-20T12:00:00.000Z'))).toBe(1);
      await signals.flush();
      const links = await FileLinkStore.open({ dataDir: dir, logger });
      await links.saveLink({ signaalpuntId: 'GM0677', teamId: 't', tenantId: 'x', channelId: 'c', reference: {}, linkedAt: '2026-03-02T09:00:00.000Z', linkedBy: 'aad-1' });
      await links.flush();
      const audit = await FileAuditLog.open({ dataDir: dir, logger });
      await audit.append({ at: '2026-03-02T09:00:00.000Z', action: 'signal.created', actor: 'reporter', signalId: 'sig-1' });
      const state = await LowdbStorage.open({ dataDir: dir, logger });
      await state.write({ 'msteams/users/u1/': { sealed: 'v1:x' } });
      await state.flush();
      const env = { NODE_ENV: 'test', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema };
      const first = await dbImport(['--from', dir], env);
      expect(first).toMatchObject({ ok: true });
      expect(first.output).toContain('signals: found 1, added 1, read back 1');
      const second = await dbImport(['--from', dir], env);
      expect(second.output).toContain('signals: found 1, added 0, read back 1');
      expect(second.output).not.toMatch(/added [1-9]/);
      const pg = await open();
      expect(await pg.signals.get('sig-1')).toEqual(makeSignal());
      expect((await pg.outbox.list()).map((m) => m.id)).toEqual(['m-1']);
      expect(await pg.outbox.cardPosts('sig-1')).toEqual([{ signaalpuntId: 'GM0677', conversationId: 'conv-1', activityId: 'act-1' }]);
      expect(await pg.signals.nextSequence(2026)).toBe(2);
      expect((await pg.links.getLink('GM0677'))?.teamId).toBe('t');
      expect((await pg.audit.list()).map((e) => e.action)).toEqual(['signal.created']);
      expect(await pg.storage.read(['msteams/users/u1/'])).toEqual({ 'msteams/users/u1/': { sealed: 'v1:x', eTag: expect.any(String) } });
    } finally {
      cleanup();
    }
  });

  test('When a lowdb folder of the signal design is imported, then staged messages older than its prune horizon are not queued again', async () => {
    // Before ADR 0010 a record kept its last change's messages after they were sent, and the
    // prune wrote a horizon: a staged message older than it may have been sent and pruned, so
    // queuing it again would post a second thread. The store's own start applies the same rule.
    const { dir, cleanup } = tempDir('import-horizon');
    try {
      const signals = await SignalStore.open({ dataDir: dir, cipher, logger });
      const old = makeMessage({ id: 'm-old', idempotencyKey: 'signal.new:sig-1:GM0677:teams:0', createdAt: '2026-03-01T09:00:00.000Z' });
      const recent = makeMessage({ id: 'm-recent', idempotencyKey: 'reporter.notify:sig-1:claimed', createdAt: '2026-03-20T09:00:00.000Z' });
      await signals.signals.create(makeSignal(), [old, recent]);
      await signals.flush();
      // The staged messages were never relayed; the old prune left its horizon in outbox.json.
      fs.writeFileSync(path.join(dir, 'outbox.json'), JSON.stringify({ schemaVersion: 1, messages: {}, prunedBefore: '2026-03-06T09:00:00.000Z' }));
      const result = await dbImport(['--from', dir], { NODE_ENV: 'test', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema });
      expect(result).toMatchObject({ ok: true });
      const pg = await open();
      expect((await pg.outbox.list()).map((m) => m.id)).not.toContain('m-old');
      expect((await pg.outbox.list()).map((m) => m.id)).toContain('m-recent');
    } finally {
      cleanup();
    }
  });
});
