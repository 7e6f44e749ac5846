import fs from 'node:fs';
import path from 'node:path';
import type { OutboxMessage } from '../../src/ports/outbox';
import { OutboxRelay } from '../../src/application/outbox-relay';
import { CircleNoticeBuilder } from '../../src/application/circles/notice-builder';
import { BACKUP, circleInput, COORDINATOR, type CircleWorld, member, openCircleWorld } from '../helpers/circle-fixtures';

/**
 * The scheduler on real stores with a fake clock: what reaches the outbox, exactly once, at the
 * right Amsterdam time, across restarts, downtime and daylight saving changes.
 * 2027-03-01 is a Monday; Amsterdam is UTC+1 in winter, UTC+2 in summer.
 */

let world: CircleWorld;

afterEach(async () => {
  await world?.close();
});

async function outbox(kind?: OutboxMessage['kind']): Promise<OutboxMessage[]> {
  const all = await world.signals.outbox.list();
  return all.filter((m) => (kind ? m.kind === kind : m.kind.startsWith('circle.'))).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

async function createCircle(overrides: Parameters<typeof circleInput>[0] = {}, members = [member(1), member(2), member(3)]): Promise<string> {
  const created = await world.circles.create(COORDINATOR, circleInput(overrides), members);
  if (!created.ok) throw new Error(`create failed: ${created.code} ${created.field ?? ''}`);
  return created.value.circleId;
}

/** Ticks every minute from `fromIso` to `toIso` (inclusive), like node-cron would. */
async function tickEveryMinute(fromIso: string, toIso: string): Promise<void> {
  for (let t = Date.parse(fromIso); t <= Date.parse(toIso); t += 60_000) {
    world.clock.set(new Date(t).toISOString());
    await world.scheduler.tick();
  }
}

async function joinAsMember(circleId: string, memberIndex: number, chatKey: string): Promise<string> {
  const view = await world.circles.view(COORDINATOR, circleId);
  if (!view.ok) throw new Error(view.code);
  const memberId = view.value.members[memberIndex]!.memberId;
  const invite = await world.circles.invite(COORDINATOR, circleId, { role: 'member', memberId });
  if (!invite.ok) throw new Error(invite.code);
  const joined = await world.circles.join({ chatKey }, invite.value.code);
  if (!joined.ok) throw new Error(joined.code);
  return memberId;
}

describe('reminders', () => {
  it('sends the reminder 10 minutes before the start to the coordinator of the day, once', async () => {
    world = await openCircleWorld('2027-03-01T07:00:00.000Z'); // 08:00 in Amsterdam
    const circleId = await createCircle();
    await tickEveryMinute('2027-03-01T07:00:00.000Z', '2027-03-01T07:49:00.000Z');
    expect(await outbox('circle.reminder')).toHaveLength(0);
    world.clock.set('2027-03-01T07:50:00.000Z'); // 08:50 Amsterdam
    await Promise.all([world.scheduler.tick(), world.scheduler.tick()]); // two ticks in the same minute
    world.clock.set('2027-03-01T07:50:40.000Z');
    await world.scheduler.tick();
    const reminders = await outbox('circle.reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      target: { kind: 'chat', chatKey: COORDINATOR.chatKey },
      payload: { circleId, date: '2027-03-01', role: 'coordinator', late: false },
    });
  });

  it('also reminds members who joined in chat, but not a member paused today', async () => {
    world = await openCircleWorld('2027-03-01T07:00:00.000Z');
    const circleId = await createCircle();
    const first = await joinAsMember(circleId, 0, 'chat-member-0001');
    const second = await joinAsMember(circleId, 1, 'chat-member-0002');
    const paused = await world.circles.edit(COORDINATOR, circleId, { kind: 'pauseMember', memberId: second, from: '2027-03-01', to: '2027-03-03' });
    expect(paused.ok).toBe(true);
    await tickEveryMinute('2027-03-01T07:45:00.000Z', '2027-03-01T07:55:00.000Z');
    const reminders = await outbox('circle.reminder');
    const byChat = new Map(reminders.map((m) => [m.target.kind === 'chat' ? m.target.chatKey : '', m.payload]));
    expect([...byChat.keys()].sort()).toEqual([COORDINATOR.chatKey, 'chat-member-0001']);
    expect(byChat.get('chat-member-0001')).toMatchObject({ role: 'member', memberId: first });
    expect(byChat.get(COORDINATOR.chatKey)).toMatchObject({ role: 'coordinator' });
  });

  it('skips Dutch public holidays when the circle asks for it, and not otherwise', async () => {
    world = await openCircleWorld('2027-04-26T20:00:00.000Z');
    await createCircle({ name: 'Met feestdagen vrij', skipHolidays: true });
    await createCircle({ name: 'Ook op feestdagen', skipHolidays: false });
    await tickEveryMinute('2027-04-27T06:40:00.000Z', '2027-04-27T06:55:00.000Z'); // Koningsdag, 08:40-08:55 CEST
    expect(await outbox('circle.reminder')).toHaveLength(1);
  });

  it('follows the coordinators rota per weekday', async () => {
    world = await openCircleWorld('2027-03-01T07:00:00.000Z');
    const circleId = await createCircle();
    const invite = await world.circles.invite(COORDINATOR, circleId, { role: 'coordinator', weekdays: [2] }); // Tuesdays
    if (!invite.ok) throw new Error(invite.code);
    expect((await world.circles.join(BACKUP, invite.value.code)).ok).toBe(true);
    expect((await world.circles.decideCoordinator(COORDINATOR, circleId, BACKUP.chatKey, 'approve')).ok).toBe(true);
    await tickEveryMinute('2027-03-01T07:49:00.000Z', '2027-03-01T07:51:00.000Z'); // Monday
    await tickEveryMinute('2027-03-02T07:49:00.000Z', '2027-03-02T07:51:00.000Z'); // Tuesday
    const chats = (await outbox('circle.reminder')).map((m) => (m.target.kind === 'chat' ? m.target.chatKey : ''));
    expect(chats).toEqual([COORDINATOR.chatKey, BACKUP.chatKey]);
  });
});

