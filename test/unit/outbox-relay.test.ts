import { OutboxRelay } from '../../src/application/outbox-relay';
import type { Outbox, OutboxMessage, StagedMessages } from '../../src/ports/outbox';
import { captureLogger, makeMessage } from '../helpers/signal-fixtures';

/** A staging area in memory, as the stores keep one. */
function staging(...messages: OutboxMessage[]): StagedMessages & { held: OutboxMessage[] } {
  const area = {
    held: [...messages],
    pendingRelay: () => [...area.held],
    relayed: async (ids: string[]) => {
      area.held = area.held.filter((m) => !ids.includes(m.id));
    },
  };
  return area;
}

function memoryOutbox(): Pick<Outbox, 'enqueue'> & { queued: OutboxMessage[]; refuse: boolean } {
  const outbox = {
    queued: [] as OutboxMessage[],
    refuse: false,
    async enqueue(messages: OutboxMessage[]) {
      if (outbox.refuse) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      for (const m of messages) if (!outbox.queued.some((q) => q.idempotencyKey === m.idempotencyKey)) outbox.queued.push(m);
    },
  };
  return outbox;
}

describe('OutboxRelay', () => {
  test('When two stores staged messages, then one pass moves both into the outbox, empties both and wakes the worker once', async () => {
    const signals = staging(makeMessage({ id: 's1' }));
    const circles = staging(makeMessage({ id: 'c1' }), makeMessage({ id: 'c2' }));
    const outbox = memoryOutbox();
    let wakes = 0;
    const relay = new OutboxRelay({ sources: [signals, circles], outbox: outbox as unknown as Outbox, logger: captureLogger(), onQueued: () => (wakes += 1) });

    expect(await relay.relay()).toBe(3);
    expect(outbox.queued.map((m) => m.id)).toEqual(['s1', 'c1', 'c2']);
    expect([signals.held, circles.held]).toEqual([[], []]);
    expect(wakes).toBe(1);
    expect(await relay.relay()).toBe(0);
    expect(wakes).toBe(1);
  });

  test('When the outbox refuses, then everything stays staged, the failure is logged by code, and the next pass moves it', async () => {
    const signals = staging(makeMessage({ id: 's1' }));
    const outbox = memoryOutbox();
    const logger = captureLogger();
    const relay = new OutboxRelay({ sources: [signals], outbox: outbox as unknown as Outbox, logger });
    outbox.refuse = true;

    await expect(relay.relay()).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(signals.held.map((m) => m.id)).toEqual(['s1']);
    expect(logger.lines.map((l) => l.fields.code)).toEqual(['OUTBOX_RELAY_FAILED']);

    outbox.refuse = false;
    expect(await relay.relay()).toBe(1);
    expect(outbox.queued.map((m) => m.id)).toEqual(['s1']);
    expect(signals.held).toEqual([]);
  });

  test('When a store cannot forget what the outbox took, then it stays staged and the next pass drops the repeat by its key', async () => {
    const signals = staging(makeMessage({ id: 's1' }));
    const outbox = memoryOutbox();
    const relayed = signals.relayed;
    signals.relayed = () => Promise.reject(new Error('write failed'));
    const relay = new OutboxRelay({ sources: [signals], outbox: outbox as unknown as Outbox, logger: captureLogger() });

    await expect(relay.relay()).rejects.toThrow('write failed');
    expect(signals.held.map((m) => m.id)).toEqual(['s1']);
    signals.relayed = relayed;
    await relay.relay();
    expect(outbox.queued.map((m) => m.id)).toEqual(['s1']);
    expect(signals.held).toEqual([]);
  });
});
