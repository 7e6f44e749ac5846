import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CIRCLE_ROUNDS_FILE, CIRCLES_FILE, CircleStore, EVENT_RETENTION_DAYS, ROUND_RETENTION_DAYS } from '../../src/adapters/persistence/circle-store';
import { DataFileError } from '../../src/adapters/persistence/data-file';
import { type Circle, type CircleMember, type Coordinator, type MemberInput, validateMember } from '../../src/domain/circles/circle';
import type { Escalation, Round } from '../../src/domain/circles/round';
import { eventKey } from '../../src/domain/circles/schedule';
import type { CircleInvite, FiredEvent, RoundChange } from '../../src/ports/circles';
import type { OutboxMessage } from '../../src/ports/outbox';
import { captureLogger, makeMessage, tempDir, testCipher } from '../helpers/signal-fixtures';

let dir: string;
let cleanup: () => void;
let key: Buffer;
let logger: ReturnType<typeof captureLogger>;
const opened: CircleStore[] = [];

async function openStore(cipherKey = key): Promise<CircleStore> {
  const store = await CircleStore.open({ dataDir: dir, cipher: testCipher(cipherKey), logger });
  opened.push(store);
  return store;
}

const rawCircles = () => fs.readFileSync(path.join(dir, CIRCLES_FILE), 'utf8');
const rawRounds = () => fs.readFileSync(path.join(dir, CIRCLE_ROUNDS_FILE), 'utf8');

beforeEach(() => {
  ({ dir, cleanup } = tempDir('circle-store'));
  key = randomBytes(32);
  logger = captureLogger();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.flush()));
  cleanup();
});

// ---------------------------------------------------------------------------------------------
// Synthetic data: the names and numbers below belong to nobody.

const CREATED = '2027-03-01T08:00:00.000Z';

function memberInput(n: number): MemberInput {
  const two = String(n).padStart(2, '0');
  return {
    firstName: `Testlid${two}`,
    phone: `06 000000${two}`,
    keyHolder: { name: `Sleutel${two} Testpersoon`, phone: `06 100000${two}`, relation: `Relatie${two}` },
    consent: true,
  };
}

function member(n: number, overrides: Partial<CircleMember> = {}): CircleMember {
  const result = validateMember(memberInput(n), `member-${n}`, new Date(CREATED));
  if (!result.ok) throw new Error(`fixture member ${n}: ${result.code}`);
  return { ...result.value, ...overrides };
}

const coordinator = (n: number, overrides: Partial<Coordinator> = {}): Coordinator => ({
  chatKey: `chat-coord-${n}`,
  name: `Coordinator${n} Testnaam`,
  weekdays: n === 1 ? [] : [n],
  backup: false,
  ...overrides,
});

function makeCircle(overrides: Partial<Circle> = {}): Circle {
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
    pauses: [{ from: '2027-07-01', to: '2027-07-14' }],
    coordinators: [coordinator(1), coordinator(2, { backup: true })],
    members: [member(1, { chatKey: 'chat-member-1', pauses: [{ from: '2027-03-08', to: '2027-03-12' }] }), member(2), member(3)],
    locale: 'nl',
    scheduleFrom: CREATED,
    createdAt: CREATED,
    updatedAt: CREATED,
    version: 1,
    ...overrides,
  };
}

/** Every personal value of `makeCircle()`, in the forms it could leak in. */
const PERSONAL_VALUES = [
  ...[1, 2, 3].flatMap((n) => {
    const two = String(n).padStart(2, '0');
    return [`Testlid${two}`, `+316000000${two}`, `06000000${two}`, `6000000${two}`, `Sleutel${two}`, `+316100000${two}`, `6100000${two}`, `Relatie${two}`];
  }),
  'Coordinator1 Testnaam',
  'Coordinator2 Testnaam',
  'Testnaam',
];

const hashOf = (code: string) => createHash('sha256').update(`circle-invite:${code}`).digest('hex');

function invite(code: string, overrides: Partial<CircleInvite> = {}): CircleInvite {
  return {
    codeHash: hashOf(code),
    circleId: 'circle-0001',
    role: 'member',
    memberId: 'member-2',
    createdBy: 'chat-coord-1',
    expiresAt: '2027-03-08T08:00:00.000Z',
    ...overrides,
  };
}

function round(date: string, overrides: Partial<Round> = {}): Round {
  return {
    circleId: 'circle-0001',
    date,
    status: 'open',
    startAt: `${date}T08:00:00.000Z`,
    deadlineAt: `${date}T08:30:00.000Z`,
    checkins: [],
    escalations: [],
    missed: [],
    version: 1,
    ...overrides,
  };
}

