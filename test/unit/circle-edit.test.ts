import { type Circle, CIRCLE_LIMITS, type CircleMember, type DateRange, type MemberInput, validateMember } from '../../src/domain/circles/circle';
import { applyEdit, type CircleEditCommand, type EditContext } from '../../src/domain/circles/edit';
import { todaysCalls } from '../../src/domain/circles/schedule';

const CREATED = '2027-02-01T10:00:00.000Z';
const NOW = new Date('2027-03-05T11:00:00.000Z');
const TODAY = '2027-03-05';

/** Synthetic member input: the names and numbers belong to nobody. */
function memberInput(n: number, overrides: Partial<MemberInput> = {}): MemberInput {
  const two = String(n).padStart(2, '0');
  return {
    firstName: `Testlid${two}`,
    phone: `06 000000${two}`,
    keyHolder: { name: `Sleutel${two} Testpersoon`, phone: `06 100000${two}`, relation: 'buurvrouw' },
    consent: true,
    ...overrides,
  };
}

function member(n: number, pauses: DateRange[] = []): CircleMember {
  const result = validateMember(memberInput(n), `m${n}`, new Date(CREATED));
  if (!result.ok) throw new Error(`fixture member ${n} is invalid: ${result.code}`);
  return { ...result.value, pauses };
}

function circle(overrides: Partial<Circle> = {}): Circle {
  return {
    id: 'circle-0001',
    name: 'Belcirkel Testwijk',
    startTime: '09:00',
    weekdays: [1, 2, 3, 4, 5],
    mode: 'chain',
    windowMinutes: 30,
    reminderMinutes: 10,
    ackMinutes: 15,
    skipHolidays: true,
    pauses: [],
    coordinators: [
      { chatKey: 'chat-coord-01', name: 'Coordinator Testeen', weekdays: [], backup: false },
      { chatKey: 'chat-coord-02', name: 'Coordinator Testtwee', weekdays: [2, 4], backup: true },
    ],
    members: [member(1), member(2), member(3), member(4)],
    locale: 'nl',
    scheduleFrom: CREATED,
    createdAt: CREATED,
    updatedAt: CREATED,
    version: 3,
    ...overrides,
  };
}

function context(): EditContext {
  let n = 0;
  return { now: NOW, today: TODAY, newId: () => `new-${++n}` };
}

