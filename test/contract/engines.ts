import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Storage } from 'botbuilder';
import { Pool } from 'pg';
import { FileAuditLog } from '../../src/adapters/persistence/audit-log';
import { CircleStore } from '../../src/adapters/persistence/circle-store';
import { InboxLinkStore } from '../../src/adapters/persistence/link-code-inbox';
import { FileJoinLimitStore } from '../../src/adapters/persistence/join-limit-store';
import { FileLinkStore } from '../../src/adapters/persistence/link-store';
import { LowdbStorage } from '../../src/adapters/persistence/lowdb-storage';
import { openPostgresStores, type PostgresStores } from '../../src/adapters/persistence/postgres/open-postgres';
import { StoredOutbox } from '../../src/adapters/persistence/outbox-store';
import { ROSTERS_FILE, RosterStore } from '../../src/adapters/persistence/roster-store';
import { SignalStore } from '../../src/adapters/persistence/signal-store';
import { OutboxRelay } from '../../src/application/outbox-relay';
import type { CircleRepository } from '../../src/ports/circles';
import type { JoinLimitStore } from '../../src/ports/join-limits';
import type { TeamRoster } from '../../src/ports/roster';
import type { AuditLog, Cipher, LinkStore, SignalRepository } from '../../src/ports/signals';
import type { Outbox } from '../../src/ports/outbox';
import { captureLogger, tempDir, testCipher, testRosterOptions } from '../helpers/signal-fixtures';
import { onCI } from '../helpers/ci';

/** The server the PostgreSQL variants use (one schema per test file). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The stores one engine gives the application, as the contract tests see them. */
export interface EngineStores {
  storage: Storage;
  signals: SignalRepository;
  outbox: Outbox;
  links: LinkStore;
  audit: AuditLog;
  roster: TeamRoster;
  joinLimits: JoinLimitStore;
  circles: CircleRepository & { prune(now: Date): Promise<{ events: number; rounds: number }> };
  /** Removes sent outbox messages past their retention, as the store's own prune (lowdb) or the maintenance pass (PostgreSQL) does. */
  pruneOutbox(now: Date): Promise<number>;
  /** The app's relay: brings what signal and round changes staged into the outbox (lowdb does it in two steps; ADR 0010). */
  relay(): Promise<void>;
  /** Everything the engine holds, as text (files, or every table's rows): for the no-plain-personal-data checks. */
  dump(): Promise<string>;
  /** Closes and opens again on the same data, like a restart. */
  reopen(): Promise<EngineStores>;
}

export interface Engine {
  name: 'lowdb' | 'postgres';
  cipher: Cipher;
  /** The stores' clock for roster expiry; `advance` moves it. */
  clock: { now(): Date; advance(ms: number): void };
  /** Writes a team roster in the format from before issue 11 (plain ids), as if left by an older version; before `open`. */
  seedLegacyRoster(teamId: string, tenantId: string, members: string[]): Promise<void>;
  open(): Promise<EngineStores>;
  /** A second instance on the same data (PostgreSQL only: lowdb is one process per folder). */
  openSecond?(): Promise<EngineStores>;
  close(): Promise<void>;
}

let pgChecked: boolean | undefined;

/**
 * Whether the PostgreSQL server answers, checked synchronously (jest registers tests
 * synchronously). Under CI=true a missing server is an error: there the suite is required.
 */
export function postgresAvailable(): boolean {
  if (pgChecked !== undefined) return pgChecked;
  const probe = `const { Client } = require('pg'); const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));`;
  const res = spawnSync(process.execPath, ['-e', probe, TEST_DATABASE_URL], { cwd: path.resolve(__dirname, '../..'), timeout: 10_000 });
  pgChecked = res.status === 0;
  if (!pgChecked && onCI()) {
    throw new Error(`PostgreSQL is required on CI (CI=true or CI=1), but ${serverShown()} does not answer.`);
  }
  return pgChecked;
}

/** The test server's address without its user and password, for messages. */
function serverShown(): string {
  return TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//');
}

/**
 * Registers `body` only when the PostgreSQL server answers (under CI=true it must), for tests
 * that have no lowdb variant. Without a server they are not registered and one console line
 * says so, as describeEngines does.
 */
export function describePostgres(title: string, body: () => void): void {
  if (postgresAvailable()) describe(title, body);
  else console.log(`${title}: PostgreSQL was skipped (no server at ${serverShown()}).`);
}

