import type { Outbox } from '../ports/outbox';

/** Readiness of the delivery outbox, for GET /readyz. Codes only, never message content. */
export type OutboxReadiness =
  | { ok: true; oldestDueAgeMs: number }
  | { ok: false; reason: 'OUTBOX_STUCK'; oldestDueAgeMs: number }
  | { ok: false; reason: 'OUTBOX_UNREADABLE' };

/**
 * The outbox is stuck when its oldest due message has waited longer than maxAgeMs. A message in
 * back-off is not due, so a target that is down does not count: this measures the worker itself.
 */
export async function outboxReadiness(outbox: Pick<Outbox, 'due'>, now: Date, maxAgeMs: number): Promise<OutboxReadiness> {
  let oldest;
  try {
    [oldest] = await outbox.due(now, 1);
  } catch {
    return { ok: false, reason: 'OUTBOX_UNREADABLE' };
  }
  const oldestDueAgeMs = oldest ? Math.max(0, now.getTime() - Date.parse(oldest.nextAttemptAt)) : 0;
  return oldestDueAgeMs > maxAgeMs ? { ok: false, reason: 'OUTBOX_STUCK', oldestDueAgeMs } : { ok: true, oldestDueAgeMs };
}
