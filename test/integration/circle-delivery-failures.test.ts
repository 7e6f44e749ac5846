import { MAX_DELIVERY_ATTEMPTS } from '../../src/domain/delivery-policy';
import type { OutboxMessage } from '../../src/ports/outbox';
import { type Harness, startHarness } from '../helpers/app-harness';
import { chatKeyOf, circleWithMember as sharedCircleWithMember } from '../helpers/delivery-world';
import { fakeClock } from '../helpers/signal-fixtures';

/**
 * A call-circle reminder whose send fails is not marked sent: it waits with its attempt counted,
 * becomes undeliverable after the last retry (or at once when the chat is gone), and the
 * coordinator of the day hears that it could not be sent. Real app on port 0, a Bot Connector
 * stub that fails one conversation, a fake clock. 2027-03-01 is a Monday (UTC+1).
 */
const COORDINATOR_CONVERSATION = 'a:circle-coordinator-failures';
const MEMBER_CONVERSATION = 'a:circle-member-failures';

let harness: Harness;
const clock = fakeClock('2027-03-01T07:00:00.000Z');

afterEach(async () => {
  await harness?.close();
});

const chatKey = chatKeyOf;

/** A circle with one member who joined from their own chat; returns the circle id. */
const circleWithMember = (): Promise<string> => sharedCircleWithMember(harness, COORDINATOR_CONVERSATION, MEMBER_CONVERSATION);

async function memberReminder(): Promise<OutboxMessage> {
  const all = await harness.app.signals.store.outbox.list();
  const found = all.find((m) => m.kind === 'circle.reminder' && m.target.kind === 'chat' && m.target.chatKey === chatKey(MEMBER_CONVERSATION));
  if (!found) throw new Error('no member reminder queued');
  return found;
}

/** What the coordinator's chat received (cards included) after its first `skip` activities, answered calls only. */
function coordinatorTexts(skip = 0): string {
  return JSON.stringify(harness.connector.sent(COORDINATOR_CONVERSATION).slice(skip));
}

/** The coordinator was told that the reminder of member 1 did not arrive. */
const toldNotSent = (skip: number) => () => /Testlid01/.test(coordinatorTexts(skip)) && /kon niet worden verstuurd/.test(coordinatorTexts(skip));

async function reminderTime(): Promise<void> {
  clock.set('2027-03-01T07:50:00.000Z');
  await harness.app.circles.scheduler.tick();
  await harness.app.signals.worker.runOnce();
}

test('When a member reminder gets 429, then 500s until the last retry, then it waits with each attempt counted, is undeliverable at the end, and the coordinator hears it', async () => {
  clock.set('2027-03-01T07:00:00.000Z');
  harness = await startHarness({ OUTBOX_POLL_MS: '60000' }, { clock });
  await circleWithMember();
  harness.connector.failNextFor(MEMBER_CONVERSATION, 1, 429, { 'retry-after': '2' });
  harness.connector.failNextFor(MEMBER_CONVERSATION, MAX_DELIVERY_ATTEMPTS, 500);

  await reminderTime();
  await harness.connector.waitFor(() => harness.connector.sent(COORDINATOR_CONVERSATION).length > 0);
  const before = harness.connector.sent(COORDINATOR_CONVERSATION).length;
  let reminder = await memberReminder();
  expect(reminder).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP_429' });

  for (let attempt = 2; attempt <= MAX_DELIVERY_ATTEMPTS; attempt += 1) {
    clock.set(new Date(clock.now().getTime() + 11 * 60_000).toISOString());
    await harness.app.signals.worker.runOnce();
    reminder = await memberReminder();
    if (attempt < MAX_DELIVERY_ATTEMPTS) expect(reminder).toMatchObject({ status: 'pending', attempts: attempt, lastError: 'HTTP_500' });
  }
  expect(reminder).toMatchObject({ status: 'undeliverable', lastError: 'HTTP_500' });

  // The coordinator of the day is told, by first name of the member, that the reminder did not arrive.
  await harness.app.signals.worker.runOnce();
  await harness.connector.waitFor(toldNotSent(before));
  const notices = (await harness.app.signals.store.outbox.list()).filter((m) => m.kind === 'circle.notSent');
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatchObject({ status: 'sent', target: { kind: 'chat', chatKey: chatKey(COORDINATOR_CONVERSATION) } });
  // Never the member's number or key holder in the log.
  expect(harness.logs.lines.join('\n')).not.toMatch(/Testlid01|0600000001|Sleutel01/);
});

test('When the member chat answers 403 (bot removed), then the reminder is undeliverable at once and the coordinator hears it once', async () => {
  clock.set('2027-03-01T07:00:00.000Z');
  harness = await startHarness({ OUTBOX_POLL_MS: '60000' }, { clock });
  await circleWithMember();
  harness.connector.failNextFor(MEMBER_CONVERSATION, 1, 403);

  await reminderTime();
  await harness.connector.waitFor(() => harness.connector.sent(COORDINATOR_CONVERSATION).length > 0);
  const before = harness.connector.sent(COORDINATOR_CONVERSATION).length;
  const reminder = await memberReminder();
  expect(reminder).toMatchObject({ status: 'undeliverable', attempts: 1, lastError: 'HTTP_403' });
  await harness.app.signals.worker.runOnce();
  await harness.connector.waitFor(toldNotSent(before));
  // A second pass or a restart does not tell the coordinator again.
  await harness.restart();
  await harness.app.signals.worker.runOnce();
  expect((await harness.app.signals.store.outbox.list()).filter((m) => m.kind === 'circle.notSent')).toHaveLength(1);
});

test('When the coordinator of the day cannot be reached and there is no other coordinator, then the operator is told in the log and nothing goes round in circles', async () => {
  clock.set('2027-03-01T07:00:00.000Z');
  harness = await startHarness({ OUTBOX_POLL_MS: '60000' }, { clock });
  await circleWithMember();
  harness.connector.failNextFor(COORDINATOR_CONVERSATION, 1, 403);

  await reminderTime();
  await harness.app.signals.worker.runOnce();
  const coordinatorReminder = (await harness.app.signals.store.outbox.list()).find(
    (m) => m.kind === 'circle.reminder' && m.target.kind === 'chat' && m.target.chatKey === chatKey(COORDINATOR_CONVERSATION),
  );
  expect(coordinatorReminder).toMatchObject({ status: 'undeliverable', lastError: 'HTTP_403' });
  expect((await harness.app.signals.store.outbox.list()).filter((m) => m.kind === 'circle.notSent')).toHaveLength(0);
  expect(harness.logs.codes()).toContain('CIRCLE_NOT_SENT_UNTOLD');
});
