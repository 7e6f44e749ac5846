import type { Activity } from 'botbuilder';
import { renderCircleNotice } from '../../cards/circles/circle-notice';
import { CircleNoticeBuilder } from '../../src/application/circles/notice-builder';
import type { OutboxMessage } from '../../src/ports/outbox';
import { answer, CARD, circleChat, play, submit, submitsIn } from '../helpers/circle-chat';
import { type CircleWorld, circleInput, member, openCircleWorld } from '../helpers/circle-fixtures';
import { en, nl, textOf, turn } from '../helpers/dialog-client';

/**
 * Check-ins and escalations from chat: a member's "Alles goed", "Ik heb <naam> niet bereikt" and
 * "Ik heb hulp nodig" (buttons and typed), the coordinator's "Ik pak het op", the outcome and
 * "rond". Real use cases; Monday 1 March 2027, 08:00 in Amsterdam, a round at 09:00 every day.
 */
const COORDINATOR = 'chat-coordinator-checkin';
const ANNA = 'chat-member-anna';

let world: CircleWorld;
let circleId: string;
let bertId: string;
beforeEach(async () => {
  world = await openCircleWorld();
  const created = await world.circles.create({ chatKey: COORDINATOR, name: 'Kees', locale: 'nl' }, circleInput(), [member(1), member(2)]);
  if (!created.ok) throw new Error(created.code);
  circleId = created.value.circleId;
  const view = await world.circles.view({ chatKey: COORDINATOR }, circleId);
  if (!view.ok) throw new Error(view.code);
  const [anna, bert] = view.value.members;
  bertId = bert?.memberId ?? '';
  const invite = await world.circles.invite({ chatKey: COORDINATOR }, circleId, { role: 'member', memberId: anna?.memberId ?? '' });
  if (!invite.ok) throw new Error(invite.code);
  const joined = await world.circles.join({ chatKey: ANNA }, invite.value.code);
  if (!joined.ok) throw new Error(joined.code);
});
afterEach(async () => {
  await world.close();
});

const openEscalations = async () => {
  const view = await world.circles.view({ chatKey: COORDINATOR }, circleId);
  return view.ok ? (view.value.round?.escalations ?? []).filter((e) => !e.outcome) : [];
};

describe('a member checks in', () => {
  test('When the member presses "Alles goed" and "niet bereikt" on the reminder card, then both are recorded', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', ANNA);
    await play(client, [
      [submit({ verb: 'circle.checkin', circleId, kind: 'ok' }), nl.t('circles:checkin.okThanks')],
      [submit({ verb: 'circle.checkin', circleId, kind: 'notReached', about: bertId }), nl.t('circles:checkin.notReachedSent')],
    ]);
    expect(await openEscalations()).toEqual([expect.objectContaining({ reason: 'notReached', member: expect.objectContaining({ firstName: 'Testlid02' }) })]);
  });

  test('When the member reached someone who sounded confused and presses "bereikt, maar ik maak me zorgen", then the coordinator gets an alert with the 112 and GP steps', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', ANNA);
    const [card] = await play(client, [[submit({ verb: 'circle.checkin', circleId, kind: 'ok' }), nl.t('circles:checkin.okThanks')]]);
    expect(card).toBeDefined();
    const today = await world.circles.memberToday({ chatKey: ANNA }, circleId);
    if (!today.ok) throw new Error(today.code);
    const screen = renderCircleNotice(nl, { kind: 'reminder', role: 'member', startTime: '09:00', late: false, today: today.value }, true);
    const worried = submitsIn([{ attachments: [{ contentType: CARD, content: screen.card }] }]).find((d) => d.kind === 'worried');
    expect(worried).toEqual({ verb: 'circle.checkin', circleId, kind: 'worried', about: bertId });
    await play(client, [[submit(worried ?? {}), nl.t('circles:checkin.worriedSent')]]);
    expect(await openEscalations()).toEqual([expect.objectContaining({ reason: 'worried', acknowledged: false })]);
    const alerts = (await world.signals.outbox.list()).filter((m) => m.kind === 'circle.escalation');
    const notice = await new CircleNoticeBuilder(world.store).build(alerts[0] as OutboxMessage);
    const text = typeof notice === 'string' ? notice : renderCircleNotice(nl, notice, false).text;
    expect(text).toContain(nl.t('circles:notices.escalation.title.worried', { circle: 'Belcirkel Test', name: 'Testlid02' }).split(': ')[1]);
    for (const line of nl.list('circles:steps.worriedLines')) expect(text).toContain(line);
    expect(text).toContain(nl.t('circles:notices.escalation.byMember', { name: 'Testlid01' }));
  });

  test('When the coordinator reached someone but is worried, then the reminder card offers it and it raises the same alert', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [[submit({ verb: 'circle.notReached', circleId, memberId: bertId, reason: 'worried' }), /^$/]]);
    expect(await openEscalations()).toEqual([expect.objectContaining({ reason: 'worried', acknowledged: false })]);
  });

  test('When the member presses "Ik heb hulp nodig", then 112 and the other numbers show and the coordinator is told', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', ANNA);
    await play(client, [[submit({ verb: 'circle.checkin', circleId, kind: 'needHelp' }), /tel:112[\s\S]*0800 0113[\s\S]*088 0767 000[\s\S]*Ik heb de coördinator een waarschuwing gestuurd. Hoort u niets/]]);
    expect(await openEscalations()).toEqual([expect.objectContaining({ reason: 'needHelp', acknowledged: false })]);
  });

  test('When the member types "Ik heb hulp nodig", then the emergency numbers still come first and the check-in happens too', async () => {
    const { client, logger } = circleChat(world, 'sms', 'nl-NL', ANNA);
    await play(client, [['Ik heb hulp nodig', /112[\s\S]*0800 0113[\s\S]*088 0767 000[\s\S]*Ik heb de coördinator een waarschuwing gestuurd. Hoort u niets/]]);
    expect(await openEscalations()).toEqual([expect.objectContaining({ reason: 'needHelp' })]);
    expect(logger.lines.map((l) => l.code)).toContain('EMERGENCY_SHOWN');
  });

  test('When the member types the check-ins, then "Testlid02 niet bereikt" and "alles goed" work in a text channel', async () => {
    const { client } = circleChat(world, 'sms', 'en-US', ANNA);
    await play(client, [
      ['all good', en.t('circles:checkin.okThanks')],
      ['I could not reach Testlid02', en.t('circles:checkin.notReachedSent')],
      ['not reached', en.t('circles:commands.whoNotReached')],
      ['2', en.t('circles:checkin.notReachedSent')],
    ]);
    expect(await openEscalations()).toHaveLength(1);
  });

  test('When the round is closed, then "alles goed" gets a polite answer, and help can still be asked', async () => {
    world.clock.set('2027-03-01T08:05:00.000Z'); // 09:05 in Amsterdam: the 09:00 round has started
    const coordinator = circleChat(world, 'sms', 'nl-NL', COORDINATOR);
    await play(coordinator.client, [['rond', nl.t('circles:done.closed')]]);
    const { client } = circleChat(world, 'sms', 'nl-NL', ANNA);
    await play(client, [
      ['alles goed', nl.t('circles:errors.ROUND_CLOSED')],
      ['belcirkel', nl.t('circles:list.role.member', { time: '09:00' })],
      ['1', nl.t('circles:checkin.roundClosed')],
      ['1', /112[\s\S]*Ik heb de coördinator een waarschuwing gestuurd. Hoort u niets/],
    ]);
  });
});

