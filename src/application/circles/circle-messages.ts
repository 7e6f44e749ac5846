import { randomUUID } from 'node:crypto';
import type { OutboxKind, OutboxMessage } from '../../ports/outbox';

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
