'use strict';
/**
 * Scenario 2: the same turn latency at 50 turns/s with 10,000 stored signals and 2,000 active
 * conversations, the event-loop stalls, and what one store operation costs at that size.
 * 1,000 call circles of 10 members are in the store too (and in the scheduler's index).
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { startApp, tempDir } = require('../lib/harness');
const { seedCircles } = require('../lib/seed-circles');
const { openRun, linkChannels, memory, withEventLoopDelay } = require('../lib/measure');
const { writeSignalsFile, verifySeed } = require('../lib/seed');
const { draftFor } = require('../lib/fixtures');
const { median } = require('../lib/stats');

const SIGNALS = 10_000;
const CONVERSATIONS = 2_000;
const CIRCLES = 1_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Wall time and event-loop stall of one async operation, `times` times; medians and the worst. */
async function probe(times, operation) {
  const walls = [];
  const stalls = [];
  for (let i = 0; i < times; i++) {
    const { result: wall, loopMaxMs } = await withEventLoopDelay(async () => {
      const t0 = performance.now();
      await operation(i);
      return performance.now() - t0;
    });
    walls.push(wall);
    stalls.push(loopMaxMs);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { wallMs: median(walls), wallMaxMs: Math.max(...walls), loopMaxMs: Math.max(...stalls) };
}

/**
 * Main-thread time of the whole-file serialisation lowdb does on every write of a file
 * (data-file.ts: pretty JSON), and of compact JSON for comparison.
 */
function stringifyMs(file, indent = 2) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const walls = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    JSON.stringify(data, null, indent);
    walls.push(performance.now() - t0);
  }
  return median(walls);
}

