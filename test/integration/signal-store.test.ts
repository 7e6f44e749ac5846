import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AesGcmCipher } from '../../src/adapters/crypto/aes-gcm-cipher';
import { DataFileError } from '../../src/adapters/persistence/data-file';
import { SIGNALS_FILE, SignalStore } from '../../src/adapters/persistence/signal-store';
import { captureLogger, makeMessage, makeSignal, PERSONAL, tempDir } from '../helpers/signal-fixtures';

let dir: string;
let cleanup: () => void;
let key: Buffer;
let logger: ReturnType<typeof captureLogger>;
const opened: SignalStore[] = [];

async function openStore(cipherKey = key): Promise<SignalStore> {
  const store = await SignalStore.open({ dataDir: dir, cipher: new AesGcmCipher(cipherKey), logger });
  opened.push(store);
  return store;
}

const raw = () => fs.readFileSync(path.join(dir, SIGNALS_FILE), 'utf8');

beforeEach(() => {
  ({ dir, cleanup } = tempDir('signals'));
  key = randomBytes(32);
  logger = captureLogger();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.flush()));
  cleanup();
});

describe('SignalStore: signals', () => {
  test('When a signal is created and read back after a reopen, then it is equal, and no personal field is readable on disk', async () => {
    const signal = makeSignal({ notes: ['Belde aan, niemand thuis'] });
    const first = await openStore();
    await first.signals.create(signal, [makeMessage({ id: 'm1' })]);

    const second = await openStore();
    expect(await second.signals.get('sig-1')).toEqual(signal);
    expect(await second.signals.getByReference('SIG-2026-000123')).toEqual(signal);
    expect(await second.outbox.get('m1')).toMatchObject({ id: 'm1', status: 'pending' });

    const text = raw();
    for (const value of [...Object.values(PERSONAL), 'Belde aan']) expect(text).not.toContain(value);
    // What figures and lists need stays in the clear.
    expect(text).toContain('"postcode4": "4331"');
    expect(text).toContain('"status": "new"');
    expect(logger.text()).not.toMatch(/Jantje|0612345678|marietje|Marietje/);
  });

  test('When the store is opened with another key, then reading a signal fails with DECRYPT_FAILED', async () => {
    const first = await openStore();
    await first.signals.create(makeSignal(), []);
    const other = await openStore(randomBytes(32));

    await expect(other.signals.get('sig-1')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    expect(logger.lines.some((l) => l.fields.code === 'DECRYPT_FAILED' && l.fields.signalId === 'sig-1')).toBe(true);
  });

  test('When a sealed blob is copied onto another signal in the file, then reading that signal is refused', async () => {
    const store = await openStore();
    await store.signals.create(makeSignal(), []);
    await store.signals.create(makeSignal({ id: 'sig-2', reference: 'SIG-2026-000124', personal: {} }), []);
    await store.flush();
    const file = JSON.parse(raw());
    file.signals['sig-2'].sealed = file.signals['sig-1'].sealed;
    fs.writeFileSync(path.join(dir, SIGNALS_FILE), JSON.stringify(file));

    const reopened = await openStore();
    await expect(reopened.signals.get('sig-2')).rejects.toMatchObject({ code: 'SIGNAL_UNREADABLE' });
  });

  test('When two updates race from the same version, then exactly one wins and the other gets conflict', async () => {
    const store = await openStore();
    await store.signals.create(makeSignal(), []);
    const base = (await store.signals.get('sig-1'))!;
    const claimA = { ...base, version: 2, status: 'claimed' as const, claimedBy: { kind: 'teamMember' as const, id: 'aad-a' } };
    const claimB = { ...base, version: 2, status: 'claimed' as const, claimedBy: { kind: 'teamMember' as const, id: 'aad-b' } };

    const results = await Promise.all([store.signals.update(claimA), store.signals.update(claimB)]);

    expect([...results].sort()).toEqual(['conflict', 'ok']);
    const winner = results[0] === 'ok' ? 'aad-a' : 'aad-b';
    expect((await store.signals.get('sig-1'))?.claimedBy?.id).toBe(winner);
    await expect((await openStore()).signals.get('sig-1')).resolves.toMatchObject({ version: 2, claimedBy: { id: winner } });
  });

  test('When an update skips a version, the signal is missing or a create repeats an id or reference, then it is refused', async () => {
    const store = await openStore();
    await store.signals.create(makeSignal(), []);
    expect(await store.signals.update(makeSignal({ version: 3 }))).toBe('conflict');
    expect(await store.signals.update(makeSignal({ version: 1 }))).toBe('conflict');
    await expect(store.signals.update(makeSignal({ id: 'nope', version: 2 }))).rejects.toMatchObject({ code: 'SIGNAL_NOT_FOUND' });
    await expect(store.signals.create(makeSignal(), [])).rejects.toMatchObject({ code: 'SIGNAL_EXISTS' });
    await expect(store.signals.create(makeSignal({ id: 'sig-other' }), [])).rejects.toMatchObject({ code: 'SIGNAL_EXISTS' });
  });

  test('When an update carries outbox messages, then they are saved with it, and not when it conflicts', async () => {
    const store = await openStore();
    await store.signals.create(makeSignal(), []);
    expect(await store.signals.update(makeSignal({ version: 2 }), [makeMessage({ id: 'u1' })])).toBe('ok');
    expect(await store.signals.update(makeSignal({ version: 2 }), [makeMessage({ id: 'u2' })])).toBe('conflict');
    expect((await store.outbox.list()).map((m) => m.id)).toEqual(['u1']);
  });

  test('When signals are listed with a filter, then only the matching ones come back, oldest first', async () => {
    const store = await openStore();
    await store.signals.create(makeSignal({ id: 'b', reference: 'SIG-2026-000002', createdAt: '2026-03-02T10:00:00.000Z' }), []);
    await store.signals.create(makeSignal({ id: 'a', reference: 'SIG-2026-000001', reporterChatKey: 'chat-1' }), []);
    await store.signals.create(makeSignal({ id: 'c', reference: 'SIG-2026-000003', signaalpuntId: 'GM0363', status: 'closed' }), []);

    expect((await store.signals.list()).map((s) => s.id)).toEqual(['a', 'c', 'b']);
    expect((await store.signals.list({ signaalpuntId: 'GM0677' })).map((s) => s.id)).toEqual(['a', 'b']);
    expect((await store.signals.list({ status: 'closed' })).map((s) => s.id)).toEqual(['c']);
    expect((await store.signals.list({ reporterChatKey: 'chat-1' })).map((s) => s.id)).toEqual(['a']);
  });

  test('When sequence numbers are taken, concurrently and across a reopen, then none is ever handed out twice', async () => {
    const first = await openStore();
    const numbers = await Promise.all(Array.from({ length: 20 }, () => first.signals.nextSequence(2026)));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    const second = await openStore();
    expect(await second.signals.nextSequence(2026)).toBe(21);
    expect(await second.signals.nextSequence(2027)).toBe(1);
    expect(JSON.parse(raw()).sequences).toEqual({ 2026: 21, 2027: 1 });
  });

  test('When a caller changes a signal it got from the store, then the stored signal does not change', async () => {
    const store = await openStore();
    await store.signals.create(makeSignal(), []);
    const got = (await store.signals.get('sig-1'))!;
    got.personal.personName = 'changed';
    got.signs.push('fatigue');
    expect(await store.signals.get('sig-1')).toEqual(makeSignal());
  });
});

describe('SignalStore: outbox', () => {
  test('When the same idempotency key is enqueued twice (also inside one call), then only the first is kept', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'm1', idempotencyKey: 'signal.new:sig-1:teams' })]);
    const before = raw();
    await store.outbox.enqueue([makeMessage({ id: 'm2', idempotencyKey: 'signal.new:sig-1:teams' })]);
    expect(raw()).toBe(before); // a replay writes nothing
    await store.outbox.enqueue([makeMessage({ id: 'm3', idempotencyKey: 'k3' }), makeMessage({ id: 'm4', idempotencyKey: 'k3' })]);

    expect((await store.outbox.list()).map((m) => m.id)).toEqual(['m1', 'm3']);
    expect((await store.outbox.findByKey('signal.new:sig-1:teams'))?.id).toBe('m1');
  });

  test('When messages are due at different times, then due() returns pending ones whose time has come, oldest first, up to the limit', async () => {
    const store = await openStore();
    await store.outbox.enqueue([
      makeMessage({ id: 'late', createdAt: '2026-03-02T08:00:00.000Z', nextAttemptAt: '2026-03-02T10:00:00.000Z' }),
      makeMessage({ id: 'second', createdAt: '2026-03-02T08:30:00.000Z' }),
      makeMessage({ id: 'first', createdAt: '2026-03-02T08:10:00.000Z' }),
      makeMessage({ id: 'third', createdAt: '2026-03-02T08:40:00.000Z' }),
    ]);
    await store.outbox.markSent('third', new Date('2026-03-02T09:00:00Z'));

    const now = new Date('2026-03-02T09:00:00Z');
    expect((await store.outbox.due(now, 10)).map((m) => m.id)).toEqual(['first', 'second']);
    expect((await store.outbox.due(now, 1)).map((m) => m.id)).toEqual(['first']);
    expect((await store.outbox.due(new Date('2026-03-02T10:00:00Z'), 10)).map((m) => m.id)).toEqual(['late', 'first', 'second']);
  });

  test('When messages are marked, then attempts count up, a sent message stays sent, and requeue brings back only that signaalpunt', async () => {
    const store = await openStore();
    await store.outbox.enqueue([
      makeMessage({ id: 'a' }),
      makeMessage({ id: 'b', target: { kind: 'webhook', signaalpuntId: 'GM0363', url: 'https://example.invalid/' } }),
      makeMessage({ id: 'c' }),
    ]);
    const at = new Date('2026-03-02T09:00:00Z');
    await store.outbox.markRetry('a', new Date('2026-03-02T09:01:00Z'), 'HTTP_429');
    await store.outbox.markUndeliverable('a', 'HTTP_404');
    await store.outbox.markUndeliverable('b', 'HTTP_404');
    await store.outbox.markSent('c', at, { activityId: 'act-1', conversationId: 'conv-1' });
    await store.outbox.markRetry('c', at, 'LATE'); // a late answer must not undo the send
    await store.outbox.markSent('c', at, { activityId: 'other' });

    expect(await store.outbox.get('a')).toMatchObject({ status: 'undeliverable', attempts: 2, lastError: 'HTTP_404' });
    expect(await store.outbox.get('c')).toMatchObject({ status: 'sent', attempts: 1, result: { activityId: 'act-1' } });
    expect((await store.outbox.list('undeliverable')).map((m) => m.id)).toEqual(['a', 'b']);

    const later = new Date('2026-03-03T09:00:00Z');
    expect(await store.outbox.requeue('GM0677', later)).toBe(1);
    expect(await store.outbox.get('a')).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: later.toISOString(), lastError: 'HTTP_404' });
    expect(await store.outbox.get('b')).toMatchObject({ status: 'undeliverable' });
    await expect(store.outbox.markSent('nope', at)).rejects.toMatchObject({ code: 'OUTBOX_MESSAGE_NOT_FOUND' });
  });
});

describe('SignalStore: a bad file', () => {
  test.each([
    ['not JSON', '{"schemaVersion": 1, "signals": '],
    ['a newer version', JSON.stringify({ schemaVersion: 2, signals: {}, outbox: {}, sequences: {} })],
    ['a signal without its sealed details', JSON.stringify({ schemaVersion: 1, signals: { x: { ...makeSignal(), personal: undefined } }, outbox: {}, sequences: {} })],
    ['an empty file', ''],
  ])('When the file holds %s, then opening is refused with DATA_FILE_CORRUPT and the file is untouched', async (_what, content) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, SIGNALS_FILE), content);

    const err = await SignalStore.open({ dataDir: dir, cipher: new AesGcmCipher(key), logger }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(DataFileError);
    expect((err as DataFileError).code).toBe('DATA_FILE_CORRUPT');
    expect(raw()).toBe(content);
    expect(fs.readdirSync(dir)).toEqual([SIGNALS_FILE]);
    expect((err as Error).message).not.toContain('Jantje');
  });
});
