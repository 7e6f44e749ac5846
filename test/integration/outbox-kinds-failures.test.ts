import { cardUpdateMessage, overdueMessage, reporterMessage } from '../../src/application/outbox-messages';
import { draft } from '../helpers/app-fixtures';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/domain/delivery-policy';
import type { Signal } from '../../src/domain/signal';
import { OUTBOX_KINDS, type OutboxKind, type OutboxMessage, routeOf, TEAMS_ROUTES, type TeamsRoute } from '../../src/ports/outbox';
import { type Harness, startHarness, teamsMessage } from '../helpers/app-harness';
import { chatKeyOf, circleWithMember, linkTeamChannel } from '../helpers/delivery-world';
import { fakeClock } from '../helpers/signal-fixtures';

/**
 * Issue #10: "the same failure tests run for every kind of outbox message through the one sender".
 * One row per route to the Bot Connector; each row runs through the real app (worker, delivery,
 * ProactiveSender) on port 0 against the connector stub with a fake clock:
 * - 429 with Retry-After, then 500 until the last attempt: pending with each attempt counted, the
 *   next attempt not before Retry-After, retried, then undeliverable;
 * - 403: undeliverable at once; the team's link is broken, or for a personal chat the chat is gone.
 * A call-circle message that is not delivered is told to the coordinator of the day.
 * 2027-03-01 is a Monday (UTC+1).
 */
const REPORTER_CONVERSATION = 'a:reporter-kinds';
const COORDINATOR_CONVERSATION = 'a:circle-coordinator-kinds';
const MEMBER_CONVERSATION = 'a:circle-member-kinds';
const RETRY_AFTER_S = 120;

const reportDraft = draft();

/** What a row built before its message is queued. */
interface World {
  signal?: Signal;
  /** The conversation id of the signal's thread in the team channel. */
  thread?: string;
}

interface Row {
  /** The kinds of message that take this route (all of them share its handler). */
  kinds: readonly OutboxKind[];
  /** Builds what the message needs; everything queued while doing so is delivered. */
  arrange(h: Harness): Promise<World>;
  /** The conversation the send goes into; undefined for a new thread (POST /v3/conversations). */
  conversation(world: World): string | undefined;
  /** Lets the app queue the message under test. */
  queue(h: Harness, world: World): Promise<void>;
  /** Finds that message in the outbox. */
  isIt(m: OutboxMessage): boolean;
  /** What a 403 means here: the signaalpunt's link is broken, or the personal chat is gone. */
  on403: 'linkBroken' | 'chatGone';
  /** The coordinator of the day is told when it could not be delivered. */
  tellsCoordinator: boolean;
}

const clock = fakeClock('2027-03-01T07:00:00.000Z');

/** A linked channel and a reported signal whose team card is in its thread. */
async function signalInThread(h: Harness, options: { reporter?: boolean } = {}): Promise<World> {
  await linkTeamChannel(h);
  let reporterChatKey: string | undefined;
  if (options.reporter) {
    expect((await h.post(teamsMessage(REPORTER_CONVERSATION, { text: 'status' }))).status).toBe(200);
    reporterChatKey = chatKeyOf(REPORTER_CONVERSATION);
  }
  const result = await h.app.signals.report.submit(reportDraft, { submissionKey: 'k-kinds', ...(reporterChatKey ? { reporterChatKey } : {}) });
  if (!result.ok) throw new Error(result.code);
  await h.app.signals.worker.runOnce();
  expect(h.connector.created()).toHaveLength(1);
  const signal = (await h.app.signals.store.signals.list())[0]!;
  const [post] = await h.app.signals.store.outbox.cardPosts(signal.id);
  if (!post) throw new Error('no thread');
  return { signal, thread: post.conversationId };
}

const rows: Record<TeamsRoute, Row> = {
  'teams.newThread': {
    kinds: ['signal.new'],
    arrange: async (h) => {
      await linkTeamChannel(h);
      return {};
    },
    conversation: () => undefined,
    queue: async (h) => {
      const result = await h.app.signals.report.submit(reportDraft, { submissionKey: 'k-new' });
      expect(result.ok).toBe(true);
    },
    isIt: (m) => m.kind === 'signal.new' && m.target.kind === 'teams',
    on403: 'linkBroken',
    tellsCoordinator: false,
  },
  'teams.cardUpdate': {
    kinds: ['signal.cardUpdate'],
    arrange: (h) => signalInThread(h),
    conversation: (w) => w.thread,
    queue: (h, w) => h.app.signals.store.outbox.enqueue([cardUpdateMessage(w.signal!, clock.now())]),
    isIt: (m) => m.kind === 'signal.cardUpdate',
    on403: 'linkBroken',
    tellsCoordinator: false,
  },
  'teams.threadReply': {
    kinds: ['signal.threadReply'],
    arrange: (h) => signalInThread(h),
    conversation: (w) => w.thread,
    queue: (h, w) => h.app.signals.store.outbox.enqueue([overdueMessage(w.signal!, '2027-03-01', clock.now())]),
    isIt: (m) => m.kind === 'signal.threadReply',
    on403: 'linkBroken',
    tellsCoordinator: false,
  },
  'reporter.notice': {
    kinds: ['reporter.notify'],
    arrange: (h) => signalInThread(h, { reporter: true }),
    conversation: () => REPORTER_CONVERSATION,
    queue: (h, w) => h.app.signals.store.outbox.enqueue([reporterMessage(w.signal!, 'claimed', clock.now())!]),
    isIt: (m) => m.kind === 'reporter.notify',
    on403: 'chatGone',
    tellsCoordinator: false,
  },
  'circle.chat': {
    kinds: ['circle.reminder', 'circle.escalation', 'circle.allClear', 'circle.missed', 'circle.weekly', 'circle.notSent', 'circle.notice'],
    arrange: async (h) => {
      await circleWithMember(h, COORDINATOR_CONVERSATION, MEMBER_CONVERSATION);
      await h.app.signals.worker.runOnce();
      return {};
    },
    conversation: () => MEMBER_CONVERSATION,
    // The member's reminder of the day, queued by the real scheduler.
    queue: async (h) => {
      clock.set('2027-03-01T07:50:00.000Z');
      await h.app.circles.scheduler.tick();
    },
    isIt: (m) => m.kind === 'circle.reminder' && m.target.kind === 'chat' && m.target.chatKey === chatKeyOf(MEMBER_CONVERSATION),
    on403: 'chatGone',
    tellsCoordinator: true,
  },
};

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function world(row: Row): Promise<World> {
  clock.set('2027-03-01T07:00:00.000Z');
  h = await startHarness({ SIGNAALPUNTEN_FILE: 'deployment/signaalpunten.example.json', OUTBOX_POLL_MS: '60000' }, { clock });
  const built = await row.arrange(h);
  expect(await h.app.signals.store.outbox.list('pending')).toEqual([]);
  return built;
}

