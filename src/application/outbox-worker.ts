import { backoffMs, MAX_DELIVERY_ATTEMPTS, RateLimiter, TEAMS_TENANT_LIMITS } from '../domain/delivery-policy';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { noopTelemetry, type Telemetry } from '../ports/telemetry';
import { type DeliveryChannel, type DeliveryResult, type Outbox, type OutboxMessage, type OutboxRoute, routeOf, routeTraits } from '../ports/outbox';

export interface OutboxWorkerOptions {
  outbox: Outbox;
  /**
   * One handler per route (see `routeOf`): the only place a message is dispatched. A message whose
   * route has none here is marked undeliverable (NO_CHANNEL), e.g. mail without SMTP_URL.
   */
  handlers: Partial<Record<OutboxRoute, DeliveryChannel>>;
  clock: Clock;
  logger: Logger;
  /** Numbers in [0, 1) for backoff jitter; Math.random by default. */
  random?: () => number;
  /** Time between passes when idle (default 1000 ms). */
  pollMs?: number;
  /** A span per delivery, deliveries by result, 429s and latency; default off. */
  telemetry?: Telemetry;
  /**
   * Called when a message is about to be marked undeliverable, before the mark, so that a crash in
   * between repeats the call rather than skipping it: it must be idempotent. Used to tell a
   * call-circle coordinator that a reminder could not be sent.
   */
  onUndeliverable?: (message: OutboxMessage, code: string) => Promise<void>;
  /** Called when a channel reports the link broken (bot removed, 403). Should be idempotent. */
  onLinkBroken?: (signaalpuntId: string, code: string) => Promise<void>;
  /** Which sends share a rate limit (a conversation). Default: see `defaultPacingKey`. */
  pacingKey?: (m: OutboxMessage) => string;
  /** Pacing rules; default Teams' per-conversation limits. */
  rateLimiter?: RateLimiter;
  /**
   * Which sends share one limit across conversations (the app's Teams tenant); undefined for
   * none. Default: see `defaultTenantKey`.
   */
  tenantKey?: (m: OutboxMessage) => string | undefined;
  /** Pacing across conversations; default 40 per second (`TEAMS_TENANT_LIMITS`). */
  tenantRateLimiter?: RateLimiter;
  /**
   * Most messages read per pass (default 500). Messages held back by pacing still take room in a
   * pass, so this must stay well above what one conversation can have queued at once.
   */
  batchSize?: number;
  /** How many pacing keys are served at the same time (default 4); one key is always sequential. */
  concurrency?: number;
}

/**
 * The conversation a message goes to: the team channel of a signaalpunt (new threads and thread
 * replies share it), the reporter's chat, or the signaalpunt's webhook or mailbox.
 */
export function defaultPacingKey(m: OutboxMessage): string {
  const t = m.target;
  switch (t.kind) {
    case 'teams':
    case 'teamsThread':
      return `teams:${t.signaalpuntId}`;
    case 'reporter':
      return `reporter:${t.chatKey}`;
    case 'chat':
      return `chat:${t.chatKey}`;
    case 'webhook':
    case 'mail':
      return `${t.kind}:${t.signaalpuntId}`;
  }
}

/** Everything that goes to Teams shares the app's per-tenant limit; webhooks and mail do not. */
export function defaultTenantKey(m: OutboxMessage): string | undefined {
  return routeTraits(m).teams ? 'teams' : undefined;
}

/** What one attempt means for the conversation: sent, refused for good (this message only), or wait. */
type Outcome = 'sent' | 'refused' | 'wait';
/** What became of the message, for telemetry: sent, retried later, undeliverable, or its outcome not saved. */
type DeliveryLabel = 'sent' | 'retry' | 'undeliverable' | 'not_saved';

/**
 * Delivers the durable outbox: at least once, paced per conversation, with backoff on retryable
 * failures. Passes never overlap (one at a time, whether from the timer, `wake()` or `runOnce()`),
 * so one process never sends a message twice. Across a crash between a send and its `markSent`,
 * a message is sent again: receivers get the idempotency key to drop the repeat.
 */
