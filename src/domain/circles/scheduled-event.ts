import type { CirclePlan } from './circle';
import type { Round } from './round';
import { activeMembers, backupOfDay, coordinatorOfDay, meaningfulUntil, type ScheduledKind } from './schedule';
import { addDays, localParts, mondayOf, zonedToUtc } from './zoned-time';

/**
 * What the scheduler does with an event that has come due: the rules, with no store, clock or
 * messages. The scheduler (src/application/circles/circle-scheduler.ts) loads the round, asks
 * here, and turns the decision into outbox messages and one save.
 */

/** An event is late when it is handled more than this after its time (the tick is every minute). */
export const LATE_AFTER_MS = 90_000;

/** A scheduled event of one circle and date, planned for `at`. */
export interface DueEvent {
  kind: ScheduledKind;
  date: string;
  at: Date;
}

/** Who gets a reminder: the coordinator of the day once, and each active member with a chat once. */
export interface ReminderRecipient {
  chatKey: string;
  role: 'coordinator' | 'member';
  memberId?: string;
}

/**
 * `round`: the round as it goes into the save with this event (absent: the event is saved
 * without its round).
 */
export type EventDecision =
  /** Past its meaning (the bot was down too long): recorded as missed, the coordinator of the day is told. */
  | { outcome: 'missed'; tell: string; time: string; round?: Round }
  | { outcome: 'sent' | 'late'; send: { kind: 'reminder'; to: ReminderRecipient[] } }
  | { outcome: 'sent' | 'late'; send: { kind: 'weekly'; to: string[]; weekStart: string } }
  /** The deadline passed with the round still open: an escalation "round not closed" is raised. */
  | { outcome: 'sent' | 'late'; escalate: 'roundNotClosed'; round: Round }
  | { outcome: 'skipped'; round?: Round };

/** True when deciding this event needs its round (a deadline; a reminder or deadline past its meaning). */
export function eventNeedsRound(plan: CirclePlan, event: DueEvent, now: Date): boolean {
  if (event.kind === 'weekly') return false;
  return event.kind === 'deadline' || !isMeaningful(plan, event, now);
}

function isMeaningful(plan: CirclePlan, event: DueEvent, now: Date): boolean {
  return now.getTime() < meaningfulUntil(plan, event.kind, event.date).getTime();
}

/**
 * Decides a due reminder, deadline or weekly overview at `now`. `round` is the round of the
 * event's date (stored, or new), required when {@link eventNeedsRound} says so. Never changes
 * `round`: a changed round is returned.
 */
export function decideEvent(plan: CirclePlan, event: DueEvent, now: Date, round?: Round): EventDecision {
  const late = now.getTime() - event.at.getTime() > LATE_AFTER_MS;
  const outcome = late ? 'late' : 'sent';
  const coordinator = coordinatorOfDay(plan, event.date);
  if (!isMeaningful(plan, event, now)) {
    const time = localParts(event.at).time;
    if (event.kind === 'weekly') return { outcome: 'missed', tell: coordinator.chatKey, time };
    const held = requireRound(round, event);
    return { outcome: 'missed', tell: coordinator.chatKey, time, round: { ...held, missed: [...held.missed, event.kind] } };
  }
  switch (event.kind) {
    case 'reminder': {
      const to: ReminderRecipient[] = [{ chatKey: coordinator.chatKey, role: 'coordinator' }];
      const chats = new Set([coordinator.chatKey]);
      for (const m of activeMembers(plan, event.date)) {
        if (!m.chatKey || chats.has(m.chatKey)) continue;
        chats.add(m.chatKey);
        to.push({ chatKey: m.chatKey, role: 'member', memberId: m.id });
      }
      return { outcome, send: { kind: 'reminder', to } };
    }
    case 'deadline': {
      const held = requireRound(round, event);
      if (held.status === 'closed') return { outcome: 'skipped', round: held };
      return { outcome, escalate: 'roundNotClosed', round: held };
    }
    case 'weekly': {
      // No overview of a week that ended before the circle existed.
      if (plan.createdAt >= zonedToUtc(event.date, '00:00').toISOString()) return { outcome: 'skipped' };
      const to = [...new Set(plan.coordinators.map((c) => c.chatKey))];
      return { outcome, send: { kind: 'weekly', to, weekStart: mondayOf(addDays(event.date, -7)) } };
    }
  }
}

function requireRound(round: Round | undefined, event: DueEvent): Round {
  if (!round) throw new Error(`the ${event.kind} of ${event.date} is decided with its round`);
  return round;
}

/** What happens when an escalation's acknowledgement time passes. */
export type BackupDecision =
  /** Acknowledged, resolved, already passed on, or gone: nothing to do. */
  | { outcome: 'skipped' }
  /** Nobody acknowledged in time: the backup (or, without one, the coordinator of the day again) is alerted. */
  | { outcome: 'sent'; backup: string; round: Round };

export function decideBackup(plan: CirclePlan, round: Round, escalationId: string | undefined, now: Date): BackupDecision {
  const escalation = round.escalations.find((e) => e.id === escalationId);
  if (!escalation || escalation.acknowledgedAt || escalation.resolvedAt || escalation.backupAlertedAt) return { outcome: 'skipped' };
  const backup = (backupOfDay(plan, round.date) ?? coordinatorOfDay(plan, round.date)).chatKey;
  const alerted = escalation.alerted.includes(backup) ? escalation.alerted : [...escalation.alerted, backup];
  const passedOn = { ...escalation, backupAlertedAt: now.toISOString(), alerted };
  return { outcome: 'sent', backup, round: { ...round, escalations: round.escalations.map((e) => (e === escalation ? passedOn : e)) } };
}
