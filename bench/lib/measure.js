'use strict';
/**
 * Measuring one load run against a bot in this process: the client runs in the load process,
 * while here we watch what the server side costs (CPU per turn, event-loop delay, file writes).
 */
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { SIGNAALPUNT_COUNT, signaalpuntId, channelId, linkActivity } = require('./fixtures');

/** Event-loop delay over a piece of work, in ms: the longest stall and the 99th percentile. */
async function withEventLoopDelay(work) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  // The histogram records a delay only between two firings of its timer: let it fire once
  // before the work starts, or a stall at the very start goes unseen.
  await new Promise((resolve) => setTimeout(resolve, 25));
  try {
    const result = await work();
    // Let the sampling timer fire once more: a stall right at the end is only recorded when it does.
    await new Promise((resolve) => setTimeout(resolve, 25));
    return { result, loopMaxMs: histogram.max / 1e6, loopP99Ms: histogram.percentile(99) / 1e6 };
  } finally {
    histogram.disable();
  }
}

/** Closed-loop throughput; adds the server's CPU per turn and its data-file writes per turn. */
async function closedRun(ctx, args) {
  const before = ctx.writes.snapshot();
  const cpu = process.cpuUsage();
  const { result, loopMaxMs, loopP99Ms } = await withEventLoopDelay(() => ctx.load.call('closed', args));
  const used = process.cpuUsage(cpu);
  // Server CPU over the whole call (greeting and warm-up included) per turn made in it.
  return {
    ...result,
    loopMaxMs,
    loopP99Ms,
    cpuMsPerTurn: (used.user + used.system) / 1000 / Math.max(1, result.allTurns),
    writes: ctx.writes.since(before),
  };
}

/** Open-loop latency at a steady rate, with the event-loop delay over the same time. */
async function openRun(ctx, args, during) {
  // Greetings first, outside the measured window: they come in bursts, not at the steady rate.
  if (args.greet !== false) await ctx.load.call('open', { ...args, greetOnly: true });
  args = { ...args, greet: false };
  const before = ctx.writes.snapshot();
  const { result, loopMaxMs, loopP99Ms } = await withEventLoopDelay(async () => {
    const [load, side] = await Promise.all([ctx.load.call('open', args), during ? during() : undefined]);
    return { ...load, side };
  });
  return { ...result, loopMaxMs, loopP99Ms, writes: ctx.writes.since(before) };
}

/** Links signaalpunt i to channel i, the way a team does it ("@Signaalbot koppel ID CODE"). */
async function linkChannels(app, stubUrl, stubName, load) {
  for (let i = 0; i < SIGNAALPUNT_COUNT; i++) {
    const { code } = await app.signals.links.issueCode(signaalpuntId(i), 'link');
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(linkActivity(stubUrl, i, code)),
    });
    if (res.status !== 200) throw new Error(`linking ${signaalpuntId(i)}: HTTP ${res.status}`);
  }
  const { lastText } = await load.call('stub.stats', { name: stubName });
  for (let i = 0; i < SIGNAALPUNT_COUNT; i++) {
    const text = lastText[`${channelId(i)};messageid=1`] ?? '';
    if (!text.includes('gekoppeld')) throw new Error(`linking ${signaalpuntId(i)} did not succeed`);
  }
}

function gc() {
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
}

/** Resident set and heap in MB, after a full GC when the bench runs with --expose-gc. */
function memory() {
  gc();
  const m = process.memoryUsage();
  return { rssMb: m.rss / 2 ** 20, heapUsedMb: m.heapUsed / 2 ** 20, externalMb: m.external / 2 ** 20 };
}

module.exports = { withEventLoopDelay, closedRun, openRun, linkChannels, memory, gc };