function escalation(overrides: Partial<Escalation> = {}): Escalation {
  return {
    id: 'esc-1',
    reason: 'notReached',
    memberId: 'member-2',
    raisedAt: '2027-03-01T08:10:00.000Z',
    raisedBy: 'member-1',
    alerted: ['chat-coord-1'],
    ackDueAt: '2027-03-01T08:25:00.000Z',
    ...overrides,
  };
}

const fired = (k: string, at = '2027-03-01T07:50:00.000Z', outcome: FiredEvent['outcome'] = 'sent'): FiredEvent => ({ key: k, at, outcome });

const message = (id: string): OutboxMessage =>
  makeMessage({ id, idempotencyKey: `circle.reminder:${id}`, kind: 'circle.reminder', target: { kind: 'chat', chatKey: 'chat-coord-1' }, payload: { circleId: 'circle-0001' } });

async function created(store: CircleStore, circle = makeCircle()): Promise<Circle> {
  expect(await store.change({ save: { circle, expectedVersion: 0 } })).toBe('ok');
  return circle;
}

// ---------------------------------------------------------------------------------------------

describe('CircleStore: circles', () => {
  test('When a circle is created, then get returns it whole, and a reopened store does too', async () => {
    const store = await openStore();
    const circle = await created(store);

    expect(await store.get('circle-0001')).toEqual(circle);
    expect(await store.get('circle-unknown')).toBeUndefined();
    expect(await (await openStore()).get('circle-0001')).toEqual(circle);
  });

  test('When a circle is on disk, then no first name, phone number, key holder or coordinator name can be read in either file or in the logs', async () => {
    const store = await openStore();
    await created(store);
    await store.change({ addInvite: invite('CODE-1') });
    await store.changeRounds({
      rounds: [
        {
          round: round('2027-03-01', {
            checkins: [{ kind: 'notReached', by: 'member-1', about: 'member-2', at: '2027-03-01T08:10:00.000Z' }],
            escalations: [escalation()],
          }),
          expectedVersion: 0,
        },
      ],
      events: [fired(eventKey('circle-0001', 'reminder', '2027-03-01'))],
      outbox: [message('msg-1')],
    });
    await store.flush();

    const circles = rawCircles();
    const rounds = rawRounds();
    for (const value of PERSONAL_VALUES) {
      expect(circles).not.toContain(value);
      expect(rounds).not.toContain(value);
    }
    expect(logger.text()).not.toMatch(/Testlid|Sleutel|Testnaam|6000000|6100000/);
    // What the scheduler and chat lookup need stays in the clear.
    const file = JSON.parse(circles);
    expect(file.circles['circle-0001']).toMatchObject({ startTime: '09:00', weekdays: [1, 2, 3, 4, 5], version: 1 });
    expect(file.circles['circle-0001'].members.map((m: { id: string }) => m.id)).toEqual(['member-1', 'member-2', 'member-3']);
    expect(file.circles['circle-0001'].coordinators.map((c: { chatKey: string }) => c.chatKey)).toEqual(['chat-coord-1', 'chat-coord-2']);
    for (const m of file.circles['circle-0001'].members) expect(m.sealed).toMatch(/^v2:[0-9a-f]{8}:/);
  });

  test('When the schedules are read, then they hold ids, pauses and chat keys, but no personal data', async () => {
    const store = await openStore();
    await created(store);
    const schedule = store.schedule('circle-0001');
    expect(store.schedules()).toEqual([schedule]);
    expect(schedule).toMatchObject({
      id: 'circle-0001',
      startTime: '09:00',
      members: [{ id: 'member-1', chatKey: 'chat-member-1', pauses: [{ from: '2027-03-08', to: '2027-03-12' }] }, { id: 'member-2' }, { id: 'member-3' }],
      coordinators: [{ chatKey: 'chat-coord-1', weekdays: [], backup: false }, { chatKey: 'chat-coord-2', weekdays: [2], backup: true }],
    });
    const text = JSON.stringify(store.schedules());
    for (const value of PERSONAL_VALUES) expect(text).not.toContain(value);
    expect(text).not.toContain('sealed');
    expect(store.schedule('circle-unknown')).toBeUndefined();
  });

  test('When saves do not follow the version, then they are refused with conflict and nothing changes', async () => {
    const store = await openStore();
    const v1 = await created(store);
    const v2 = { ...v1, name: 'Belcirkel Tweede', version: 2 };

    expect(await store.change({ save: { circle: v1, expectedVersion: 0 } })).toBe('conflict'); // create twice
    expect(await store.change({ save: { circle: { ...v1, version: 3 }, expectedVersion: 1 } })).toBe('conflict'); // skips a version
    expect(await store.change({ save: { circle: { ...v1, version: 2 }, expectedVersion: 2 } })).toBe('conflict'); // wrong expectation
    expect(await store.change({ save: { circle: { ...v1, id: 'circle-new', version: 2 }, expectedVersion: 1 } })).toBe('conflict'); // unknown circle
    expect(await store.get('circle-0001')).toEqual(v1);

    expect(await store.change({ save: { circle: v2, expectedVersion: 1 } })).toBe('ok');
    expect(await store.change({ save: { circle: { ...v1, name: 'Stale', version: 2 }, expectedVersion: 1 } })).toBe('conflict'); // stale
    expect(await store.get('circle-0001')).toEqual(v2);
    expect(store.schedule('circle-0001')?.version).toBe(2);
  });

  test('When two edits race from the same version, then exactly one wins and the other gets conflict', async () => {
    const store = await openStore();
    const v1 = await created(store);
    const a = { ...v1, name: 'Belcirkel A', version: 2 };
    const b = { ...v1, name: 'Belcirkel B', version: 2 };

    const results = await Promise.all([store.change({ save: { circle: a, expectedVersion: 1 } }), store.change({ save: { circle: b, expectedVersion: 1 } })]);

    expect([...results].sort()).toEqual(['conflict', 'ok']);
    const winner = results[0] === 'ok' ? 'Belcirkel A' : 'Belcirkel B';
    expect((await store.get('circle-0001'))?.name).toBe(winner);
    expect((await (await openStore()).get('circle-0001'))?.name).toBe(winner);
  });

  test('When a caller changes a circle it got from the store, then the stored circle does not change', async () => {
    const store = await openStore();
    const circle = await created(store);
    const got = (await store.get('circle-0001'))!;
    got.members[0]!.firstName = 'changed';
    got.members[0]!.pauses.push({ from: '2027-01-01', to: '2027-01-02' });
    got.coordinators.pop();
    const schedule = store.schedule('circle-0001')!;
    schedule.weekdays.push(7);
    expect(await store.get('circle-0001')).toEqual(circle);
    expect(store.schedule('circle-0001')?.weekdays).toEqual([1, 2, 3, 4, 5]);
  });

  test('When a circle is deleted, then the circle, its invites and its rounds are gone from disk; another circle is kept', async () => {
    const store = await openStore();
    await created(store);
    const other = await created(store, makeCircle({ id: 'circle-0002', coordinators: [coordinator(1)], members: [member(4)] }));
    await store.change({ addInvite: invite('CODE-1') });
    await store.change({ addInvite: invite('CODE-2', { role: 'coordinator', memberId: undefined, weekdays: [3] }) });
    await store.change({ addInvite: invite('CODE-3', { circleId: 'circle-0002', memberId: 'member-4' }) });
    await store.changeRounds({ rounds: [{ round: round('2027-03-01', { escalations: [escalation()] }), expectedVersion: 0 }] });
    await store.changeRounds({ rounds: [{ round: round('2027-03-02'), expectedVersion: 0 }] });
    await store.changeRounds({ rounds: [{ round: round('2027-03-01', { circleId: 'circle-0002' }), expectedVersion: 0 }] });
    await store.flush();
    const sealed: string[] = JSON.parse(rawCircles()).circles['circle-0001'].members.map((m: { sealed: string }) => m.sealed);

    expect(await store.change({ remove: { circleId: 'circle-0001', expectedVersion: 2 } })).toBe('conflict');
    expect(await store.get('circle-0001')).toBeDefined();
    expect(await store.change({ remove: { circleId: 'circle-0001', expectedVersion: 1 } })).toBe('ok');
    await store.flush();

    expect(await store.get('circle-0001')).toBeUndefined();
    expect(store.schedule('circle-0001')).toBeUndefined();
    expect(await store.getInvite(hashOf('CODE-1'))).toBeUndefined();
    expect(await store.getInvite(hashOf('CODE-2'))).toBeUndefined();
    expect(await store.listRounds('circle-0001', '2027-01-01', '2027-12-31')).toEqual([]);
    expect(await store.roundsWithOpenEscalations()).toEqual([]);
    expect(store.idsForChat('chat-member-1')).toEqual([]);
    expect(store.idsForChat('chat-coord-2')).toEqual([]);

    const circles = rawCircles();
    const rounds = rawRounds();
    expect(circles).not.toContain('circle-0001');
    for (const s of sealed) expect(circles).not.toContain(s);
    expect(circles).not.toContain(hashOf('CODE-1'));
    expect(rounds).not.toContain('"circleId": "circle-0001"');

    expect(await store.get('circle-0002')).toEqual(other);
    expect(await store.getInvite(hashOf('CODE-3'))).toBeDefined();
    expect(await store.getRound('circle-0002', '2027-03-01')).toBeDefined();
    expect(await store.change({ remove: { circleId: 'circle-0001', expectedVersion: 1 } })).toBe('conflict'); // already gone
  });

  test('When a member is removed from a circle, then their sealed details and their invite are gone from disk', async () => {
    const store = await openStore();
    const v1 = await created(store);
    await store.change({ addInvite: invite('CODE-M2', { memberId: 'member-2' }) });
    await store.change({ addInvite: invite('CODE-M3', { memberId: 'member-3' }) });
    await store.change({ addInvite: invite('CODE-C', { role: 'coordinator', memberId: undefined, weekdays: [4] }) });
    await store.flush();
    const sealedOfM2: string = JSON.parse(rawCircles()).circles['circle-0001'].members[1].sealed;

    const v2 = { ...v1, members: v1.members.filter((m) => m.id !== 'member-2'), version: 2 };
    expect(await store.change({ save: { circle: v2, expectedVersion: 1 } })).toBe('ok');
    await store.flush();

    const text = rawCircles();
    expect(text).not.toContain(sealedOfM2);
    expect(text).not.toContain('member-2');
    expect(await store.getInvite(hashOf('CODE-M2'))).toBeUndefined();
    expect(await store.getInvite(hashOf('CODE-M3'))).toBeDefined();
    expect(await store.getInvite(hashOf('CODE-C'))).toBeDefined();
    expect(await store.get('circle-0001')).toEqual(v2);
  });

  test('When the chat index is asked, then it follows every saved change and ignores a refused one', async () => {
    const store = await openStore();
    const v1 = await created(store);
    expect(store.idsForChat('chat-coord-1')).toEqual(['circle-0001']);
    expect(store.idsForChat('chat-coord-2')).toEqual(['circle-0001']);
    expect(store.idsForChat('chat-member-1')).toEqual(['circle-0001']);
    expect(store.idsForChat('chat-member-2')).toEqual([]);

    // Member 2 joins in chat; coordinator 2 leaves.
    const v2 = { ...v1, version: 2, coordinators: [coordinator(1)], members: v1.members.map((m) => (m.id === 'member-2' ? { ...m, chatKey: 'chat-member-2' } : m)) };
    expect(await store.change({ save: { circle: v2, expectedVersion: 1 } })).toBe('ok');
    expect(store.idsForChat('chat-member-2')).toEqual(['circle-0001']);
    expect(store.idsForChat('chat-coord-2')).toEqual([]);

    // A refused change leaves the index as it was.
    const refused = { ...v2, version: 4, coordinators: [coordinator(1), coordinator(5)] };
    expect(await store.change({ save: { circle: refused, expectedVersion: 3 } })).toBe('conflict');
    expect(store.idsForChat('chat-coord-5')).toEqual([]);

    // The same coordinator in a second circle.
    await created(store, makeCircle({ id: 'circle-0002', coordinators: [coordinator(1)], members: [member(4)] }));
    expect([...store.idsForChat('chat-coord-1')].sort()).toEqual(['circle-0001', 'circle-0002']);
    expect((await openStore()).idsForChat('chat-member-2')).toEqual(['circle-0001']);

    expect(await store.change({ remove: { circleId: 'circle-0002', expectedVersion: 1 } })).toBe('ok');
    expect(store.idsForChat('chat-coord-1')).toEqual(['circle-0001']);
  });
});

