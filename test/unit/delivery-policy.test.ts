import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  backoffMs,
  isRetryableStatus,
  MAX_DELIVERY_ATTEMPTS,
  parseRetryAfterMs,
  RateLimiter,
  TEAMS_TENANT_LIMITS,
  TEAMS_CONVERSATION_LIMITS,
} from '../../src/domain/delivery-policy';

/** A seeded generator, so the "random" runs are the same on every machine. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('backoffMs', () => {
  test('When random gives its lowest and highest values, then the wait spans 0 to the exponential ceiling', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
      expect(backoffMs(attempt, () => 0)).toBe(0);
      expect(backoffMs(attempt, () => 0.999999)).toBeLessThan(ceiling);
      expect(backoffMs(attempt, () => 0.999999)).toBeGreaterThanOrEqual(ceiling - 1);
    }
    expect(backoffMs(1, () => 0.5)).toBe(1_000);
    expect(backoffMs(3, () => 0.5)).toBe(4_000);
  });

  test('When many attempts are jittered, then every wait stays in [0, ceiling) and they spread out', () => {
    const random = seeded(42);
    for (const attempt of [1, 2, 5, 9, 30, 1000]) {
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
      const waits = Array.from({ length: 500 }, () => backoffMs(attempt, random));
      expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...waits)).toBeLessThan(ceiling);
      expect(new Set(waits).size).toBeGreaterThan(400);
      // Full jitter: the mean sits near half the ceiling.
      const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
      expect(mean / ceiling).toBeGreaterThan(0.4);
      expect(mean / ceiling).toBeLessThan(0.6);
    }
  });

  test('When the attempt number is very large, then the wait never exceeds the 10 minute cap', () => {
    expect(backoffMs(10_000, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(BACKOFF_CAP_MS).toBe(600_000);
  });

  test('When Retry-After is given, then the wait is at least that long, and longer when the jitter says so', () => {
    expect(backoffMs(1, () => 0, 30_000)).toBe(30_000);
    expect(backoffMs(1, () => 0.999, 500)).toBeGreaterThanOrEqual(1_000);
    expect(backoffMs(2, () => 0, 20 * 60_000)).toBe(20 * 60_000); // beyond the cap: the server decides
    expect(backoffMs(1, () => 0, 1.2)).toBe(2);
  });

  test('When inputs are odd (attempt 0, NaN, random out of range, negative Retry-After), then the wait is still sane', () => {
    expect(backoffMs(0, () => 0.5)).toBe(1_000);
    expect(backoffMs(Number.NaN, () => 0.5)).toBe(1_000);
    expect(backoffMs(1, () => 7)).toBeLessThanOrEqual(BACKOFF_BASE_MS);
    expect(backoffMs(1, () => -1)).toBe(0);
    expect(backoffMs(1, () => 0, -5_000)).toBe(0);
  });
});

describe('retry rules', () => {
  test('When a status is checked, then 408, 412, 429, 500, 502, 503, 504 and network errors are retryable and others are not', () => {
    expect([408, 412, 429, 500, 502, 503, 504].map(isRetryableStatus)).toEqual([true, true, true, true, true, true, true]);
    expect(isRetryableStatus('network')).toBe(true);
    expect([200, 400, 401, 403, 404, 501, 505].map(isRetryableStatus)).toEqual([false, false, false, false, false, false, false]);
    expect(MAX_DELIVERY_ATTEMPTS).toBe(8);
  });

  test('When Retry-After holds seconds or an HTTP date, then it becomes milliseconds from now', () => {
    const now = Date.parse('2026-03-02T09:00:00Z');
    expect(parseRetryAfterMs('120', now)).toBe(120_000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('Mon, 02 Mar 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Mon, 02 Mar 2026 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('-5', now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });
});

describe('RateLimiter', () => {
  /** Sends as fast as the limiter allows for `durationMs`; returns the send times. */
  function simulate(limiter: RateLimiter, key: string, durationMs: number, stepMs = 1): number[] {
    const sent: number[] = [];
    for (let now = 0; now < durationMs; now += stepMs) {
      while (limiter.nextAllowedAt(key, now) <= now) {
        limiter.record(key, now);
        sent.push(now);
      }
    }
    return sent;
  }

  /** The most sends inside any window of `windowMs` (sliding). */
  function maxInWindow(times: number[], windowMs: number): number {
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[end]! - times[start]! >= windowMs) start++;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  test('When one conversation sends as fast as allowed for two minutes, then no window ever holds more than Teams allows', () => {
    const sent = simulate(new RateLimiter(), 'conv-1', 120_000);

    expect(maxInWindow(sent, 1_000)).toBe(7);
    expect(maxInWindow(sent, 2_000)).toBeLessThanOrEqual(8);
    expect(maxInWindow(sent, 30_000)).toBe(60);
    // It is a pace, not a stop: 60 per 30 s over two minutes.
    expect(sent.length).toBe(240);
  });

  test('When sends come at random moments, then the 7-per-second and 60-per-30-seconds limits still hold', () => {
    const limiter = new RateLimiter();
    const random = seeded(7);
    const sent: number[] = [];
    let now = 0;
    for (let i = 0; i < 5_000; i++) {
      now += Math.floor(random() * 400);
      const at = Math.max(now, limiter.nextAllowedAt('k', now));
      limiter.record('k', at);
      sent.push(at);
      now = at;
    }
    expect(maxInWindow(sent, 1_000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(sent, 2_000)).toBeLessThanOrEqual(8);
    expect(maxInWindow(sent, 30_000)).toBeLessThanOrEqual(60);
    expect(maxInWindow(sent, 3_600_000)).toBeLessThanOrEqual(1_800);
  });

  test('When the hour limit is reached, then the next send waits until the oldest one leaves the hour', () => {
    const limiter = new RateLimiter([{ windowMs: 3_600_000, max: 3 }]);
    limiter.record('k', 0);
    limiter.record('k', 10);
    limiter.record('k', 20);
    expect(limiter.nextAllowedAt('k', 30)).toBe(3_600_000);
    expect(limiter.nextAllowedAt('k', 3_600_000)).toBe(3_600_000);
  });

  test('When keys differ, then each has its own budget', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 7; i++) limiter.record('a', 0);
    expect(limiter.nextAllowedAt('a', 0)).toBe(1_000);
    expect(limiter.nextAllowedAt('b', 0)).toBe(0);
  });

  test('When many keys go quiet for longer than the longest window, then they are dropped (memory stays bounded)', () => {
    const limiter = new RateLimiter(TEAMS_CONVERSATION_LIMITS);
    for (let i = 0; i < 1_000; i++) limiter.record(`conv-${i}`, i);
    expect(limiter.size).toBe(1_000);
    limiter.record('late', 3_600_000 + 2_000);
    expect(limiter.size).toBe(1);
  });

  test('When a send is moved to the time its answer came, then the next one is paced from the answer', () => {
    const limiter = new RateLimiter([{ windowMs: 1_000, max: 1 }]);
    limiter.record('k', 0);
    expect(limiter.nextAllowedAt('k', 500)).toBe(1_000);
    limiter.moveSend('k', 0, 180);
    expect(limiter.nextAllowedAt('k', 500)).toBe(1_180);
    // A send the limiter no longer knows is recorded at its answer.
    limiter.moveSend('other', 5, 40);
    expect(limiter.nextAllowedAt('other', 100)).toBe(1_040);
  });

  test('When sends are paced from their answers, then a server counting arrivals never sees more than the window allows', () => {
    // The server counts a request when it arrives: anywhere between our start and its answer.
    const limiter = new RateLimiter(TEAMS_CONVERSATION_LIMITS);
    const random = seeded(11);
    const arrivals: number[] = [];
    let now = 0;
    for (let i = 0; i < 600; i++) {
      now = Math.max(now, limiter.nextAllowedAt('k', now));
      const roundTrip = Math.floor(random() * 300);
      limiter.record('k', now);
      arrivals.push(now + Math.floor(random() * (roundTrip + 1)));
      limiter.moveSend('k', now, now + roundTrip);
      now += roundTrip;
    }
    arrivals.sort((a, b) => a - b);
    expect(maxInWindow(arrivals, 1_000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(arrivals, 2_000)).toBeLessThanOrEqual(8);
    expect(maxInWindow(arrivals, 30_000)).toBeLessThanOrEqual(60);
  });

  test('When the tenant limit is used, then at most 40 go in any second', () => {
    const sent = simulate(new RateLimiter(TEAMS_TENANT_LIMITS), 'teams', 10_000);
    expect(maxInWindow(sent, 1_000)).toBe(40);
    expect(sent.length).toBe(400);
  });

  test('When the windows are not sensible, then the limiter refuses them', () => {
    expect(() => new RateLimiter([])).toThrow(RangeError);
    expect(() => new RateLimiter([{ windowMs: 0, max: 1 }])).toThrow(RangeError);
    expect(() => new RateLimiter([{ windowMs: 1_000, max: 0 }])).toThrow(RangeError);
  });
});