describe('daylight saving time', () => {
  const rounds: [string, string, string, string][] = [
    // date, start, expected reminder instant (UTC), expected deadline instant (UTC)
    ['2027-03-28', '02:30', '2027-03-28T01:20:00.000Z', '2027-03-28T02:00:00.000Z'], // 02:30 does not exist: 03:30 CEST
    ['2027-03-28', '09:00', '2027-03-28T06:50:00.000Z', '2027-03-28T07:30:00.000Z'],
    ['2027-10-31', '02:30', '2027-10-31T00:20:00.000Z', '2027-10-31T01:00:00.000Z'], // the first 02:30 (CEST)
    ['2027-10-31', '09:00', '2027-10-31T07:50:00.000Z', '2027-10-31T08:30:00.000Z'],
  ];

  it.each(rounds)('%s at %s: one reminder and one deadline, at the right instant', async (date, start, reminderAt, deadlineAt) => {
    const dayBefore = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    world = await openCircleWorld(`${dayBefore}T20:00:00.000Z`);
    await createCircle({ startTime: start });
    const from = `${dayBefore}T21:00:00.000Z`;
    const to = `${date}T10:00:00.000Z`;
    const reminderTimes: string[] = [];
    const escalationTimes: string[] = [];
    for (let t = Date.parse(from); t <= Date.parse(to); t += 60_000) {
      world.clock.set(new Date(t).toISOString());
      const before = (await outbox()).length;
      await world.scheduler.tick();
      const added = (await outbox()).slice(before);
      for (const m of added) {
        if (m.kind === 'circle.reminder') reminderTimes.push(world.clock.now().toISOString());
        if (m.kind === 'circle.escalation' && m.payload.role === 'coordinator') escalationTimes.push(world.clock.now().toISOString());
      }
    }
    expect(reminderTimes).toEqual([reminderAt]);
    // Nobody closed the round: the deadline raises one escalation, at the deadline.
    expect(escalationTimes).toEqual([deadlineAt]);
  });
});