describe('CircleStore: invites', () => {
  test('When an invite is used, then it is marked used, and a second use is a conflict', async () => {
    const store = await openStore();
    await created(store);
    expect(await store.change({ addInvite: invite('CODE-1') })).toBe('ok');
    expect(await store.getInvite(hashOf('CODE-1'))).toEqual(invite('CODE-1'));

    expect(await store.change({ useInvite: { codeHash: hashOf('CODE-1'), at: '2027-03-02T10:00:00.000Z' } })).toBe('ok');
    expect(await store.getInvite(hashOf('CODE-1'))).toMatchObject({ usedAt: '2027-03-02T10:00:00.000Z' });
    expect(await store.change({ useInvite: { codeHash: hashOf('CODE-1'), at: '2027-03-02T10:01:00.000Z' } })).toBe('conflict');
    expect(await store.getInvite(hashOf('CODE-1'))).toMatchObject({ usedAt: '2027-03-02T10:00:00.000Z' });
    expect(await (await openStore()).getInvite(hashOf('CODE-1'))).toMatchObject({ usedAt: '2027-03-02T10:00:00.000Z' });
  });

  test('When the same invite is used twice at the same moment, then exactly one use succeeds', async () => {
    const store = await openStore();
    await store.change({ addInvite: invite('CODE-1') });
    const at = '2027-03-02T10:00:00.000Z';
    const results = await Promise.all([store.change({ useInvite: { codeHash: hashOf('CODE-1'), at } }), store.change({ useInvite: { codeHash: hashOf('CODE-1'), at } })]);
    expect([...results].sort()).toEqual(['conflict', 'ok']);
  });

  test.each([
    ['after it expired', 'CODE-1', '2027-03-08T08:00:01.000Z'],
    ['at the very moment it expires', 'CODE-1', '2027-03-08T08:00:00.000Z'],
    ['with a code that was never given', 'CODE-WRONG', '2027-03-02T10:00:00.000Z'],
  ])('When an invite is used %s, then it is a conflict and the invite stays unused', async (_what, code, at) => {
    const store = await openStore();
    await store.change({ addInvite: invite('CODE-1') });
    expect(await store.change({ useInvite: { codeHash: hashOf(code), at } })).toBe('conflict');
    expect((await store.getInvite(hashOf('CODE-1')))?.usedAt).toBeUndefined();
  });

  test('When an invite cannot be used, then the save in the same change is not made either (nothing half-saved)', async () => {
    const store = await openStore();
    const v1 = await created(store);
    await store.change({ addInvite: invite('CODE-1') });
    const joined = { ...v1, version: 2, members: v1.members.map((m) => (m.id === 'member-2' ? { ...m, chatKey: 'chat-member-2' } : m)) };

    const late = '2027-03-09T08:00:00.000Z';
    expect(await store.change({ save: { circle: joined, expectedVersion: 1 }, useInvite: { codeHash: hashOf('CODE-1'), at: late } })).toBe('conflict');
    expect(await store.get('circle-0001')).toEqual(v1);
    expect(store.idsForChat('chat-member-2')).toEqual([]);

    // And the other way round: a stale save does not use up the invite.
    const inTime = '2027-03-02T08:00:00.000Z';
    expect(await store.change({ save: { circle: { ...joined, version: 5 }, expectedVersion: 4 }, useInvite: { codeHash: hashOf('CODE-1'), at: inTime } })).toBe('conflict');
    expect((await store.getInvite(hashOf('CODE-1')))?.usedAt).toBeUndefined();
    expect(await store.change({ save: { circle: { ...joined, version: 5 }, expectedVersion: 4 }, addInvite: invite('CODE-2') })).toBe('conflict');
    expect(await store.getInvite(hashOf('CODE-2'))).toBeUndefined();

    expect(await store.change({ save: { circle: joined, expectedVersion: 1 }, useInvite: { codeHash: hashOf('CODE-1'), at: inTime } })).toBe('ok');
    expect(store.idsForChat('chat-member-2')).toEqual(['circle-0001']);
  });
});

