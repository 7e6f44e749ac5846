import type { CircleView } from '../../src/application/circles/circles.types';
import { answer, CARD, circleChat, play, submit, submitsIn } from '../helpers/circle-chat';
import { type CircleWorld, circleInput, member, openCircleWorld } from '../helpers/circle-fixtures';
import { en, nl, textOf, turn } from '../helpers/dialog-client';

/**
 * Changing a circle from chat: remove (erases), move, pause a member (with a range typed the
 * wrong way round), pause the circle, holidays, the rota, invite codes. The circle is made
 * through the use case first; the clock stands at Monday 1 March 2027, 08:00 in Amsterdam.
 */
const COORDINATOR = 'chat-coordinator-edit';
const q = (t: typeof nl, field: string, vars?: Record<string, string | number>) => t.t(`circles:questions.${field}.title`, vars);

let world: CircleWorld;
let circleId: string;
beforeEach(async () => {
  world = await openCircleWorld();
  const created = await world.circles.create({ chatKey: COORDINATOR, name: 'Kees', locale: 'nl' }, circleInput(), [member(1), member(2), member(3)]);
  if (!created.ok) throw new Error(`fixture circle not created: ${created.code}`);
  circleId = created.value.circleId;
});
afterEach(async () => {
  await world.close();
});

async function viewNow(): Promise<CircleView> {
  const view = await world.circles.view({ chatKey: COORDINATOR }, circleId);
  if (!view.ok) throw new Error(view.code);
  return view.value;
}
const idOf = (view: CircleView, n: number) => view.members.find((m) => m.firstName === `Testlid0${n}`)?.memberId ?? '';