describe('exactly once across restarts', () => {
  it('a restart between storing the decision and moving it to the outbox loses nothing and sends nothing twice', async () => {
    world = await openCircleWorld('2027-03-01T07:49:00.000Z');
    await createCircle();
    // The outbox refuses once: the decision is stored, the message is not in the outbox yet.
    const failing = new OutboxRelay({
      sources: [world.store],
      outbox: { ...world.signals.outbox, enqueue: () => Promise.reject(Object.assign(new Error('disk full'), { code: 'ENOSPC' })) },
      logger: world.logger,
    });
    (world.scheduler as unknown as { deps: { relay: OutboxRelay } }).deps.relay = failing;
    world.clock.set('2027-03-01T07:50:00.000Z');
    await world.scheduler.tick();
    expect(await outbox('circle.reminder')).toHaveLength(0);
    expect(world.store.pendingRelay()).toHaveLength(1);

    await world.restart();
    expect(await outbox('circle.reminder')).toHaveLength(1);
    world.clock.set('2027-03-01T07:51:00.000Z');
    await world.scheduler.tick();
    await world.restart();
    await world.scheduler.tick();
    expect(await outbox('circle.reminder')).toHaveLength(1);
  });

  it('a crash after the outbox got the message but before the circle store forgot it sends it once', async () => {
    world = await openCircleWorld('2027-03-01T07:50:00.000Z');
    await createCircle();
    const pending = world.store.pendingRelay();
    expect(pending).toHaveLength(0);
    // Let the decision be stored, then put it in the outbox by hand without telling the store.
    const holding = new OutboxRelay({ sources: [{ ...world.store, pendingRelay: () => [] } as never], outbox: world.signals.outbox, logger: world.logger });
    (world.scheduler as unknown as { deps: { relay: OutboxRelay } }).deps.relay = holding;
    await world.scheduler.tick();
    const stored = world.store.pendingRelay();
    expect(stored).toHaveLength(1);
    await world.signals.outbox.enqueue(stored);
    await world.restart(); // the relay runs again at start: the outbox's key drops the repeat
    expect(await outbox('circle.reminder')).toHaveLength(1);
    expect(world.store.pendingRelay()).toHaveLength(0);
  });
});

describe('catch-up after downtime', () => {
  it('after 3 hours down: the reminder is recorded as missed and reported, the deadline escalates late', async () => {
    world = await openCircleWorld('2027-03-01T07:00:00.000Z'); // 08:00
    const circleId = await createCircle();
    await world.scheduler.tick();
    // Down from 08:30 to 11:30 Amsterdam: no ticks. Then a restart.
    world.clock.set('2027-03-01T10:30:00.000Z');
    await world.restart();
    await world.scheduler.tick();
    const missed = await outbox('circle.missed');
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ target: { chatKey: COORDINATOR.chatKey }, payload: { circleId, event: 'reminder', time: '08:50' } });
    const escalations = await outbox('circle.escalation');
    expect(escalations).toHaveLength(1);
    const round = await world.store.getRound(circleId, '2027-03-01');
    expect(round?.missed).toEqual(['reminder']);
    expect(round?.escalations[0]).toMatchObject({ reason: 'roundNotClosed', late: true, raisedBy: 'scheduler' });
    expect(await outbox('circle.reminder')).toHaveLength(0);
    // Ticking on does not repeat anything.
    await tickEveryMinute('2027-03-01T10:31:00.000Z', '2027-03-01T10:35:00.000Z');
    expect(await outbox('circle.missed')).toHaveLength(1);
  });

  it('a reminder still useful (bot back at 08:55) is sent late and marked late', async () => {
    world = await openCircleWorld('2027-03-01T07:00:00.000Z');
    await createCircle();
    world.clock.set('2027-03-01T07:55:00.000Z');
    await world.restart();
    await world.scheduler.tick();
    const reminders = await outbox('circle.reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.payload.late).toBe(true);
  });
});

