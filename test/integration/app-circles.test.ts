import { ChatDirectory } from '../../src/adapters/botframework/chat-directory';
import { type Harness, startHarness, teamsMessage } from '../helpers/app-harness';
import { fakeClock } from '../helpers/signal-fixtures';

/**
 * A call circle run from chat, against the real app on port 0 and a Bot Connector stub, with a
 * fake clock driving the scheduler: a coordinator creates the circle by chat, a member joins
 * with a code, reminders arrive as cards at 08:50, a "not reached" check-in alerts the
 * coordinator at once and again after 15 minutes without acknowledgement, the outcome reaches
 * the member, and nothing is sent twice across a restart. 2027-03-01 is a Monday (UTC+1).
 */
const COORDINATOR_CONVERSATION = 'a:circle-coordinator-synthetic';
const MEMBER_CONVERSATION = 'a:circle-member-synthetic';
const CARD = 'application/vnd.microsoft.card.adaptive';

let harness: Harness;
const clock = fakeClock('2027-03-01T07:00:00.000Z');

afterEach(async () => {
  await harness?.close();
});

const chatKey = (conversationId: string) => ChatDirectory.keyOf({ channelId: 'msteams', conversation: { id: conversationId } as never });

async function say(conversationId: string, fields: Record<string, unknown>): Promise<void> {
  const response = await harness.post(teamsMessage(conversationId, fields));
  expect(response.status).toBe(200);
}

const answer = (field: string, value?: string, extra: Record<string, string> = {}) => ({ value: { verb: 'circle.answer', field, ...(value === undefined ? {} : { value }), ...extra } });

function cardsSentTo(conversationId: string): Array<Record<string, unknown>> {
  return harness.connector
    .sent(conversationId)
    .flatMap((a) => ((a.attachments as Array<{ contentType: string; content: Record<string, unknown> }> | undefined) ?? []).filter((x) => x.contentType === CARD))
    .map((x) => x.content);
}

/** Submit data of every button in the cards sent to a conversation. */
function buttonsSentTo(conversationId: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'Action.Submit' && n.data && typeof n.data === 'object') out.push(n.data as Record<string, unknown>);
    Object.values(n).forEach(visit);
  };
  cardsSentTo(conversationId).forEach(visit);
  return out;
}

async function createCircleByChat(): Promise<void> {
  await say(COORDINATOR_CONVERSATION, { text: 'hallo' });
  await say(COORDINATOR_CONVERSATION, { value: { verb: 'menu', choice: 'circle' } });
  await say(COORDINATOR_CONVERSATION, { value: { verb: 'circle.create' } });
  for (const [field, value] of [
    ['name', 'Belcirkel Synthetisch'],
    ['time', '9:00'],
    ['days', '1,2,3,4,5,6,7'],
    ['mode', 'chain'],
    ['window', '30'],
    ['holidays', 'no'],
  ] as const) {
    await say(COORDINATOR_CONVERSATION, answer(field, value));
  }
  // The members form: two rows at once (its inputs r1Name ... r2Consent), the other rows left empty.
  const rows = Object.fromEntries(
    ([
      [1, 'Testlid Een'],
      [2, 'Testlid Twee'],
    ] as const).flatMap(([n, name]) => [
      [`r${n}Name`, name],
      [`r${n}Phone`, `06 0000000${n}`],
      [`r${n}KhName`, `Sleutel Synthetisch ${n}`],
      [`r${n}KhPhone`, `06 1000000${n}`],
      [`r${n}KhRelation`, 'buurman'],
      [`r${n}Consent`, 'true'],
    ]),
  );
  await say(COORDINATOR_CONVERSATION, answer('members', undefined, rows));
  await say(COORDINATOR_CONVERSATION, answer('summary', 'save'));
}

