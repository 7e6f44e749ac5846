import type { JoinCounter, JoinLimitStore, JoinScope } from '../../ports/join-limits';
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

type Counter = JoinCounter;
type Scope = JoinScope;

/**
 * Counts failed invite-code attempts per chat, per tenant and over the whole bot, each with a
 * lockout that doubles on every repeat. The counters live in the store (both engines), so a
 * restart or a second instance does not reset them. Keys are opaque chat keys and tenant ids.
 */
export class JoinLimiter {
  constructor(
    private readonly logger: Logger,
    private readonly store: JoinLimitStore,
    private readonly limits: JoinLimits = DEFAULT_JOIN_LIMITS,
  ) {}

  /** True when any scope of this actor is locked now: the attempt is refused without a look-up. */
  async locked(chatKey: string, tenantId: string | undefined, now: Date): Promise<boolean> {
    for (const [scope, key] of this.keys(chatKey, tenantId)) {
      if (((await this.store.get(scope, key))?.lockedUntil ?? 0) > now.getTime()) return true;
    }
    return false;
  }

  /** A wrong, used or expired code. */
  async failed(chatKey: string, tenantId: string | undefined, now: Date): Promise<void> {
    const t = now.getTime();
    for (const [scope, key] of this.keys(chatKey, tenantId)) {
      const rule = this.limits[scope];
      let locked: { lockout: number; strikes: number } | undefined;
      await this.store.modify(scope, key, (current) => {
        const counter: Counter = current ? { ...current, failures: [...current.failures] } : { failures: [], lockedUntil: 0, strikes: 0 };
        if (counter.strikes > 0 && counter.lockedUntil + 24 * HOUR < t) counter.strikes = 0;
        counter.failures = counter.failures.filter((at) => at > t - rule.windowMs);
        counter.failures.push(t);
        locked = undefined;
        if (counter.failures.length >= rule.failures) {
          const lockout = Math.min(rule.lockoutMs * 2 ** counter.strikes, rule.maxLockoutMs);
          counter.strikes++;
          counter.failures = [];
          counter.lockedUntil = t + lockout;
          locked = { lockout, strikes: counter.strikes };
        }
        return { counter, expiresAt: Math.max(counter.lockedUntil + 24 * HOUR, t + rule.windowMs) };
      });
      if (locked) {
        const fields = { code: scope === 'global' ? 'CIRCLE_JOIN_BUDGET_EXCEEDED' : 'CIRCLE_JOIN_LOCKED', scope, lockoutMinutes: Math.round(locked.lockout / 60_000), strikes: locked.strikes };
        if (scope === 'global') {
          this.logger.error(fields, 'operator: too many wrong circle invite codes across the bot; joining is paused for everyone, someone may be guessing codes');
        } else {
          this.logger.warn(fields, 'too many wrong circle invite codes: joining paused for this chat or tenant');
        }
      }
    }
  }

  /** The right code: the chat's own mistakes are forgotten (tenant and global counts stay). */
  async succeeded(chatKey: string): Promise<void> {
    await this.store.modify('chat', chatKey, (current) => {
      if (!current || current.lockedUntil === 0) return { counter: undefined, expiresAt: 0 };
      return { counter: { ...current, failures: [] }, expiresAt: current.lockedUntil + 24 * HOUR };
    });
  }

  private keys(chatKey: string, tenantId: string | undefined): [Scope, string][] {
    return [['chat', chatKey], ['tenant', tenantId ?? '(none)'], ['global', '*']];
  }
}