describe('escalation ladder', () => {
  async function circleWithBackup(): Promise<{ circleId: string; memberIds: string[] }> {
    const circleId = await createCircle();
    const invite = await world.circles.invite(COORDINATOR, circleId, { role: 'coordinator', weekdays: [] });
    if (!invite.ok) throw new Error(invite.code);
    expect((await world.circles.join(BACKUP, invite.value.code)).ok).toBe(true);
    expect((await world.circles.decideCoordinator(COORDINATOR, circleId, BACKUP.chatKey, 'approve')).ok).toBe(true);
    const first = await joinAsMember(circleId, 0, 'chat-member-0001');
    const view = await world.circles.view(COORDINATOR, circleId);
    if (!view.ok) throw new Error(view.code);
    return { circleId, memberIds: [first, ...view.value.members.slice(1).map((m) => m.memberId)] };
  }

  it('not reached: the coordinator at once, the backup after 15 minutes without acknowledgement, then everyone hears the outcome', async () => {
    world = await openCircleWorld('2027-03-01T08:00:00.000Z'); // 09:00
    const { circleId, memberIds } = await circleWithBackup();
    const reported = await world.circles.checkIn({ chatKey: 'chat-member-0001' }, circleId, 'notReached', memberIds[1]);
    expect(reported).toMatchObject({ ok: true, value: { coordinatorAlerted: true, showEmergency: false } });
    let escalations = await outbox('circle.escalation');
    expect(escalations.map((m) => [m.target, m.payload.role])).toEqual([[{ kind: 'chat', chatKey: COORDINATOR.chatKey }, 'coordinator']]);
    // A second member reports the same person: nobody is alerted twice.
    await world.circles.checkIn({ chatKey: 'chat-member-0001' }, circleId, 'notReached', memberIds[1]);
    expect(await outbox('circle.escalation')).toHaveLength(1);

    await tickEveryMinute('2027-03-01T08:01:00.000Z', '2027-03-01T08:14:00.000Z');
    expect(await outbox('circle.escalation')).toHaveLength(1);
    await tickEveryMinute('2027-03-01T08:15:00.000Z', '2027-03-01T08:16:00.000Z');
    escalations = await outbox('circle.escalation');
    expect(escalations.map((m) => [m.target, m.payload.role])).toEqual([
      [{ kind: 'chat', chatKey: COORDINATOR.chatKey }, 'coordinator'],
      [{ kind: 'chat', chatKey: BACKUP.chatKey }, 'backup'],
    ]);

    const escalationId = String(escalations[0]!.payload.escalationId);
    expect((await world.circles.resolve(BACKUP, circleId, escalationId, 'keyHolder')).ok).toBe(true);
    const allClear = await outbox('circle.allClear');
    // The coordinator (alerted) and the member who raised it hear the outcome; the backup resolved it.
    expect(allClear.map((m) => (m.target.kind === 'chat' ? m.target.chatKey : '')).sort()).toEqual([COORDINATOR.chatKey, 'chat-member-0001'].sort());
    expect((await world.circles.resolve(COORDINATOR, circleId, escalationId, 'allGood')).ok).toBe(false);
  });

  it('an acknowledged escalation does not go to the backup', async () => {
    world = await openCircleWorld('2027-03-01T08:00:00.000Z');
    const { circleId, memberIds } = await circleWithBackup();
    await world.circles.checkIn({ chatKey: 'chat-member-0001' }, circleId, 'notReached', memberIds[2]);
    const [alert] = await outbox('circle.escalation');
    expect((await world.circles.acknowledge(COORDINATOR, circleId, String(alert!.payload.escalationId))).ok).toBe(true);
    await tickEveryMinute('2027-03-01T08:01:00.000Z', '2027-03-01T08:40:00.000Z');
    expect((await outbox('circle.escalation')).map((m) => m.payload.role)).toEqual(['coordinator', 'coordinator']);
    // (the second is the deadline at 09:30: the round was not closed)
    expect((await outbox('circle.escalation'))[1]!.payload.escalationId).toMatch(/roundNotClosed/);
  });

  it('"Ik heb hulp nodig" goes to the coordinator at once and shows 112 to the member, even after the round', async () => {
    world = await openCircleWorld('2027-03-01T08:00:00.000Z');
    const { circleId } = await circleWithBackup();
    expect((await world.circles.closeRound(COORDINATOR, circleId)).ok).toBe(true);
    const help = await world.circles.checkIn({ chatKey: 'chat-member-0001' }, circleId, 'needHelp');
    expect(help).toMatchObject({ ok: true, value: { showEmergency: true, coordinatorAlerted: true } });
    const [alert] = await outbox('circle.escalation');
    expect(alert).toMatchObject({ target: { chatKey: COORDINATOR.chatKey }, payload: { role: 'coordinator' } });
    expect(String(alert!.payload.escalationId)).toContain('needHelp');
  });

  it('a round closed before its deadline raises nothing; a check-in after that is refused politely', async () => {
    world = await openCircleWorld('2027-03-01T07:00:00.000Z');
    const circleId = await createCircle();
    await joinAsMember(circleId, 0, 'chat-member-0001');
    world.clock.set('2027-03-01T08:20:00.000Z');
    expect(await world.circles.closeRound(COORDINATOR, circleId)).toEqual({ ok: true, value: { late: false } });
    await tickEveryMinute('2027-03-01T08:21:00.000Z', '2027-03-01T08:40:00.000Z');
    expect(await outbox('circle.escalation')).toHaveLength(0);
    expect(await world.circles.checkIn({ chatKey: 'chat-member-0001' }, circleId, 'ok')).toEqual({ ok: false, code: 'ROUND_CLOSED' });
    expect(await world.circles.closeRound(COORDINATOR, circleId)).toEqual({ ok: false, code: 'ROUND_CLOSED' });
  });

  it('a reminder card of yesterday closes yesterday\'s round, not today\'s; a future date is refused', async () => {
    world = await openCircleWorld('2027-03-01T08:10:00.000Z');
    const circleId = await createCircle();
    world.clock.set('2027-03-02T08:10:00.000Z');
    expect(await world.circles.closeRound(COORDINATOR, circleId, '2027-03-01')).toEqual({ ok: true, value: { late: true } });
    expect((await world.store.getRound(circleId, '2027-03-01'))?.status).toBe('closed');
    expect(await world.store.getRound(circleId, '2027-03-02')).toBeUndefined();
    expect(await world.circles.closeRound(COORDINATOR, circleId, '2027-03-03')).toEqual({ ok: false, code: 'NO_ROUND_TODAY' });
  });

  it('the view says a round has not begun before its reminder, and offers no "rond" yet', async () => {
    world = await openCircleWorld('2027-03-01T07:00:00.000Z'); // 08:00
    const circleId = await createCircle();
    const early = await world.circles.view(COORDINATOR, circleId);
    expect(early.ok && early.value.beforeRound).toBe(true);
    world.clock.set('2027-03-01T07:50:00.000Z'); // 08:50, the reminder
    const later = await world.circles.view(COORDINATOR, circleId);
    expect(later.ok && later.value.beforeRound).toBe(false);
  });

  it('every member saying "alles goed" closes the round', async () => {
    world = await openCircleWorld('2027-03-01T07:55:00.000Z');
    const circleId = await createCircle({}, [member(1), member(2)]);
    await joinAsMember(circleId, 0, 'chat-member-0001');
    await joinAsMember(circleId, 1, 'chat-member-0002');
    expect(await world.circles.checkIn({ chatKey: 'chat-member-0001' }, circleId, 'ok')).toMatchObject({ ok: true, value: { roundClosed: false } });
    expect(await world.circles.checkIn({ chatKey: 'chat-member-0002' }, circleId, 'ok')).toMatchObject({ ok: true, value: { roundClosed: true } });
  });
});

