import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { Pool } from 'pg';
import { createPool } from '../../src/adapters/persistence/postgres/db';
import { AdvisoryLeader } from '../../src/adapters/persistence/postgres/leader';
import { memoryLogger } from '../helpers/dialog-client';
import { describePostgres, TEST_DATABASE_URL } from './engines';

/** A local port nothing listens on: opened by the system, then closed again. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return port;
}

// Runs with or without the test server: the leader against a server that does not answer.
describe('Leading a job when the database does not answer', () => {
  test('When the server refuses the connection, then holds() fails, this instance does not lead, and the next call tries again', async () => {
    const pool = createPool({ url: `postgres://postgres@127.0.0.1:${await closedPort()}/test`, schema: 'lead_down', max: 1 });
    const connect = jest.spyOn(pool, 'connect');
    const logger = memoryLogger();
    const leader = new AdvisoryLeader(pool, 7_415_998, 'test-job', logger);
    try {
      await expect(leader.holds()).rejects.toThrow(/ECONNREFUSED/);
      expect(leader.leads).toBe(false);
      await expect(leader.holds()).rejects.toThrow(/ECONNREFUSED/);
      expect(connect).toHaveBeenCalledTimes(2);
      expect(logger.lines.filter((l) => l.code === 'LEAD_WON')).toEqual([]);
    } finally {
      await leader.release();
      await pool.end();
    }
  });
});

// Advisory locks belong to the database, not to a schema. Two installs side by side in one
// database (each with DATABASE_SCHEMA, as the tests run) must each have their own leader.
// Needs the server: without one these tests are left out and one line says so (under CI=true
// the run fails), as for the PostgreSQL variants of the other contract tests.
describePostgres('Leading a job on PostgreSQL (advisory lock)', () => {
  const pools: Pool[] = [];
  const leaders: AdvisoryLeader[] = [];
  const lockId = 7_415_999;

  async function leaderIn(schema: string): Promise<AdvisoryLeader> {
    const pool = createPool({ url: TEST_DATABASE_URL, schema, max: 2 });
    pools.push(pool);
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const leader = new AdvisoryLeader(pool, lockId, 'test-job', memoryLogger());
    leaders.push(leader);
    return leader;
  }

  afterAll(async () => {
    for (const l of leaders) await l.release();
    for (const p of pools) {
      for (const schema of new Set((p.options as { options?: string }).options?.match(/search_path=(\w+)/)?.slice(1))) await p.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await p.end();
    }
  });

  test('When two instances share a schema, then one leads and the other waits; when it releases, the other leads', async () => {
    const schema = `lead_${randomBytes(5).toString('hex')}`;
    const a = await leaderIn(schema);
    const b = await leaderIn(schema);
    expect(await a.holds()).toBe(true);
    expect(await b.holds()).toBe(false);
    await a.release();
    expect(await b.holds()).toBe(true);
  });

  test('When two installs use their own schema in one database, then each has its own leader', async () => {
    const one = await leaderIn(`lead_${randomBytes(5).toString('hex')}`);
    const other = await leaderIn(`lead_${randomBytes(5).toString('hex')}`);
    expect(await one.holds()).toBe(true);
    expect(await other.holds()).toBe(true);
  });
});