describe('the coordinator handles an escalation', () => {
  test('When the coordinator presses "Ik pak het op" and then an outcome, then both are recorded once', async () => {
    const anna = circleChat(world, 'msteams', 'nl-NL', ANNA);
    await turn(anna.client, submit({ verb: 'circle.checkin', circleId, kind: 'notReached', about: bertId }));
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    const [view] = await play(client, [[submit({ verb: 'circle.open', circleId }), nl.t('circles:view.reason.notReached', { name: 'Testlid02' })]]);
    const ack = submitsIn(view ?? []).find((d) => d.verb === 'circle.ack');
    const outcome = submitsIn(view ?? []).find((d) => d.verb === 'circle.outcome' && d.outcome === 'keyHolder');
    expect(ack).toBeDefined();
    await play(client, [
      [submit(ack ?? {}), nl.t('circles:done.ack')],
      [submit(outcome ?? {}), nl.t('circles:done.outcome', { outcome: nl.t('circles:outcomes.keyHolder') })],
      [submit(outcome ?? {}), nl.t('circles:errors.ESCALATION_RESOLVED')],
    ]);
    expect(await openEscalations()).toEqual([]);
  });

  test('When the coordinator types "opgepakt" and "afgerond", then the one open escalation is acknowledged and resolved', async () => {
    const anna = circleChat(world, 'sms', 'nl-NL', ANNA);
    await turn(anna.client, 'Testlid02 niet bereikt');
    const { client } = circleChat(world, 'sms', 'nl-NL', COORDINATOR);
    await play(client, [
      ['opgepakt', nl.t('circles:done.ack')],
      ['afgerond', nl.t('circles:questions.outcome.title')],
      ['1', nl.t('circles:edit.done.outcome', { outcome: nl.t('circles:outcomes.allGood') })],
      ['opgepakt', nl.t('circles:commands.nothingOpen')],
    ]);
    expect(await openEscalations()).toEqual([]);
  });

  test('When the coordinator of the day reports a member not reached, then the alert card is the one answer: "U heeft dit gemeld", not yet picked up', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [[submit({ verb: 'circle.open', circleId }), nl.t('circles:view.membersTitle')]]);
    const replies = await turn(client, submit({ verb: 'circle.notReached', circleId, memberId: bertId }));
    // No "Vastgelegd" text and no second overview card: the alert card (through the outbox) is the answer.
    expect(replies).toEqual([]);
    // The same rule as for a member: only "Ik pak het op" acknowledges, so the backup hears when nobody does.
    expect(await openEscalations()).toEqual([expect.objectContaining({ reason: 'notReached', acknowledged: false })]);
    const alerts = (await world.signals.outbox.list()).filter((m) => m.kind === 'circle.escalation');
    expect(alerts.map((m) => m.target)).toEqual([{ kind: 'chat', chatKey: COORDINATOR }]);
    const notice = await new CircleNoticeBuilder(world.store).build(alerts[0] as OutboxMessage);
    const text = typeof notice === 'string' ? notice : renderCircleNotice(nl, notice, false).text;
    expect(text).toContain(nl.t('circles:notices.escalation.byYou'));
    expect(text).not.toContain(nl.t('circles:notices.escalation.byCoordinator'));
    expect(text).toContain(nl.t('circles:buttons.ack'));
  });

  test('When another coordinator reports a member not reached, then they hear that the coordinator of the day is alerted', async () => {
    const invite = await world.circles.invite({ chatKey: COORDINATOR }, circleId, { role: 'coordinator', weekdays: [] });
    if (!invite.ok) throw new Error(invite.code);
    await world.circles.join({ chatKey: 'chat-second-coordinator' }, invite.value.code);
    await world.circles.decideCoordinator({ chatKey: COORDINATOR }, circleId, 'chat-second-coordinator', 'approve');
    const { client } = circleChat(world, 'msteams', 'nl-NL', 'chat-second-coordinator');
    await play(client, [[submit({ verb: 'circle.notReached', circleId, memberId: bertId }), nl.t('circles:done.notReached')]]);
  });

  test('When "Ik pak het op" is pressed on the alert card in Teams, then that card is updated in place and nothing else is posted', async () => {
    await world.circles.reportNotReached({ chatKey: COORDINATOR }, circleId, bertId);
    const [escalation] = await openEscalations();
    const updates: Array<Partial<Activity>> = [];
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR, { replyToId: 'alert-card-1', onUpdate: (a) => updates.push(a) });
    const replies = await turn(client, submit({ verb: 'circle.ack', circleId, escalationId: escalation?.escalationId, from: 'alert' }));
    expect(replies).toEqual([]);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.id).toBe('alert-card-1');
    const card = JSON.stringify(updates[0]?.attachments);
    expect(card).toContain(nl.t('circles:notices.escalation.acked'));
    expect(card).not.toContain(nl.t('circles:buttons.ack'));
    expect(await openEscalations()).toEqual([expect.objectContaining({ acknowledged: true })]);
  });

  test('When "De cirkel is rond" is pressed while an alert is open, or before the start time, then it is refused politely', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', COORDINATOR);
    await play(client, [[submit({ verb: 'circle.close', circleId }), nl.t('circles:errors.ROUND_NOT_STARTED')]]);
    world.clock.set('2027-03-01T08:05:00.000Z');
    await world.circles.reportNotReached({ chatKey: COORDINATOR }, circleId, bertId);
    const [escalation] = await openEscalations();
    await play(client, [
      [submit({ verb: 'circle.close', circleId }), nl.t('circles:errors.ROUND_ALERT_OPEN')],
      [submit({ verb: 'circle.outcome', circleId, escalationId: escalation?.escalationId, outcome: 'allGood' }), nl.t('circles:done.outcome', { outcome: nl.t('circles:outcomes.allGood') })],
      [submit({ verb: 'circle.close', circleId }), nl.t('circles:done.closed')],
    ]);
  });

  test('When a check-in button is pressed in the middle of creating a circle, then it is recorded and the question comes back', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', ANNA);
    await play(client, [
      [submit({ verb: 'circle.create' }), nl.t('circles:questions.name.title')],
      [submit({ verb: 'circle.checkin', circleId, kind: 'ok' }), new RegExp(`${nl.t('circles:checkin.okThanks')}[\\s\\S]*${nl.t('circles:questions.name.title')}`)],
      [answer('name', 'Tweede cirkel'), nl.t('circles:questions.time.title')],
    ]);
  });
});

describe('outside a personal chat', () => {
  test('When circles are asked for in a group chat, then the bot says they belong in a personal chat', async () => {
    const { client } = circleChat(world, 'msteams', 'nl-NL', ANNA, { conversationType: 'groupChat' });
    await play(client, [
      [submit({ verb: 'menu', choice: 'circle' }), nl.t('circles:personalOnly')],
      [submit({ verb: 'circle.checkin', circleId, kind: 'ok' }), nl.t('circles:personalOnly')],
      ['doe mee 12345678', nl.t('circles:personalOnly')],
    ]);
    expect(await openEscalations()).toEqual([]);
    const replies = textOf(await turn(client, 'alles goed'));
    expect(replies).not.toContain(nl.t('circles:checkin.okThanks'));
  });
});