test('a coordinator runs a circle from chat: reminders on time, escalation along the ladder, nothing twice across a restart', async () => {
  clock.set('2027-03-01T07:00:00.000Z');
  harness = await startHarness({ OUTBOX_POLL_MS: '50' }, { clock });
  await createCircleByChat();
  const coordinator = { chatKey: chatKey(COORDINATOR_CONVERSATION) };
  const [summary] = await harness.app.circles.circles.listFor(coordinator.chatKey);
  expect(summary).toMatchObject({ name: 'Belcirkel Synthetisch', role: 'coordinator', memberCount: 2 });
  const circleId = summary!.circleId;
  const view = await harness.app.circles.circles.view(coordinator, circleId);
  if (!view.ok) throw new Error(view.code);
  const [first, second] = view.value.members;

  // The first member joins in their own chat with a code.
  const invite = await harness.app.circles.circles.invite(coordinator, circleId, { role: 'member', memberId: first!.memberId });
  if (!invite.ok) throw new Error(invite.code);
  await say(MEMBER_CONVERSATION, { text: `doe mee ${invite.value.code}` });
  expect((await harness.app.circles.circles.listFor(chatKey(MEMBER_CONVERSATION)))[0]).toMatchObject({ circleId, role: 'member' });

  // 08:49: nothing yet. 08:50: one reminder card in each chat.
  const before = { coordinator: cardsSentTo(COORDINATOR_CONVERSATION).length, member: cardsSentTo(MEMBER_CONVERSATION).length };
  clock.set('2027-03-01T07:49:00.000Z');
  await harness.app.circles.scheduler.tick();
  clock.set('2027-03-01T07:50:00.000Z');
  await harness.app.circles.scheduler.tick();
  await harness.connector.waitFor(() => cardsSentTo(MEMBER_CONVERSATION).length === before.member + 1 && cardsSentTo(COORDINATOR_CONVERSATION).length === before.coordinator + 1);
  // The member's reminder offers the three check-ins, with the person they call today.
  expect(buttonsSentTo(MEMBER_CONVERSATION)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ verb: 'circle.checkin', circleId, kind: 'ok' }),
      expect.objectContaining({ verb: 'circle.checkin', circleId, kind: 'notReached', about: second!.memberId }),
      expect.objectContaining({ verb: 'circle.checkin', circleId, kind: 'needHelp' }),
    ]),
  );

  // A restart, and ticks in the same and the next minute: no second reminder.
  await harness.restart();
  await harness.app.circles.scheduler.tick();
  clock.set('2027-03-01T07:51:00.000Z');
  await harness.app.circles.scheduler.tick();
  await harness.app.signals.worker.runOnce();
  expect(cardsSentTo(MEMBER_CONVERSATION)).toHaveLength(before.member + 1);
  expect(cardsSentTo(COORDINATOR_CONVERSATION)).toHaveLength(before.coordinator + 1);

  // "Ik heb Testlid Twee niet bereikt": the coordinator gets the alert with the key holder at once.
  await say(MEMBER_CONVERSATION, { value: { verb: 'circle.checkin', circleId, kind: 'notReached', about: second!.memberId } });
  await harness.connector.waitFor(() => cardsSentTo(COORDINATOR_CONVERSATION).length === before.coordinator + 2);
  const alert = JSON.stringify(cardsSentTo(COORDINATOR_CONVERSATION).at(-1));
  expect(alert).toContain('Testlid Twee');
  expect(alert).toContain('Sleutel Synthetisch 2');
  expect(alert).toContain('112');
  const ack = buttonsSentTo(COORDINATOR_CONVERSATION).find((b) => b.verb === 'circle.ack');
  expect(ack).toMatchObject({ circleId });

  // Nobody acknowledges: 15 minutes after the alert (08:51) it goes out again (this circle has no
  // backup coordinator, so to the coordinator of the day).
  clock.set('2027-03-01T08:05:00.000Z');
  await harness.app.circles.scheduler.tick();
  await harness.app.signals.worker.runOnce();
  expect(cardsSentTo(COORDINATOR_CONVERSATION)).toHaveLength(before.coordinator + 2);
  clock.set('2027-03-01T08:06:00.000Z');
  await harness.app.circles.scheduler.tick();
  await harness.connector.waitFor(() => cardsSentTo(COORDINATOR_CONVERSATION).length === before.coordinator + 3);

  // The coordinator records the outcome: the member who raised it hears that all is well.
  const memberMessagesBefore = harness.connector.sent(MEMBER_CONVERSATION).length;
  await say(COORDINATOR_CONVERSATION, { value: { verb: 'circle.outcome', circleId, escalationId: ack!.escalationId, outcome: 'allGood' } });
  await harness.connector.waitFor(() => harness.connector.sent(MEMBER_CONVERSATION).length > memberMessagesBefore);
  expect(JSON.stringify(harness.connector.sent(MEMBER_CONVERSATION).at(-1))).toContain('Testlid Twee');

  // No personal data in any log line.
  const logs = harness.logs.lines.join('\n');
  for (const personal of ['Testlid', 'Sleutel Synthetisch', '0600000001', '+31600000001', '06 00000001']) expect(logs).not.toContain(personal);
}, 30_000);
