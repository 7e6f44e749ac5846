/** One counter of failed invite-code attempts (a chat, a tenant, or the whole bot). */
export interface JoinCounter {
  /** Times (ms) of failures in the current window. */
  failures: number[];
  lockedUntil: number;
  /** Lockouts so far; forgotten a day after the last one ended. */
  strikes: number;
}

export type JoinScope = 'chat' | 'tenant' | 'global';

/**
 * Where the join limiter keeps its counters (issue 11): in the store, so a restart or a second
 * instance does not start from zero. Keys are opaque chat keys and tenant ids; nothing personal.
 */
export interface JoinLimitStore {
  get(scope: JoinScope, key: string): Promise<JoinCounter | undefined>;
  /**
   * Changes one counter atomically (no lost update between instances); `undefined` deletes it.
   * `expiresAt` (ms): after it the counter may be forgotten.
   */
  modify(scope: JoinScope, key: string, change: (current: JoinCounter | undefined) => { counter: JoinCounter | undefined; expiresAt: number }): Promise<JoinCounter | undefined>;
}

/** In memory: for tests and tools; the app uses the store of its engine. */
export class MemoryJoinLimitStore implements JoinLimitStore {
  private readonly counters = new Map<string, { counter: JoinCounter; expiresAt: number }>();

  async get(scope: JoinScope, key: string): Promise<JoinCounter | undefined> {
    return this.counters.get(`${scope}|${key}`)?.counter;
  }

  async modify(scope: JoinScope, key: string, change: (current: JoinCounter | undefined) => { counter: JoinCounter | undefined; expiresAt: number }): Promise<JoinCounter | undefined> {
    const id = `${scope}|${key}`;
    const next = change(this.counters.get(id)?.counter);
    if (next.counter) this.counters.set(id, { counter: next.counter, expiresAt: next.expiresAt });
    else this.counters.delete(id);
    if (this.counters.size > 30_000) {
      const now = Date.now();
      for (const [k, v] of this.counters) if (v.expiresAt < now) this.counters.delete(k);
    }
    return next.counter;
  }
}
