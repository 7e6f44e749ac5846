import { createHash } from 'node:crypto';
import { type Circle, type CircleMember, type Coordinator, type MemberInput, validateMember } from '../../src/domain/circles/circle';
import type { Round } from '../../src/domain/circles/round';
import type { CircleInvite, FiredEvent } from '../../src/ports/circles';
import type { OutboxMessage } from '../../src/ports/outbox';
import { makeMessage } from '../helpers/signal-fixtures';
import { describeEngines } from './engines';

// Synthetic data: the names and numbers below belong to nobody.
const CREATED = '2027-03-01T08:00:00.000Z';

function member(n: number, overrides: Partial<CircleMember> = {}): CircleMember {
  const two = String(n).padStart(2, '0');
  const input: MemberInput = {
    firstName: `Testlid${two}`,
    phone: `06 000000${two}`,
    keyHolder: { name: `Sleutel${two} Testpersoon`, phone: `06 100000${two}`, relation: `Relatie${two}` },
    consent: true,
  };
  const result = validateMember(input, `member-${n}`, new Date(CREATED));
  if (!result.ok) throw new Error(`fixture member ${n}: ${result.code}`);
  return { ...result.value, ...overrides };
}

const coordinator = (n: number, overrides: Partial<Coordinator> = {}): Coordinator => ({
  chatKey: `chat-coord-${n}`,
  name: `Coordinator${n} Testnaam`,
  weekdays: [],
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
    pauses: [],
    coordinators: [coordinator(1), coordinator(2, { backup: true })],
    members: [member(1, { chatKey: 'chat-member-1' }), member(2), member(3)],
    locale: 'nl',
    scheduleFrom: CREATED,
    createdAt: CREATED,
    updatedAt: CREATED,
    version: 1,
    ...overrides,
  };
}

const hashOf = (code: string) => createHash('sha256').update(`circle-invite:${code}`).digest('hex');
const invite = (code: string, overrides: Partial<CircleInvite> = {}): CircleInvite => ({
  codeHash: hashOf(code),
  circleId: 'circle-0001',
  role: 'member',
  memberId: 'member-2',
  createdBy: 'chat-coord-1',
  expiresAt: '2027-03-08T08:00:00.000Z',
  ...overrides,
});
const round = (date: string, overrides: Partial<Round> = {}): Round => ({
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
});
const fired = (key: string, at = '2027-03-01T07:50:00.000Z'): FiredEvent => ({ key, at, outcome: 'sent' });
const message = (id: string): OutboxMessage =>
  makeMessage({ id, idempotencyKey: `circle.reminder:${id}`, kind: 'circle.reminder', target: { kind: 'chat', chatKey: 'chat-coord-1' }, payload: { circleId: 'circle-0001' } });

