import { randomUUID } from 'node:crypto';
import type { Signal } from '../domain/signal';
import type { DeliveryTarget, OutboxKind, OutboxMessage } from '../ports/outbox';

import type { SignaalpuntTarget } from '../domain/routing';

type TargetConfig = SignaalpuntTarget;

function message(kind: OutboxKind, idempotencyKey: string, target: DeliveryTarget, payload: OutboxMessage['payload'], now: Date): OutboxMessage {
  return {
    id: randomUUID(),
    idempotencyKey,
    kind,
    target,
    payload,
    status: 'pending',
    attempts: 0,
    createdAt: now.toISOString(),
    nextAttemptAt: now.toISOString(),
  };
}

function targetFor(signal: Signal, config: TargetConfig): DeliveryTarget {
  switch (config.kind) {
    case 'teams':
      return { kind: 'teams', signaalpuntId: signal.signaalpuntId };
    case 'webhook':
      return { kind: 'webhook', signaalpuntId: signal.signaalpuntId, url: config.url };
    case 'mail':
      return { kind: 'mail', signaalpuntId: signal.signaalpuntId, to: config.to };
  }
}

/**
 * One message per target of the signaalpunt. The key includes the signaalpunt, so a signal
 * forwarded elsewhere is delivered again there, but never twice to the same place.
 */
export function newSignalMessages(signal: Signal, targets: readonly TargetConfig[], now: Date): OutboxMessage[] {
  return targets.map((t, index) =>
    message('signal.new', `signal.new:${signal.id}:${signal.signaalpuntId}:${t.kind}:${index}`, targetFor(signal, t), { signalId: signal.id }, now),
  );
}

/** The team card shows the new status everywhere it was posted (Teams only; the card is updated in place). */
export function cardUpdateMessage(signal: Signal, now: Date): OutboxMessage {
  return message(
    'signal.cardUpdate',
    `signal.cardUpdate:${signal.id}:${signal.version}`,
    { kind: 'teamsThread', signaalpuntId: signal.signaalpuntId, signalId: signal.id },
    { signalId: signal.id, version: signal.version },
    now,
  );
}

/** A short message to the reporter: which event (claimed, closed), never personal details. */
export function reporterMessage(signal: Signal, event: 'claimed' | 'closed', now: Date): OutboxMessage | undefined {
  if (!signal.wantsFeedback || !signal.reporterChatKey) return undefined;
  return message(
    'reporter.notify',
    `reporter.notify:${signal.id}:${event}`,
    { kind: 'reporter', chatKey: signal.reporterChatKey },
    { signalId: signal.id, event },
    now,
  );
}

/** The overdue reminder in the signal's thread, at most once per working day. */
/** A signal open longer than the maximum age: the team is asked to close it (once). */
export function maxAgeMessage(signal: Signal, now: Date): OutboxMessage {
  return message(
    'signal.threadReply',
    `signal.maxAge:${signal.id}`,
    { kind: 'teamsThread', signaalpuntId: signal.signaalpuntId, signalId: signal.id },
    { signalId: signal.id, messageKey: 'maxAge' },
    now,
  );
}

export function overdueMessage(signal: Signal, day: string, now: Date): OutboxMessage {
  return message(
    'signal.threadReply',
    `signal.overdue:${signal.id}:${day}`,
    { kind: 'teamsThread', signaalpuntId: signal.signaalpuntId, signalId: signal.id },
    { signalId: signal.id, messageKey: 'overdue', day },
    now,
  );
}
