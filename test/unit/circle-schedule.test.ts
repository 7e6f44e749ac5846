import type { CirclePlan, DateRange } from '../../src/domain/circles/circle';
import {
  activeMembers,
  backupOfDay,
  calleeOf,
  coordinatorOfDay,
  eventKey,
  isRoundDay,
  meaningfulUntil,
  nextOccurrence,
  noRoundReason,
  type Occurrence,
  occurrenceOn,
  roundTimes,
  SCHEDULED_KINDS,
  type ScheduledKind,
  todaysCalls,
  WEEKLY_OVERVIEW,
} from '../../src/domain/circles/schedule';
import { addDays, localParts } from '../../src/domain/circles/zoned-time';

/** Events of a kind in (from, to], oldest first, found by walking `nextOccurrence` (as the scheduler's index does). */
function occurrencesBetween(circle: CirclePlan, kind: ScheduledKind, from: Date, to: Date): Occurrence[] {
  const out: Occurrence[] = [];
  let cursor = new Date(from.getTime());
  for (;;) {
    const next = nextOccurrence(circle, kind, cursor);
    if (!next || next.at.getTime() > to.getTime()) return out;
    out.push(next);
    cursor = next.at;
  }
}


const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const WORKDAYS = [1, 2, 3, 4, 5];

type PlanCoordinator = CirclePlan['coordinators'][number];

const coordinator = (chatKey: string, weekdays: number[] = [], backup = false): PlanCoordinator => ({ chatKey, weekdays, backup });

