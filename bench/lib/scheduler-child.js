'use strict';
/**
 * One measurement of scenario 4, in its own process so memory figures are clean:
 *   node --expose-gc bench/lib/scheduler-child.js index <circles> <dataDir>
 *   node --expose-gc bench/lib/scheduler-child.js cron <circles>
 * `index`: the real CircleStore + CircleScheduler from dist/ with <circles> circles of 10 members,
 * all starting at 09:00 Amsterdam; measures the index build, memory, and the 08:50 tick (find the
 * due reminders, decide, store, move them to the outbox).
 * `cron`: the baseline the issue rejects: one node-cron task per circle.
 * Prints one JSON line on stdout.
 */
const path = require('node:path');
const { seedCircles } = require('./seed-circles');
const { performance } = require('node:perf_hooks');

const dist = path.join(__dirname, '..', '..', 'dist');
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
const settle = () => {
  for (let i = 0; i < 3; i++) global.gc?.();
  return process.memoryUsage();
};
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

async function indexRun(circles, dataDir) {
  const { CircleStore } = require(path.join(dist, 'src/adapters/persistence/circle-store'));
  const { SignalStore } = require(path.join(dist, 'src/adapters/persistence/signal-store'));
  const { AesGcmCipher } = require(path.join(dist, 'src/adapters/crypto/aes-gcm-cipher'));
  const { OutboxRelay } = require(path.join(dist, 'src/application/outbox-relay'));
  const { CircleScheduler } = require(path.join(dist, 'src/application/circles/circle-scheduler'));
  let now = Date.parse('2027-03-01T06:00:00.000Z'); // Monday 07:00 Amsterdam
  const clock = { now: () => new Date(now) };
  const cipher = new AesGcmCipher(Buffer.alloc(32, 7));
  const store = await CircleStore.open({ dataDir, cipher, logger: silent });
  const signals = await SignalStore.open({ dataDir, cipher, logger: silent });
  const relay = new OutboxRelay({ sources: [store], outbox: signals.outbox, logger: silent });
  // Seeded through the store's bulk import (one write); the circles pass the domain's rules.
  const seedStarted = performance.now();
  await seedCircles(store, circles, new Date(now));
  const seedMs = performance.now() - seedStarted;
  const beforeIndex = settle();
  const scheduler = new CircleScheduler({ store, relay, clock, logger: silent });
  const buildStarted = performance.now();
  await scheduler.start();
  const buildMs = performance.now() - buildStarted;
  const afterIndex = settle();

  // The Monday overview (08:00) first, then a quiet tick (what most of the day's ticks cost).
  now = Date.parse('2027-03-01T07:00:00.000Z');
  await scheduler.tick(new Date(now));
  now = Date.parse('2027-03-01T07:49:00.000Z');
  const quiet = await scheduler.tick(new Date(now));
  now = Date.parse('2027-03-01T07:50:00.000Z'); // 08:50 Amsterdam: every reminder is due
  const { monitorEventLoopDelay } = require('node:perf_hooks');
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const tickStarted = performance.now();
  const tick = await scheduler.tick(new Date(now));
  const tickMs = performance.now() - tickStarted;
  await Promise.all([store.flush(), signals.flush()]);
  const durableMs = performance.now() - tickStarted;
  loop.disable();
  const pending = (await signals.outbox.list('pending')).length;
  // A second tick in the same minute must find nothing.
  const again = await scheduler.tick(new Date(now + 20_000));
  await Promise.all([store.flush(), signals.flush()]);
  const end = settle();
  return {
    circles,
    seedMs: Math.round(seedMs),
    indexBuildMs: Math.round(buildMs * 10) / 10,
    indexEntries: scheduler.size,
    indexHeapMb: mb(afterIndex.heapUsed - beforeIndex.heapUsed),
    storeHeapMb: mb(beforeIndex.heapUsed),
    quietTickMs: Math.round((quiet.findMs + quiet.processMs) * 100) / 100,
    due: tick.due,
    findMs: Math.round(tick.findMs * 100) / 100,
    processMs: Math.round(tick.processMs),
    tickMs: Math.round(tickMs),
    durableMs: Math.round(durableMs),
    queued: tick.queued,
    pendingInOutbox: pending,
    secondTickDue: again.due,
    maxStallMs: Math.round(loop.max / 1e6),
    rssMb: mb(end.rss),
    heapUsedMb: mb(end.heapUsed),
  };
}

async function cronRun(circles) {
  const cron = require('node-cron');
  const before = settle();
  const started = performance.now();
  const tasks = [];
  for (let c = 0; c < circles; c++) {
    tasks.push(cron.schedule(`50 8 * * 1-5`, () => undefined, { timezone: 'Europe/Amsterdam', name: `circle-${c}` }));
  }
  const scheduleMs = performance.now() - started;
  const after = settle();
  for (const t of tasks) t.destroy();
  return { circles, scheduleMs: Math.round(scheduleMs), heapMb: mb(after.heapUsed - before.heapUsed), rssMb: mb(after.rss - before.rss) };
}

const [mode, count, dataDir] = process.argv.slice(2);
const run = mode === 'cron' ? cronRun(Number(count)) : indexRun(Number(count), dataDir);
run.then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
