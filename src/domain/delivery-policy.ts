/**
 * When to retry a delivery and how fast to send: pure rules, so the outbox worker and every
 * delivery channel (Teams, webhook, mail) follow the same ones and tests need no timers.
 */

/** After this many failed attempts a message is marked undeliverable (until it is requeued). */
export const MAX_DELIVERY_ATTEMPTS = 8;
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 10 * 60_000;

/**
 * How long to wait before the next attempt, after failed attempt number `attempt` (1 for the first).
 * Exponential with full jitter: a random wait between 0 and min(cap, base * 2^(attempt-1)), so
 * many senders retrying at once spread out. A Retry-After from the server is a minimum.
 * @param random a source of numbers in [0, 1), like Math.random (injected for tests)
 */
export function backoffMs(attempt: number, random: () => number, retryAfterMs?: number): number {
  const step = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1;
  // 2^20 is far past the cap; bounding the exponent keeps the number finite.
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(step - 1, 20));
  const r = random();
  const fraction = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  const jittered = Math.floor(fraction * ceiling);
  const floor = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? Math.ceil(retryAfterMs) : 0;
  return Math.max(jittered, floor);
}

/** Statuses Teams (and the Bot Connector) documents as worth retrying. */
export const RETRYABLE_STATUSES: readonly number[] = [408, 412, 429, 500, 502, 503, 504];

/** True for 408, 412, 429, 500, 502, 503, 504 (as Bot Framework's own transient-error rule) and for a network error. */
export function isRetryableStatus(status: number | 'network'): boolean {
  return status === 'network' || RETRYABLE_STATUSES.includes(status);
}

/**
 * A Retry-After header value in milliseconds from `nowMs`: delta seconds ("120") or an HTTP date.
 * Undefined when missing or unreadable; 0 for a date in the past.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its month ("Mon, 02 Mar 2026 ..."); Date.parse alone would take "-5" as a year.
  const at = /[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** At most `max` sends within any `windowMs` (a sliding window). */
export interface RateWindow {
  windowMs: number;
  max: number;
}

/** Teams' limits per bot per conversation. */
export const TEAMS_CONVERSATION_LIMITS: readonly RateWindow[] = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
];

/**
 * Teams' limit per bot per tenant is about 50 requests per second over all conversations; the
 * worker keeps to 40 so retries and inbound replies have room.
 */
export const TEAMS_TENANT_LIMITS: readonly RateWindow[] = [{ windowMs: 1_000, max: 40 }];

/**
 * Sliding-window pacing per key (a conversation). It only answers "when may the next one go"; it
 * never sleeps. Memory stays bounded: a key keeps at most the sends of its longest window (1800
 * for Teams) and is dropped once all of them are older than that window.
 */
export class RateLimiter {
  private readonly windows: readonly RateWindow[];
  private readonly horizonMs: number;
  private readonly sent = new Map<string, number[]>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(windows: readonly RateWindow[] = TEAMS_CONVERSATION_LIMITS) {
    if (windows.length === 0) throw new RangeError('RateLimiter needs at least one window');
    for (const w of windows) {
      if (!(w.windowMs > 0) || !(w.max >= 1) || !Number.isInteger(w.max)) throw new RangeError('RateLimiter window must have windowMs > 0 and an integer max >= 1');
    }
    this.windows = windows.map((w) => ({ ...w }));
    this.horizonMs = Math.max(...windows.map((w) => w.windowMs));
  }

  /** The earliest time (ms) at or after `now` when one more send for `key` stays within every window. */
  nextAllowedAt(key: string, now: number): number {
    const times = this.prune(key, now);
    if (!times) return now;
    let allowed = now;
    for (const { windowMs, max } of this.windows) {
      // Sends still inside the window at `now` are those with t > now - windowMs.
      const inside = countAfter(times, now - windowMs);
      if (inside < max) continue;
      // The send that must leave the window first: with `max` left inside, one more fits.
      const leaving = times[times.length - inside + (inside - max)];
      if (leaving !== undefined) allowed = Math.max(allowed, leaving + windowMs);
    }
    return allowed;
  }

  /** Notes a send for `key` at time `at` (ms). */
  record(key: string, at: number): void {
    const times = this.sent.get(key) ?? [];
    // Usually in order; insert in place when a clock hands out an earlier time.
    let i = times.length;
    while (i > 0 && (times[i - 1] ?? 0) > at) i--;
    times.splice(i, 0, at);
    this.sent.set(key, times);
    this.prune(key, at);
    if (at - this.lastSweep >= this.horizonMs) this.sweep(at);
  }

  /**
   * Moves a send recorded at `from` to `to` (when its answer came). The server counts a request
   * when it arrives, somewhere between our start and the answer: pacing from the answer can
   * never put one more inside a server's window, pacing from the start can (issue 6).
   */
  moveSend(key: string, from: number, to: number): void {
    const times = this.sent.get(key);
    const index = times ? times.indexOf(from) : -1;
    if (times && index >= 0) times.splice(index, 1);
    this.record(key, to);
  }

  /** How many keys are tracked (for tests of the memory bound). */
  get size(): number {
    return this.sent.size;
  }

  private prune(key: string, now: number): number[] | undefined {
    const times = this.sent.get(key);
    if (!times) return undefined;
    const old = times.length - countAfter(times, now - this.horizonMs);
    if (old > 0) times.splice(0, old);
    if (times.length === 0) {
      this.sent.delete(key);
      return undefined;
    }
    return times;
  }

  /** Drops keys nobody asked about since their last send left the longest window. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const key of [...this.sent.keys()]) this.prune(key, now);
  }
}

/** How many of the sorted `times` are greater than `after` (binary search). */
function countAfter(times: readonly number[], after: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] ?? 0) > after) hi = mid;
    else lo = mid + 1;
  }
  return times.length - lo;
}