describe('weekly overview', () => {
  it('goes to every coordinator on Monday 08:00 about the week before, with its figures', async () => {
    world = await openCircleWorld('2027-03-01T07:00:00.000Z');
    const circleId = await createCircle();
    // Monday to Sunday: closed on time on Monday, late on Tuesday, never on the other days.
    world.clock.set('2027-03-01T08:10:00.000Z');
    await world.circles.closeRound(COORDINATOR, circleId);
    world.clock.set('2027-03-02T09:00:00.000Z');
    await world.circles.closeRound(COORDINATOR, circleId);
    for (let day = 1; day <= 8; day++) {
      const date = `2027-03-${String(day).padStart(2, '0')}`;
      await tickEveryMinute(`${date}T06:58:00.000Z`, `${date}T07:01:00.000Z`);
      await tickEveryMinute(`${date}T08:29:00.000Z`, `${date}T08:31:00.000Z`);
    }
    const weekly = await outbox('circle.weekly');
    expect(weekly).toHaveLength(1);
    expect(weekly[0]).toMatchObject({ target: { chatKey: COORDINATOR.chatKey }, payload: { circleId, weekStart: '2027-03-01' } });
    const rounds = await world.store.listRounds(circleId, '2027-03-01', '2027-03-07');
    expect(rounds.map((r) => [r.date, r.status, r.closedLate ?? false])).toEqual([
      ['2027-03-01', 'closed', false],
      ['2027-03-02', 'closed', true],
      ['2027-03-03', 'open', false],
      ['2027-03-04', 'open', false],
      ['2027-03-05', 'open', false],
      ['2027-03-06', 'open', false],
      ['2027-03-07', 'open', false],
    ]);
  });
});

