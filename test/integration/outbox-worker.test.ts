import { SignalStore } from '../../src/adapters/persistence/signal-store';
import { OutboxWorker, type OutboxWorkerOptions } from '../../src/application/outbox-worker';
import { MAX_DELIVERY_ATTEMPTS } from '../../src/domain/delivery-policy';
import type { DeliveryChannel, DeliveryResult, OutboxMessage } from '../../src/ports/outbox';
import { noopTelemetry, type Telemetry } from '../../src/ports/telemetry';
import { captureLogger, fakeClock, makeMessage, PERSONAL, tempDir, testCipher } from '../helpers/signal-fixtures';

/** A channel that answers from a script (the last answer repeats) and counts sends per idempotency key. */
class FakeChannel implements DeliveryChannel {
  readonly sent = new Map<string, number>();
  readonly calls: OutboxMessage[] = [];

  constructor(private readonly answers: Array<DeliveryResult | (() => Promise<DeliveryResult>)> = [{ ok: true, activityId: 'act-1' }]) {}

  async deliver(m: OutboxMessage): Promise<DeliveryResult> {
    this.calls.push(m);
    const next = this.answers.length > 1 ? this.answers.shift()! : this.answers[0]!;
    const result = typeof next === 'function' ? await next() : next;
    if (result.ok) this.sent.set(m.idempotencyKey, (this.sent.get(m.idempotencyKey) ?? 0) + 1);
    return result;
  }
}

let dir: string;
let cleanup: () => void;
let clock: ReturnType<typeof fakeClock>;
let logger: ReturnType<typeof captureLogger>;
const cipher = testCipher();
const stores: SignalStore[] = [];
const workers: OutboxWorker[] = [];

async function openStore(): Promise<SignalStore> {
  const store = await SignalStore.open({ dataDir: dir, cipher, logger });
  stores.push(store);
  return store;
}

function worker(store: SignalStore, channel: DeliveryChannel, extra: Partial<OutboxWorkerOptions> = {}): OutboxWorker {
  const w = new OutboxWorker({ outbox: store.outbox, handlers: { 'teams.newThread': channel, 'reporter.notice': channel }, clock, logger, random: () => 0, ...extra });
  workers.push(w);
  return w;
}

const at = (iso: string) => ({ createdAt: iso, nextAttemptAt: iso });

beforeEach(() => {
  ({ dir, cleanup } = tempDir('outbox'));
  clock = fakeClock('2026-03-02T09:00:00.000Z');
  logger = captureLogger();
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await Promise.all(stores.splice(0).map((s) => s.flush()));
  cleanup();
});