async function storeGrowthScenario(ctx) {
  const { load, stubUrl, stubName, settings } = ctx;
  const dataDir = tempDir(ctx.root, 's2');
  const keyBase64 = randomBytes(32).toString('base64');
  // A fixed seeding clock: today 00:00 UTC; the signals spread over the 60 days before it.
  const base = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const seedStart = performance.now();
  // Seeded in the first layout (one signals.json): opening the app migrates it (ADR 0006).
  const sample = writeSignalsFile({ dataDir, keyBase64, count: SIGNALS, base });
  const seedMs = performance.now() - seedStart;
  const legacyMb = fs.statSync(path.join(dataDir, 'signals.json')).size / 1e6;

  const openStart = performance.now();
  const started = await startApp({ dataDir, signaalpuntenFile: ctx.signaalpuntenFile, env: { DATA_ENCRYPTION_KEY: keyBase64 } });
  const openMs = performance.now() - openStart;
  const { app } = started;
  await verifySeed(app.signals.store, sample);
  await linkChannels(app, stubUrl, stubName, load);
  ctx.progress(`scenario 2: ${SIGNALS} signals seeded in ${(seedMs / 1000).toFixed(1)} s, app opened (migrated) them in ${(openMs / 1000).toFixed(1)} s`);

  const conversations = await load.call('seed', { url: app.url, serviceUrl: stubUrl, kind: 'report', count: CONVERSATIONS, concurrency: 32, prefix: 's2conv' });
  if (conversations.statuses['200'] !== CONVERSATIONS) throw new Error(`seeding conversations: ${JSON.stringify(conversations.statuses)}`);
  ctx.progress(`scenario 2: ${CONVERSATIONS} conversations in a report seeded over HTTP in ${(conversations.elapsedMs / 1000).toFixed(1)} s`);
  await seedCircles(app.circles.store, CIRCLES, new Date());
  for (const plan of app.circles.store.schedules()) app.circles.scheduler.replan(plan.id);
  ctx.progress(`scenario 2: ${CIRCLES} call circles seeded`);
  const afterSeed = memory();
  const folder = (name) => {
    const files = fs.readdirSync(path.join(dataDir, name));
    return { files: files.length, mb: files.reduce((sum, file) => sum + fs.statSync(path.join(dataDir, name, file)).size, 0) / 1e6 };
  };
  const signalsFolder = folder('signals');
  const botStateFolder = folder('bot-state');
  const sizes = {
    legacyMb,
    signalFiles: signalsFolder.files,
    signalsMb: signalsFolder.mb,
    outboxMb: fs.statSync(path.join(dataDir, 'outbox.json')).size / 1e6,
    botStateFiles: botStateFolder.files,
    botStateMb: botStateFolder.mb,
    circles: CIRCLES,
    circlesMb: fs.statSync(path.join(dataDir, 'circles.json')).size / 1e6,
  };

  // What single store operations cost at this size, with the app otherwise idle.
  const store = app.signals.store;
  // The newest sent message: older ones go with the first prune (sent more than 14 days ago).
  const sentId = (await store.outbox.list('sent')).at(-1).id;
  const seeded = await store.signals.summaries({ status: 'claimed' });
  const probes = {
    stringifyOutboxMs: stringifyMs(path.join(dataDir, 'outbox.json')),
    stringifyOutboxCompactMs: stringifyMs(path.join(dataDir, 'outbox.json'), 0),
    // Changes nothing: the batch's copy and scans only, no file write.
    unchangedMutation: await probe(5, () => store.outbox.markSent(sentId, new Date())),
    // One outbox write (what every delivery's bookkeeping costs): copy, stringify, temp file, rename.
    oneWrite: await probe(5, (i) =>
      store.outbox.enqueue([{ id: `probe-${i}`, idempotencyKey: `probe-${i}`, kind: 'reporter.notify', target: { kind: 'reporter', chatKey: 'probe' }, payload: { signalId: 'probe' }, status: 'undeliverable', attempts: 0, createdAt: new Date().toISOString(), nextAttemptAt: new Date().toISOString() }]),
    ),
    // One signal changed: decrypt it, seal it again, write its own file.
    signalChange: await probe(5, async (i) => {
      const signal = await store.signals.get(seeded[i].id);
      await store.signals.update({ ...signal, version: signal.version + 1, lastOverdueReminder: '2000-01-01' });
    }),
    // What the delivery worker does on every poll (OUTBOX_POLL_MS, 50 ms in the bench).
    outboxDue: await probe(5, () => store.outbox.due(new Date(), 500)),
    submit: await probe(5, (i) => app.signals.report.submit(draftFor(i), { submissionKey: `s2-probe-${i}` })),
    maintenance: await probe(1, () => Promise.all([app.signals.maintenance.remindOverdue(), app.signals.maintenance.eraseExpired()])),
    // Last: decrypting every signal leaves a lot of garbage that the probes after it would pay for.
    listAll: await probe(3, () => store.signals.list()),
  };
  ctx.progress(`scenario 2: one outbox.json write ${probes.oneWrite.wallMs.toFixed(0)} ms, a submit ${probes.submit.wallMs.toFixed(0)} ms`);

  const runs = [];
  for (let run = 0; run < settings.runs; run++) {
    const menu = await openRun(ctx, { url: app.url, serviceUrl: stubUrl, kind: 'menu', rate: 50, durationMs: settings.steadyMs, poolSize: 400, offset: run * 400, prefix: 's2conv', greet: false });
    const report = await openRun(ctx, { url: app.url, serviceUrl: stubUrl, kind: 'report', rate: 50, durationMs: settings.steadyMs, poolSize: 200, offset: 1200 + run * 200, prefix: 's2conv', greet: false });
    runs.push({ menu, report });
    ctx.progress(`scenario 2 run ${run + 1}/${settings.runs}: p99@50 menu ${menu.p99.toFixed(0)} ms, report ${report.p99.toFixed(0)} ms, loop max ${Math.max(menu.loopMaxMs, report.loopMaxMs).toFixed(0)} ms`);
  }

  // Turns while signals come in (one a second), as on a busy morning.
  const submitLatencies = [];
  const mixed = await openRun(ctx, { url: app.url, serviceUrl: stubUrl, kind: 'menu', rate: 50, durationMs: settings.steadyMs, poolSize: 400, offset: 1600, prefix: 's2conv', greet: false }, async () => {
    const until = performance.now() + settings.steadyMs;
    for (let i = 0; performance.now() < until; i++) {
      const t0 = performance.now();
      await app.signals.report.submit(draftFor(i), { submissionKey: `s2-mixed-${i}` });
      submitLatencies.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (performance.now() - t0))));
    }
  });
  mixed.submits = { count: submitLatencies.length, medianMs: median(submitLatencies), maxMs: Math.max(...submitLatencies) };
  ctx.progress(`scenario 2 with 1 signal/s: p99@50 menu ${mixed.p99.toFixed(0)} ms, loop max ${mixed.loopMaxMs.toFixed(0)} ms`);

  await started.stop();
  return { seedMs, openMs, conversations, sizes, afterSeed, probes, runs, mixed, memoryAfter: memory(), logCodes: started.logCodes() };
}

module.exports = { storeGrowthScenario };
