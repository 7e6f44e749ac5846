'use strict';
/**
 * Scenario 4 (scheduler): circles of 10 members, all due at 09:00. For each size, a fresh process
 * builds the real scheduler index over the real circle store and ticks at 08:50 (every reminder
 * due). The baseline, in the same script: one node-cron task per circle, the design the scheduler
 * avoids. Memory is per process, so "linear in circles" can be read off the sizes.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { tempDir } = require('../lib/harness');
const { TEAMS_TENANT_LIMITS } = require('../../dist/src/domain/delivery-policy');

const CHILD = path.join(__dirname, '..', 'lib', 'scheduler-child.js');

function child(args) {
  const out = execFileSync(process.execPath, ['--expose-gc', '--no-deprecation', CHILD, ...args], {
    encoding: 'utf8',
    timeout: 240_000,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

async function schedulerScenario(ctx) {
  const sizes = (process.env.BENCH_CIRCLES ?? '1000,5000,10000').split(',').map(Number).filter((n) => n > 0);
  const index = [];
  const cron = [];
  for (const circles of sizes) {
    ctx.progress(`scheduler: ${circles} circles (index)`);
    index.push(child(['index', String(circles), tempDir(ctx.root, `s4-${circles}`)]));
    ctx.progress(`scheduler: ${circles} circles (node-cron task per circle, baseline)`);
    cron.push(child(['cron', String(circles)]));
  }
  const largest = index[index.length - 1];
  const largestCron = cron[cron.length - 1];
  // Linear: heap per circle at the largest size against the smallest.
  const perCircle = (r) => (r.indexHeapMb * 1024) / r.circles;
  return {
    tenantRatePerSecond: TEAMS_TENANT_LIMITS[0].max,
    sizes,
    index,
    cron,
    largest: {
      circles: largest.circles,
      findMs: largest.findMs,
      tickMs: largest.tickMs,
      maxStallMs: largest.maxStallMs,
      secondTickDue: largest.secondTickDue,
      queued: largest.queued,
      indexHeapMb: largest.indexHeapMb,
      indexBuildMs: largest.indexBuildMs,
      cronScheduleMs: largestCron.scheduleMs,
      cronHeapMb: largestCron.heapMb,
      heapRatioVsCron: largestCron.heapMb > 0 ? Math.round((largest.indexHeapMb / largestCron.heapMb) * 100) / 100 : null,
      buildRatioVsCron: largestCron.scheduleMs > 0 ? Math.round((largest.indexBuildMs / largestCron.scheduleMs) * 100) / 100 : null,
      indexKbPerCircleSmallest: Math.round(perCircle(index[0]) * 100) / 100,
      indexKbPerCircleLargest: Math.round(perCircle(largest) * 100) / 100,
    },
  };
}

module.exports = { schedulerScenario };
