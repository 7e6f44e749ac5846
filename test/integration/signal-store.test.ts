import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AesGcmCipher } from '../../src/adapters/crypto/aes-gcm-cipher';
import { DataFileError } from '../../src/adapters/persistence/data-file';
import { LEGACY_SIGNALS_FILE, OUTBOX_FILE, SEQUENCES_FILE, SIGNALS_DIR, SignalStore } from '../../src/adapters/persistence/signal-store';
import { StoredOutbox } from '../../src/adapters/persistence/outbox-store';
import { OutboxRelay } from '../../src/application/outbox-relay';
import type { Signal } from '../../src/domain/signal';
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

/** Moves what the store's signal changes staged into its outbox, as the app's relay does after each change and at start. */
function relay(store: SignalStore): Promise<number> {
  return new OutboxRelay({ sources: [store.signals], outbox: store.outbox, logger }).relay();
}

/** The file with a signal's current version (each signal has two slots, the newest wins). */
function signalFile(id: string): string {
  const slots = ['a', 'b'].map((slot) => path.join(dir, SIGNALS_DIR, `${id}.${slot}.json`)).filter((file) => fs.existsSync(file));
  const seq = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { seq: number }).seq;
  return slots.sort((a, b) => seq(b) - seq(a))[0] ?? path.join(dir, SIGNALS_DIR, `${id}.a.json`);
}
/** Makes every rename onto a file of that name fail (EIO): an atomic write of it never lands. */
function failRenamesTo(fileName: string): jest.SpyInstance {
  const realRename = fsp.rename.bind(fsp);
  return jest.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
    if (path.basename(String(to)) === fileName) throw Object.assign(new Error('rename failed'), { code: 'EIO' });
    return realRename(from, to);
  });
}
/** A signal's record as stored: { schemaVersion, signal, outbox, posts }. */
const signalRecord = (id: string) => (JSON.parse(fs.readFileSync(signalFile(id), 'utf8')) as { record: Record<string, any> }).record;
const outboxText = () => fs.readFileSync(path.join(dir, OUTBOX_FILE), 'utf8');
/** Every file of the store as text: the signal files, outbox.json and sequences.json. */
const raw = () =>
  [...fs.readdirSync(path.join(dir, SIGNALS_DIR)).map((name) => path.join(dir, SIGNALS_DIR, name)), path.join(dir, OUTBOX_FILE), path.join(dir, SEQUENCES_FILE)]
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n');

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
    await relay(first);

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
    const slot = JSON.parse(fs.readFileSync(signalFile('sig-2'), 'utf8'));
    slot.record.signal.sealed = signalRecord('sig-1').signal.sealed;
    fs.writeFileSync(signalFile('sig-2'), JSON.stringify(slot));

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
    await relay(store);
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
    expect(JSON.parse(fs.readFileSync(path.join(dir, SEQUENCES_FILE), 'utf8')).sequences).toEqual({ 2026: 21, 2027: 1 });
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
    const before = outboxText();
    await store.outbox.enqueue([makeMessage({ id: 'm2', idempotencyKey: 'signal.new:sig-1:teams' })]);
    expect(outboxText()).toBe(before); // a replay writes nothing
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

describe('SignalStore: a bad old signals.json', () => {
  test.each([
    ['not JSON', '{"schemaVersion": 1, "signals": '],
    ['a newer version', JSON.stringify({ schemaVersion: 2, signals: {}, outbox: {}, sequences: {} })],
    ['a signal without its sealed details', JSON.stringify({ schemaVersion: 1, signals: { x: { ...makeSignal(), personal: undefined } }, outbox: {}, sequences: {} })],
    ['an empty file', ''],
  ])('When the file holds %s, then opening is refused with DATA_FILE_CORRUPT and the file is untouched', async (_what, content) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, LEGACY_SIGNALS_FILE), content);

    const err = await SignalStore.open({ dataDir: dir, cipher: new AesGcmCipher(key), logger }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(DataFileError);
    expect((err as DataFileError).code).toBe('DATA_FILE_CORRUPT');
    expect(fs.readFileSync(path.join(dir, LEGACY_SIGNALS_FILE), 'utf8')).toBe(content);
    expect(fs.readdirSync(dir)).toEqual([LEGACY_SIGNALS_FILE]);
    expect((err as Error).message).not.toContain('Jantje');
  });
});

