import type { CirclePlan } from '../../domain/circles/circle';
import type { Escalation, EscalationReason, Round } from '../../domain/circles/round';
import { coordinatorOfDay, roundTimes } from '../../domain/circles/schedule';
import { addMinutes } from '../../domain/circles/zoned-time';
import type { OutboxMessage } from '../../ports/outbox';
import { circleMessage } from './circle-messages';

/** A fresh round for a date (open), before any check-in or escalation. */
export function newRound(plan: CirclePlan, date: string): Round {
  const times = roundTimes(plan, date);
  return {
    circleId: plan.id,
    date,
    status: 'open',
    startAt: times.startAt.toISOString(),
    deadlineAt: times.deadlineAt.toISOString(),
    checkins: [],
    escalations: [],
    missed: [],
    version: 0,
  };
}

/**
 * The id of an escalation: the same reason about the same member in the same round is one
 * escalation (two members reporting the same person do not alert twice), unless the earlier
 * one was resolved already.
 */
export function escalationId(round: Round, reason: EscalationReason, memberId: string | undefined): string {
  const base = `${round.circleId}/${round.date}/${reason}/${memberId ?? 'round'}`;
  const same = round.escalations.filter((e) => e.id === base || e.id.startsWith(`${base}#`));
  return same.length === 0 ? base : `${base}#${same.length + 1}`;
}

/** The date of the round an escalation belongs to (it is in the id). */
export function dateOfEscalation(circleId: string, id: string): string | undefined {
  const rest = id.startsWith(`${circleId}/`) ? id.slice(circleId.length + 1) : '';
  const date = rest.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
}

export interface Raised {
  escalation: Escalation;
  messages: OutboxMessage[];
  /** False when the same escalation is already open: nobody is alerted again. */
  isNew: boolean;
}

/**
 * Raises an escalation in a round (mutates `round`): the coordinator of the day is alerted at
 * once with the member's key holder and the steps; the scheduler tells the backup when nobody
 * acknowledges within `ackMinutes`.
 */
export function raise(
  plan: CirclePlan,
  round: Round,
  input: { reason: EscalationReason; memberId?: string; raisedBy: string; raisedByChat?: string; now: Date; late?: boolean; acknowledged?: boolean },
): Raised {
  const open = round.escalations.find((e) => !e.resolvedAt && e.reason === input.reason && e.memberId === input.memberId);
  if (open) return { escalation: open, messages: [], isNew: false };
  const coordinator = coordinatorOfDay(plan, round.date);
  const escalation: Escalation = {
    id: escalationId(round, input.reason, input.memberId),
    reason: input.reason,
    raisedAt: input.now.toISOString(),
    raisedBy: input.raisedBy,
    alerted: [coordinator.chatKey],
    ackDueAt: addMinutes(input.now, plan.ackMinutes).toISOString(),
    ...(input.memberId !== undefined ? { memberId: input.memberId } : {}),
    ...(input.raisedByChat !== undefined ? { raisedByChat: input.raisedByChat } : {}),
    ...(input.late ? { late: true } : {}),
    ...(input.acknowledged ? { acknowledgedAt: input.now.toISOString() } : {}),
  };
  round.escalations.push(escalation);
  const message = circleMessage(
    'circle.escalation',
    `circle.escalation:${escalation.id}:coordinator`,
    coordinator.chatKey,
    { circleId: plan.id, date: round.date, escalationId: escalation.id, role: 'coordinator' },
    input.now,
  );
  return { escalation, messages: [message], isNew: true };
}
