'use strict';
/**
 * `npm run bench`: Signaalbot against the limits of its own stack (issue 6).
 *
 * Runs the real app (createApp from the build) in this process, so the event loop can be
 * watched, and the baseline CloudAdapter echo bot on the same restify; the HTTP client and the
 * connector stubs run in a separate process (bench/lib/load-process.js), on 127.0.0.1 only.
 * Prints one table and writes everything to bench-results/<timestamp>.json.
 *
 * Environment (for quicker local runs; the defaults are what the README's table uses):
 *   BENCH_RUNS (3), BENCH_THROUGHPUT_MS (5000), BENCH_STEADY_MS (8000),
 *   BENCH_LONG_BATCHES (10), BENCH_LONG_BATCH_TURNS (1500), BENCH_LONG_MAX_MS (90000),
 *   BENCH_ONLY ("1,2,3,4,5,6": which scenarios), BENCH_CIRCLES ("1000,5000,10000": scenario 4 sizes),
 *   BENCH_DATABASE_URL (scenario 6's PostgreSQL server; skipped with a printed line when none answers).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { benchRoot, contention, installWriteCounter, startLoadProcess, DIST_MAIN } = require('./lib/harness');
const { signaalpuntenFile } = require('./lib/fixtures');
const { rows, formatTable } = require('./lib/report');

const int = (name, fallback) => {
  const value = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const settings = {
  runs: int('BENCH_RUNS', 3),
  throughputMs: int('BENCH_THROUGHPUT_MS', 5000),
  steadyMs: int('BENCH_STEADY_MS', 8000),
  longRunBatches: int('BENCH_LONG_BATCHES', 10),
  longRunBatchTurns: int('BENCH_LONG_BATCH_TURNS', 1500),
  longRunMaxMs: int('BENCH_LONG_MAX_MS', 90_000),
  only: new Set((process.env.BENCH_ONLY ?? '1,2,3,4,5,6').split(',').map((s) => s.trim())),
};

function version(pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    nproc: os.availableParallelism(),
    node: process.version,
    cpuModel: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg().map((v) => Math.round(v * 100) / 100),
    botbuilder: version('botbuilder'),
    restify: version('restify'),
    lowdb: version('lowdb'),
  };
}

/** Every load result anywhere in the results (objects with `statuses`), and every log count. */
function healthChecks(results) {
  let failedRequests = 0;
  let turnErrors = 0;
  let errorLogs = 0;
  let keepAliveRetries = 0;
  const visit = (value, key) => {
    if (!value || typeof value !== 'object') return;
    if (key === 'logCodes') {
      turnErrors += (value.TURN_ERROR ?? 0) + (value.TURN_FAILED ?? 0);
      errorLogs += value.error ?? 0;
      return;
    }
    keepAliveRetries += typeof value.keepAliveRetries === 'number' ? value.keepAliveRetries : 0;
    if (value.statuses && typeof value.statuses === 'object') {
      for (const [status, n] of Object.entries(value.statuses)) if (status !== '200') failedRequests += n;
    }
    for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(results, '');
  results.checks = { failedRequests, turnErrors, errorLogs, keepAliveRetries };
  return results.checks;
}

async function main() {
  if (!fs.existsSync(DIST_MAIN)) throw new Error('dist/src/main.js is missing: run `npm run build` first (npm run bench does).');
  if (typeof global.gc !== 'function') process.stderr.write('bench: run with --expose-gc for stable memory figures\n');
  const startedAt = new Date();
  const t0 = performance.now();
  const root = benchRoot();
  const ctx = {
    root,
    settings,
    writes: installWriteCounter(root),
    load: startLoadProcess(),
    signaalpuntenFile: path.join(root, 'signaalpunten.json'),
    stubName: 'plain',
    progress: (text) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${text}\n`),
  };
  fs.writeFileSync(ctx.signaalpuntenFile, JSON.stringify(signaalpuntenFile(), null, 2));
  const results = { machine: machine(), settings: { ...settings, only: [...settings.only] } };
  try {
    ctx.stubUrl = (await ctx.load.call('stub.start', { name: ctx.stubName })).url;
    // Required here, after the write counter is installed (it must see lowdb's writer).
    const { turnsScenario } = require('./scenarios/turns');
    const { storeGrowthScenario } = require('./scenarios/store-growth');
    const { deliveryScenario } = require('./scenarios/delivery');
    const { memoryScenario } = require('./scenarios/memory');
    const { schedulerScenario } = require('./scenarios/scheduler');
    const { turnsPgScenario } = require('./scenarios/turns-pg');
    const scenarios = [
      ['1', 'turns', turnsScenario],
      ['2', 'storeGrowth', storeGrowthScenario],
      ['3', 'delivery', deliveryScenario],
      ['4', 'scheduler', schedulerScenario],
      ['5', 'memory', memoryScenario],
      ['6', 'turnsPg', turnsPgScenario],
    ];
    for (const [id, key, run] of scenarios) {
      if (!settings.only.has(id)) continue;
      ctx.progress(`scenario ${id} (${key}) starting`);
      const others = contention(ctx.load.pid);
      results[key] = await run(ctx);
      results[key].otherProcessesCpuPct = others();
      await ctx.load.call('stub.reset', { name: ctx.stubName });
    }
  } finally {
    ctx.load.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
  results.machine.loadAverageAtEnd = os.loadavg().map((v) => Math.round(v * 100) / 100);
  results.durationS = Math.round((performance.now() - t0) / 1000);
  results.table = rows(results);

  const checks = healthChecks(results);
  const m = results.machine;
  const scenarioKeys = ['turns', 'storeGrowth', 'delivery', 'scheduler', 'memory', 'turnsPg'];
  const header = [
    `Signaalbot bench, ${startedAt.toISOString()} (${results.durationS} s)`,
    `Machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}; botbuilder ${m.botbuilder}, restify ${m.restify}, lowdb ${m.lowdb}`,
    `Load average at start ${m.loadAverageAtStart.join(' ')}, at end ${m.loadAverageAtEnd.join(' ')}; CPU taken by other processes: ${scenarioKeys
      .filter((k) => results[k])
      .map((k) => `${k} ${results[k].otherProcessesCpuPct ?? '?'}%`)
      .join(', ')} of the machine (skews absolute figures; ratios less so)`,
    `Checks: ${checks.failedRequests} failed requests, ${checks.turnErrors} turn errors, ${checks.errorLogs} error log lines (all should be 0); ${checks.keepAliveRetries} keep-alive resets retried`,
    `Runs: ${settings.runs} (medians), throughput ${settings.throughputMs / 1000} s at 32 connections after 1 s warm-up, steady ${settings.steadyMs / 1000} s at 50 turns/s`,
  ];
  const table = formatTable(results.table);
  const notes = [
    'Menu turn: the text "menu" in a personal chat. Report step: alternately opening the report from the menu card and answering',
    'its first question. Echo: a bare CloudAdapter bot on the same restify that echoes the text. All reply through a connector',
    'stub on 127.0.0.1. Scenario 3 minimum: the best any sender could do under 7/1 s, 8/2 s, 60/30 s and 1800/h per channel,',
    'given the moments the signals were reported. Details per run and probe: the JSON file.',
  ];
  process.stdout.write(`\n${header.join('\n')}\n\n${table}\n\n${notes.join('\n')}\n`);

  const dir = path.join(__dirname, '..', 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nFull results: ${path.relative(process.cwd(), file)}\n`);
}

// Every loop is bounded; this is the last resort if something hangs anyway.
const WATCHDOG_MS = 12 * 60_000;
setTimeout(() => {
  process.stderr.write(`bench: still running after ${WATCHDOG_MS / 60_000} minutes; stopping\n`);
  process.exit(2);
}, WATCHDOG_MS).unref();

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
