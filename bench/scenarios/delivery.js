'use strict';
/**
 * Scenario 3: 1,000 signals for 10 signaalpunten, each linked to its own channel, delivered
 * through a connector stub that enforces Teams' per-conversation windows (7/1 s, 8/2 s, 60/30 s,
 * 1800/h) and answers 429 with Retry-After. Measures exactly-once delivery per reference, the 429s
 * the bot's own pacing provoked, and the total time against the best any sender could do.
 */
const { performance } = require('node:perf_hooks');
const { startApp, tempDir } = require('../lib/harness');
const { linkChannels, memory, withEventLoopDelay } = require('../lib/measure');
const { draftFor, channelId, SIGNAALPUNT_COUNT } = require('../lib/fixtures');
const { idealLastSend, idealSchedule, TEAMS_WINDOWS } = require('../lib/stats');

const SIGNALS = 1_000;
const SUBMITTERS = 8;
const DELIVERY_TIMEOUT_MS = 150_000;

/**
 * One delivery run on a fresh app. With `queueFirst`, the worker is stopped while the signals
 * are reported and started afterwards: delivery alone, without the intake competing for the
 * event loop and the store (times then count from the worker's start).
 */
async function deliveryRun(ctx, { queueFirst }) {
  const { load } = ctx;
  const stubName = queueFirst ? 'teams-limited-queued' : 'teams-limited';
  const { url: stubUrl } = await load.call('stub.start', { name: stubName, limits: true });
  const started = await startApp({ dataDir: tempDir(ctx.root, queueFirst ? 's3q' : 's3'), signaalpuntenFile: ctx.signaalpuntenFile });
  const { app } = started;
  await linkChannels(app, stubUrl, stubName, load);
  // The link replies went to other conversations (the channel's "koppel" thread): they do not
  // count against the new threads' window, so the counts start clean.
  await load.call('stub.reset', { name: stubName });
  if (queueFirst) await app.signals.worker.stop();

  const arrivals = Array.from({ length: SIGNAALPUNT_COUNT }, () => []);
  const references = new Set();
  const intakeStart = Date.now();
  const { result: intake, loopMaxMs } = await withEventLoopDelay(async () => {
    let next = 0;
    const failures = [];
    await Promise.all(
      Array.from({ length: SUBMITTERS }, async () => {
        for (let n = next++; n < SIGNALS; n = next++) {
          const result = await app.signals.report.submit(draftFor(n), { submissionKey: `s3-${n}` });
          if (!result.ok) failures.push(result.code);
          else references.add(result.reference);
          arrivals[n % SIGNAALPUNT_COUNT].push(Date.now());
        }
      }),
    );
    return { intakeMs: Date.now() - intakeStart, failures: failures.length };
  });
  let t0 = intakeStart;
  if (queueFirst) {
    t0 = Date.now();
    for (const a of arrivals) a.fill(t0);
    app.signals.worker.start();
  }
  ctx.progress(`scenario 3${queueFirst ? ' (queued first)' : ''}: ${SIGNALS} signals reported in ${(intake.intakeMs / 1000).toFixed(1)} s; waiting for delivery`);

  let stats = await load.call('stub.stats', { name: stubName });
  const deadline = performance.now() + DELIVERY_TIMEOUT_MS;
  while (stats.distinctReferences < references.size && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    stats = await load.call('stub.stats', { name: stubName });
  }
  const lastDelivery = stats.lastAt;
  // A little longer, so a late duplicate would still be counted.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  stats = await load.call('stub.stats', { name: stubName });
  const pending = (await app.signals.store.outbox.list('pending')).length;
  const undeliverable = (await app.signals.store.outbox.list('undeliverable')).length;

  // The best any sender could do with these arrival times: each message at the earliest moment
  // the windows allow. Also with the simpler bound (60 per 30 s only).
  const minimumMs = Math.max(...arrivals.map((a) => idealLastSend(a, TEAMS_WINDOWS))) - t0;
  const minimum60Ms = Math.max(...arrivals.map((a) => idealLastSend(a, [{ windowMs: 30_000, max: 60 }]))) - t0;
  const totalMs = lastDelivery - t0;
  // Per channel: when its 8th, 60th and last thread were accepted against the best possible
  // times (s after t0), to see where delay builds up.
  const channels = arrivals.map((a, i) => {
    const actual = stats.timesByKey[channelId(i)] ?? [];
    const ideal = idealSchedule(a, TEAMS_WINDOWS);
    const at = (list, k) => Math.round(((list[Math.min(k, list.length) - 1] ?? Number.NaN) - t0) / 10) / 100;
    return {
      channel: i,
      sent: actual.length,
      refused: stats.refusals.filter((r) => r.key === channelId(i)).length,
      sentS: { 8: at(actual, 8), 60: at(actual, 60), last: at(actual, actual.length) },
      idealS: { 8: at(ideal, 8), 60: at(ideal, 60), last: at(ideal, ideal.length) },
    };
  });
  await started.stop();
  await load.call('stub.stop', { name: stubName });
  return {
    queueFirst,
    signals: SIGNALS,
    intake: { ...intake, loopMaxMs },
    delivered: stats.distinctReferences,
    expected: references.size,
    duplicates: stats.duplicates,
    refused429: stats.refused429,
    refusals: stats.refusals,
    creates: stats.creates,
    pending,
    undeliverable,
    totalMs,
    minimumMs,
    minimum60Ms,
    peakPerSecond: stats.peakPerSecond,
    channels,
    logCodes: started.logCodes(),
  };
}

async function deliveryScenario(ctx) {
  const live = await deliveryRun(ctx, { queueFirst: false });
  const queued = await deliveryRun(ctx, { queueFirst: true });
  return { ...live, queued, memoryAfter: memory() };
}

module.exports = { deliveryScenario };
