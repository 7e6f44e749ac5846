import { isPublicHoliday } from '../working-days';
import { type CirclePlan, inRange } from './circle';
import { addDays, addMinutes, localParts, mondayOf, weekdayOf, zonedToUtc } from './zoned-time';

/** Why a circle does not run on a date (undefined: it runs). */
export type NoRoundReason = 'weekday' | 'holiday' | 'paused' | 'nobody';

const holidays = new Map<string, boolean>();
function isHoliday(date: string): boolean {
  let holiday = holidays.get(date);
  if (holiday === undefined) {
    holiday = isPublicHoliday(date);
    if (holidays.size > 10_000) holidays.clear();
    holidays.set(date, holiday);
  }
  return holiday;
}

export function noRoundReason(circle: CirclePlan, date: string): NoRoundReason | undefined {
  if (!circle.weekdays.includes(weekdayOf(date))) return 'weekday';
  if (circle.skipHolidays && isHoliday(date)) return 'holiday';
  if (circle.pauses.some((p) => inRange(date, p))) return 'paused';
  if (activeMembers(circle, date).length === 0) return 'nobody';
  return undefined;
}

export function isRoundDay(circle: CirclePlan, date: string): boolean {
  return noRoundReason(circle, date) === undefined;
}

/** Members taking part on a date: everyone not paused, in the circle's order. */
export function activeMembers<P extends CirclePlan>(circle: P, date: string): P['members'] {
  return circle.members.filter((m) => !m.pauses.some((p) => inRange(date, p)));
}

/** The instants of one round: reminder, start, deadline (the circle should be "rond"). */
export interface RoundTimes {
  date: string;
  reminderAt: Date;
  startAt: Date;
  deadlineAt: Date;
}

export function roundTimes(circle: Pick<CirclePlan, 'startTime' | 'reminderMinutes' | 'windowMinutes'>, date: string): RoundTimes {
  const startAt = zonedToUtc(date, circle.startTime);
  return {
    date,
    startAt,
    reminderAt: addMinutes(startAt, -circle.reminderMinutes),
    deadlineAt: addMinutes(startAt, circle.windowMinutes),
  };
}

/** One call in today's order; `'coordinator'` is the coordinator of the day. */
export interface Call {
  caller: string | 'coordinator';
  callee: string | 'coordinator';
}

/**
 * Today's calls with pauses applied. Chain: each active member calls the next, the last calls
 * the coordinator back; a paused member is skipped, so the one before calls the one after.
 * Star: the coordinator calls each active member.
 */
export function todaysCalls(circle: CirclePlan, date: string): Call[] {
  const active = activeMembers(circle, date).map((m) => m.id);
  if (circle.mode === 'star') return active.map((id) => ({ caller: 'coordinator', callee: id }));
  return active.map((id, i) => ({ caller: id, callee: active[i + 1] ?? 'coordinator' }));
}

/** Who a member calls today (chain mode), or undefined (star mode, paused, not a member). */
export function calleeOf(circle: CirclePlan, date: string, memberId: string): string | 'coordinator' | undefined {
  return todaysCalls(circle, date).find((c) => c.caller === memberId)?.callee;
}

/** The coordinator of a date: the first whose rota has that weekday, else the first coordinator. */
export function coordinatorOfDay<P extends CirclePlan>(circle: P, date: string): P['coordinators'][number] {
  const day = weekdayOf(date);
  const first = circle.coordinators[0];
  if (!first) throw new RangeError('a circle has at least one coordinator');
  return circle.coordinators.find((c) => c.weekdays.includes(day)) ?? first;
}

/**
 * Who is told when the coordinator of the day does not acknowledge: a coordinator marked backup,
 * else any other coordinator; undefined when the circle has only one (then the coordinator of the
 * day is told again).
 */
export function backupOfDay<P extends CirclePlan>(circle: P, date: string): P['coordinators'][number] | undefined {
  const day = coordinatorOfDay(circle, date);
  const others = circle.coordinators.filter((c) => c.chatKey !== day.chatKey);
  return others.find((c) => c.backup) ?? others[0];
}

/** The kinds of events the scheduler fires for a circle. */
export const SCHEDULED_KINDS = ['reminder', 'deadline', 'weekly'] as const;
export type ScheduledKind = (typeof SCHEDULED_KINDS)[number];

/** The weekly overview goes out on Monday at this Amsterdam time, about the week before. */
export const WEEKLY_OVERVIEW = { weekday: 1, time: '08:00' } as const;

/**
 * How long after its time an event is still worth sending (sent late and marked so). After that
 * it is recorded as missed and the coordinator is told.
 * - reminder: until the round's deadline (after that a reminder helps nobody);
 * - deadline: 12 hours (a round nobody closed is worth an alert all day);
 * - weekly: 3 days.
 */
export function meaningfulUntil(circle: CirclePlan, kind: ScheduledKind, date: string): Date {
  switch (kind) {
    case 'reminder':
      return roundTimes(circle, date).deadlineAt;
    case 'deadline':
      return addMinutes(roundTimes(circle, date).deadlineAt, 12 * 60);
    case 'weekly':
      return addMinutes(zonedToUtc(date, WEEKLY_OVERVIEW.time), 3 * 24 * 60);
  }
}

/** One planned event: a kind on a date (for weekly, the Monday it is sent). */
export interface Occurrence {
  kind: ScheduledKind;
  date: string;
  at: Date;
}

/** The instant of an event of a kind on a date, or undefined when there is none that day. */
export function occurrenceOn(circle: CirclePlan, kind: ScheduledKind, date: string): Occurrence | undefined {
  if (kind === 'weekly') {
    if (weekdayOf(date) !== WEEKLY_OVERVIEW.weekday) return undefined;
    return { kind, date, at: zonedToUtc(date, WEEKLY_OVERVIEW.time) };
  }
  if (!isRoundDay(circle, date)) return undefined;
  const times = roundTimes(circle, date);
  return { kind, date, at: kind === 'reminder' ? times.reminderAt : times.deadlineAt };
}

/** How far ahead the next event is looked for (a circle paused longer has none planned). */
export const LOOKAHEAD_DAYS = 400;

/**
 * The first event of a kind strictly after `after` (and not before the circle's `scheduleFrom`).
 * Walks calendar days in Amsterdam; a reminder can fall on the day before its round when the
 * round starts just after midnight, so the walk starts a day early.
 */
export function nextOccurrence(circle: CirclePlan, kind: ScheduledKind, after: Date): Occurrence | undefined {
  const floor = Math.max(after.getTime(), Date.parse(circle.scheduleFrom) - 1);
  const start = localParts(new Date(floor)).date;
  if (kind === 'weekly') {
    let monday = mondayOf(addDays(start, -1));
    for (let i = 0; i < 3; i++, monday = addDays(monday, 7)) {
      const o = occurrenceOn(circle, kind, monday);
      if (o && o.at.getTime() > floor) return o;
    }
    return undefined;
  }
  for (let i = -1; i <= LOOKAHEAD_DAYS; i++) {
    const o = occurrenceOn(circle, kind, addDays(start, i));
    if (o && o.at.getTime() > floor) return o;
  }
  return undefined;
}

/** The idempotency key of an event: one per circle, date and kind. */
export function eventKey(circleId: string, kind: ScheduledKind, date: string): string {
  return `circle:${circleId}:${date}:${kind}`;
}