/** The stored form of a signal as the first layout (and this one) keeps it: personal fields sealed. */
function sealedForm(signal: Signal, cipherKey = key): Record<string, unknown> {
  const { personal, notes, ...clear } = signal;
  return { ...clear, sealed: new AesGcmCipher(cipherKey).encrypt(JSON.stringify({ id: signal.id, personal, notes })) };
}

/** A cipher that counts how often it decrypts. */
function countingCipher(): AesGcmCipher & { decrypted: number } {
  const cipher = new AesGcmCipher(key) as AesGcmCipher & { decrypted: number };
  cipher.decrypted = 0;
  const decrypt = cipher.decrypt.bind(cipher);
  cipher.decrypt = (sealed: string) => {
    cipher.decrypted += 1;
    return decrypt(sealed);
  };
  return cipher;
}

describe('SignalStore: one file per signal, migration and recovery', () => {
  test('When one signal changes, then only its own file and outbox.json are rewritten', async () => {
    const store = await openStore();
    for (const n of [1, 2, 3]) await store.signals.create(makeSignal({ id: `sig-${n}`, reference: `SIG-2026-00000${n}` }), []);
    const others = ['sig-1', 'sig-3'].map((id) => [id, fs.statSync(signalFile(id)).mtimeMs, fs.readFileSync(signalFile(id), 'utf8')] as const);

    expect(await store.signals.update(makeSignal({ id: 'sig-2', reference: 'SIG-2026-000002', version: 2, status: 'claimed' }), [makeMessage({ id: 'u1' })])).toBe('ok');

    // The change went to sig-2's second slot; the other signals' files were not touched.
    expect(fs.readdirSync(path.join(dir, SIGNALS_DIR)).sort()).toEqual(['sig-1.a.json', 'sig-2.a.json', 'sig-2.b.json', 'sig-3.a.json']);
    for (const [id, mtime, text] of others) expect([id, fs.statSync(signalFile(id)).mtimeMs, fs.readFileSync(signalFile(id), 'utf8')]).toEqual([id, mtime, text]);
    expect(signalRecord('sig-2')).toMatchObject({ signal: { status: 'claimed', version: 2 }, outbox: [{ id: 'u1' }] });
    // The relay moves the staged message to outbox.json and rewrites sig-2 alone without it.
    await relay(store);
    expect(fs.readdirSync(path.join(dir, SIGNALS_DIR)).sort()).toEqual(['sig-1.a.json', 'sig-2.a.json', 'sig-2.b.json', 'sig-3.a.json']);
    for (const [id, mtime, text] of others) expect([id, fs.statSync(signalFile(id)).mtimeMs, fs.readFileSync(signalFile(id), 'utf8')]).toEqual([id, mtime, text]);
    expect(signalRecord('sig-2')).toMatchObject({ signal: { status: 'claimed', version: 2 }, outbox: [] });
    expect(JSON.parse(outboxText()).messages).toHaveProperty('u1');
  });

  test('When a signal is found by submission key or reporter, or summaries are listed, then no other signal is decrypted', async () => {
    const cipher = countingCipher();
    const store = await SignalStore.open({ dataDir: dir, cipher, logger });
    opened.push(store);
    for (let n = 1; n <= 20; n++) {
      await store.signals.create(makeSignal({ id: `sig-${n}`, reference: `SIG-2026-${String(n).padStart(6, '0')}`, submissionKey: `key-${n}`, reporterChatKey: `chat-${n % 2}`, status: n === 7 ? 'closed' : 'new' }), []);
    }
    cipher.decrypted = 0;

    expect((await store.signals.getBySubmissionKey('key-7'))?.id).toBe('sig-7');
    expect(await store.signals.getBySubmissionKey('key-none')).toBeUndefined();
    expect(cipher.decrypted).toBe(1);

    const summaries = await store.signals.summaries({ reporterChatKey: 'chat-1', status: 'new' });
    expect(summaries.map((s) => s.id)).toEqual(['sig-1', 'sig-11', 'sig-13', 'sig-15', 'sig-17', 'sig-19', 'sig-3', 'sig-5', 'sig-9']);
    expect(summaries[0]).not.toHaveProperty('personal');
    expect(summaries[0]).not.toHaveProperty('sealed');
    expect(JSON.stringify(summaries)).not.toContain(PERSONAL.personName);
    expect(cipher.decrypted).toBe(1);

    expect((await store.signals.list({ status: 'closed' })).map((s) => s.id)).toEqual(['sig-7']);
    expect(cipher.decrypted).toBe(2);
  });

  test('When summaries are filtered on deadline, closing time and erasure, then only the matching ones come back', async () => {
    const store = await openStore();
    const make = (n: number, fields: Partial<Signal>) => makeSignal({ id: `s${n}`, reference: `SIG-2026-00000${n}`, ...fields });
    await store.signals.create(make(1, { deadline: '2026-03-04' }), []);
    await store.signals.create(make(2, { deadline: '2026-03-06' }), []);
    await store.signals.create(make(3, { status: 'closed', closedAt: '2026-01-01T10:00:00.000Z' }), []);
    await store.signals.create(make(4, { status: 'closed', closedAt: '2026-01-01T10:00:00.000Z', personalErasedAt: '2026-04-01T00:00:00.000Z', personal: {} }), []);
    await store.signals.create(make(5, { status: 'closed', closedAt: '2026-02-01T10:00:00.000Z' }), []);

    expect((await store.signals.summaries({ status: 'new', deadlineBefore: '2026-03-05' })).map((s) => s.id)).toEqual(['s1']);
    expect((await store.signals.summaries({ closedBy: '2026-01-01T10:00:00.000Z' })).map((s) => s.id)).toEqual(['s3', 's4']);
    expect((await store.signals.summaries({ closedBy: '2026-01-01T10:00:00.000Z', personalErased: false })).map((s) => s.id)).toEqual(['s3']);
    expect((await store.signals.summaries({ personalErased: true })).map((s) => s.id)).toEqual(['s4']);
  });

  test('When a signals.json of the first layout is found, then it is moved to one file per signal and outbox.json, and the old file is gone', async () => {
    const a = makeSignal({ id: 'sig-a', reference: 'SIG-2026-000001', submissionKey: 'k-a', notes: ['Belde aan'] });
    const b = makeSignal({ id: 'sig-b', reference: 'SIG-2026-000002', status: 'closed', createdAt: '2026-03-03T09:00:00.000Z' });
    const sent = makeMessage({ id: 'm-a', payload: { signalId: 'sig-a' }, status: 'sent', sentAt: '2026-03-02T09:00:05.000Z', result: { conversationId: 'conv-a;messageid=1', activityId: '1' } });
    const pending = makeMessage({ id: 'm-b', payload: { signalId: 'sig-b' } });
    // Sent more than 14 days before the file's last delivery: not carried over, but its card post is.
    const old = makeMessage({ id: 'm-old', idempotencyKey: 'old', createdAt: '2026-02-01T09:00:00.000Z', payload: { signalId: 'sig-b' }, status: 'sent', sentAt: '2026-02-01T09:00:01.000Z', result: { conversationId: 'conv-b;messageid=2' } });
    fs.mkdirSync(dir, { recursive: true });
    const legacy = JSON.stringify({ schemaVersion: 1, signals: { 'sig-a': sealedForm(a), 'sig-b': sealedForm(b) }, outbox: { 'm-a': sent, 'm-b': pending, 'm-old': old }, sequences: { 2026: 2 } }, null, 2);
    fs.writeFileSync(path.join(dir, LEGACY_SIGNALS_FILE), legacy);

    const store = await openStore();

    expect(fs.existsSync(path.join(dir, LEGACY_SIGNALS_FILE))).toBe(false);
    expect(fs.readdirSync(path.join(dir, SIGNALS_DIR)).sort()).toEqual(['sig-a.a.json', 'sig-b.a.json']);
    expect(await store.signals.get('sig-a')).toEqual(a);
    expect(await store.signals.getBySubmissionKey('k-a')).toEqual(a);
    expect((await store.signals.list()).map((s) => s.id)).toEqual(['sig-a', 'sig-b']);
    expect(await store.outbox.get('m-a')).toEqual(sent);
    expect(await store.outbox.get('m-old')).toBeUndefined();
    expect(await store.outbox.cardPosts('sig-b')).toEqual([{ signaalpuntId: 'GM0677', conversationId: 'conv-b;messageid=2' }]);
    expect((await store.outbox.due(new Date('2026-03-02T10:00:00Z'), 10)).map((m) => m.id)).toEqual(['m-b']);
    expect(await store.outbox.cardPosts('sig-a')).toEqual([{ signaalpuntId: 'GM0677', conversationId: 'conv-a;messageid=1', activityId: '1' }]);
    // The card's place is kept with the signal at once, so pruning m-a later rewrites nothing else.
    expect(signalRecord('sig-a').posts).toEqual([{ signaalpuntId: 'GM0677', conversationId: 'conv-a;messageid=1', activityId: '1' }]);
    expect(await store.signals.nextSequence(2026)).toBe(3);
    expect(raw()).not.toContain(PERSONAL.personName);
    expect(logger.lines.some((l) => l.fields.code === 'SIGNAL_STORE_MIGRATED' && l.fields.signalCount === 2)).toBe(true);

    // The new layout opens as it is, with nothing to migrate or recover.
    const again = await openStore();
    expect(await again.signals.get('sig-b')).toEqual(b);
    expect((await again.outbox.list()).map((m) => m.id)).toEqual(['m-a', 'm-b']);
  });

  test('When a migration was cut short, then the next start finishes it without undoing a newer signal file', async () => {
    const a = makeSignal({ id: 'sig-a', reference: 'SIG-2026-000001' });
    const b = makeSignal({ id: 'sig-b', reference: 'SIG-2026-000002' });
    fs.mkdirSync(path.join(dir, SIGNALS_DIR), { recursive: true });
    // sig-a made it (and was even changed), sig-b did not; outbox.json holds one message already.
    const newerA = { ...a, version: 2, status: 'claimed' as const };
    fs.writeFileSync(signalFile('sig-a'), JSON.stringify({ seq: 1, record: { schemaVersion: 1, signal: sealedForm(newerA), outbox: [], posts: [] } }));
    fs.writeFileSync(path.join(dir, OUTBOX_FILE), JSON.stringify({ schemaVersion: 1, messages: { m1: makeMessage({ id: 'm1' }) } }));
    fs.writeFileSync(path.join(dir, SEQUENCES_FILE), JSON.stringify({ schemaVersion: 1, sequences: { 2026: 5 } }));
    fs.writeFileSync(
      path.join(dir, LEGACY_SIGNALS_FILE),
      JSON.stringify({ schemaVersion: 1, signals: { 'sig-a': sealedForm(a), 'sig-b': sealedForm(b) }, outbox: { m1: makeMessage({ id: 'm1' }), m2: makeMessage({ id: 'm2' }) }, sequences: { 2026: 2 } }),
    );

    const store = await openStore();

    expect(await store.signals.get('sig-a')).toEqual(newerA);
    expect(await store.signals.get('sig-b')).toEqual(b);
    expect((await store.outbox.list()).map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(await store.signals.nextSequence(2026)).toBe(6);
    expect(fs.existsSync(path.join(dir, LEGACY_SIGNALS_FILE))).toBe(false);
  });

  test('When the outbox write fails and the process dies, then the signal is stored with its messages staged, and the start-up relay queues them, once', async () => {
    const store = await openStore();
    // The outbox write fails, as if the process had died before it: its temp file is never renamed.
    const blocker = failRenamesTo(OUTBOX_FILE);
    const signal = makeSignal();
    const message = makeMessage({ id: 'new-1', idempotencyKey: 'signal.new:sig-1:GM0677:teams:0', createdAt: signal.createdAt });
    // Stored (the reporter may be told): the message is staged in the signal's own file.
    await store.signals.create(signal, [message]);
    await expect(relay(store)).rejects.toMatchObject({ code: 'DATA_FILE_WRITE_FAILED' });
    expect(await store.checkHealth()).toBe(false);
    expect(signalRecord('sig-1').outbox).toEqual([message]);
    expect(fs.existsSync(path.join(dir, OUTBOX_FILE))).toBe(false);
    blocker.mockRestore();

    const restarted = await openStore();
    expect(await restarted.signals.get('sig-1')).toEqual(signal);
    expect(restarted.signals.pendingRelay()).toEqual([message]);
    expect(await relay(restarted)).toBe(1);
    expect(await restarted.outbox.list()).toEqual([message]);
    expect(signalRecord('sig-1').outbox).toEqual([]);

    // Delivered and restarted again: nothing is staged or queued a second time.
    await restarted.outbox.markSent('new-1', new Date('2026-03-02T09:00:10Z'));
    const third = await openStore();
    expect(third.signals.pendingRelay()).toEqual([]);
    expect(await relay(third)).toBe(0);
    expect(await third.outbox.list()).toEqual([expect.objectContaining({ id: 'new-1', status: 'sent' })]);
  });

  test('When the outbox write fails, the signal changes again and the process is killed, then both changes\' messages are queued at the next start', async () => {
    // ADR 0010: the defect of the signal design. The first change's messages waited in memory only;
    // the second change rewrote the record with its own, and a kill -9 lost the first change's.
    const store = await openStore();
    await store.signals.create(makeSignal(), []);
    const blocker = failRenamesTo(OUTBOX_FILE); // the disk is full for outbox.json
    const claimed = makeMessage({ id: 'claimed', idempotencyKey: 'reporter.notify:sig-1:claimed', kind: 'reporter.notify', target: { kind: 'reporter', chatKey: 'chat-1' } });
    const update = makeMessage({ id: 'update-3', idempotencyKey: 'signal.cardUpdate:sig-1:3', kind: 'signal.cardUpdate' });
    expect(await store.signals.update(makeSignal({ version: 2, status: 'claimed' }), [claimed])).toBe('ok');
    await expect(relay(store)).rejects.toMatchObject({ code: 'DATA_FILE_WRITE_FAILED' });
    expect(await store.signals.update(makeSignal({ version: 3, status: 'claimed', notes: ['Gebeld'] }), [update])).toBe('ok');
    await expect(relay(store)).rejects.toMatchObject({ code: 'DATA_FILE_WRITE_FAILED' });
    blocker.mockRestore();

    // kill -9: nothing flushed, a new store on the files as they are.
    const restarted = await openStore();
    expect((await restarted.signals.get('sig-1'))?.version).toBe(3);
    await relay(restarted);
    expect((await restarted.outbox.list()).map((m) => m.id).sort()).toEqual(['claimed', 'update-3']);
  });

  test('When records of the signal design are opened, then messages already queued or older than its prune horizon leave staging, and only the rest is relayed, once', async () => {
    // Before ADR 0010 a record kept its last change's messages after they reached outbox.json.
    const queued = makeMessage({ id: 'queued', idempotencyKey: 'signal.cardUpdate:sig-1:2', createdAt: '2026-03-20T09:00:00.000Z' });
    const pruned = makeMessage({ id: 'pruned', idempotencyKey: 'signal.new:sig-2:GM0677:teams:0', createdAt: '2026-03-01T09:00:00.000Z', payload: { signalId: 'sig-2' } });
    const lost = makeMessage({ id: 'lost', idempotencyKey: 'reporter.notify:sig-3:claimed', createdAt: '2026-03-20T10:00:00.000Z', payload: { signalId: 'sig-3' } });
    fs.mkdirSync(path.join(dir, SIGNALS_DIR), { recursive: true });
    const write = (signal: Signal, outbox: unknown[]) =>
      fs.writeFileSync(signalFile(signal.id), JSON.stringify({ seq: 1, record: { schemaVersion: 1, signal: sealedForm(signal), outbox, posts: [] } }));
    write(makeSignal({ version: 2, status: 'claimed' }), [queued]);
    write(makeSignal({ id: 'sig-2', reference: 'SIG-2026-000002' }), [pruned]);
    write(makeSignal({ id: 'sig-3', reference: 'SIG-2026-000003', version: 2, status: 'claimed' }), [lost]);
    const sentQueued = { ...queued, status: 'sent', sentAt: '2026-03-20T09:00:05.000Z' };
    fs.writeFileSync(path.join(dir, OUTBOX_FILE), JSON.stringify({ schemaVersion: 1, messages: { queued: sentQueued }, prunedBefore: '2026-03-06T09:00:00.000Z' }));

    const store = await openStore();

    expect(store.signals.pendingRelay()).toEqual([lost]);
    expect(['sig-1', 'sig-2', 'sig-3'].map((id) => signalRecord(id).outbox.length)).toEqual([0, 0, 1]);
    expect(JSON.parse(outboxText())).not.toHaveProperty('prunedBefore');
    expect(logger.lines.some((l) => l.fields.code === 'SIGNAL_STAGING_MIGRATED' && l.fields.dropped === 2 && l.fields.staged === 1)).toBe(true);
    expect(await relay(store)).toBe(1);
    expect((await store.outbox.list()).map((m) => [m.id, m.status])).toEqual([
      ['queued', 'sent'],
      ['lost', 'pending'],
    ]);

    // Migrated once: the next start finds nothing staged and changes nothing.
    const before = raw();
    const again = await openStore();
    expect(again.signals.pendingRelay()).toEqual([]);
    expect(raw()).toBe(before);
  });

  test('When the outbox write fails and the process lives on, then the messages stay staged and go with the next relay', async () => {
    const store = await openStore();
    const blocker = failRenamesTo(OUTBOX_FILE);
    await store.signals.create(makeSignal(), [makeMessage({ id: 'new-1' })]);
    await expect(relay(store)).rejects.toMatchObject({ code: 'DATA_FILE_WRITE_FAILED' });
    blocker.mockRestore();

    await store.outbox.enqueue([makeMessage({ id: 'other', idempotencyKey: 'other' })]);
    await relay(store);

    expect((await store.outbox.list()).map((m) => m.id)).toEqual(['new-1', 'other']);
    expect(await store.checkHealth()).toBe(true);
  });

  test('When sent messages are older than the retention, then they are pruned, the card post stays known, and a restart does not bring them back', async () => {
    const store = await openStore();
    await store.signals.create(makeSignal(), [
      makeMessage({ id: 'old-new', idempotencyKey: 'signal.new:sig-1:GM0677:teams:0' }),
      makeMessage({ id: 'old-update', kind: 'signal.cardUpdate', idempotencyKey: 'signal.cardUpdate:sig-1:2' }),
      makeMessage({ id: 'stuck', idempotencyKey: 'stuck', target: { kind: 'webhook', signaalpuntId: 'GM0677', url: 'https://example.invalid/' } }),
      makeMessage({ id: 'waiting', idempotencyKey: 'waiting', nextAttemptAt: '2026-04-01T09:00:00.000Z' }),
    ]);
    await relay(store);
    await store.outbox.markSent('old-new', new Date('2026-03-02T09:00:05Z'), { conversationId: 'conv-1;messageid=9', activityId: '9' });
    await store.outbox.markSent('old-update', new Date('2026-03-02T09:00:06Z'));
    await store.outbox.markUndeliverable('stuck', 'HTTP_404');
    await store.flush(); // the automatic prune on markSent found nothing old enough yet
    expect((await store.outbox.list()).map((m) => m.id)).toEqual(['old-new', 'old-update', 'stuck', 'waiting']);

    // 14 days later plus a bit: both sent messages go; undeliverable and pending ones stay.
    expect(await store.pruneOutbox(new Date('2026-03-16T09:00:07Z'))).toBe(2);
    expect((await store.outbox.list()).map((m) => m.id)).toEqual(['stuck', 'waiting']);
    expect(await store.outbox.findByKey('signal.new:sig-1:GM0677:teams:0')).toBeUndefined();
    expect(await store.outbox.cardPosts('sig-1')).toEqual([{ signaalpuntId: 'GM0677', conversationId: 'conv-1;messageid=9', activityId: '9' }]);
    // Kept by the outbox itself (ADR 0010 step 5), not by a call back into the signal store.
    expect(JSON.parse(outboxText()).posts['sig-1']).toEqual([{ signaalpuntId: 'GM0677', conversationId: 'conv-1;messageid=9', activityId: '9' }]);
    expect(signalRecord('sig-1').posts).toEqual([]);

    // Relayed messages left the signal's staging for good: a restart brings none of them back.
    const restarted = await openStore();
    expect(restarted.signals.pendingRelay()).toEqual([]);
    expect((await restarted.outbox.list()).map((m) => m.id)).toEqual(['stuck', 'waiting']);
    expect(await restarted.outbox.cardPosts('sig-1')).toEqual([{ signaalpuntId: 'GM0677', conversationId: 'conv-1;messageid=9', activityId: '9' }]);
  });

  test('When the outbox store is opened by itself and a signal.new is marked sent and pruned, then its card post stays known after a restart', async () => {
    const open = () => StoredOutbox.openStore(dir, logger);
    const outbox = await open();
    await outbox.enqueue([makeMessage({ id: 'new', idempotencyKey: 'signal.new:sig-1:GM0677:teams:0' })]);
    await outbox.markSent('new', new Date('2026-03-02T09:00:05Z'), { conversationId: 'conv-1;messageid=9', activityId: '9' });
    await outbox.settled();
    // Recorded when it was marked sent, in the same write.
    expect(JSON.parse(outboxText()).posts).toEqual({ 'sig-1': [{ signaalpuntId: 'GM0677', conversationId: 'conv-1;messageid=9', activityId: '9' }] });

    expect(await outbox.prune(new Date('2026-03-16T09:00:06Z'))).toBe(1);
    await outbox.file.flush();
    const restarted = await open();
    expect(await restarted.list()).toEqual([]);
    expect(await restarted.cardPosts('sig-1')).toEqual([{ signaalpuntId: 'GM0677', conversationId: 'conv-1;messageid=9', activityId: '9' }]);
  });

  test('When signal records hold card posts from before ADR 0010 step 5, then they are copied once into outbox.json at start', async () => {
    const a = makeSignal({ id: 'sig-a', reference: 'SIG-2026-000001' });
    const post = { signaalpuntId: 'GM0677', conversationId: 'conv-a;messageid=1', activityId: '1' };
    fs.mkdirSync(path.join(dir, SIGNALS_DIR), { recursive: true });
    fs.writeFileSync(signalFile('sig-a'), JSON.stringify({ seq: 1, record: { schemaVersion: 1, signal: sealedForm(a), outbox: [], posts: [post] } }));
    fs.writeFileSync(path.join(dir, OUTBOX_FILE), JSON.stringify({ schemaVersion: 1, messages: {} }));

    const store = await openStore();
    expect(await store.outbox.cardPosts('sig-a')).toEqual([post]);
    expect(JSON.parse(outboxText()).posts).toEqual({ 'sig-a': [post] });
    await store.flush();
    const before = outboxText();
    await openStore();
    expect(outboxText()).toBe(before);
  });

  test('When a message is marked sent long after the last prune, then the store prunes by itself', async () => {
    const store = await openStore();
    await store.outbox.enqueue([makeMessage({ id: 'a', idempotencyKey: 'a' }), makeMessage({ id: 'b', idempotencyKey: 'b', createdAt: '2026-04-01T09:00:00.000Z' })]);
    await store.outbox.markSent('a', new Date('2026-03-02T09:00:05Z'));
    await store.flush();
    expect((await store.outbox.list()).map((m) => m.id)).toEqual(['a', 'b']);

    await store.outbox.markSent('b', new Date('2026-04-01T09:00:05Z'));
    await store.flush();
    expect((await store.outbox.list()).map((m) => m.id)).toEqual(['b']);
  });
});

describe('SignalStore: a write cut short', () => {
  test('When the newest slot of a signal was cut off in the middle, then the signal is read from its other slot and the next write goes on', async () => {
    const store = await openStore();
    await store.signals.create(makeSignal(), []);
    const claimed = makeSignal({ version: 2, status: 'claimed' });
    expect(await store.signals.update(claimed)).toBe('ok');
    await store.flush();
    // A crash in the middle of writing version 2: its slot holds half a file.
    const newest = signalFile('sig-1');
    const text = fs.readFileSync(newest, 'utf8');
    fs.writeFileSync(newest, text.slice(0, Math.floor(text.length / 2)));

    const reopened = await openStore();
    expect(await reopened.signals.get('sig-1')).toEqual(makeSignal());
    expect(logger.lines.some((l) => l.fields.code === 'RECORD_WRITE_INCOMPLETE' && l.fields.count === 1)).toBe(true);
    expect(await reopened.signals.update(claimed)).toBe('ok');
    expect(await (await openStore()).signals.get('sig-1')).toEqual(claimed);
  });

  test('When no slot of a signal can be read, then opening is refused with DATA_FILE_CORRUPT and nothing is written', async () => {
    const store = await openStore();
    await store.signals.create(makeSignal(), []);
    await store.flush();
    fs.writeFileSync(signalFile('sig-1'), '{"seq": 1, "record": ');
    const before = fs.readdirSync(path.join(dir, SIGNALS_DIR));

    const err = await SignalStore.open({ dataDir: dir, cipher: new AesGcmCipher(key), logger }).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'DATA_FILE_CORRUPT' });
    expect(fs.readdirSync(path.join(dir, SIGNALS_DIR))).toEqual(before);
    expect(fs.readFileSync(signalFile('sig-1'), 'utf8')).toBe('{"seq": 1, "record": ');
  });
});
