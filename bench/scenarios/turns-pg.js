'use strict';
/**
 * Scenario 6 (issue 15): scenario 1's turns on PostgreSQL. The same app (menu turn and report
 * step) on lowdb and on PostgreSQL (a fresh schema, dropped after), with the echo bot, in one
 * interleaved run, so the figures are ratios against what this machine did in the same minutes:
 * PostgreSQL's turns/s against lowdb's (target >= 0.8x) and its p99 at a steady 50 turns/s
 * (target < 100 ms). Skipped, with a printed line, when no PostgreSQL server answers at
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
const { randomBytes } = require('node:crypto');
const { startEchoBot } = require('../lib/echo-bot');
const { startApp, tempDir } = require('../lib/harness');
const { closedRun, openRun } = require('../lib/measure');

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const KINDS = ['echo', 'menu-lowdb', 'menu-pg', 'report-lowdb', 'report-pg'];

/** Whether the server answers (a connect with a short timeout). */
async function serverAnswers() {
  const { Client } = require('pg');
  const client = new Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function dropSchema(schema) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

async function turnsPgScenario(ctx) {
  const where = DATABASE_URL.replace(/\/\/[^@]*@/, '//');
  if (!(await serverAnswers())) {
    process.stdout.write(`Scenario 6 (turns on PostgreSQL): skipped, no PostgreSQL server answers at ${where}.\n`);
    return { skipped: `no server at ${where}` };
  }
  const { load, stubUrl, settings } = ctx;
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const echo = await startEchoBot();
  const lowdb = await startApp({ dataDir: tempDir(ctx.root, 's6-lowdb'), signaalpuntenFile: ctx.signaalpuntenFile });
  const pg = await startApp({
    dataDir: tempDir(ctx.root, 's6-pg'),
    signaalpuntenFile: ctx.signaalpuntenFile,
    env: { DATABASE_URL, DATABASE_SCHEMA: schema },
  });
  const target = (kind) => {
    if (kind === 'echo') return { url: echo.url, kind: 'echo' };
    const [turn, engine] = kind.split('-');
    return { url: (engine === 'pg' ? pg : lowdb).app.url, kind: turn };
  };
  const runs = [];
  try {
    for (let run = 0; run < settings.runs; run++) {
      const closed = {};
      for (const kind of KINDS) {
        closed[kind] = await closedRun(ctx, {
          ...target(kind),
          serviceUrl: stubUrl,
          connections: 32,
          perConnection: 4,
          durationMs: settings.throughputMs,
          warmupMs: 1000,
          prefix: `s6c-${kind}`,
          greet: run === 0,
        });
      }
      const open = {};
      for (const kind of KINDS) {
        open[kind] = await openRun(ctx, {
          ...target(kind),
          serviceUrl: stubUrl,
          rate: 50,
          durationMs: settings.steadyMs,
          poolSize: 200,
          prefix: `s6o-${kind}`,
          greet: run === 0,
        });
      }
      runs.push({ closed, open });
      ctx.progress(`scenario 6 run ${run + 1}/${settings.runs}: ` + KINDS.map((k) => `${k} ${closed[k].turnsPerSecond.toFixed(0)}/s p99@50 ${open[k].p99.toFixed(0)} ms`).join(', '));
    }
  } finally {
    await echo.stop();
    await lowdb.stop();
    await pg.stop();
    await dropSchema(schema);
  }
  const logCodes = { lowdb: lowdb.logCodes(), pg: pg.logCodes() };
  return { runs, logCodes, server: where };
}

module.exports = { turnsPgScenario };