describe('CircleStore: rounds, fired events and relay', () => {
  test('When a batch holds a duplicate event key, then only that change is refused and the others of the batch are saved', async () => {
    const store = await openStore();
    const k1 = eventKey('circle-0001', 'reminder', '2027-03-01');
    const k2 = eventKey('circle-0002', 'reminder', '2027-03-01');
    const k3 = eventKey('circle-0003', 'reminder', '2027-03-01');
    expect(await store.changeRounds({ events: [fired(k1)] })).toBe('ok');

    const batch: RoundChange[] = [
      { events: [fired(k1)], rounds: [{ round: round('2027-03-01'), expectedVersion: 0 }], outbox: [message('dup-1')] }, // fired before
      { events: [fired(k2)], rounds: [{ round: round('2027-03-01', { circleId: 'circle-0002' }), expectedVersion: 0 }], outbox: [message('ok-2')] },
      { events: [fired(k2)], outbox: [message('dup-2')] }, // the same key as the change before it
      { events: [fired(k3)], rounds: [{ round: round('2027-03-01', { circleId: 'circle-0003' }), expectedVersion: 7 }], outbox: [message('conflict-3')] },
    ];
    expect(await store.changeRoundsBatch(batch)).toEqual(['duplicate', 'ok', 'duplicate', 'conflict']);

    expect(await store.getRound('circle-0001', '2027-03-01')).toBeUndefined();
    expect(await store.getRound('circle-0002', '2027-03-01')).toEqual(round('2027-03-01', { circleId: 'circle-0002' }));
    expect(await store.getRound('circle-0003', '2027-03-01')).toBeUndefined();
    expect([store.hasEvent(k1), store.hasEvent(k2), store.hasEvent(k3)]).toEqual([true, true, false]);
    expect(store.pendingRelay().map((m) => m.id)).toEqual(['ok-2']);

    const again = await openStore();
    expect([again.hasEvent(k1), again.hasEvent(k2), again.hasEvent(k3)]).toEqual([true, true, false]);
    expect(await again.changeRounds({ events: [fired(k2)] })).toBe('duplicate');
    expect(await again.changeRounds({ events: [fired(k3)] })).toBe('ok');
  });

  test('When every change of a batch is refused, then the file is not rewritten', async () => {
    const store = await openStore();
    const k1 = eventKey('circle-0001', 'deadline', '2027-03-01');
    await store.changeRounds({ events: [fired(k1)] });
    await store.flush();
    const before = rawRounds();
    expect(await store.changeRoundsBatch([{ events: [fired(k1)] }, { rounds: [{ round: round('2027-03-01'), expectedVersion: 3 }] }])).toEqual(['duplicate', 'conflict']);
    expect(rawRounds()).toBe(before);
  });

  test('When a round is saved in turns, then versions are compare-and-set and a round of another circle or date is separate', async () => {
    const store = await openStore();
    const r1 = round('2027-03-01');
    expect(await store.changeRounds({ rounds: [{ round: r1, expectedVersion: 0 }] })).toBe('ok');
    expect(await store.changeRounds({ rounds: [{ round: r1, expectedVersion: 0 }] })).toBe('conflict');
    const closed = { ...r1, status: 'closed' as const, closedAt: '2027-03-01T08:20:00.000Z', version: 2 };
    expect(await store.changeRounds({ rounds: [{ round: closed, expectedVersion: 1 }] })).toBe('ok');
    expect(await store.changeRounds({ rounds: [{ round: { ...r1, version: 2 }, expectedVersion: 1 }] })).toBe('conflict');
    expect(await store.getRound('circle-0001', '2027-03-01')).toEqual(closed);
    expect(await store.getRound('circle-0001', '2027-03-02')).toBeUndefined();

    // One change with two rounds: a mismatch in either refuses both.
    const both = [
      { round: round('2027-03-02'), expectedVersion: 0 },
      { round: { ...closed, version: 3 }, expectedVersion: 1 },
    ];
    expect(await store.changeRounds({ rounds: both })).toBe('conflict');
    expect(await store.getRound('circle-0001', '2027-03-02')).toBeUndefined();
  });

  test('When rounds are listed, then only that circle’s rounds in the range come back, oldest first; open escalations are found', async () => {
    const store = await openStore();
    for (const date of ['2027-03-03', '2027-03-01', '2027-03-05', '2027-02-26']) await store.changeRounds({ rounds: [{ round: round(date), expectedVersion: 0 }] });
    await store.changeRounds({ rounds: [{ round: round('2027-03-02', { circleId: 'circle-0002', escalations: [escalation()] }), expectedVersion: 0 }] });
    await store.changeRounds({ rounds: [{ round: round('2027-03-04', { escalations: [escalation({ resolvedAt: '2027-03-04T09:00:00.000Z', outcome: 'allGood' })] }), expectedVersion: 0 }] });

    expect((await store.listRounds('circle-0001', '2027-03-01', '2027-03-04')).map((r) => r.date)).toEqual(['2027-03-01', '2027-03-03', '2027-03-04']);
    expect((await store.roundsWithOpenEscalations()).map((r) => `${r.circleId}/${r.date}`)).toEqual(['circle-0002/2027-03-02']);
  });

  test('When messages are stored with a change, then they wait for relay, and relayed() removes them, also across a restart', async () => {
    const store = await openStore();
    expect(await store.changeRounds({ events: [fired('k-1')], outbox: [message('m1'), message('m2')] })).toBe('ok');
    expect(store.pendingRelay()).toEqual([message('m1'), message('m2')]);

    await store.relayed(['m1', 'not-there']);
    expect(store.pendingRelay().map((m) => m.id)).toEqual(['m2']);
    await store.relayed([]);

    const again = await openStore();
    expect(again.pendingRelay().map((m) => m.id)).toEqual(['m2']);
    await again.relayed(['m2']);
    expect((await openStore()).pendingRelay()).toEqual([]);
  });

  test('When a caller changes a round it got from the store, then the stored round does not change', async () => {
    const store = await openStore();
    await store.changeRounds({ rounds: [{ round: round('2027-03-01'), expectedVersion: 0 }] });
    const got = (await store.getRound('circle-0001', '2027-03-01'))!;
    got.checkins.push({ kind: 'ok', by: 'member-1', at: '2027-03-01T08:05:00.000Z' });
    const pending = store.pendingRelay();
    pending.push(message('x'));
    expect(await store.getRound('circle-0001', '2027-03-01')).toEqual(round('2027-03-01'));
    expect(store.pendingRelay()).toEqual([]);
  });
});