export class OutboxWorker {
  private readonly random: () => number;
  private readonly pollMs: number;
  private readonly pacingKey: (m: OutboxMessage) => string;
  private readonly limiter: RateLimiter;
  private readonly tenantKey: (m: OutboxMessage) => string | undefined;
  private readonly tenantLimiter: RateLimiter;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly logger: Logger;
  private readonly telemetry: Telemetry;
  /** Keys told to wait by a Retry-After, until the given time (ms). */
  private readonly pausedUntil = new Map<string, number>();
  private current: Promise<number> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.random = options.random ?? Math.random;
    this.pollMs = options.pollMs ?? 1000;
    this.pacingKey = options.pacingKey ?? defaultPacingKey;
    this.limiter = options.rateLimiter ?? new RateLimiter();
    this.tenantKey = options.tenantKey ?? defaultTenantKey;
    this.tenantLimiter = options.tenantRateLimiter ?? new RateLimiter(TEAMS_TENANT_LIMITS);
    this.batchSize = options.batchSize ?? 500;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.logger = options.logger.child({ component: 'outbox-worker' });
    this.telemetry = options.telemetry ?? noopTelemetry;
  }

  /**
   * One pass over the due messages. Resolves with the number of delivery attempts made (sent or
   * failed); messages held back by pacing are left for a later pass and not counted.
   * A call while a pass runs waits for it and then makes its own pass.
   */
  runOnce(): Promise<number> {
    const previous = this.current ?? Promise.resolve(0);
    const pass = previous.catch(() => 0).then(() => this.pass());
    this.current = pass;
    void pass.finally(() => {
      if (this.current === pass) this.current = undefined;
    }).catch(() => undefined);
    return pass;
  }

  /** Polls every `pollMs` until `stop()`. The timer is unref'd: it never keeps the process alive. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /**
   * Asks for a pass soon (after an enqueue), instead of at the next poll. When a pass is running,
   * the new one follows it (the running one may have read the outbox before the enqueue).
   * No-op when not started.
   */
  wake(): void {
    this.schedule(0);
  }

  /** Stops polling and resolves once the pass in flight (if any) has finished. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.current) await this.current.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, delayMs);
    this.timer.unref();
  }

  /** There is at most one timer, so ticks never multiply; `runOnce` keeps passes from overlapping. */
  private async tick(): Promise<void> {
    try {
      await this.runOnce();
    } catch (err) {
      // A failed pass (the store could not be read) is retried at the next poll.
      this.logger.error({ code: codeOf(err) ?? 'OUTBOX_PASS_FAILED' }, 'outbox pass failed');
    }
    if (!this.timer) this.schedule(this.pollMs); // a wake() during the pass already set a sooner one
  }

  private async pass(): Promise<number> {
    const due = await this.options.outbox.due(this.options.clock.now(), this.batchSize);
    if (due.length === 0) return 0;
    // Same key: in order, one at a time. Different keys: side by side, `concurrency` at once.
    const groups = new Map<string, OutboxMessage[]>();
    for (const m of due) {
      const key = this.pacingKey(m);
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
    const queue = [...groups.entries()];
    let attempts = 0;
    const lane = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const made = await this.deliverGroup(next[0], next[1]); // not `attempts += await`: lanes interleave
        attempts += made;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, lane));
    return attempts;
  }

  /** Delivers one key's messages in order; stops at the first one that must wait. */
  private async deliverGroup(key: string, messages: OutboxMessage[]): Promise<number> {
    let attempts = 0;
    for (const m of messages) {
      const now = this.options.clock.now().getTime();
      const paused = this.pausedUntil.get(key);
      if (paused !== undefined && paused > now) break;
      this.pausedUntil.delete(key);
      if (this.limiter.nextAllowedAt(key, now) > now) break; // left for a later pass
      const tenant = this.tenantKey(m);
      if (tenant !== undefined && this.tenantLimiter.nextAllowedAt(tenant, now) > now) break;
      // Recorded now so other lanes see the send at once; moved to the answer's time after it.
      this.limiter.record(key, now);
      if (tenant !== undefined) this.tenantLimiter.record(tenant, now);
      attempts++;
      const outcome = await this.attempt(m, key);
      const answered = this.options.clock.now().getTime();
      this.limiter.moveSend(key, now, answered);
      if (tenant !== undefined) this.tenantLimiter.moveSend(tenant, now, answered);
      // After a retryable failure or a broken link, later messages to the same conversation would
      // meet the same trouble; a message refused for its own reason does not hold the others up.
      if (outcome === 'wait') break;
    }
    return attempts;
  }

  /** One attempt in a span, counted by result (kinds and codes only, never content). */
  private attempt(m: OutboxMessage, key: string): Promise<Outcome> {
    const target = m.target.kind;
    return this.telemetry.span('outbox.deliver', { 'outbox.kind': m.kind, 'outbox.target': target, 'outbox.attempt': m.attempts + 1 }, async (span) => {
      const { outcome, result, code } = await this.attemptOnce(m, key);
      span.set({ 'outbox.result': result, 'outbox.code': code });
      this.telemetry.count('signaalbot.outbox.deliveries', { 'outbox.target': target, 'outbox.result': result, 'outbox.code': code });
      if (code === 'HTTP_429') this.telemetry.count('signaalbot.outbox.throttled', { 'outbox.target': target });
      if (outcome === 'sent') {
        this.telemetry.record('signaalbot.outbox.delivery_latency', this.options.clock.now().getTime() - Date.parse(m.createdAt), { 'outbox.target': target });
      }
      return outcome;
    });
  }

  /** One attempt: sent, refused for good (this message only), or the conversation should wait. */
  private async attemptOnce(m: OutboxMessage, key: string): Promise<{ outcome: Outcome; result: DeliveryLabel; code?: string }> {
    const { outbox, clock } = this.options;
    const ids = { messageId: m.id, kind: m.kind, target: m.target.kind, ...signaalpuntOf(m) };
    const route = routeOf(m);
    const channel = route === undefined ? undefined : this.options.handlers[route];
    if (channel && routeTraits(m).marksSending) {
      try {
        await outbox.markSending(m.id, clock.now());
      } catch (err) {
        this.logger.error({ ...ids, code: codeOf(err) ?? 'OUTBOX_MARK_FAILED' }, 'outbox send not marked; not sent');
        return { outcome: 'wait', result: 'not_saved', code: 'OUTBOX_MARK_FAILED' };
      }
      if (m.sendingSince !== undefined || m.mayRepeat === true) this.logger.warn({ ...ids, code: 'SEND_MAY_REPEAT' }, 'an earlier send of this message got no answer; this one may be a repeat');
    }
    const result: DeliveryResult = channel ? await this.deliver(channel, m) : { ok: false, code: 'NO_CHANNEL', retryable: false };
    const code = result.ok ? undefined : result.code;
    const attempt = m.attempts + 1;
    try {
      if (result.ok) {
        await outbox.markSent(m.id, clock.now(), resultOf(result));
        this.logger.info({ ...ids, attempt }, 'outbox message sent');
        return { outcome: 'sent', result: 'sent' };
      }
      if (result.linkBroken) await this.linkBroken(m, result.code);
      if (result.retryable && !result.linkBroken && attempt < MAX_DELIVERY_ATTEMPTS) {
        const waitMs = backoffMs(attempt, this.random, result.retryAfterMs);
        if (result.retryAfterMs !== undefined) this.pausedUntil.set(key, clock.now().getTime() + result.retryAfterMs);
        await outbox.markRetry(m.id, new Date(clock.now().getTime() + waitMs), result.code);
        this.logger.warn({ ...ids, attempt, code: result.code, waitMs }, 'outbox message will be retried');
        return { outcome: 'wait', result: 'retry', code };
      }
      await this.undeliverable(m, result.code);
      await outbox.markUndeliverable(m.id, result.code);
      if (result.code === 'NO_CHANNEL') {
        // A target kind this instance cannot send (mail without SMTP_URL): warned once at start (MAIL_NOT_CONFIGURED), not an error per signal.
        this.logger.info({ ...ids, attempt, code: result.code }, 'outbox message not sent: no channel for this target here');
      } else {
        this.logger.error({ ...ids, attempt, code: result.code, retryable: result.retryable }, 'outbox message undeliverable');
      }
      return { outcome: result.linkBroken || result.retryable ? 'wait' : 'refused', result: 'undeliverable', code };
    } catch (err) {
      // The outcome could not be saved: the message stays as it was and is tried again later.
      this.logger.error({ ...ids, code: codeOf(err) ?? 'OUTBOX_MARK_FAILED' }, 'outbox outcome not saved');
      return { outcome: 'wait', result: 'not_saved', code: 'OUTBOX_MARK_FAILED' };
    }
  }

  private async deliver(channel: DeliveryChannel, m: OutboxMessage): Promise<DeliveryResult> {
    try {
      return await channel.deliver(m);
    } catch (err) {
      // A channel should answer with a result; a throw is a bug there. Its message may quote
      // content, so only its name or code is logged.
      this.logger.error({ messageId: m.id, code: 'DELIVERY_THREW', error: codeOf(err) ?? nameOf(err) }, 'delivery channel threw');
      return { ok: false, code: 'DELIVERY_THREW', retryable: true };
    }
  }

  private async undeliverable(m: OutboxMessage, code: string): Promise<void> {
    if (!this.options.onUndeliverable) return;
    try {
      await this.options.onUndeliverable(m, code);
    } catch (err) {
      // Logged for the operator; the message is still marked, or it would be sent again and again.
      this.logger.error({ messageId: m.id, code: codeOf(err) ?? 'UNDELIVERABLE_HANDLER_FAILED' }, 'undeliverable handler failed');
    }
  }

  private async linkBroken(m: OutboxMessage, code: string): Promise<void> {
    const sp = signaalpuntOf(m).signaalpuntId;
    if (sp === undefined || !this.options.onLinkBroken) return;
    try {
      await this.options.onLinkBroken(sp, code);
    } catch (err) {
      this.logger.error({ signaalpuntId: sp, code: codeOf(err) ?? 'LINK_BROKEN_HANDLER_FAILED' }, 'link-broken handler failed');
    }
  }
}

function signaalpuntOf(m: OutboxMessage): { signaalpuntId?: string } {
  return 'signaalpuntId' in m.target ? { signaalpuntId: m.target.signaalpuntId } : {};
}

function resultOf(result: { activityId?: string; conversationId?: string }): OutboxMessage['result'] {
  const out: NonNullable<OutboxMessage['result']> = {};
  if (result.activityId !== undefined) out.activityId = result.activityId;
  if (result.conversationId !== undefined) out.conversationId = result.conversationId;
  return Object.keys(out).length > 0 ? out : undefined;
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function nameOf(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
