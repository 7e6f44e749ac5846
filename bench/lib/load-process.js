'use strict';
/**
 * The bench's client side, in its own process so it never takes CPU from the app's event loop:
 * the HTTP load generator (keep-alive agents, bounded in requests and time, 127.0.0.1 only) and
 * the connector stubs the bots reply to. The parent drives it over IPC: { id, cmd, args }.
 */
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { ConnectorStub } = require('./connector-stub');
const { personalActivity, turnFields } = require('./fixtures');
const { percentile } = require('./stats');

const stubs = new Map();

function assertLocal(url) {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1') throw new Error(`bench: refusing to load ${hostname}; only 127.0.0.1`);
}

let keepAliveRetries = 0;

/**
 * One POST; resolves with the status, or the error code on a network error, never rejects.
 * A keep-alive socket the server closed just as it was reused fails with ECONNRESET before the
 * request reached the server; Node's documentation advises retrying exactly that case once.
 */
function post(agent, target, body, retried = false) {
  return new Promise((resolve) => {
    const req = http.request(
      { agent, host: '127.0.0.1', port: target.port, path: '/api/messages', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', (err) => resolve(err.code ?? 'ERROR'));
      },
    );
    req.setTimeout(30_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err) => {
      if (!retried && req.reusedSocket && err.code === 'ECONNRESET') {
        keepAliveRetries += 1;
        resolve(post(agent, target, body, true));
      } else {
        resolve(err.code ?? 'ERROR');
      }
    });
    req.end(body);
  });
}

/** Conversations and how many turns each has had, so multi-turn kinds stay in step. */
class Conversations {
  constructor(prefix, count, offset = 0) {
    this.ids = Array.from({ length: count }, (_, i) => `a:${prefix}-${offset + i}`);
    this.steps = new Array(count).fill(0);
  }

  body(index, kind, serviceUrl) {
    const i = index % this.ids.length;
    const fields = turnFields(kind, this.steps[i]);
    this.steps[i] += 1;
    return JSON.stringify(personalActivity(serviceUrl, this.ids[i], fields));
  }

  /** The first message of a conversation ("hallo": the welcome); does not advance its steps. */
  greeting(index, serviceUrl) {
    return JSON.stringify(personalActivity(serviceUrl, this.ids[index % this.ids.length], { text: 'hallo' }));
  }
}

function summarise(latencies, statuses, elapsedMs, retriesBefore) {
  const ok = statuses.get(200) ?? 0;
  let errors = 0;
  for (const [status, n] of statuses) if (status !== 200) errors += n;
  return {
    ok,
    errors,
    statuses: Object.fromEntries(statuses),
    keepAliveRetries: keepAliveRetries - retriesBefore,
    elapsedMs,
    turnsPerSecond: (ok / elapsedMs) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length ? Math.max(...latencies) : Number.NaN,
  };
}

/**
 * Closed loop: `connections` clients, each with its own conversations, each sending its next turn
 * when the previous one is answered. Every conversation first gets one unmeasured turn (the
 * welcome), then `warmupMs` of unmeasured load, then `durationMs` measured (or `turns` in total).
 */
async function closedLoop({ url, serviceUrl, kind, connections, perConnection = 4, durationMs, turns, warmupMs = 0, prefix, greet = true }) {
  assertLocal(url);
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const retriesBefore = keepAliveRetries;
  let allTurns = 0;
  const send = (body) => post(agent, target, body).then((status) => ((allTurns += 1), status));
  const pools = Array.from({ length: connections }, (_, c) => new Conversations(`${prefix}-${c}`, perConnection));
  const latencies = [];
  const statuses = new Map();
  let measuring = false;
  let started = 0;
  let remaining = turns ?? Number.POSITIVE_INFINITY;
  let stopAt = Number.POSITIVE_INFINITY;

  // Unmeasured: the first turn of every conversation, then the warm-up.
  if (greet) {
    await Promise.all(
      pools.map(async (pool) => {
        for (let i = 0; i < perConnection; i++) await send(pool.greeting(i, serviceUrl));
      }),
    );
  }
  const warmEnd = performance.now() + warmupMs;
  const client = async (pool) => {
    let n = 0;
    for (;;) {
      const now = performance.now();
      if (!measuring && now >= warmEnd) {
        measuring = true;
        started = now;
        stopAt = durationMs ? now + durationMs : Number.POSITIVE_INFINITY;
      }
      if (measuring && (now >= stopAt || remaining <= 0)) return;
      if (measuring) remaining -= 1;
      const counted = measuring;
      const body = pool.body(n++, kind, serviceUrl);
      const t0 = performance.now();
      const status = await send(body);
      if (counted) {
        latencies.push(performance.now() - t0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
  };
  await Promise.all(pools.map(client));
  const elapsed = performance.now() - started;
  agent.destroy();
  return { ...summarise(latencies, statuses, elapsed, retriesBefore), allTurns };
}

/**
 * Open loop: a steady `rate` of turns per second for `durationMs`, whatever the answers do.
 * Latency counts from the moment a turn was due, so a stalled server shows as latency (no
 * coordinated omission). Conversations rotate through a pool large enough that one is never
 * asked twice while its previous turn is still running.
 */
async function openLoop({ url, serviceUrl, kind, rate, durationMs, poolSize = 200, offset = 0, prefix, greet = true, greetOnly = false }) {
  assertLocal(url);
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const pool = new Conversations(prefix, poolSize, offset);
  // The first turn of each conversation (its welcome) is not measured.
  for (let i = 0; greet && i < poolSize; i += 16) {
    await Promise.all(Array.from({ length: Math.min(16, poolSize - i) }, (_, k) => post(agent, target, pool.greeting(i + k, serviceUrl))));
  }
  if (greetOnly) {
    agent.destroy();
    return { greeted: poolSize };
  }
  const retriesBefore = keepAliveRetries;
  const total = Math.round((rate * durationMs) / 1000);
  const interval = 1000 / rate;
  const latencies = [];
  const statuses = new Map();
  const inFlight = [];
  const start = performance.now() + 20;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = pool.body(i, kind, serviceUrl);
    inFlight.push(
      post(agent, target, body).then((status) => {
        latencies.push(performance.now() - due);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = performance.now() - start;
  agent.destroy();
  return summarise(latencies, statuses, elapsed, retriesBefore);
}

/** One turn of `kind` (its first step) in each of `count` new conversations, `concurrency` at a time. */
async function seed({ url, serviceUrl, kind, count, concurrency = 16, prefix }) {
  assertLocal(url);
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const pool = new Conversations(prefix, count);
  const statuses = new Map();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const status = await post(agent, target, pool.body(i, kind, serviceUrl));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  agent.destroy();
  return { statuses: Object.fromEntries(statuses), elapsedMs: performance.now() - t0 };
}

const commands = {
  seed,
  async 'stub.start'({ name, limits }) {
    const stub = await new ConnectorStub({ limits }).start();
    stubs.set(name, stub);
    return { url: stub.url };
  },
  async 'stub.stats'({ name }) {
    return stubs.get(name).stats();
  },
  async 'stub.reset'({ name }) {
    stubs.get(name).reset();
    return {};
  },
  async 'stub.stop'({ name }) {
    await stubs.get(name)?.stop();
    stubs.delete(name);
    return {};
  },
  closed: closedLoop,
  open: openLoop,
};

process.on('message', async ({ id, cmd, args }) => {
  try {
    const result = await commands[cmd](args ?? {});
    process.send({ id, result });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
