'use strict';
/**
 * Small numeric helpers for the bench: percentiles, medians, and the limit-bound minimum of a
 * paced delivery (what the best possible sender could do under Teams' sliding windows).
 */

/** The p-th percentile (0..100) of numbers, nearest-rank; NaN for an empty list. */
function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

function median(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Teams' documented limits per bot per conversation (thread): 7/1 s, 8/2 s, 60/30 s, 1800/h. */
const TEAMS_WINDOWS = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
];

/** Earliest time >= now at which one more send fits every window, given earlier sends (sorted). */
function nextAllowed(times, now, windows) {
  let allowed = now;
  for (;;) {
    let moved = false;
    for (const { windowMs, max } of windows) {
      const inside = times.filter((t) => t > allowed - windowMs);
      if (inside.length >= max) {
        // The (inside.length - max + 1)-th oldest inside must leave the window first.
        const leaving = inside[inside.length - max];
        const at = leaving + windowMs;
        if (at > allowed) {
          allowed = at;
          moved = true;
        }
      }
    }
    if (!moved) return allowed;
  }
}

/**
 * The ideal schedule for messages that become due at `arrivals` (ms, any order) on one
 * conversation: each goes at the earliest moment the windows allow. Returns the send times.
 */
function idealSchedule(arrivals, windows = TEAMS_WINDOWS) {
  const sorted = [...arrivals].sort((a, b) => a - b);
  const sent = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const arrival of sorted) {
    const at = nextAllowed(sent, Math.max(arrival, last), windows);
    sent.push(at);
    last = at;
  }
  return sent;
}

/** When the last of `arrivals` could go at the earliest (see idealSchedule). */
function idealLastSend(arrivals, windows = TEAMS_WINDOWS) {
  const sent = idealSchedule(arrivals, windows);
  return sent.length ? sent[sent.length - 1] : Number.NaN;
}

function round(value, digits = 1) {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

module.exports = { percentile, median, TEAMS_WINDOWS, nextAllowed, idealSchedule, idealLastSend, round };
