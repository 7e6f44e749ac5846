import { randomUUID } from 'node:crypto';
import type { Logger } from '../../ports/logger';
import type { CircleRepository } from '../../ports/circles';
import type { Outbox, OutboxKind, OutboxMessage } from '../../ports/outbox';

/**
 * Outbox messages of call circles. They carry ids only; the delivery adapter renders the text at
 * send time from the circle store, so a member's erasure also erases what was still queued.
 * Each key names one logical send to one chat: enqueueing it twice sends it once.
 */
export function circleMessage(
  kind: Extract<OutboxKind, `circle.${string}`>,
  idempotencyKey: string,
  chatKey: string,
  payload: OutboxMessage['payload'],
  now: Date,
): OutboxMessage {
  return {
    id: randomUUID(),
    idempotencyKey: `${idempotencyKey}:${chatKey}`,
    kind,
    target: { kind: 'chat', chatKey },
    payload,
    status: 'pending',
    attempts: 0,
    createdAt: now.toISOString(),
    nextAttemptAt: now.toISOString(),
  };
}

/**
 * Moves messages that the circle store saved with a change into the delivery outbox. Runs after
 * every change and at start-up, one pass at a time; a crash in between leaves them in the store,
 * and the outbox's idempotency keys drop the ones that had already arrived.
 */
export class CircleRelay {
  private running: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly deps: { store: CircleRepository; outbox: Outbox; logger: Logger; onQueued?: () => void },
  ) {}

  relay(): Promise<number> {
    this.running = this.running.catch(() => 0).then(() => this.pass());
    return this.running;
  }

  private async pass(): Promise<number> {
    const pending = this.deps.store.pendingRelay();
    if (pending.length === 0) return 0;
    try {
      await this.deps.outbox.enqueue(pending);
      await this.deps.store.relayed(pending.map((m) => m.id));
    } catch (err) {
      // Left in the circle store: the next relay (next change, tick or start) tries again.
      this.deps.logger.error({ code: 'CIRCLE_RELAY_FAILED', count: pending.length, errorName: (err as Error).name }, 'circle messages not moved to the outbox');
      throw err;
    }
    this.deps.onQueued?.();
    return pending.length;
  }
}