describe('edit a circle, Dutch, cards', () => {
  test('When a member is removed and confirmed, then the member is gone from the circle and the order closes up', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    const before = await viewNow();
    await play(client, [
      [submit({ verb: 'circle.open', circleId }), 'Testlid02'],
      [submit({ verb: 'circle.edit', circleId, op: 'removeMember' }), q(nl, 'pickMember')],
      [answer('pickMember', idOf(before, 2)), q(nl, 'confirmRemove', { name: 'Testlid02' })],
      [answer('confirmRemove', 'no'), 'Testlid02'],
      [submit({ verb: 'circle.edit', circleId, op: 'removeMember', memberId: idOf(before, 2) }), q(nl, 'confirmRemove', { name: 'Testlid02' })],
      [answer('confirmRemove', 'yes'), nl.t('circles:edit.done.removeMember', { name: 'Testlid02' })],
    ]);
    const after = await viewNow();
    expect(after.members.map((m) => m.firstName)).toEqual(['Testlid01', 'Testlid03']);
    expect(JSON.stringify(after)).not.toContain('Sleutel02');
    expect(after.calls[0]).toEqual({ caller: { memberId: idOf(before, 1), firstName: 'Testlid01' }, callee: { memberId: idOf(before, 3), firstName: 'Testlid03' } });
  });

  test('When a member is moved, then a place out of range is refused and the new place is kept', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    const before = await viewNow();
    await play(client, [
      [submit({ verb: 'circle.edit', circleId, op: 'moveMember', memberId: idOf(before, 3) }), q(nl, 'position', { name: 'Testlid03' })],
      [answer('position', '9'), nl.t('circles:errors.POSITION_INVALID', { max: 3 })],
      [answer('position', '1'), nl.t('circles:edit.done.moveMember', { name: 'Testlid03', position: 1 })],
    ]);
    expect((await viewNow()).members.map((m) => m.firstName)).toEqual(['Testlid03', 'Testlid01', 'Testlid02']);
  });

  test('When a pause ends before it starts, then it is refused politely; the right range skips the member today', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    const before = await viewNow();
    await play(client, [
      [submit({ verb: 'circle.edit', circleId, op: 'pauseMember', memberId: idOf(before, 2) }), q(nl, 'range', { name: 'Testlid02' })],
      [answer('range', undefined, { from: '2027-03-14', to: '2027-03-01' }), nl.t('circles:errors.RANGE_REVERSED')],
      [answer('range', 'volgende week'), nl.t('circles:errors.DATES_UNREADABLE')],
      [answer('range', undefined, { from: '2027-03-01', to: '2027-03-14' }), nl.t('circles:edit.done.pauseMember', { name: 'Testlid02', from: '01-03-2027', to: '14-03-2027' })],
    ]);
    const after = await viewNow();
    expect(after.members.find((m) => m.firstName === 'Testlid02')).toMatchObject({ pausedToday: true, pauses: [{ from: '2027-03-01', to: '2027-03-14' }] });
    expect(after.calls.map((c) => [c.caller, c.callee].map((p) => (p === 'coordinator' ? p : p.firstName)))).toEqual([
      ['Testlid01', 'Testlid03'],
      ['Testlid03', 'coordinator'],
    ]);
  });

  test('When the circle is paused and resumed, holidays are switched and the rota is set, then each is saved', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [
      [submit({ verb: 'circle.edit', circleId, op: 'pauseCircle' }), q(nl, 'circleRange')],
      [answer('circleRange', '1-3-2027 tot 7-3-2027'), nl.t('circles:edit.done.pauseCircle', { from: '01-03-2027', to: '07-03-2027' })],
    ]);
    expect(await viewNow()).toMatchObject({ noRound: 'paused', pauses: [{ from: '2027-03-01', to: '2027-03-07' }] });
    await play(client, [
      [submit({ verb: 'circle.edit', circleId, op: 'resumeCircle' }), nl.t('circles:edit.done.resumeCircle')],
      [submit({ verb: 'circle.edit', circleId, op: 'holidays' }), q(nl, 'holidays')],
      [answer('holidays', 'yes'), nl.t('circles:summary.holidaysSkipped')],
      [submit({ verb: 'circle.edit', circleId, op: 'rota' }), q(nl, 'rotaDays', { name: 'Kees' })],
      [answer('rotaDays', '1,3,5'), nl.t('circles:edit.done.rota', { coordinator: 'Kees', days: 'ma, wo, vr' })],
    ]);
    expect(await viewNow()).toMatchObject({ pauses: [], skipHolidays: true, coordinators: [{ name: 'Kees', weekdays: [1, 3, 5] }] });
  });

  test('When a member is added with a number already in the circle, then the phone is asked again', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [
      [submit({ verb: 'circle.edit', circleId, op: 'addMember' }), q(nl, 'firstName', { number: 4 })],
      [answer('firstName', 'Dirk'), q(nl, 'phone', { name: 'Dirk' })],
      [answer('phone', '06 00000002'), nl.t('circles:errors.MEMBER_TWICE')],
      [answer('phone', '06 00000004'), q(nl, 'khName', { name: 'Dirk' })],
      [answer('khName', 'Els'), q(nl, 'khPhone', { keyHolder: 'Els' })],
      [answer('khPhone', '06 10000004'), q(nl, 'khRelation', { keyHolder: 'Els', name: 'Dirk' })],
      [answer('khRelation', 'zus'), q(nl, 'consent', { name: 'Dirk' })],
      [answer('consent', 'yes'), nl.t('circles:edit.done.addMember', { name: 'Dirk' })],
    ]);
    expect((await viewNow()).members.map((m) => m.firstName)).toEqual(['Testlid01', 'Testlid02', 'Testlid03', 'Dirk']);
  });
});

