import type { Logger } from '../../ports/logger';

/** How many failed join attempts a window allows, and how long the first lockout lasts. */
export interface LimitRule {
  failures: number;
  windowMs: number;
  lockoutMs: number;
  /** Each further lockout of the same key lasts twice as long, up to this. */
  maxLockoutMs: number;
}

export interface JoinLimits {
  chat: LimitRule;
  tenant: LimitRule;
  global: LimitRule;
}

const HOUR = 3_600_000;

/**
 * 5 failures per chat per hour, 20 per tenant, 60 over the whole bot; lockouts of 1 hour
 * (15 minutes for the whole bot) that double on repeat. With 12-character codes that
 * puts guessing one of 100 active codes beyond 10^9 years (see test/security/codes-invite.test.ts).
 */
export const DEFAULT_JOIN_LIMITS: JoinLimits = {
  chat: { failures: 5, windowMs: HOUR, lockoutMs: HOUR, maxLockoutMs: 24 * HOUR },
  tenant: { failures: 20, windowMs: HOUR, lockoutMs: HOUR, maxLockoutMs: 24 * HOUR },
  // Short: a global pause also stops honest people, so it grows only to a few hours.
  global: { failures: 60, windowMs: HOUR, lockoutMs: 15 * 60_000, maxLockoutMs: 4 * HOUR },
};

interface Counter {
  /** Times of failures in the current window (at most `failures` kept). */
  failures: number[];
  lockedUntil: number;
  /** Lockouts so far; forgotten a day after the last one ended. */
  strikes: number;
}

type Scope = 'chat' | 'tenant' | 'global';
/** Keys kept per scope before the oldest quiet ones are dropped (memory stays bounded). */
const MAX_KEYS = 10_000;

/**
 * Counts failed invite-code attempts per chat, per tenant and over the whole bot, each with a
 * lockout that doubles on every repeat. Held in memory: a restart forgets it, which an attacker
 * cannot cause. Keys are opaque chat keys and tenant ids; nothing personal.
 */
export class JoinLimiter {
  private readonly counters: Record<Scope, Map<string, Counter>> = { chat: new Map(), tenant: new Map(), global: new Map() };

  constructor(
    private readonly logger: Logger,
    private readonly limits: JoinLimits = DEFAULT_JOIN_LIMITS,
  ) {}

  /** True when any scope of this actor is locked now: the attempt is refused without a look-up. */
  locked(chatKey: string, tenantId: string | undefined, now: Date): boolean {
    return this.keys(chatKey, tenantId).some(([scope, key]) => (this.counters[scope].get(key)?.lockedUntil ?? 0) > now.getTime());
  }

  /** A wrong, used or expired code. */
  failed(chatKey: string, tenantId: string | undefined, now: Date): void {
    const t = now.getTime();
    for (const [scope, key] of this.keys(chatKey, tenantId)) {
      const rule = this.limits[scope];
      const map = this.counters[scope];
      const counter = map.get(key) ?? { failures: [], lockedUntil: 0, strikes: 0 };
      map.delete(key);
      map.set(key, counter); // most recently used last
      if (counter.strikes > 0 && counter.lockedUntil + 24 * HOUR < t) counter.strikes = 0;
      counter.failures = counter.failures.filter((at) => at > t - rule.windowMs);
      counter.failures.push(t);
      if (counter.failures.length >= rule.failures) {
        const lockout = Math.min(rule.lockoutMs * 2 ** counter.strikes, rule.maxLockoutMs);
        counter.strikes++;
        counter.failures = [];
        counter.lockedUntil = t + lockout;
        const fields = { code: scope === 'global' ? 'CIRCLE_JOIN_BUDGET_EXCEEDED' : 'CIRCLE_JOIN_LOCKED', scope, lockoutMinutes: Math.round(lockout / 60_000), strikes: counter.strikes };
        if (scope === 'global') {
          this.logger.error(fields, 'operator: too many wrong circle invite codes across the bot; joining is paused for everyone, someone may be guessing codes');
        } else {
          this.logger.warn(fields, 'too many wrong circle invite codes: joining paused for this chat or tenant');
        }
      }
      this.prune(map, t);
    }
  }

  /** The right code: the chat's own mistakes are forgotten (tenant and global counts stay). */
  succeeded(chatKey: string): void {
    const counter = this.counters.chat.get(chatKey);
    if (counter && counter.lockedUntil === 0) this.counters.chat.delete(chatKey);
    else if (counter) counter.failures = [];
  }

  private keys(chatKey: string, tenantId: string | undefined): [Scope, string][] {
    return [['chat', chatKey], ['tenant', tenantId ?? '(none)'], ['global', '*']];
  }

  private prune(map: Map<string, Counter>, t: number): void {
    if (map.size <= MAX_KEYS) return;
    for (const [key, counter] of map) {
      if (map.size <= MAX_KEYS) break;
      if (counter.lockedUntil <= t) map.delete(key);
    }
  }
}