describe('invites', () => {
  it('a wrong, expired or used code is refused', async () => {
    world = await openCircleWorld('2027-03-01T07:00:00.000Z');
    const circleId = await createCircle();
    const view = await world.circles.view(COORDINATOR, circleId);
    if (!view.ok) throw new Error(view.code);
    const invite = await world.circles.invite(COORDINATOR, circleId, { role: 'member', memberId: view.value.members[0]!.memberId });
    if (!invite.ok) throw new Error(invite.code);
    expect(await world.circles.join({ chatKey: 'chat-x' }, '12345678')).toEqual({ ok: false, code: 'INVITE_UNKNOWN' });
    expect(await world.store.getInvite(world.inviteHash(invite.value.code))).toBeDefined();
    world.clock.advance(8 * 86_400_000);
    expect(await world.circles.join({ chatKey: 'chat-x' }, invite.value.code)).toEqual({ ok: false, code: 'INVITE_EXPIRED' });
    world.clock.set('2027-03-01T07:00:00.000Z');
    expect((await world.circles.join({ chatKey: 'chat-x' }, invite.value.code)).ok).toBe(true);
    expect(await world.circles.join({ chatKey: 'chat-y' }, invite.value.code)).toEqual({ ok: false, code: 'INVITE_USED' });
  });

  it('two people using the same code at once: exactly one gets in', async () => {
    world = await openCircleWorld('2027-03-01T07:00:00.000Z');
    const circleId = await createCircle();
    const invite = await world.circles.invite(COORDINATOR, circleId, { role: 'coordinator', weekdays: [3] });
    if (!invite.ok) throw new Error(invite.code);
    const results = await Promise.all([world.circles.join({ chatKey: 'chat-a' }, invite.value.code), world.circles.join({ chatKey: 'chat-b' }, invite.value.code)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, code: 'INVITE_USED' });
  });
});

describe('privacy and erasure', () => {
  const readAll = (dir: string): string =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .map((e) => (e.isDirectory() ? readAll(path.join(dir, e.name)) : fs.readFileSync(path.join(dir, e.name), 'utf8')))
      .join('\n');

  it('only coordinators see a circle; removing a member erases their data, also from messages still queued', async () => {
    world = await openCircleWorld('2027-03-01T07:00:00.000Z');
    const circleId = await createCircle();
    const memberId = await joinAsMember(circleId, 1, 'chat-member-0002');
    expect(await world.circles.view({ chatKey: 'chat-member-0002' }, circleId)).toEqual({ ok: false, code: 'NOT_A_COORDINATOR' });
    await tickEveryMinute('2027-03-01T07:49:00.000Z', '2027-03-01T07:50:00.000Z');
    const queued = (await outbox('circle.reminder')).find((m) => m.payload.memberId === memberId);
    expect(queued).toBeDefined();
    await world.store.flush();
    const stored = JSON.parse(fs.readFileSync(path.join(world.dir, 'circles.json'), 'utf8')) as {
      circles: Record<string, { members: { id: string; sealed: string }[] }>;
    };
    const sealed = stored.circles[circleId]!.members.find((m) => m.id === memberId)!.sealed;
    expect(readAll(world.dir)).toContain(sealed);

    expect((await world.circles.edit(COORDINATOR, circleId, { kind: 'removeMember', memberId })).ok).toBe(true);
    await world.store.flush();
    const raw = readAll(world.dir);
    expect(raw).not.toContain(sealed);
    for (const secret of ['Testlid02', '+31600000002', '06 00000002', 'Sleutel02']) expect(raw).not.toContain(secret);
    expect(await new CircleNoticeBuilder(world.store).build(queued!)).toBe('MEMBER_GONE');
    expect(world.logger.text()).not.toMatch(/Testlid|Sleutel|\+316/);
  });
});