describe('CircleStore: restart, keys and bad files', () => {
  test('When the store is reopened after a restart, then circles, invites, rounds, events and relay are all still there', async () => {
    const store = await openStore();
    const circle = await created(store);
    await store.change({ addInvite: invite('CODE-1') });
    const r = round('2027-03-01', { escalations: [escalation()], checkins: [{ kind: 'needHelp', by: 'member-3', at: '2027-03-01T08:03:00.000Z' }] });
    const k = eventKey('circle-0001', 'reminder', '2027-03-01');
    await store.changeRounds({ rounds: [{ round: r, expectedVersion: 0 }], events: [fired(k)], outbox: [message('m1')] });

    const again = await openStore();
    expect(await again.get('circle-0001')).toEqual(circle);
    expect(again.schedules()).toEqual(store.schedules());
    expect(await again.getInvite(hashOf('CODE-1'))).toEqual(invite('CODE-1'));
    expect(await again.getRound('circle-0001', '2027-03-01')).toEqual(r);
    expect(again.hasEvent(k)).toBe(true);
    expect(again.hasEvent(eventKey('circle-0001', 'deadline', '2027-03-01'))).toBe(false);
    expect(again.pendingRelay()).toEqual([message('m1')]);
    expect(again.idsForChat('chat-coord-2')).toEqual(['circle-0001']);
    await expect(again.checkHealth()).resolves.toBe(true);
  });

  test('When the store is opened with another key, then opening and the clear schedule work, and reading a circle fails with DECRYPT_FAILED', async () => {
    const store = await openStore();
    await created(store);

    const other = await openStore(randomBytes(32));
    expect(other.schedule('circle-0001')?.members.map((m) => m.id)).toEqual(['member-1', 'member-2', 'member-3']);
    expect(other.idsForChat('chat-coord-1')).toEqual(['circle-0001']);
    await expect(other.get('circle-0001')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    expect(logger.text()).not.toMatch(/Testlid|Sleutel|Testnaam/);
  });

  test('When a member’s sealed details are copied onto another member in the file, then reading the circle is refused', async () => {
    const store = await openStore();
    await created(store);
    await store.flush();
    const file = JSON.parse(rawCircles());
    const members = file.circles['circle-0001'].members;
    members[1].sealed = members[0].sealed;
    fs.writeFileSync(path.join(dir, CIRCLES_FILE), JSON.stringify(file));

    const reopened = await openStore();
    await expect(reopened.get('circle-0001')).rejects.toMatchObject({ code: 'CIRCLE_UNREADABLE' });
  });

  const validStored = () => {
    const sealed = testCipher(randomBytes(32)).encrypt('{}');
    const { members: _m, coordinators: _c, ...clear } = makeCircle();
    return { ...clear, members: [{ id: 'member-1', consentAt: CREATED, pauses: [], sealed }], coordinators: [{ chatKey: 'chat-coord-1', weekdays: [], backup: false, sealed }] };
  };

  test.each([
    ['not JSON', '{"schemaVersion": 1, "circles": '],
    ['an empty file', ''],
    ['a newer version', JSON.stringify({ schemaVersion: 2, circles: {}, invites: {} })],
    ['an unknown top-level field', JSON.stringify({ schemaVersion: 1, circles: {}, invites: {}, extra: true })],
    [
      'a member in the clear instead of sealed',
      JSON.stringify({ schemaVersion: 1, circles: { c: { ...validStored(), members: [{ id: 'member-1', consentAt: CREATED, pauses: [], firstName: 'Testlid01', phone: '+31600000001' }] } }, invites: {} }),
    ],
    ['a circle without coordinators', JSON.stringify({ schemaVersion: 1, circles: { c: { ...validStored(), coordinators: [] } }, invites: {} })],
    ['an invite stored by its code instead of a hash', JSON.stringify({ schemaVersion: 1, circles: {}, invites: { x: { ...invite('x'), codeHash: 'CODE-1' } } })],
  ])('When circles.json holds %s, then opening is refused with DATA_FILE_CORRUPT and the folder is left exactly as it was', async (_what, content) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, CIRCLES_FILE), content);

    const err = await CircleStore.open({ dataDir: dir, cipher: testCipher(key), logger }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(DataFileError);
    expect((err as DataFileError).code).toBe('DATA_FILE_CORRUPT');
    expect(rawCircles()).toBe(content);
    expect(fs.readdirSync(dir)).toEqual([CIRCLES_FILE]);
    expect((err as Error).message).not.toContain('Testlid01');
    expect(logger.text()).not.toContain('Testlid01');
  });

  test('When the fixture for a well-formed stored circle is opened, then it opens (the bad-file cases above differ only in their fault)', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, CIRCLES_FILE), JSON.stringify({ schemaVersion: 1, circles: { c: validStored() }, invites: {} }));
    const store = await openStore();
    expect(store.schedules()).toHaveLength(1);
  });

  test.each([
    ['not JSON', '{"schemaVersion": 1, "rounds": '],
    ['a newer version', JSON.stringify({ schemaVersion: 2, rounds: {}, events: {}, relay: {} })],
    ['no relay', JSON.stringify({ schemaVersion: 1, rounds: {}, events: {} })],
  ])('When circle-rounds.json holds %s, then opening is refused with DATA_FILE_CORRUPT and both files are left as they were', async (_what, content) => {
    const store = await openStore();
    const circle = await created(store);
    await store.flush();
    const circlesBefore = rawCircles();
    fs.writeFileSync(path.join(dir, CIRCLE_ROUNDS_FILE), content);

    const err = await CircleStore.open({ dataDir: dir, cipher: testCipher(key), logger }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(DataFileError);
    expect((err as DataFileError).code).toBe('DATA_FILE_CORRUPT');
    expect(rawRounds()).toBe(content);
    expect(rawCircles()).toBe(circlesBefore);
    expect([...fs.readdirSync(dir)].sort()).toEqual([CIRCLE_ROUNDS_FILE, CIRCLES_FILE].sort());
    expect(circle.id).toBe('circle-0001');
  });
});