describe('edit a circle, text only', () => {
  test('When the coordinator pauses a member by typing numbers and dates, then the range is checked and saved', async () => {
    const { client } = circleChat(world, 'sms', 'nl-NL', COORDINATOR);
    const view = textOf(await turn(client, 'belcirkel'));
    expect(view).toContain(nl.t('circles:list.intro'));
    const opened = textOf(await turn(client, '1'));
    const pauseOption = new RegExp(`(\\d+)\\. ${nl.t('circles:ops.pauseMember')}`).exec(opened)?.[1];
    expect(pauseOption).toBeDefined();
    await play(client, [
      [pauseOption ?? '', q(nl, 'pickMember')],
      ['2', q(nl, 'range', { name: 'Testlid02' })],
      ['14-3-2027 tot 1-3-2027', nl.t('circles:errors.RANGE_REVERSED')],
      ['1-3-2027 tot 14-3-2027', nl.t('circles:edit.done.pauseMember', { name: 'Testlid02', from: '01-03-2027', to: '14-03-2027' })],
    ]);
    expect((await viewNow()).members.find((m) => m.firstName === 'Testlid02')?.pausedToday).toBe(true);
  });
});

describe('invite codes', () => {
  test('When a member gets a code, then the member joins with "doe mee <code>"; a wrong or used code is refused politely', async () => {
    const coordinator = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    const before = await viewNow();
    const replies = await turn(coordinator.client, submit({ verb: 'circle.edit', circleId, op: 'inviteMember', memberId: idOf(before, 1) }));
    const code = /doe mee (\d{8})/.exec(textOf(replies))?.[1] ?? '';
    expect(code).toMatch(/^\d{8}$/);
    expect(textOf(replies)).toContain('Testlid01');

    const anna = circleChat(world, 'sms', 'nl-NL', 'chat-member-anna');
    await play(anna.client, [
      ['doe mee 1111 2222', nl.t('circles:errors.INVITE_UNKNOWN')],
      ['terug', nl.t('circles:list.none')],
      [`doe mee ${code}`, nl.t('circles:join.member', { name: 'Belcirkel Testwijk' })],
    ]);
    expect((await viewNow()).members.find((m) => m.firstName === 'Testlid01')?.inChat).toBe(true);
    const bert = circleChat(world, 'sms', 'en-US', 'chat-member-bert');
    await play(bert.client, [[`join ${code}`, en.t('circles:errors.INVITE_USED')]]);
  });

  test('When a code is used after it expired, then the member hears to ask for a new one', async () => {
    const before = await viewNow();
    const invite = await world.circles.invite({ chatKey: COORDINATOR }, circleId, { role: 'member', memberId: idOf(before, 2) });
    const code = invite.ok ? invite.value.code : '';
    world.clock.advance(8 * 24 * 60 * 60 * 1000);
    const bert = circleChat(world, 'msteams', 'nl-NL', 'chat-member-bert');
    await play(bert.client, [[submit({ verb: 'circle.join', code }), nl.t('circles:errors.INVITE_EXPIRED')]]);
    expect((await viewNow()).members.find((m) => m.firstName === 'Testlid02')?.inChat).toBe(false);
  });

  test('When a co-coordinator is invited with weekdays, then the code gives them those days', async () => {
    const coordinator = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    const [, invite] = await play(coordinator.client, [
      [submit({ verb: 'circle.edit', circleId, op: 'inviteCoordinator' }), q(nl, 'inviteDays')],
      [answer('inviteDays', 'di, do'), /doe mee \d{8}/],
    ]);
    const code = /doe mee (\d{8})/.exec(textOf(invite ?? []))?.[1] ?? '';
    const ria = circleChat(world, 'msteams', 'nl-NL', 'chat-coordinator-ria', { userName: 'Ria' });
    const [joined] = await play(ria.client, [[submit({ verb: 'circle.join', code }), nl.t('circles:join.coordinator', { name: 'Belcirkel Testwijk' })]]);
    // The new coordinator sees the circle at once.
    expect(textOf(joined ?? [])).toContain(CARD);
    expect(submitsIn(joined ?? [])).toContainEqual({ verb: 'circle.edit', circleId, op: 'addMember' });
    expect((await viewNow()).coordinators).toContainEqual(expect.objectContaining({ name: 'Ria', weekdays: [2, 4] }));
  });
});
