'use strict';
/**
 * Scenario 5 (long run): menu turns in batches over a fixed set of conversations, with the
 * resident set and heap after each batch (after a full GC). Memory that keeps growing with the
 * same conversations is a leak; the embedded store keeps every conversation in memory, so new
 * conversations are expected to cost memory (scenario 2 shows how much).
 */
const { performance } = require('node:perf_hooks');
const { startApp, tempDir } = require('../lib/harness');
const { closedRun, memory } = require('../lib/measure');

async function memoryScenario(ctx) {
  const { stubUrl, settings } = ctx;
  const started = await startApp({ dataDir: tempDir(ctx.root, 's5'), signaalpuntenFile: ctx.signaalpuntenFile });
  const batches = [{ turns: 0, ...memory() }];
  const deadline = performance.now() + settings.longRunMaxMs;
  let turns = 0;
  for (let b = 0; b < settings.longRunBatches && performance.now() < deadline; b++) {
    const result = await closedRun(ctx, {
      url: started.app.url,
      serviceUrl: stubUrl,
      kind: 'menu',
      connections: 32,
      perConnection: 8,
      turns: settings.longRunBatchTurns,
      prefix: 's5',
      greet: b === 0,
    });
    turns += result.allTurns;
    batches.push({ turns, turnsPerSecond: result.turnsPerSecond, errors: result.errors, ...memory() });
  }
  await started.stop();
  const last = batches.slice(-Math.ceil(batches.length / 2));
  const growthSecondHalfMb = last[last.length - 1].rssMb - last[0].rssMb;
  const heapGrowthSecondHalfMb = last[last.length - 1].heapUsedMb - last[0].heapUsedMb;
  return { batches, turns, growthSecondHalfMb, heapGrowthSecondHalfMb, memoryAfter: memory(), logCodes: started.logCodes() };
}

module.exports = { memoryScenario };