describeEngines('Call circles', (engine) => {
  test('When a circle is created, then get, schedules and the chat index find it after a reopen, and a stale version is a conflict', async () => {
    const stores = await engine().open();
    expect(await stores.circles.change({ save: { circle: makeCircle(), expectedVersion: 0 } })).toBe('ok');
    expect(await stores.circles.change({ save: { circle: makeCircle(), expectedVersion: 0 } })).toBe('conflict');
    const again = await stores.reopen();
    expect(await again.circles.get('circle-0001')).toEqual(makeCircle());
    expect(again.circles.idsForChat('chat-member-1')).toEqual(['circle-0001']);
    expect(again.circles.idsForChat('chat-coord-2')).toEqual(['circle-0001']);
    expect(again.circles.schedules().map((s) => s.id)).toEqual(['circle-0001']);
    expect(JSON.stringify(again.circles.schedule('circle-0001'))).not.toContain('Testlid01');
    const edited = makeCircle({ version: 2, members: [member(1, { chatKey: 'chat-member-1' })] });
    expect(await again.circles.change({ save: { circle: edited, expectedVersion: 1 } })).toBe('ok');
    expect((await again.circles.get('circle-0001'))?.members).toHaveLength(1);
  });

  test('When an invite is used twice, then the second use is a conflict; an expired one too; removing the circle takes its invites and rounds', async () => {
    const stores = await engine().open();
    await stores.circles.change({ save: { circle: makeCircle(), expectedVersion: 0 }, addInvite: invite('AAAA-1111') });
    await stores.circles.change({ addInvite: invite('BBBB-2222', { expiresAt: '2027-03-01T09:00:00.000Z' }) });
    expect(await stores.circles.change({ useInvite: { codeHash: hashOf('AAAA-1111'), at: '2027-03-02T08:00:00.000Z' } })).toBe('ok');
    expect(await stores.circles.change({ useInvite: { codeHash: hashOf('AAAA-1111'), at: '2027-03-02T08:00:00.000Z' } })).toBe('conflict');
    expect(await stores.circles.change({ useInvite: { codeHash: hashOf('BBBB-2222'), at: '2027-03-02T08:00:00.000Z' } })).toBe('conflict');
    expect((await stores.circles.getInvite(hashOf('AAAA-1111')))?.usedAt).toBe('2027-03-02T08:00:00.000Z');
    await stores.circles.changeRounds({ rounds: [{ round: round('2027-03-01'), expectedVersion: 0 }] });
    expect(await stores.circles.change({ remove: { circleId: 'circle-0001', expectedVersion: 1 } })).toBe('ok');
    expect(await stores.circles.get('circle-0001')).toBeUndefined();
    expect(await stores.circles.getInvite(hashOf('AAAA-1111'))).toBeUndefined();
    expect(await stores.circles.getRound('circle-0001', '2027-03-01')).toBeUndefined();
    expect(stores.circles.idsForChat('chat-member-1')).toEqual([]);
  });

  test('When a round change is saved with an event key and a message, then a second change with the same key is a duplicate and queues nothing', async () => {
    const stores = await engine().open();
    const first = await stores.circles.changeRounds({ rounds: [{ round: round('2027-03-01'), expectedVersion: 0 }], events: [fired('e-1')], outbox: [message('m-1')] });
    const second = await stores.circles.changeRounds({ rounds: [{ round: round('2027-03-01'), expectedVersion: 0 }], events: [fired('e-1')], outbox: [message('m-2')] });
    expect([first, second]).toEqual(['ok', 'duplicate']);
    await stores.relay();
    expect((await stores.outbox.list()).map((m) => m.id)).toEqual(['m-1']);
    expect(stores.circles.hasEvent('e-1')).toBe(true);
    expect(await stores.circles.changeRounds({ rounds: [{ round: round('2027-03-01', { version: 3 }), expectedVersion: 2 }] })).toBe('conflict');
    const results = await stores.circles.changeRoundsBatch([
      { rounds: [{ round: round('2027-03-01', { version: 2, status: 'closed' }), expectedVersion: 1 }], events: [fired('e-2')] },
      { events: [fired('e-1')] },
      { rounds: [{ round: round('2027-03-02'), expectedVersion: 0 }], events: [fired('e-3')], outbox: [message('m-3')] },
    ]);
    expect(results).toEqual(['ok', 'duplicate', 'ok']);
    await stores.relay();
    const again = await stores.reopen();
    expect((await again.circles.listRounds('circle-0001', '2027-03-01', '2027-03-31')).map((r) => [r.date, r.status])).toEqual([
      ['2027-03-01', 'closed'],
      ['2027-03-02', 'open'],
    ]);
    expect(again.circles.hasEvent('e-3')).toBe(true);
    expect((await again.outbox.list()).map((m) => m.id)).toEqual(['m-1', 'm-3']);
  });

  test('When rounds have open escalations and old events exist, then they are listed and prune keeps what is still needed', async () => {
    const stores = await engine().open();
    const esc = { id: 'esc-1', reason: 'notReached' as const, memberId: 'member-2', raisedAt: '2027-01-01T08:10:00.000Z', raisedBy: 'member-1', alerted: ['chat-coord-1'], ackDueAt: '2027-01-01T08:25:00.000Z' };
    await stores.circles.changeRounds({ rounds: [{ round: round('2027-01-01', { escalations: [esc] }), expectedVersion: 0 }], events: [fired('old', '2027-01-01T07:50:00.000Z')] });
    await stores.circles.changeRounds({ rounds: [{ round: round('2027-01-02'), expectedVersion: 0 }], events: [fired('new', '2027-03-01T07:50:00.000Z')] });
    expect((await stores.circles.roundsWithOpenEscalations()).map((r) => r.date)).toEqual(['2027-01-01']);
    expect(await stores.circles.prune(new Date('2027-03-01T12:00:00.000Z'))).toEqual({ events: 1, rounds: 1 });
    expect(stores.circles.hasEvent('old')).toBe(false);
    expect(stores.circles.hasEvent('new')).toBe(true);
  });

  test('When circles are stored, then no name, phone number or key holder is readable in what the engine holds', async () => {
    const stores = await engine().open();
    await stores.circles.change({ save: { circle: makeCircle(), expectedVersion: 0 }, addInvite: invite('AAAA-1111') });
    const text = await stores.dump();
    expect(text).toContain('circle-0001');
    for (const value of ['Testlid01', '0600000001', '+31600000001', 'Sleutel02', 'Relatie03', 'Coordinator1 Testnaam', 'Testnaam']) expect(text).not.toContain(value);
  });
});