/** Freezes a circle all the way down, so an edit that changes its input throws instead of passing. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function edited(before: Circle, command: CircleEditCommand): Circle {
  const result = applyEdit(before, command, context());
  if (!result.ok) throw new Error(`edit refused: ${result.code}`);
  return result.value;
}

const ids = (c: Circle) => c.members.map((m) => m.id);

describe('applyEdit: every kind of change', () => {
  test.each<[string, CircleEditCommand, (after: Circle, before: Circle) => void]>([
    [
      'addMember at the end',
      { kind: 'addMember', member: memberInput(5) },
      (after) => {
        expect(ids(after)).toEqual(['m1', 'm2', 'm3', 'm4', 'new-1']);
        expect(after.members[4]).toEqual({
          id: 'new-1',
          firstName: 'Testlid05',
          phone: '+31600000005',
          keyHolder: { name: 'Sleutel05 Testpersoon', phone: '+31610000005', relation: 'buurvrouw' },
          consentAt: NOW.toISOString(),
          pauses: [],
        });
      },
    ],
    ['addMember at the front', { kind: 'addMember', member: memberInput(5), position: 0 }, (after) => expect(ids(after)).toEqual(['new-1', 'm1', 'm2', 'm3', 'm4'])],
    ['addMember in the middle', { kind: 'addMember', member: memberInput(5), position: 2 }, (after) => expect(ids(after)).toEqual(['m1', 'm2', 'new-1', 'm3', 'm4'])],
    ['addMember far past the end', { kind: 'addMember', member: memberInput(5), position: 99 }, (after) => expect(ids(after)).toEqual(['m1', 'm2', 'm3', 'm4', 'new-1'])],
    ['addMember before the front', { kind: 'addMember', member: memberInput(5), position: -4 }, (after) => expect(ids(after)).toEqual(['new-1', 'm1', 'm2', 'm3', 'm4'])],
    ['removeMember', { kind: 'removeMember', memberId: 'm2' }, (after) => expect(ids(after)).toEqual(['m1', 'm3', 'm4'])],
    ['moveMember to the front', { kind: 'moveMember', memberId: 'm3', position: 0 }, (after) => expect(ids(after)).toEqual(['m3', 'm1', 'm2', 'm4'])],
    ['moveMember to the end', { kind: 'moveMember', memberId: 'm1', position: 3 }, (after) => expect(ids(after)).toEqual(['m2', 'm3', 'm4', 'm1'])],
    ['moveMember far past the end (clamped)', { kind: 'moveMember', memberId: 'm1', position: 99 }, (after) => expect(ids(after)).toEqual(['m2', 'm3', 'm4', 'm1'])],
    ['moveMember before the front (clamped)', { kind: 'moveMember', memberId: 'm4', position: -3 }, (after) => expect(ids(after)).toEqual(['m4', 'm1', 'm2', 'm3'])],
    ['moveMember to a fraction (truncated)', { kind: 'moveMember', memberId: 'm4', position: 1.7 }, (after) => expect(ids(after)).toEqual(['m1', 'm4', 'm2', 'm3'])],
    ['moveMember to its own place', { kind: 'moveMember', memberId: 'm2', position: 1 }, (after) => expect(ids(after)).toEqual(['m1', 'm2', 'm3', 'm4'])],
    [
      'pauseMember',
      { kind: 'pauseMember', memberId: 'm2', from: '2027-03-08', to: '2027-03-19' },
      (after, before) => {
        expect(after.members[1]?.pauses).toEqual([{ from: '2027-03-08', to: '2027-03-19' }]);
        expect(after.members.filter((m) => m.id !== 'm2')).toEqual(before.members.filter((m) => m.id !== 'm2'));
      },
    ],
    [
      'resumeMember',
      { kind: 'resumeMember', memberId: 'm1' },
      (after) => {
        expect(after.members[0]?.pauses).toEqual([]);
        expect(after.members[2]?.pauses).toEqual([{ from: '2027-03-01', to: '2027-03-31' }]);
      },
    ],
    ['pauseCircle', { kind: 'pauseCircle', from: '2027-07-01', to: '2027-07-31' }, (after) => expect(after.pauses).toEqual([{ from: '2027-04-01', to: '2027-04-02' }, { from: '2027-07-01', to: '2027-07-31' }])],
    ['resumeCircle', { kind: 'resumeCircle' }, (after) => expect(after.pauses).toEqual([])],
    ['skipHolidays off', { kind: 'skipHolidays', skip: false }, (after) => expect(after.skipHolidays).toBe(false)],
    [
      'settings',
      { kind: 'settings', settings: { startTime: '8.30 uur', windowMinutes: 45 } },
      (after, before) => {
        expect(after).toMatchObject({ startTime: '08:30', windowMinutes: 45, reminderMinutes: 10, ackMinutes: 15, weekdays: [1, 2, 3, 4, 5], mode: 'chain' });
        expect(after.members).toEqual(before.members);
      },
    ],
    [
      'coordinatorDays with backup',
      { kind: 'coordinatorDays', chatKey: 'chat-coord-01', weekdays: [5, 1], backup: true },
      (after, before) => {
        expect(after.coordinators[0]).toEqual({ chatKey: 'chat-coord-01', name: 'Coordinator Testeen', weekdays: [1, 5], backup: true });
        expect(after.coordinators[1]).toEqual(before.coordinators[1]);
      },
    ],
    [
      'coordinatorDays without backup keeps the backup flag, and no days is allowed',
      { kind: 'coordinatorDays', chatKey: 'chat-coord-02', weekdays: [] },
      (after) => expect(after.coordinators[1]).toMatchObject({ weekdays: [], backup: true }),
    ],
    [
      'backup moving to another coordinator (one backup at a time, rota days kept)',
      { kind: 'backup', chatKey: 'chat-coord-01' },
      (after, before) => {
        expect(after.coordinators.map((c) => [c.chatKey, c.backup])).toEqual([
          ['chat-coord-01', true],
          ['chat-coord-02', false],
        ]);
        expect(after.coordinators.map((c) => c.weekdays)).toEqual(before.coordinators.map((c) => c.weekdays));
      },
    ],
    [
      'removeCoordinator',
      { kind: 'removeCoordinator', chatKey: 'chat-coord-02' },
      (after) => expect(after.coordinators.map((c) => c.chatKey)).toEqual(['chat-coord-01']),
    ],
  ])('When the edit is %s, then the circle changes accordingly, its version goes up by one and the input is untouched', (_what, command, check) => {
    const before = deepFreeze(
      circle({
        pauses: [{ from: '2027-04-01', to: '2027-04-02' }],
        members: [member(1, [{ from: '2027-03-10', to: '2027-03-12' }]), member(2), member(3, [{ from: '2027-03-01', to: '2027-03-31' }]), member(4)],
      }),
    );
    const snapshot = JSON.stringify(before);
    const after = edited(before, command);
    expect(after.version).toBe(4);
    expect(after.updatedAt).toBe(NOW.toISOString());
    expect(after.id).toBe(before.id);
    expect(after.createdAt).toBe(CREATED);
    check(after, before);
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  test.each<CircleEditCommand>([
    { kind: 'addMember', member: memberInput(5) },
    { kind: 'removeMember', memberId: 'm2' },
    { kind: 'moveMember', memberId: 'm2', position: 0 },
    { kind: 'pauseMember', memberId: 'm2', from: '2027-03-08', to: '2027-03-19' },
    { kind: 'skipHolidays', skip: false },
    { kind: 'coordinatorDays', chatKey: 'chat-coord-01', weekdays: [1] },
  ])('When the edit is %o, then the schedule start (scheduleFrom) stays where it was', (command) => {
    expect(edited(circle(), command).scheduleFrom).toBe(CREATED);
  });

  test('When the settings change, then scheduleFrom moves to now, so no event of the old schedule fires late', () => {
    expect(edited(circle(), { kind: 'settings', settings: { startTime: '10:00' } }).scheduleFrom).toBe(NOW.toISOString());
    expect(edited(circle(), { kind: 'settings', settings: {} }).scheduleFrom).toBe(NOW.toISOString());
    // A setting passed as undefined keeps the circle's value instead of going back to the default.
    const slow = edited(circle(), { kind: 'settings', settings: { windowMinutes: 45 } });
    expect(edited(slow, { kind: 'settings', settings: { windowMinutes: undefined, startTime: '10:00' } }).windowMinutes).toBe(45);
  });

  test('When a member is paused, then the chain closes the gap on those days and not on others', () => {
    const after = edited(circle(), { kind: 'pauseMember', memberId: 'm2', from: '2027-03-08', to: '2027-03-19' });
    expect(todaysCalls(after, '2027-03-10').map((c) => [c.caller, c.callee])).toEqual([['m1', 'm3'], ['m3', 'm4'], ['m4', 'coordinator']]);
    expect(todaysCalls(after, '2027-03-22').map((c) => c.caller)).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  test('When a member is paused again, then pauses that ended before today are dropped, and today’s and later ones are kept', () => {
    const before = circle({
      members: [
        member(1, [
          { from: '2027-01-01', to: '2027-01-10' }, // long over
          { from: '2027-03-01', to: '2027-03-04' }, // ended yesterday
          { from: '2027-03-01', to: TODAY }, // ends today
          { from: '2027-04-01', to: '2027-04-10' }, // still to come
        ]),
        member(2),
      ],
    });
    const after = edited(before, { kind: 'pauseMember', memberId: 'm1', from: '2027-05-01', to: '2027-05-02' });
    expect(after.members[0]?.pauses).toEqual([
      { from: '2027-03-01', to: TODAY },
      { from: '2027-04-01', to: '2027-04-10' },
      { from: '2027-05-01', to: '2027-05-02' },
    ]);
  });

  test('When the circle is paused again, then circle pauses that ended before today are dropped', () => {
    const before = circle({ pauses: [{ from: '2027-02-01', to: '2027-02-10' }, { from: '2027-06-01', to: '2027-06-02' }] });
    expect(edited(before, { kind: 'pauseCircle', from: '2027-07-01', to: '2027-07-02' }).pauses).toEqual([
      { from: '2027-06-01', to: '2027-06-02' },
      { from: '2027-07-01', to: '2027-07-02' },
    ]);
  });

  test('When a member has the maximum of pauses but most are over, then a new pause is accepted, as the old ones are dropped', () => {
    const old = Array.from({ length: CIRCLE_LIMITS.pausesMax }, (_, i) => ({ from: `2026-01-${String(i + 1).padStart(2, '0')}`, to: `2026-01-${String(i + 1).padStart(2, '0')}` }));
    const after = edited(circle({ members: [member(1, old), member(2)] }), { kind: 'pauseMember', memberId: 'm1', from: '2027-05-01', to: '2027-05-02' });
    expect(after.members[0]?.pauses).toEqual([{ from: '2027-05-01', to: '2027-05-02' }]);
  });

  test('When two edits follow each other, then each raises the version by one', () => {
    const once = edited(circle(), { kind: 'skipHolidays', skip: false });
    const twice = edited(once, { kind: 'moveMember', memberId: 'm4', position: 0 });
    expect([once.version, twice.version]).toEqual([4, 5]);
  });
});

describe('applyEdit: refused edits change nothing', () => {
  const future = (n: number) => Array.from({ length: n }, (_, i) => ({ from: `2027-06-${String(i + 1).padStart(2, '0')}`, to: `2027-06-${String(i + 1).padStart(2, '0')}` }));
  const full = () => Array.from({ length: CIRCLE_LIMITS.membersMax }, (_, i) => member(i + 1));

  test.each<[string, Partial<Circle>, CircleEditCommand, string]>([
    ['a member without consent', {}, { kind: 'addMember', member: memberInput(5, { consent: false }) }, 'CONSENT_MISSING'],
    ['a member with a wrong number', {}, { kind: 'addMember', member: memberInput(5, { phone: '12345' }) }, 'PHONE_INVALID'],
    ['a member already in the circle (same number)', {}, { kind: 'addMember', member: memberInput(5, { phone: '06-00000002' }) }, 'MEMBER_TWICE'],
    ['a member too many', { members: full() }, { kind: 'addMember', member: memberInput(30) }, 'TOO_MANY_MEMBERS'],
    ['removing an unknown member', {}, { kind: 'removeMember', memberId: 'nobody' }, 'MEMBER_NOT_FOUND'],
    ['removing the last member', { members: [member(1)] }, { kind: 'removeMember', memberId: 'm1' }, 'CIRCLE_EMPTY'],
    ['moving an unknown member', {}, { kind: 'moveMember', memberId: 'nobody', position: 0 }, 'MEMBER_NOT_FOUND'],
    ['pausing an unknown member', {}, { kind: 'pauseMember', memberId: 'nobody', from: '2027-03-08', to: '2027-03-09' }, 'MEMBER_NOT_FOUND'],
    ['a member pause that ends before it starts', {}, { kind: 'pauseMember', memberId: 'm1', from: '2027-03-19', to: '2027-03-08' }, 'RANGE_REVERSED'],
    ['a member pause with a date that does not exist', {}, { kind: 'pauseMember', memberId: 'm1', from: '2027-02-29', to: '2027-03-08' }, 'DATE_INVALID'],
    ['a member pause of two years', {}, { kind: 'pauseMember', memberId: 'm1', from: '2027-03-08', to: '2029-03-08' }, 'RANGE_TOO_LONG'],
    ['one member pause too many', { members: [member(1, future(CIRCLE_LIMITS.pausesMax)), member(2)] }, { kind: 'pauseMember', memberId: 'm1', from: '2027-07-01', to: '2027-07-01' }, 'TOO_MANY_PAUSES'],
    ['resuming an unknown member', {}, { kind: 'resumeMember', memberId: 'nobody' }, 'MEMBER_NOT_FOUND'],
    ['a circle pause that ends before it starts', {}, { kind: 'pauseCircle', from: '2027-07-31', to: '2027-07-01' }, 'RANGE_REVERSED'],
    ['a circle pause with a wrong date', {}, { kind: 'pauseCircle', from: 'morgen', to: '2027-07-01' }, 'DATE_INVALID'],
    ['one circle pause too many', { pauses: future(CIRCLE_LIMITS.pausesMax) }, { kind: 'pauseCircle', from: '2027-07-01', to: '2027-07-01' }, 'TOO_MANY_PAUSES'],
    ['a start time of 25:00', {}, { kind: 'settings', settings: { startTime: '25:00' } }, 'TIME_INVALID'],
    ['a start time "morgen"', {}, { kind: 'settings', settings: { startTime: 'morgen' } }, 'TIME_INVALID'],
    ['no weekdays', {}, { kind: 'settings', settings: { weekdays: [] } }, 'WEEKDAYS_EMPTY'],
    ['a window of 5 minutes', {}, { kind: 'settings', settings: { windowMinutes: 5 } }, 'WINDOW_INVALID'],
    ['rota days for someone who is not a coordinator', {}, { kind: 'coordinatorDays', chatKey: 'chat-stranger', weekdays: [1] }, 'NOT_A_COORDINATOR'],
    ['a rota day twice', {}, { kind: 'coordinatorDays', chatKey: 'chat-coord-01', weekdays: [1, 1] }, 'WEEKDAYS_EMPTY'],
    ['a rota day 8', {}, { kind: 'coordinatorDays', chatKey: 'chat-coord-01', weekdays: [8] }, 'WEEKDAYS_EMPTY'],
    ['removing someone who is not a coordinator', {}, { kind: 'removeCoordinator', chatKey: 'chat-stranger' }, 'NOT_A_COORDINATOR'],
    ['a backup who is not a coordinator', {}, { kind: 'backup', chatKey: 'chat-stranger' }, 'NOT_A_COORDINATOR'],
    [
      'removing the last coordinator',
      { coordinators: [{ chatKey: 'chat-coord-01', name: 'Coordinator Testeen', weekdays: [], backup: false }] },
      { kind: 'removeCoordinator', chatKey: 'chat-coord-01' },
      'LAST_COORDINATOR',
    ],
  ])('When the edit is %s, then it is refused and the circle is exactly as it was', (_what, overrides, command, code) => {
    const before = deepFreeze(circle(overrides));
    const snapshot = JSON.stringify(before);
    const result = applyEdit(before, command, context());
    expect(result).toMatchObject({ ok: false, code });
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(before.version).toBe(3);
  });
});
