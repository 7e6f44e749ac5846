import type { CirclePlan } from '../../src/domain/circles/circle';
import type { Escalation, Round } from '../../src/domain/circles/round';
import { decideBackup, decideEvent, type DueEvent, eventNeedsRound } from '../../src/domain/circles/scheduled-event';

/**
 * The scheduler's rules as a pure function: a due event, the plan and the round in, a decision
 * out. Monday 1 March 2027 (winter time): reminder 08:50, start 09:00, deadline 09:30 Amsterdam.
 * Synthetic ids only.
 */
const DATE = '2027-03-01';
const REMINDER_AT = new Date('2027-03-01T07:50:00.000Z');
const DEADLINE_AT = new Date('2027-03-01T08:30:00.000Z');
const WEEKLY_AT = new Date('2027-03-01T07:00:00.000Z');

function plan(overrides: Partial<CirclePlan> = {}): CirclePlan {
  return {
    id: 'circle-0001',
    name: 'Belcirkel Testwijk',
    startTime: '09:00',
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    mode: 'chain',
    windowMinutes: 30,
    reminderMinutes: 10,
    ackMinutes: 15,
    skipHolidays: false,
    pauses: [],
    coordinators: [
      { chatKey: 'chat-coord-01', weekdays: [], backup: false },
      { chatKey: 'chat-coord-02', weekdays: [], backup: true },
    ],
    members: [
      { id: 'A', pauses: [], chatKey: 'chat-member-a' },
      { id: 'B', pauses: [{ from: DATE, to: DATE }], chatKey: 'chat-member-b' },
      { id: 'C', pauses: [] },
      // The coordinator is also a member: one reminder to that chat.
      { id: 'D', pauses: [], chatKey: 'chat-coord-01' },
    ],
    locale: 'nl',
    scheduleFrom: '2027-01-01T00:00:00.000Z',
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

const escalation = (overrides: Partial<Escalation> = {}): Escalation => ({
  id: 'esc-0001',
  reason: 'roundNotClosed',
  raisedAt: '2027-03-01T08:30:00.000Z',
  raisedBy: 'scheduler',
  alerted: ['chat-coord-01'],
  ackDueAt: '2027-03-01T08:45:00.000Z',
  ...overrides,
});

function round(overrides: Partial<Round> = {}): Round {
  return {
    circleId: 'circle-0001',
    date: DATE,
    status: 'open',
    startAt: '2027-03-01T08:00:00.000Z',
    deadlineAt: DEADLINE_AT.toISOString(),
    checkins: [],
    escalations: [],
    missed: [],
    version: 3,
    ...overrides,
  };
}

const after = (at: Date, ms: number) => new Date(at.getTime() + ms);
const reminder: DueEvent = { kind: 'reminder', date: DATE, at: REMINDER_AT };
const deadline: DueEvent = { kind: 'deadline', date: DATE, at: DEADLINE_AT };
const weekly: DueEvent = { kind: 'weekly', date: DATE, at: WEEKLY_AT };

describe('decideEvent', () => {
  test('When a reminder is due on time, then the coordinator and each active member with a chat are told once', () => {
    expect(decideEvent(plan(), reminder, after(REMINDER_AT, 30_000))).toEqual({
      outcome: 'sent',
      send: {
        kind: 'reminder',
        to: [
          { chatKey: 'chat-coord-01', role: 'coordinator' },
          { chatKey: 'chat-member-a', role: 'member', memberId: 'A' },
        ],
      },
    });
  });

  test('When a reminder is handled more than 90 seconds late but before the deadline, then it is sent and marked late', () => {
    expect(decideEvent(plan(), reminder, after(REMINDER_AT, 91_000)).outcome).toBe('late');
    expect(decideEvent(plan(), reminder, after(REMINDER_AT, 90_000)).outcome).toBe('sent');
  });

  test('When a reminder comes due after the deadline, then it is missed, the round records it and the given round is not changed', () => {
    const given = round();
    const now = after(DEADLINE_AT, 1);
    expect(eventNeedsRound(plan(), reminder, now)).toBe(true);
    const decision = decideEvent(plan(), reminder, now, given);
    expect(decision).toEqual({ outcome: 'missed', tell: 'chat-coord-01', time: '08:50', round: { ...given, missed: ['reminder'] } });
    expect(given.missed).toEqual([]);
  });

  test('When the deadline passes with the round open, then "round not closed" is raised with that round', () => {
    const given = round();
    expect(eventNeedsRound(plan(), deadline, DEADLINE_AT)).toBe(true);
    expect(decideEvent(plan(), deadline, DEADLINE_AT, given)).toEqual({ outcome: 'sent', escalate: 'roundNotClosed', round: given });
  });

  test('When the deadline passes with the round closed, then nothing is raised and the round goes with the event', () => {
    const closed = round({ status: 'closed', closedAt: '2027-03-01T08:20:00.000Z' });
    expect(decideEvent(plan(), deadline, DEADLINE_AT, closed)).toEqual({ outcome: 'skipped', round: closed });
  });

  test('When a deadline is decided without its round, then that is a programming error, not a silent skip', () => {
    expect(() => decideEvent(plan(), deadline, DEADLINE_AT)).toThrow(/with its round/);
  });

  test('When the weekly overview is due, then each coordinator chat is told once about the week before', () => {
    const twice = plan({ coordinators: [...plan().coordinators, { chatKey: 'chat-coord-01', weekdays: [3], backup: false }] });
    expect(eventNeedsRound(twice, weekly, WEEKLY_AT)).toBe(false);
    expect(decideEvent(twice, weekly, WEEKLY_AT)).toEqual({ outcome: 'sent', send: { kind: 'weekly', to: ['chat-coord-01', 'chat-coord-02'], weekStart: '2027-02-22' } });
  });

  test('When the week ended before the circle existed, then the weekly overview is skipped', () => {
    expect(decideEvent(plan({ createdAt: '2027-03-01T06:00:00.000Z' }), weekly, WEEKLY_AT)).toEqual({ outcome: 'skipped' });
  });

  test('When the weekly overview is more than three days late, then it is missed without a round', () => {
    const now = after(WEEKLY_AT, 3 * 24 * 3_600_000);
    expect(eventNeedsRound(plan(), weekly, now)).toBe(false);
    expect(decideEvent(plan(), weekly, now)).toEqual({ outcome: 'missed', tell: 'chat-coord-01', time: '08:00' });
  });
});

describe('decideBackup', () => {
  const now = new Date('2027-03-01T08:45:00.000Z');

  test('When nobody acknowledged in time, then the backup is alerted in a new round and the given round is not changed', () => {
    const given = round({ escalations: [escalation()] });
    const decision = decideBackup(plan(), given, 'esc-0001', now);
    expect(decision).toEqual({
      outcome: 'sent',
      backup: 'chat-coord-02',
      round: { ...given, escalations: [escalation({ backupAlertedAt: now.toISOString(), alerted: ['chat-coord-01', 'chat-coord-02'] })] },
    });
    expect(given.escalations[0]).toEqual(escalation());
  });

  test('When the circle has one coordinator, then the coordinator of the day is alerted again', () => {
    const one = plan({ coordinators: [{ chatKey: 'chat-coord-01', weekdays: [], backup: false }] });
    const decision = decideBackup(one, round({ escalations: [escalation()] }), 'esc-0001', now);
    expect(decision).toMatchObject({ outcome: 'sent', backup: 'chat-coord-01' });
    if (decision.outcome === 'sent') expect(decision.round.escalations[0]?.alerted).toEqual(['chat-coord-01']);
  });

  test.each([
    ['acknowledged', { acknowledgedAt: '2027-03-01T08:40:00.000Z' }],
    ['resolved', { resolvedAt: '2027-03-01T08:40:00.000Z' }],
    ['already passed on', { backupAlertedAt: '2027-03-01T08:44:00.000Z' }],
  ])('When the escalation is %s, then nothing is sent', (_what, overrides) => {
    expect(decideBackup(plan(), round({ escalations: [escalation(overrides)] }), 'esc-0001', now)).toEqual({ outcome: 'skipped' });
  });

  test('When the escalation is gone, then nothing is sent', () => {
    expect(decideBackup(plan(), round(), 'esc-0001', now)).toEqual({ outcome: 'skipped' });
  });
});
