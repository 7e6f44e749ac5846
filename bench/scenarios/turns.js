'use strict';
/**
 * Scenario 1: turn throughput at 32 connections and p99 latency at a steady 50 turns/s, for the
 * app's menu turn and a report-dialog step, against the echo baseline. Runs are interleaved
 * (echo, menu, report, then again) so a noisy neighbour hits all three alike.
 */
const { startEchoBot } = require('../lib/echo-bot');
const { startApp, tempDir } = require('../lib/harness');
const { closedRun, openRun, memory } = require('../lib/measure');

const KINDS = ['echo', 'menu', 'report'];

async function turnsScenario(ctx) {
  const { load, stubUrl, settings } = ctx;
  const echo = await startEchoBot();
  // Warm the baseline and read its memory before the app is loaded into this process.
  await load.call('closed', { url: echo.url, serviceUrl: stubUrl, kind: 'echo', connections: 32, durationMs: 1000, prefix: 'echo-warm' });
  const baselineMemory = memory();
  const started = await startApp({ dataDir: tempDir(ctx.root, 's1'), signaalpuntenFile: ctx.signaalpuntenFile });
  const urlOf = (kind) => (kind === 'echo' ? echo.url : started.app.url);

  const runs = [];
  for (let run = 0; run < settings.runs; run++) {
    const closed = {};
    for (const kind of KINDS) {
      closed[kind] = await closedRun(ctx, {
        url: urlOf(kind),
        serviceUrl: stubUrl,
        kind,
        connections: 32,
        perConnection: 4,
        durationMs: settings.throughputMs,
        warmupMs: 1000,
        prefix: `s1c-${kind}`,
        greet: run === 0,
      });
    }
    const open = {};
    for (const kind of KINDS) {
      open[kind] = await openRun(ctx, {
        url: urlOf(kind),
        serviceUrl: stubUrl,
        kind,
        rate: 50,
        durationMs: settings.steadyMs,
        poolSize: 200,
        prefix: `s1o-${kind}`,
        greet: run === 0,
      });
    }
    runs.push({ closed, open });
    ctx.progress(`scenario 1 run ${run + 1}/${settings.runs}: ` + KINDS.map((k) => `${k} ${closed[k].turnsPerSecond.toFixed(0)}/s p99@50 ${open[k].p99.toFixed(0)} ms`).join(', '));
  }
  await echo.stop();
  await started.stop();
  const logCodes = started.logCodes();
  return { runs, baselineMemory, memoryAfter: memory(), logCodes };
}

module.exports = { turnsScenario };