describe('OutboxWorker', () => {
  test('When a due message is delivered, then it is marked sent with the result, and the next pass sends nothing', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1' })]);
    const channel = new FakeChannel([{ ok: true, activityId: 'act-1', conversationId: 'conv-1' }]);
    const w = worker(store, channel);

    expect(await w.runOnce()).toBe(1);
    expect(await w.runOnce()).toBe(0);
    expect(await store.outbox.get('m1')).toMatchObject({
      status: 'sent',
      attempts: 1,
      sentAt: clock.now().toISOString(),
      result: { activityId: 'act-1', conversationId: 'conv-1' },
    });
  });

  test('When the connector answers 429 with Retry-After, then the message waits at least that long and is then sent', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1' })]);
    const channel = new FakeChannel([{ ok: false, code: 'HTTP_429', retryable: true, retryAfterMs: 5_000 }, { ok: true }]);
    const w = worker(store, channel);

    await w.runOnce();
    expect(await store.outbox.get('m1')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP_429', nextAttemptAt: '2026-03-02T09:00:05.000Z' });
    clock.advance(4_999);
    expect(await w.runOnce()).toBe(0);
    clock.advance(1);
    expect(await w.runOnce()).toBe(1);
    expect(await store.outbox.get('m1')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(channel.sent.get('key:m1')).toBe(1);
  });

  test('When a 429 is followed by a send, then telemetry counts a retry with HTTP_429, a throttle and a sent with its latency', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1', ...at('2026-03-02T08:59:00.000Z') })]);
    const channel = new FakeChannel([{ ok: false, code: 'HTTP_429', retryable: true, retryAfterMs: 5_000 }, { ok: true }]);
    const calls: Array<[string, string, unknown, unknown?]> = [];
    const telemetry: Telemetry = {
      ...noopTelemetry,
      span: (name, attributes, fn) => fn({ set: (more) => calls.push(['span', name, { ...attributes, ...more }]) }),
      count: (name, attributes) => calls.push(['count', name, attributes]),
      record: (name, value, attributes) => calls.push(['record', name, attributes, value]),
    };
    const w = worker(store, channel, { telemetry });
    await w.runOnce();
    clock.advance(5_000);
    await w.runOnce();
    expect(calls).toEqual([
      ['span', 'outbox.deliver', expect.objectContaining({ 'outbox.target': 'teams', 'outbox.result': 'retry', 'outbox.code': 'HTTP_429', 'outbox.attempt': 1 })],
      ['count', 'signaalbot.outbox.deliveries', { 'outbox.target': 'teams', 'outbox.result': 'retry', 'outbox.code': 'HTTP_429' }],
      ['count', 'signaalbot.outbox.throttled', { 'outbox.target': 'teams' }],
      ['span', 'outbox.deliver', expect.objectContaining({ 'outbox.result': 'sent', 'outbox.attempt': 2 })],
      ['count', 'signaalbot.outbox.deliveries', { 'outbox.target': 'teams', 'outbox.result': 'sent', 'outbox.code': undefined }],
      // Queued 08:59:00, sent 09:00:05.
      ['record', 'signaalbot.outbox.delivery_latency', { 'outbox.target': 'teams' }, 65_000],
    ]);
  });

  test('When every attempt fails, then after the last one the message is undeliverable, stays visible, and linking again leaves it (the link was not the cause)', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1' })]);
    const failing = new FakeChannel([{ ok: false, code: 'HTTP_503', retryable: true }]);
    const w = worker(store, failing, { random: () => 0.999 });

    for (let i = 0; i < MAX_DELIVERY_ATTEMPTS + 3; i++) {
      await w.runOnce();
      clock.advance(11 * 60_000); // past the longest backoff
    }
    expect(failing.calls).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(await store.outbox.list('undeliverable')).toEqual([
      expect.objectContaining({ id: 'm1', attempts: MAX_DELIVERY_ATTEMPTS, lastError: 'HTTP_503' }),
    ]);

    // A new link requeues only what failed for the link (issue 13): a 503 run-out stays for the operator.
    expect(await store.outbox.requeue('GM0677', clock.now())).toBe(0);
    expect(await store.outbox.get('m1')).toMatchObject({ status: 'undeliverable' });
  });

  test('When a Teams message was undeliverable for a missing link, then a requeue on linking sends it', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1' })]);
    const unlinked = new FakeChannel([{ ok: false, code: 'NOT_LINKED', retryable: false }]);
    await worker(store, unlinked).runOnce();
    expect(await store.outbox.get('m1')).toMatchObject({ status: 'undeliverable', lastError: 'NOT_LINKED' });

    expect(await store.outbox.requeue('GM0677', clock.now())).toBe(1);
    const fixed = new FakeChannel();
    expect(await worker(store, fixed).runOnce()).toBe(1);
    expect(await store.outbox.get('m1')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  test('When a failure is not retryable or no channel exists for a target, then the message is undeliverable at once', async () => {
    const store = await openStore();
    await store.outbox.enqueue([
      makeMessage({ id: 'm1' }),
      makeMessage({ id: 'm2', target: { kind: 'mail', signaalpuntId: 'GM0677', to: 'team@example.org' } }),
    ]);
    const w = worker(store, new FakeChannel([{ ok: false, code: 'HTTP_400', retryable: false }]));

    expect(await w.runOnce()).toBe(2);
    expect(await store.outbox.get('m1')).toMatchObject({ status: 'undeliverable', lastError: 'HTTP_400', attempts: 1 });
    expect(await store.outbox.get('m2')).toMatchObject({ status: 'undeliverable', lastError: 'NO_CHANNEL' });
    // A target kind without a channel (mail without SMTP_URL) was warned about at start: no error per signal (issue 14).
    const noChannel = logger.lines.filter((l) => l.fields.code === 'NO_CHANNEL');
    expect(noChannel.map((l) => l.level)).toEqual(['info']);
    expect(logger.lines.filter((l) => l.fields.code === 'HTTP_400').map((l) => l.level)).toEqual(['error']);
  });

  test('When one message is refused for good, then the next message to the same conversation still goes in the same pass', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1', ...at('2026-03-02T08:00:00.000Z') }), makeMessage({ id: 'm2', ...at('2026-03-02T08:00:01.000Z') })]);
    const w = worker(store, new FakeChannel([{ ok: false, code: 'SIGNAL_NOT_FOUND', retryable: false }, { ok: true }]));

    expect(await w.runOnce()).toBe(2);
    expect((await store.outbox.list('sent')).map((m) => m.id)).toEqual(['m2']);
  });

  test('When the channel reports the link broken, then onLinkBroken is told and the message waits for a requeue', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1' })]);
    const broken: Array<[string, string]> = [];
    const channel = new FakeChannel([{ ok: false, code: 'HTTP_403', retryable: true, linkBroken: true }]);
    const w = worker(store, channel, {
      onLinkBroken: async (sp, code) => {
        broken.push([sp, code]);
      },
    });

    await w.runOnce();
    expect(broken).toEqual([['GM0677', 'HTTP_403']]);
    expect(await store.outbox.get('m1')).toMatchObject({ status: 'undeliverable', lastError: 'HTTP_403' });
  });

  test('When a channel throws, then the attempt counts as a retryable failure and the error text is not logged', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1' })]);
    const w = worker(store, new FakeChannel([() => Promise.reject(new Error(`cannot render ${PERSONAL.personName}`))]));

    expect(await w.runOnce()).toBe(1);
    expect(await store.outbox.get('m1')).toMatchObject({ status: 'pending', lastError: 'DELIVERY_THREW' });
    expect(logger.text()).not.toContain(PERSONAL.personName);
  });

  test('When one conversation has more due than Teams allows, then 7 go now, the rest wait, and another conversation is not held up', async () => {
    const store = await openStore();
    const busy = Array.from({ length: 10 }, (_, i) => makeMessage({ id: `busy-${i}`, ...at(`2026-03-02T08:00:0${i}.000Z`) }));
    const other = makeMessage({ id: 'other', target: { kind: 'reporter', chatKey: 'chat-1' }, ...at('2026-03-02T08:30:00.000Z') });
    await store.outbox.enqueue([...busy, other]);
    const channel = new FakeChannel();
    const w = worker(store, channel);

    expect(await w.runOnce()).toBe(8);
    expect(channel.calls.map((m) => m.id)).toEqual(expect.arrayContaining(['other', ...busy.slice(0, 7).map((m) => m.id)]));
    expect(await w.runOnce()).toBe(0); // same instant: nothing more may go
    clock.advance(1_000);
    expect(await w.runOnce()).toBe(1); // 8 per 2 s
    clock.advance(1_000);
    expect(await w.runOnce()).toBe(2);
    // In order within the conversation.
    expect(channel.calls.filter((m) => m.id.startsWith('busy')).map((m) => m.id)).toEqual(busy.map((m) => m.id));
  });

  test('When the process restarts in the middle of delivery, then the new worker resumes and nothing is sent twice', async () => {
    let store = await openStore();
    const messages = ['a', 'b', 'c'].flatMap((sp) =>
      Array.from({ length: 10 }, (_, i) =>
        makeMessage({ id: `${sp}-${i}`, idempotencyKey: `signal.new:${sp}-${i}:teams`, target: { kind: 'teams', signaalpuntId: sp }, ...at(`2026-03-02T08:00:${String(i).padStart(2, '0')}.000Z`) }),
      ),
    );
    await store.outbox.enqueue(messages);
    const channel = new FakeChannel();

    // First life: one pass (paced: 7 per conversation), then a stop as at shutdown.
    const first = worker(store, channel);
    expect(await first.runOnce()).toBe(21);
    await first.stop();
    await store.flush();

    // Second life: a fresh store on the same file and a fresh worker (a fresh rate limiter too).
    store = await openStore();
    const second = worker(store, channel);
    for (let i = 0; i < 10 && (await store.outbox.due(clock.now(), 100)).length > 0; i++) {
      await second.runOnce();
      clock.advance(2_000);
    }

    expect(channel.sent.size).toBe(30);
    expect([...channel.sent.values()].every((n) => n === 1)).toBe(true);
    expect(await store.outbox.list('sent')).toHaveLength(30);
  });

  test('When started, then it polls; wake() sends a new message at once; stop() waits for the pass in flight', async () => {
    const store = await openStore();
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const channel = new FakeChannel([
      async () => {
        arrived();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { ok: true };
      },
      { ok: true },
    ]);
    const w = worker(store, channel, { pollMs: 60_000 });
    w.start();
    await store.outbox.enqueue([makeMessage({ id: 'm1' })]);
    w.wake();
    await arrival; // delivered long before the 60 s poll

    let stopped = false;
    const stopping = w.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await store.outbox.get('m1')).toMatchObject({ status: 'sent' });
  });

  test('When runOnce is called while a pass runs, then the passes do not overlap and nothing is sent twice', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1' }), makeMessage({ id: 'm2', target: { kind: 'reporter', chatKey: 'c' } })]);
    const channel = new FakeChannel([() => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 10))]);
    const w = worker(store, channel);

    const counts = await Promise.all([w.runOnce(), w.runOnce(), w.runOnce()]);
    expect(counts).toEqual([2, 0, 0]);
    expect([...channel.sent.values()]).toEqual([1, 1]);
  });

  test('When a send takes time, then the next one in that conversation is paced from its answer, not its start', async () => {
    const store = await openStore();
    await store.outbox.enqueue(Array.from({ length: 8 }, (_, i) => makeMessage({ id: `m${i}`, ...at(`2026-03-02T08:00:0${i}.000Z`) })));
    // Each send takes 100 ms on the fake clock.
    const slow = (): Promise<DeliveryResult> => {
      clock.advance(100);
      return Promise.resolve({ ok: true });
    };
    const channel = new FakeChannel([slow]);
    const w = worker(store, channel);
    const start = clock.now().getTime();

    expect(await w.runOnce()).toBe(7); // started at 0..600 ms, answered at 100..700 ms
    clock.set(new Date(start + 1_050).toISOString()); // a second after the first start, not after its answer
    expect(await w.runOnce()).toBe(0);
    clock.set(new Date(start + 1_100).toISOString());
    expect(await w.runOnce()).toBe(1);
  });

  test('When many conversations have messages due, then no more than 40 go to Teams in one second, and webhooks are not held up', async () => {
    const store = await openStore();
    const teams = Array.from({ length: 10 }, (_, c) =>
      Array.from({ length: 7 }, (_, i) => makeMessage({ id: `c${c}-${i}`, target: { kind: 'teams', signaalpuntId: `GM000${c}` }, ...at(`2026-03-02T08:00:0${i}.000Z`) })),
    ).flat();
    const hooks = Array.from({ length: 5 }, (_, i) => makeMessage({ id: `hook-${i}`, target: { kind: 'webhook', signaalpuntId: `GM100${i}`, url: 'https://example.invalid/' } }));
    await store.outbox.enqueue([...teams, ...hooks]);
    const channel = new FakeChannel();
    const w = worker(store, channel, { handlers: { 'teams.newThread': channel, webhook: channel }, concurrency: 16 });

    expect(await w.runOnce()).toBe(45);
    expect(channel.calls.filter((m) => m.target.kind === 'webhook')).toHaveLength(5);
    expect(await w.runOnce()).toBe(0);
    clock.advance(1_000);
    expect(await w.runOnce()).toBe(30);
  });
});