/** The next `count` calls of this row's send answer `status`. */
function fail(row: Row, w: World, count: number, status: number, headers: Record<string, string> = {}): void {
  const conversation = row.conversation(w);
  if (conversation === undefined) h!.connector.failNext(count, status, headers);
  else h!.connector.failNextFor(conversation, count, status, headers);
}

async function theMessage(row: Row, route: TeamsRoute): Promise<OutboxMessage> {
  const found = (await h!.app.signals.store.outbox.list()).filter((m) => row.isIt(m));
  expect(found).toHaveLength(1);
  expect(routeOf(found[0]!)).toBe(route);
  expect(row.kinds).toContain(found[0]!.kind);
  return found[0]!;
}

/** The coordinator was told, once, that a circle message did not arrive. */
async function coordinatorTold(): Promise<void> {
  await h!.app.signals.worker.runOnce();
  const notices = (await h!.app.signals.store.outbox.list()).filter((m) => m.kind === 'circle.notSent');
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatchObject({ status: 'sent', target: { kind: 'chat', chatKey: chatKeyOf(COORDINATOR_CONVERSATION) } });
}

test('When a kind of outbox message is added, then it has a route to Teams, and every route to Teams has a row here', () => {
  expect(Object.keys(rows).sort()).toEqual([...TEAMS_ROUTES].sort());
  const covered = new Set(Object.values(rows).flatMap((r) => r.kinds));
  expect(OUTBOX_KINDS.filter((k) => !covered.has(k))).toEqual([]);
});

describe.each(TEAMS_ROUTES.map((route) => [route, rows[route]] as const))('Route %s', (route, row) => {
  test('When Teams answers 429 with Retry-After and then 500 until the last attempt, then it waits with each attempt counted, is retried, and is undeliverable at the end', async () => {
    const w = await world(row);
    fail(row, w, 1, 429, { 'retry-after': String(RETRY_AFTER_S) });
    fail(row, w, MAX_DELIVERY_ATTEMPTS - 1, 500);
    await row.queue(h!, w);
    const throttledAt = clock.now().getTime();
    await h!.app.signals.worker.runOnce();

    let message = await theMessage(row, route);
    expect(message).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP_429' });
    expect(Date.parse(message.nextAttemptAt)).toBeGreaterThanOrEqual(throttledAt + RETRY_AFTER_S * 1000);
    // Not a second earlier: the worker leaves it alone until then.
    clock.set(new Date(Date.parse(message.nextAttemptAt) - 1000).toISOString());
    await h!.app.signals.worker.runOnce();
    expect(await theMessage(row, route)).toMatchObject({ attempts: 1 });

    for (let attempt = 2; attempt <= MAX_DELIVERY_ATTEMPTS; attempt += 1) {
      clock.set(message.nextAttemptAt);
      await h!.app.signals.worker.runOnce();
      message = await theMessage(row, route);
      expect(message).toMatchObject({ attempts: attempt, lastError: 'HTTP_500', status: attempt < MAX_DELIVERY_ATTEMPTS ? 'pending' : 'undeliverable' });
    }
    // A 500 says nothing about the link.
    expect(h!.logs.codes()).not.toContain('LINK_BROKEN');
    if (row.tellsCoordinator) await coordinatorTold();
  });

  test('When Teams answers 403, then it is undeliverable at once: the link is broken, or for a personal chat the chat is gone', async () => {
    const w = await world(row);
    fail(row, w, 1, 403);
    await row.queue(h!, w);
    await h!.app.signals.worker.runOnce();

    expect(await theMessage(row, route)).toMatchObject({ status: 'undeliverable', attempts: 1, lastError: 'HTTP_403' });
    if (row.on403 === 'linkBroken') expect(h!.logs.codes()).toContain('LINK_BROKEN');
    else expect(h!.logs.codes()).not.toContain('LINK_BROKEN');
    if (row.tellsCoordinator) await coordinatorTold();
  });
});