function engineClock(): Engine['clock'] {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

function lowdbEngine(): Engine {
  const { dir, cleanup } = tempDir('contract');
  const cipher = testCipher(randomBytes(32));
  const clock = engineClock();
  const rosterOptions = testRosterOptions(() => clock.now());
  const logger = captureLogger();
  let current: { close(): Promise<void> } | undefined;
  const open = async (): Promise<EngineStores> => {
    const storage = await LowdbStorage.open({ dataDir: dir, logger });
    // As open-stores.ts does: the outbox on its own, handed to the signal store for its migrations.
    const outbox = await StoredOutbox.openStore(dir, logger);
    const signalStore = await SignalStore.open({ dataDir: dir, cipher, logger, outbox });
    const links = new InboxLinkStore(await FileLinkStore.open({ dataDir: dir, logger }), dir);
    const audit = await FileAuditLog.open({ dataDir: dir, logger });
    const roster = await RosterStore.open({ dataDir: dir, logger, ...rosterOptions });
    const circles = await CircleStore.open({ dataDir: dir, cipher, logger });
    const joinLimits = await FileJoinLimitStore.open({ dataDir: dir, logger, now: () => clock.now().getTime() });
    const close = async () => {
      await Promise.all([storage.flush(), signalStore.flush(), links.flush(), audit.flush(), roster.flush(), joinLimits.flush(), circles.flush()]);
    };
    current = { close };
    return {
      storage,
      signals: signalStore.signals,
      outbox,
      links,
      audit,
      roster,
      joinLimits,
      circles,
      async pruneOutbox(now) {
        await outbox.settled(); // the prune markSent may have started by itself, with its own horizon
        return outbox.prune(now);
      },
      async relay() {
        await new OutboxRelay({ sources: [signalStore.signals, circles], outbox, logger }).relay();
      },
      async dump() {
        await close();
        return readTree(dir);
      },
      async reopen() {
        await close();
        return open();
      },
    };
  };
  return {
    name: 'lowdb',
    cipher,
    clock,
    async seedLegacyRoster(teamId, tenantId, members) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(path.join(dir, ROSTERS_FILE), JSON.stringify({ schemaVersion: 1, teams: { [teamId]: { tenantId, members } } }), { mode: 0o600 });
    },
    open,
    async close() {
      await current?.close();
      cleanup();
    },
  };
}

function postgresEngine(fileTag: string): Engine {
  const schema = `t_${fileTag.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const cipher = testCipher(randomBytes(32));
  const clock = engineClock();
  const rosterOptions = testRosterOptions(() => clock.now());
  const logger = captureLogger();
  const root = path.resolve(__dirname, '../..');
  const opened: PostgresStores[] = [];
  const open = async (): Promise<EngineStores> => {
    const pg = await openPostgresStores({ url: TEST_DATABASE_URL, schema, root, cipher, logger, poolMax: 4, roster: rosterOptions });
    opened.push(pg);
    const stores: EngineStores = {
      storage: pg.storage,
      signals: pg.signals,
      outbox: pg.outbox,
      links: pg.links,
      audit: pg.audit,
      roster: pg.roster,
      joinLimits: pg.joinLimits,
      circles: pg.circles,
      pruneOutbox: (now) => pg.outbox.prune(now),
      relay: async () => undefined,
      async dump() {
        const tables = await pg.pool.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema]);
        const parts: string[] = [];
        for (const { tablename } of tables.rows) {
          const rows = await pg.pool.query(`SELECT * FROM ${schema}."${tablename}"`);
          parts.push(JSON.stringify(rows.rows));
        }
        return parts.join('\n');
      },
      async reopen() {
        await pg.close();
        opened.splice(opened.indexOf(pg), 1);
        return open();
      },
    };
    return stores;
  };
  return {
    name: 'postgres',
    cipher,
    clock,
    async seedLegacyRoster(teamId, tenantId, members) {
      // The schema as an older version left it: migrated, with a plain row.
      const pg = await openPostgresStores({ url: TEST_DATABASE_URL, schema, root, cipher, logger, poolMax: 1, roster: rosterOptions });
      await pg.pool.query('INSERT INTO team_rosters (team_id, tenant_id, members) VALUES ($1, $2, $3)', [teamId, tenantId, members]);
      await pg.close();
    },
    open,
    openSecond: open,
    async close() {
      await Promise.all(opened.splice(0).map((pg) => pg.close()));
      const pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    },
  };
}

/**
 * Registers `body` once per engine: lowdb always, PostgreSQL when a server answers (under
 * CI=true it must). Without a server the PostgreSQL variants are not registered and one console
 * line says so.
 */
export function describeEngines(title: string, body: (engine: () => Engine) => void): void {
  const fileTag = path.basename(expect.getState().testPath ?? title, '.contract.test.ts');
  const engines: ['lowdb' | 'postgres', () => Engine][] = [['lowdb', lowdbEngine]];
  if (postgresAvailable()) engines.push(['postgres', () => postgresEngine(fileTag)]);
  else console.log(`${title}: PostgreSQL was skipped (no server at ${serverShown()}); lowdb only.`);
  for (const [name, make] of engines) {
    describe(`${title} [${name}]`, () => {
      let engine: Engine;
      beforeEach(() => {
        engine = make();
      });
      afterEach(async () => {
        await engine.close();
      });
      body(() => engine);
    });
  }
}

function readTree(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? readTree(path.join(dir, e.name)) : fs.readFileSync(path.join(dir, e.name), 'utf8')))
    .join('\n');
}