describe('OutboxWorker: "sending since" before each Teams send (issue 13, item 2)', () => {
  test('When a Teams send is on its way, then the outbox on disk already says since when; when it is answered, the mark is gone', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1' })]);
    let onDisk: OutboxMessage | undefined;
    const channel = new FakeChannel([
      async () => {
        // What a process started after a kill right now would read.
        onDisk = await (await openStore()).outbox.get('m1');
        return { ok: true, activityId: 'act-1' };
      },
    ]);

    await worker(store, channel).runOnce();

    expect(onDisk).toMatchObject({ status: 'pending', sendingSince: clock.now().toISOString() });
    expect((await store.outbox.get('m1'))?.sendingSince).toBeUndefined();
  });

  test('When the process died during a send, then the next attempt tells the channel that it may be a repeat', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1' })]);
    await store.outbox.markSending('m1', clock.now()); // the kill came while Teams had the request
    const restarted = await openStore();
    const channel = new FakeChannel();

    expect(await worker(restarted, channel).runOnce()).toBe(1);

    expect(channel.calls[0]?.sendingSince).toBe('2026-03-02T09:00:00.000Z');
    expect(await restarted.outbox.get('m1')).toMatchObject({ status: 'sent' });
    expect((await restarted.outbox.get('m1'))?.sendingSince).toBeUndefined();
  });

  test('When a card update is sent, then it is not marked (updating a card twice does no harm)', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'u1', kind: 'signal.cardUpdate', target: { kind: 'teamsThread', signaalpuntId: 'GM0677', signalId: 'sig-1' } })]);
    let onDisk: OutboxMessage | undefined;
    const channel = new FakeChannel([
      async () => {
        onDisk = await (await openStore()).outbox.get('u1');
        return { ok: true };
      },
    ]);
    await new OutboxWorker({ outbox: store.outbox, handlers: { 'teams.cardUpdate': channel }, clock, logger, random: () => 0 }).runOnce();
    expect(onDisk?.sendingSince).toBeUndefined();
  });
});
