/**
 * Messages per key in a fixed time window (issue 11: a per-conversation message rate limit).
 * Memory stays bounded: windows that have ended are dropped once many keys are tracked.
 */
export class MessageRate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** 'ok' within the limit; 'first-over' for the first message over it (tell the user once); then 'over'. */
  take(key: string): 'ok' | 'first-over' | 'over' {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      if (!window && this.windows.size >= this.maxKeys) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.limit) return 'ok';
    return window.count === this.limit + 1 ? 'first-over' : 'over';
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
    // Still full (a flood of new keys): forget the oldest; at worst one of them gets a fresh window.
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