describe('CircleStore: prune', () => {
  test('When old events and rounds are pruned, then they go, and recent ones and rounds with an open escalation stay', async () => {
    const now = new Date('2027-04-20T12:00:00.000Z');
    const day = 86_400_000;
    const ago = (days: number) => new Date(now.getTime() - days * day).toISOString();
    const dateAgo = (days: number) => ago(days).slice(0, 10);
    expect([EVENT_RETENTION_DAYS, ROUND_RETENTION_DAYS]).toEqual([7, 42]);

    const store = await openStore();
    await store.changeRounds({
      events: [fired('old-event', ago(EVENT_RETENTION_DAYS + 1)), fired('recent-event', ago(EVENT_RETENTION_DAYS - 1))],
      rounds: [
        { round: round(dateAgo(ROUND_RETENTION_DAYS + 5)), expectedVersion: 0 },
        { round: round(dateAgo(ROUND_RETENTION_DAYS + 4), { escalations: [escalation()] }), expectedVersion: 0 },
        { round: round(dateAgo(ROUND_RETENTION_DAYS + 3), { escalations: [escalation({ resolvedAt: ago(ROUND_RETENTION_DAYS + 3), outcome: 'keyHolder' })] }), expectedVersion: 0 },
        { round: round(dateAgo(ROUND_RETENTION_DAYS - 1)), expectedVersion: 0 },
      ],
    });

    expect(await store.prune(now)).toEqual({ events: 1, rounds: 2 });

    expect([store.hasEvent('old-event'), store.hasEvent('recent-event')]).toEqual([false, true]);
    const left = await store.listRounds('circle-0001', '2000-01-01', '2100-01-01');
    expect(left.map((r) => r.date)).toEqual([dateAgo(ROUND_RETENTION_DAYS + 4), dateAgo(ROUND_RETENTION_DAYS - 1)]);
    expect(logger.lines.some((l) => l.fields.code === 'CIRCLE_PRUNED')).toBe(true);

    // Nothing left to prune: nothing is written.
    await store.flush();
    const before = rawRounds();
    expect(await store.prune(now)).toEqual({ events: 0, rounds: 0 });
    expect(rawRounds()).toBe(before);

    const again = await openStore();
    expect(again.hasEvent('old-event')).toBe(false);
    expect((await again.listRounds('circle-0001', '2000-01-01', '2100-01-01')).map((r) => r.date)).toEqual(left.map((r) => r.date));
    expect(rawRounds()).not.toContain('old-event');
  });
});