/** A circle's clear schedule, members A B C D in that order; no names or numbers (synthetic ids only). */
function plan(overrides: Partial<CirclePlan> = {}, pauses: Record<string, DateRange[]> = {}): CirclePlan {
  return {
    id: 'circle-0001',
    name: 'Belcirkel Testwijk',
    startTime: '09:00',
    weekdays: EVERY_DAY,
    mode: 'chain',
    windowMinutes: 30,
    reminderMinutes: 10,
    ackMinutes: 15,
    skipHolidays: false,
    pauses: [],
    coordinators: [coordinator('chat-coord-01')],
    members: ['A', 'B', 'C', 'D'].map((id) => ({ id, pauses: pauses[id] ?? [] })),
    locale: 'nl',
    scheduleFrom: '2027-01-01T00:00:00.000Z',
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

const iso = (d: Date | undefined) => d?.toISOString();
const at = (value: string) => new Date(value);

describe('roundTimes', () => {
  test('When the defaults apply, then the reminder is 10 minutes before the start and the deadline 30 minutes after', () => {
    const times = roundTimes(plan(), '2027-03-01'); // winter time
    expect(times.date).toBe('2027-03-01');
    expect(iso(times.reminderAt)).toBe('2027-03-01T07:50:00.000Z');
    expect(iso(times.startAt)).toBe('2027-03-01T08:00:00.000Z');
    expect(iso(times.deadlineAt)).toBe('2027-03-01T08:30:00.000Z');
  });

  test.each([
    [{ startTime: '08:30', reminderMinutes: 0, windowMinutes: 45 }, '2027-06-01', '2027-06-01T06:30:00.000Z', '2027-06-01T06:30:00.000Z', '2027-06-01T07:15:00.000Z'],
    [{ startTime: '08:45', reminderMinutes: 120, windowMinutes: 180 }, '2027-06-01', '2027-06-01T04:45:00.000Z', '2027-06-01T06:45:00.000Z', '2027-06-01T09:45:00.000Z'],
    [{ startTime: '00:05', reminderMinutes: 10, windowMinutes: 30 }, '2027-03-02', '2027-03-01T22:55:00.000Z', '2027-03-01T23:05:00.000Z', '2027-03-01T23:35:00.000Z'],
  ])('When the settings are %o on %s, then reminder, start and deadline follow them', (settings, date, reminder, start, deadline) => {
    const times = roundTimes(plan(settings), date);
    expect([iso(times.reminderAt), iso(times.startAt), iso(times.deadlineAt)]).toEqual([reminder, start, deadline]);
  });

  test.each([
    // 02:30 does not exist on 28 March: the round starts at 03:30 CEST.
    ['02:30', '2027-03-28', '2027-03-28T01:20:00.000Z', '2027-03-28T01:30:00.000Z', '2027-03-28T02:00:00.000Z'],
    ['09:00', '2027-03-28', '2027-03-28T06:50:00.000Z', '2027-03-28T07:00:00.000Z', '2027-03-28T07:30:00.000Z'],
    // 02:30 happens twice on 31 October: the first one.
    ['02:30', '2027-10-31', '2027-10-31T00:20:00.000Z', '2027-10-31T00:30:00.000Z', '2027-10-31T01:00:00.000Z'],
    ['09:00', '2027-10-31', '2027-10-31T07:50:00.000Z', '2027-10-31T08:00:00.000Z', '2027-10-31T08:30:00.000Z'],
  ])('When a round starts at %s on %s, then its reminder, start and deadline are right in UTC', (startTime, date, reminder, start, deadline) => {
    const times = roundTimes(plan({ startTime }), date);
    expect([iso(times.reminderAt), iso(times.startAt), iso(times.deadlineAt)]).toEqual([reminder, start, deadline]);
  });
});

describe("today's order", () => {
  const DAY = '2027-03-03';
  const paused = (from: string, to: string): DateRange[] => [{ from, to }];

  test('When nobody is paused, then A calls B calls C calls D, and D calls the coordinator back', () => {
    expect(todaysCalls(plan(), DAY)).toEqual([
      { caller: 'A', callee: 'B' },
      { caller: 'B', callee: 'C' },
      { caller: 'C', callee: 'D' },
      { caller: 'D', callee: 'coordinator' },
    ]);
  });

  test('When B is paused, then the chain closes the gap: A calls C, and D still calls the coordinator', () => {
    const circle = plan({}, { B: paused('2027-03-01', '2027-03-07') });
    expect(todaysCalls(circle, DAY)).toEqual([
      { caller: 'A', callee: 'C' },
      { caller: 'C', callee: 'D' },
      { caller: 'D', callee: 'coordinator' },
    ]);
    expect(calleeOf(circle, DAY, 'A')).toBe('C');
    expect(calleeOf(circle, DAY, 'D')).toBe('coordinator');
    expect(calleeOf(circle, DAY, 'B')).toBeUndefined();
    expect(calleeOf(circle, DAY, 'nobody')).toBeUndefined();
    expect(activeMembers(circle, DAY).map((m) => m.id)).toEqual(['A', 'C', 'D']);
  });

  test.each([
    [{ A: paused(DAY, DAY) }, [['B', 'C'], ['C', 'D'], ['D', 'coordinator']]],
    [{ D: paused(DAY, DAY) }, [['A', 'B'], ['B', 'C'], ['C', 'coordinator']]],
    [{ B: paused(DAY, DAY), C: paused(DAY, DAY) }, [['A', 'D'], ['D', 'coordinator']]],
    [{ A: paused(DAY, DAY), B: paused(DAY, DAY), C: paused(DAY, DAY) }, [['D', 'coordinator']]],
    [{ A: paused(DAY, DAY), B: paused(DAY, DAY), C: paused(DAY, DAY), D: paused(DAY, DAY) }, []],
  ])('When the pauses are %o, then the chain is %o', (pauses, calls) => {
    expect(todaysCalls(plan({}, pauses), DAY).map((c) => [c.caller, c.callee])).toEqual(calls);
  });

  test.each([
    ['2027-03-01', false], // the first day of the pause
    ['2027-03-05', false], // the last day of the pause
    ['2027-02-28', true], // the day before
    ['2027-03-06', true], // the day after
  ])('When B is paused from 1 to 5 March and the date is %s, then B taking part is %p', (date, takesPart) => {
    const circle = plan({}, { B: paused('2027-03-01', '2027-03-05') });
    expect(activeMembers(circle, date).some((m) => m.id === 'B')).toBe(takesPart);
  });

  test('When the circle is in star mode, then the coordinator calls each member who is not paused, in order', () => {
    const circle = plan({ mode: 'star' }, { C: paused(DAY, DAY) });
    expect(todaysCalls(circle, DAY)).toEqual([
      { caller: 'coordinator', callee: 'A' },
      { caller: 'coordinator', callee: 'B' },
      { caller: 'coordinator', callee: 'D' },
    ]);
    expect(calleeOf(circle, DAY, 'A')).toBeUndefined();
  });
});

describe('coordinator of the day and backup', () => {
  const owner = coordinator('chat-owner');
  const monWed = coordinator('chat-monwed', [1, 3]);
  const tue = coordinator('chat-tue', [2]);
  const reserve = coordinator('chat-reserve', [], true);

  test.each([
    ['2027-03-01', 'chat-monwed'], // Monday
    ['2027-03-02', 'chat-tue'], // Tuesday
    ['2027-03-03', 'chat-monwed'], // Wednesday
    ['2027-03-04', 'chat-owner'], // Thursday: nobody on the rota, so the first
    ['2027-03-07', 'chat-owner'], // Sunday
  ])('When the rota has Monday/Wednesday and Tuesday and the date is %s, then the coordinator of the day is %s', (date, chatKey) => {
    expect(coordinatorOfDay(plan({ coordinators: [owner, monWed, tue, reserve] }), date).chatKey).toBe(chatKey);
  });

  test('When two coordinators take the same weekday, then the first in the list is the coordinator of the day', () => {
    const circle = plan({ coordinators: [owner, coordinator('chat-x', [1]), coordinator('chat-y', [1])] });
    expect(coordinatorOfDay(circle, '2027-03-01').chatKey).toBe('chat-x');
  });

  test('When a circle has no coordinator at all, then asking for the coordinator of the day throws', () => {
    expect(() => coordinatorOfDay(plan({ coordinators: [] }), '2027-03-01')).toThrow(RangeError);
  });

  test.each([
    ['2027-03-01', [owner, monWed, tue, reserve], 'chat-reserve'], // flagged backup preferred
    ['2027-03-04', [owner, monWed, tue, reserve], 'chat-reserve'], // the owner is of the day: still the flagged backup
    ['2027-03-01', [owner, monWed, tue], 'chat-owner'], // no backup flagged: another coordinator (the first other)
    ['2027-03-04', [owner, monWed], 'chat-monwed'],
    ['2027-03-02', [owner, coordinator('chat-reserve-tue', [2], true), monWed], 'chat-owner'], // the backup is of the day itself
  ])('When the date is %s and the coordinators are %#, then the backup is %s', (date, coordinators, chatKey) => {
    const circle = plan({ coordinators });
    const backup = backupOfDay(circle, date);
    expect(backup?.chatKey).toBe(chatKey);
    expect(backup?.chatKey).not.toBe(coordinatorOfDay(circle, date).chatKey);
  });

  test('When the circle has one coordinator, then there is no backup', () => {
    expect(backupOfDay(plan({ coordinators: [owner] }), '2027-03-01')).toBeUndefined();
    expect(backupOfDay(plan({ coordinators: [reserve] }), '2027-03-01')).toBeUndefined();
  });
});

describe('days without a round', () => {
  test.each([
    // [date, skipHolidays, expected]
    ['2027-04-27', true, 'holiday'], // Koningsdag (Tuesday)
    ['2027-03-29', true, 'holiday'], // Easter Monday
    ['2027-03-28', true, 'holiday'], // Easter Sunday
    ['2027-12-25', true, 'holiday'], // Christmas (Saturday)
    ['2027-12-26', true, 'holiday'],
    ['2027-01-01', true, 'holiday'],
    ['2027-05-06', true, 'holiday'], // Hemelvaartsdag
    ['2027-03-26', true, undefined], // Goede Vrijdag is no public holiday
    ['2027-12-24', true, undefined],
    ['2027-04-28', true, undefined],
    ['2027-04-27', false, undefined],
    ['2027-03-29', false, undefined],
    ['2027-12-25', false, undefined],
  ])('When the date is %s and skipHolidays is %p, then the reason is %p', (date, skipHolidays, reason) => {
    const circle = plan({ skipHolidays });
    expect(noRoundReason(circle, date)).toBe(reason);
    expect(isRoundDay(circle, date)).toBe(reason === undefined);
  });

  test.each([
    ['2027-03-06', 'weekday'], // Saturday
    ['2027-03-07', 'weekday'], // Sunday
    ['2027-12-25', 'weekday'], // a weekend holiday is a weekday reason first
    ['2027-03-29', 'holiday'],
    ['2027-03-30', undefined],
  ])('When the circle runs Monday to Friday, skips holidays, and the date is %s, then the reason is %p', (date, reason) => {
    expect(noRoundReason(plan({ weekdays: WORKDAYS, skipHolidays: true }), date)).toBe(reason);
  });

  test.each([
    ['2027-06-30', undefined],
    ['2027-07-01', 'paused'],
    ['2027-07-08', 'paused'],
    ['2027-07-14', 'paused'],
    ['2027-07-15', undefined],
  ])('When the whole circle is paused 1-14 July and the date is %s, then the reason is %p', (date, reason) => {
    expect(noRoundReason(plan({ pauses: [{ from: '2027-07-01', to: '2027-07-14' }] }), date)).toBe(reason);
  });

  test('When every member is paused, then there is no round ("nobody"); with one back, there is', () => {
    const all = { from: '2027-07-01', to: '2027-07-31' };
    expect(noRoundReason(plan({}, { A: [all], B: [all], C: [all], D: [all] }), '2027-07-10')).toBe('nobody');
    expect(noRoundReason(plan({}, { A: [all], B: [all], C: [all] }), '2027-07-10')).toBeUndefined();
    expect(noRoundReason(plan({}, { A: [all], B: [all], C: [all], D: [all] }), '2027-08-01')).toBeUndefined();
  });
});

describe('nextOccurrence', () => {
  test.each([
    // [what, overrides, kind, after, expected date, expected instant]
    ['later the same day', {}, 'reminder', '2027-03-03T06:00:00.000Z', '2027-03-03', '2027-03-03T07:50:00.000Z'],
    ['exactly at the reminder: strictly after, so tomorrow', {}, 'reminder', '2027-03-03T07:50:00.000Z', '2027-03-04', '2027-03-04T07:50:00.000Z'],
    ['a millisecond before the reminder', {}, 'reminder', '2027-03-03T07:49:59.999Z', '2027-03-03', '2027-03-03T07:50:00.000Z'],
    ['the deadline after the reminder', {}, 'deadline', '2027-03-03T07:50:00.000Z', '2027-03-03', '2027-03-03T08:30:00.000Z'],
    ['over a weekend', { weekdays: WORKDAYS }, 'reminder', '2027-03-05T09:00:00.000Z', '2027-03-08', '2027-03-08T07:50:00.000Z'],
    ['over Easter Monday (and the spring change)', { weekdays: WORKDAYS, skipHolidays: true }, 'reminder', '2027-03-26T09:00:00.000Z', '2027-03-30', '2027-03-30T06:50:00.000Z'],
    ['on Easter Monday when holidays are not skipped', { weekdays: WORKDAYS }, 'reminder', '2027-03-26T09:00:00.000Z', '2027-03-29', '2027-03-29T06:50:00.000Z'],
    ['over Koningsdag', { skipHolidays: true }, 'deadline', '2027-04-26T09:00:00.000Z', '2027-04-28', '2027-04-28T07:30:00.000Z'],
    ['over Christmas', { skipHolidays: true }, 'deadline', '2027-12-24T09:00:00.000Z', '2027-12-27', '2027-12-27T08:30:00.000Z'],
    ['over a circle pause', { pauses: [{ from: '2027-07-01', to: '2027-07-14' }] }, 'reminder', '2027-06-30T12:00:00.000Z', '2027-07-15', '2027-07-15T06:50:00.000Z'],
    ['a round just after midnight: the reminder falls the evening before', { startTime: '00:05' }, 'reminder', '2027-03-01T22:00:00.000Z', '2027-03-02', '2027-03-01T22:55:00.000Z'],
    ['a round just after midnight: the next one after that reminder', { startTime: '00:05' }, 'reminder', '2027-03-01T22:55:00.000Z', '2027-03-03', '2027-03-02T22:55:00.000Z'],
  ] as const)('When looking %s (settings %o), then the next %s after %s is on %s at %s', (_what, overrides, kind, after, date, instant) => {
    const next = nextOccurrence(plan(overrides as Partial<CirclePlan>), kind, at(after));
    expect(next).toEqual({ kind, date, at: at(instant) });
  });

  test('When all members are paused for a week, then the next round is after their pauses', () => {
    const week = [{ from: '2027-03-08', to: '2027-03-14' }];
    const next = nextOccurrence(plan({}, { A: week, B: week, C: week, D: week }), 'reminder', at('2027-03-07T12:00:00Z'));
    expect(next?.date).toBe('2027-03-15');
  });

  test('When the schedule starts later (scheduleFrom), then nothing before it is due, and an event at that very instant is', () => {
    // Wednesday 3 March: reminder 07:50Z, deadline 08:30Z; the schedule changed at 08:05Z.
    const circle = plan({ scheduleFrom: '2027-03-03T08:05:00.000Z' });
    expect(nextOccurrence(circle, 'reminder', at('2027-03-01T00:00:00Z'))).toMatchObject({ date: '2027-03-04' });
    expect(nextOccurrence(circle, 'deadline', at('2027-03-01T00:00:00Z'))).toMatchObject({ date: '2027-03-03' });
    const exact = plan({ scheduleFrom: '2027-03-03T07:50:00.000Z' });
    expect(nextOccurrence(exact, 'reminder', at('2027-03-01T00:00:00Z'))).toMatchObject({ date: '2027-03-03', at: at('2027-03-03T07:50:00Z') });
  });

  test('When the circle is paused for longer than the look-ahead, then there is no next round', () => {
    const circle = plan({ pauses: [{ from: '2027-03-01', to: '2029-12-31' }] });
    expect(nextOccurrence(circle, 'reminder', at('2027-03-01T00:00:00Z'))).toBeUndefined();
    expect(nextOccurrence(circle, 'deadline', at('2027-03-01T00:00:00Z'))).toBeUndefined();
  });

  test.each([
    ['a Wednesday in winter', '2027-03-03T12:00:00.000Z', '2027-03-08', '2027-03-08T07:00:00.000Z'],
    ['a Monday in summer before 08:00', '2027-03-29T05:59:00.000Z', '2027-03-29', '2027-03-29T06:00:00.000Z'],
    ['a Monday in summer at 08:00 exactly', '2027-03-29T06:00:00.000Z', '2027-04-05', '2027-04-05T06:00:00.000Z'],
    ['a Sunday evening', '2027-10-31T20:00:00.000Z', '2027-11-01', '2027-11-01T07:00:00.000Z'],
    ['the last day of the year', '2027-12-31T12:00:00.000Z', '2028-01-03', '2028-01-03T07:00:00.000Z'],
  ])('When looking for the weekly overview from %s (%s), then it is Monday %s at %s (08:00 Amsterdam time)', (_what, after, date, instant) => {
    expect(WEEKLY_OVERVIEW).toEqual({ weekday: 1, time: '08:00' });
    expect(nextOccurrence(plan(), 'weekly', at(after))).toEqual({ kind: 'weekly', date, at: at(instant) });
  });

  test('When the weekly overview is asked for a day that is not Monday, then occurrenceOn has none', () => {
    expect(occurrenceOn(plan(), 'weekly', '2027-03-02')).toBeUndefined();
    expect(occurrenceOn(plan(), 'weekly', '2027-03-01')).toEqual({ kind: 'weekly', date: '2027-03-01', at: at('2027-03-01T07:00:00Z') });
    expect(occurrenceOn(plan({ weekdays: WORKDAYS }), 'reminder', '2027-03-06')).toBeUndefined();
  });
});

describe('daylight saving: a daily round at 02:30 and at 09:00', () => {
  /** Walks the scheduler's way: from each event to the next one, as a ticking scheduler would. */
  function walk(startTime: string, kind: ScheduledKind, from: string, to: string) {
    return occurrencesBetween(plan({ startTime }), kind, at(from), at(to));
  }

  test.each([
    ['02:30', 'reminder', 'spring', '2027-03-24T12:00:00Z', '2027-04-01T12:00:00Z', '2027-03-25', '2027-04-01'],
    ['02:30', 'deadline', 'spring', '2027-03-24T12:00:00Z', '2027-04-01T12:00:00Z', '2027-03-25', '2027-04-01'],
    ['09:00', 'reminder', 'spring', '2027-03-24T12:00:00Z', '2027-04-01T12:00:00Z', '2027-03-25', '2027-04-01'],
    ['09:00', 'deadline', 'spring', '2027-03-24T12:00:00Z', '2027-04-01T12:00:00Z', '2027-03-25', '2027-04-01'],
    ['02:30', 'reminder', 'autumn', '2027-10-27T12:00:00Z', '2027-11-04T12:00:00Z', '2027-10-28', '2027-11-04'],
    ['02:30', 'deadline', 'autumn', '2027-10-27T12:00:00Z', '2027-11-04T12:00:00Z', '2027-10-28', '2027-11-04'],
    ['09:00', 'reminder', 'autumn', '2027-10-27T12:00:00Z', '2027-11-04T12:00:00Z', '2027-10-28', '2027-11-04'],
    ['09:00', 'deadline', 'autumn', '2027-10-27T12:00:00Z', '2027-11-04T12:00:00Z', '2027-10-28', '2027-11-04'],
  ] as const)('When a %s round is walked for its %s events around the %s change, then each day has exactly one, in order', (startTime, kind, _season, from, to, first, last) => {
    const events = walk(startTime, kind, from, to);
    const dates = events.map((e) => e.date);
    const expected: string[] = [];
    for (let d: string = first; d <= last; d = addDays(d, 1)) expected.push(d);
    expect(dates).toEqual(expected); // no day skipped, none doubled
    for (let i = 1; i < events.length; i++) expect(events[i]!.at.getTime()).toBeGreaterThan(events[i - 1]!.at.getTime());
    for (const e of events) expect(e).toEqual(occurrenceOn(plan({ startTime }), kind, e.date));
  });

  test.each([
    ['02:30', '2027-03-28', '03:20', '04:00'], // 02:20 and 02:30 do not exist: a gap of one hour forward
    ['02:30', '2027-03-27', '02:20', '03:00'],
    ['02:30', '2027-03-29', '02:20', '03:00'],
    ['02:30', '2027-10-31', '02:20', '02:00'], // the deadline is 30 real minutes later: 02:00 for the second time
    ['09:00', '2027-03-28', '08:50', '09:30'],
    ['09:00', '2027-10-31', '08:50', '09:30'],
  ])('When a round at %s is on %s, then the reminder and deadline show as %s and %s on the Amsterdam clock', (startTime, date, reminder, deadline) => {
    const times = roundTimes(plan({ startTime }), date);
    expect(localParts(times.reminderAt)).toMatchObject({ date, time: reminder });
    expect(localParts(times.deadlineAt)).toMatchObject({ date, time: deadline });
    expect(times.deadlineAt.getTime() - times.startAt.getTime()).toBe(30 * 60_000);
    expect(times.startAt.getTime() - times.reminderAt.getTime()).toBe(10 * 60_000);
  });

  test('When a scheduler ticks every minute through both DST nights, then each tick-window finds each event once, and every day has one reminder and one deadline', () => {
    for (const [from, to] of [
      ['2027-03-26T22:00:00Z', '2027-03-30T22:00:00Z'],
      ['2027-10-29T22:00:00Z', '2027-11-02T22:00:00Z'],
    ] as const) {
      const circle = plan({ startTime: '02:30' });
      const fired: string[] = [];
      for (let t = Date.parse(from); t < Date.parse(to); t += 60_000) {
        for (const kind of ['reminder', 'deadline'] as const) {
          for (const o of occurrencesBetween(circle, kind, new Date(t), new Date(t + 60_000))) fired.push(eventKey(circle.id, o.kind, o.date));
        }
      }
      expect(new Set(fired).size).toBe(fired.length);
      expect(fired.filter((k) => k.endsWith(':reminder'))).toHaveLength(4);
      expect(fired.filter((k) => k.endsWith(':deadline'))).toHaveLength(4);
    }
  });
});

describe('catching up after downtime', () => {
  test('When the bot was down for 3 hours over a round, then exactly that round’s reminder and deadline are found, oldest first', () => {
    const circle = plan();
    const from = at('2027-03-03T06:30:00Z'); // 07:30 Amsterdam
    const to = at('2027-03-03T09:30:00Z'); // 10:30 Amsterdam
    expect(occurrencesBetween(circle, 'reminder', from, to)).toEqual([{ kind: 'reminder', date: '2027-03-03', at: at('2027-03-03T07:50:00Z') }]);
    expect(occurrencesBetween(circle, 'deadline', from, to)).toEqual([{ kind: 'deadline', date: '2027-03-03', at: at('2027-03-03T08:30:00Z') }]);
  });

  test('When the window is (from, to], then an event exactly at `from` is left out and one exactly at `to` is in', () => {
    const circle = plan();
    expect(occurrencesBetween(circle, 'reminder', at('2027-03-03T07:50:00Z'), at('2027-03-03T10:50:00Z'))).toEqual([]);
    expect(occurrencesBetween(circle, 'reminder', at('2027-03-03T04:50:00Z'), at('2027-03-03T07:50:00Z')).map((o) => o.date)).toEqual(['2027-03-03']);
  });

  test('When 3 hours of downtime hold no round, then nothing is found', () => {
    expect(occurrencesBetween(plan(), 'reminder', at('2027-03-03T10:00:00Z'), at('2027-03-03T13:00:00Z'))).toEqual([]);
    expect(occurrencesBetween(plan({ weekdays: WORKDAYS }), 'deadline', at('2027-03-06T06:00:00Z'), at('2027-03-06T09:00:00Z'))).toEqual([]);
  });

  test('When the bot was down over a long weekend with Easter Monday, then only the working days with a round are found', () => {
    const circle = plan({ weekdays: WORKDAYS, skipHolidays: true });
    const found = occurrencesBetween(circle, 'deadline', at('2027-03-25T12:00:00Z'), at('2027-03-31T12:00:00Z'));
    expect(found.map((o) => o.date)).toEqual(['2027-03-26', '2027-03-30', '2027-03-31']);
  });

  test('When the downtime started before the schedule changed, then events of the old schedule are not found', () => {
    const circle = plan({ scheduleFrom: '2027-03-03T08:00:00.000Z' });
    const found = occurrencesBetween(circle, 'reminder', at('2027-03-03T06:30:00Z'), at('2027-03-04T09:30:00Z'));
    expect(found.map((o) => o.date)).toEqual(['2027-03-04']);
  });
});

describe('meaningfulUntil and eventKey', () => {
  test.each([
    ['reminder', '2027-03-03', '2027-03-03T08:30:00.000Z'], // the round's deadline
    ['deadline', '2027-03-03', '2027-03-03T20:30:00.000Z'], // 12 hours after the deadline
    ['weekly', '2027-03-08', '2027-03-11T07:00:00.000Z'], // 3 days after Monday 08:00
    ['deadline', '2027-10-31', '2027-10-31T20:30:00.000Z'], // 12 real hours, also on the autumn change
  ] as const)('When a %s of %s is late, then it is still worth sending until %s', (kind, date, until) => {
    expect(iso(meaningfulUntil(plan(), kind, date))).toBe(until);
  });

  test('When any event of a month is checked, then it is meaningful until after its own time', () => {
    const circle = plan();
    for (const kind of SCHEDULED_KINDS) {
      for (let date = '2027-03-01'; date <= '2027-03-31'; date = addDays(date, 1)) {
        const o = occurrenceOn(circle, kind, date);
        if (o) expect(meaningfulUntil(circle, kind, date).getTime()).toBeGreaterThan(o.at.getTime());
      }
    }
  });

  test('When keys are made for circles, kinds and dates, then each combination has its own key and the same one twice is equal', () => {
    const keys = new Set<string>();
    const ids = ['circle-0001', 'circle-0002', 'c', 'c:2027-03-01'];
    const dates = ['2027-03-01', '2027-03-02', '2027-10-31'];
    for (const id of ids) for (const kind of SCHEDULED_KINDS) for (const date of dates) keys.add(eventKey(id, kind, date));
    expect(keys.size).toBe(ids.length * SCHEDULED_KINDS.length * dates.length);
    expect(eventKey('circle-0001', 'reminder', '2027-03-01')).toBe(eventKey('circle-0001', 'reminder', '2027-03-01'));
    expect(eventKey('circle-0001', 'deadline', '2027-03-01')).toContain('circle-0001');
  });
});
