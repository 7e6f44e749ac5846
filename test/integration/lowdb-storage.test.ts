import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationState, MemoryStorage, TestAdapter, UserState, type Storage } from 'botbuilder';
import { DataFileError } from '../../src/adapters/persistence/data-file';
import { BOT_STATE_DIR, ETagConflictError, LowdbStorage } from '../../src/adapters/persistence/lowdb-storage';
import type { LogFields, Logger } from '../../src/ports/logger';

interface LogLine {
  level: string;
  fields: LogFields;
  msg: string;
}

/** Captures every log line, child loggers included, so tests can check what was (not) logged. */
function captureLogger(lines: LogLine[] = [], bound: LogFields = {}): Logger & { lines: LogLine[] } {
  const at = (level: string) => (fields: LogFields, msg: string) => lines.push({ level, fields: { ...bound, ...fields }, msg });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => captureLogger(lines, { ...bound, ...fields }),
  };
}

// Synthetic personal data: must never show up in logs or error messages.
const PERSONAL = { name: 'Jan Jansen', phone: '0612345678', note: 'woont alleen sinds maart' };

let dataDir: string;
let logger: ReturnType<typeof captureLogger>;
const opened: LowdbStorage[] = [];

async function openStorage(dir = dataDir): Promise<LowdbStorage> {
  const storage = await LowdbStorage.open({ dataDir: dir, logger });
  opened.push(storage);
  return storage;
}

const stateFile = () => path.join(dataDir, 'bot-state.json');
const itemDir = () => path.join(dataDir, BOT_STATE_DIR);
interface ItemSlot {
  seq: number;
  record: { schemaVersion: number; key: string; item: Record<string, unknown> };
}
const readSlot = (name: string) => JSON.parse(fs.readFileSync(path.join(itemDir(), name), 'utf8')) as ItemSlot;
/** The current version of every item ({ schemaVersion, key, item }), from the newest of its two slots. */
const itemFiles = () => {
  const newest = new Map<string, ItemSlot>();
  for (const name of fs.readdirSync(itemDir())) {
    const slot = readSlot(name);
    const seen = newest.get(slot.record.key);
    if (!seen || slot.seq > seen.seq) newest.set(slot.record.key, slot);
  }
  return [...newest.values()].map((slot) => slot.record);
};

beforeEach(() => {
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-storage-')), 'data');
  logger = captureLogger();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.flush()));
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

describe('LowdbStorage: persistence', () => {
  test('When the data folder does not exist, then open creates it and writes no file until the first write', async () => {
    const storage = await openStorage();

    expect(fs.statSync(dataDir).isDirectory()).toBe(true);
    expect(fs.readdirSync(dataDir)).toEqual([]);
    expect(await storage.read(['a'])).toEqual({});
    await storage.write({ a: { n: 1 } });
    expect(fs.readdirSync(dataDir)).toEqual([BOT_STATE_DIR]);
    expect(itemFiles()).toEqual([{ schemaVersion: 1, key: 'a', item: { n: 1, eTag: expect.any(String) } }]);
  });

  test('When items are written and deleted and the storage is reopened, then it reads back exactly what is left', async () => {
    const first = await openStorage();
    await first.write({ 'test/conversations/c1/': { step: 'report', count: 2 }, 'test/users/u1/': { locale: 'nl-NL' } });
    await first.write({ 'test/users/u2/': { locale: 'en-US' } });
    await first.delete(['test/users/u2/', 'not-there']);
    const before = await first.read(['test/conversations/c1/', 'test/users/u1/', 'test/users/u2/']);

    const second = await openStorage();
    const after = await second.read(['test/conversations/c1/', 'test/users/u1/', 'test/users/u2/']);

    expect(after).toEqual(before);
    expect(after).toEqual({
      'test/conversations/c1/': { step: 'report', count: 2, eTag: expect.any(String) },
      'test/users/u1/': { locale: 'nl-NL', eTag: expect.any(String) },
    });
  });

  test('When a botbuilder turn saves conversation and user state, then a new storage on the same folder reads it back', async () => {
    const turn = async (storage: Storage, handler: (conv: { step?: string }, user: { locale?: string }) => string) => {
      const conversationState = new ConversationState(storage);
      const userState = new UserState(storage);
      const dialog = conversationState.createProperty<{ step?: string }>('dialog');
      const profile = userState.createProperty<{ locale?: string }>('profile');
      const adapter = new TestAdapter(async (context) => {
        const reply = handler(await dialog.get(context, {}), await profile.get(context, {}));
        await conversationState.saveChanges(context);
        await userState.saveChanges(context);
        await context.sendActivity(reply);
      });
      await adapter.send('hallo').assertReply((activity) => expect(activity.text).toBeDefined());
      return adapter;
    };

    let seen = '';
    await turn(await openStorage(), (conv, user) => {
      conv.step = 'signaal-gemeld';
      user.locale = 'nl-NL';
      return 'opgeslagen';
    });
    await turn(await openStorage(), (conv, user) => (seen = `${conv.step}/${user.locale}`));

    expect(seen).toBe('signaal-gemeld/nl-NL');
  });

  test('When writes are started without awaiting them, then flush resolves only after all of them are on disk', async () => {
    const storage = await openStorage();
    for (let i = 0; i < 20; i++) void storage.write({ [`k${i}`]: { i } });

    await storage.flush();

    const onDisk = Object.fromEntries(itemFiles().map((f) => [f.key, f.item]));
    expect(Object.keys(onDisk)).toHaveLength(20);
    expect(onDisk['k19']?.i).toBe(19);
  });
});

describe('LowdbStorage: one file per item', () => {
  test('When one turn saves, then only its own item file is rewritten', async () => {
    const storage = await openStorage();
    await storage.write({ 'msteams/conversations/a/': { n: 1 }, 'msteams/conversations/b/': { n: 1 } });
    const before = new Map(fs.readdirSync(itemDir()).map((name) => [name, fs.readFileSync(path.join(itemDir(), name), 'utf8')]));

    await storage.write({ 'msteams/conversations/a/': { n: 2 } });

    const changed = fs.readdirSync(itemDir()).filter((name) => fs.readFileSync(path.join(itemDir(), name), 'utf8') !== before.get(name));
    expect(changed).toHaveLength(1);
    expect(readSlot(changed[0]!)).toMatchObject({ seq: 2, record: { key: 'msteams/conversations/a/', item: { n: 2 } } });
  });

  test('When a bot-state.json of the first layout is found, then each item gets its own file with its eTag, and the old file is gone', async () => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(stateFile(), JSON.stringify({ schemaVersion: 1, items: { 'msteams/users/u1/': { locale: 'nl-NL', eTag: 'e1' }, 'msteams/conversations/c1/': { step: 2, eTag: 'e2' } } }));

    const storage = await openStorage();

    expect(fs.existsSync(stateFile())).toBe(false);
    expect(await storage.read(['msteams/users/u1/', 'msteams/conversations/c1/'])).toEqual({
      'msteams/users/u1/': { locale: 'nl-NL', eTag: 'e1' },
      'msteams/conversations/c1/': { step: 2, eTag: 'e2' },
    });
    await expect(storage.write({ 'msteams/users/u1/': { locale: 'en-US', eTag: 'e1' } })).resolves.toBeUndefined();
    expect(itemFiles().map((f) => f.key).sort()).toEqual(['msteams/conversations/c1/', 'msteams/users/u1/']);
    expect(logger.lines.some((l) => l.fields['code'] === 'BOT_STATE_MIGRATED' && l.fields['itemCount'] === 2)).toBe(true);
    expect((await (await openStorage()).read(['msteams/users/u1/']))['msteams/users/u1/']).toMatchObject({ locale: 'en-US' });
  });
});

describe('LowdbStorage: eTags like MemoryStorage', () => {
  type Outcome = 'accepted' | 'rejected';
  // `stored` stands for the eTag the store handed out, since both stores invent their own.
  const cases: Array<{ when: string; existing: boolean; eTag: string | undefined; expected: Outcome }> = [
    { when: 'the change carries the stored eTag', existing: true, eTag: 'stored', expected: 'accepted' },
    { when: 'the change carries a stale eTag', existing: true, eTag: 'stale', expected: 'rejected' },
    { when: "the change carries '*'", existing: true, eTag: '*', expected: 'accepted' },
    { when: 'the change carries no eTag', existing: true, eTag: undefined, expected: 'accepted' },
    { when: 'the change carries an empty eTag', existing: true, eTag: '', expected: 'accepted' },
    { when: 'the item does not exist yet and the change carries some eTag', existing: false, eTag: 'stale', expected: 'accepted' },
  ];

  async function play(storage: Storage, c: (typeof cases)[number]): Promise<{ outcome: Outcome; value: unknown }> {
    if (c.existing) await storage.write({ item: { value: 'old' } });
    const stored = (await storage.read(['item']))['item']?.eTag as string | undefined;
    const eTag = c.eTag === 'stored' ? stored : c.eTag === 'stale' ? 'some-other-etag' : c.eTag;
    const outcome = await storage.write({ item: { value: 'new', eTag } }).then(
      () => 'accepted' as const,
      () => 'rejected' as const,
    );
    return { outcome, value: (await storage.read(['item']))['item']?.value };
  }

  test.each(cases)('When $when, then the write is $expected, as in MemoryStorage', async (c) => {
    const lowdb = await play(await openStorage(), c);
    const memory = await play(new MemoryStorage(), c);

    expect(lowdb).toEqual(memory);
    expect(lowdb).toEqual({ outcome: c.expected, value: c.expected === 'accepted' ? 'new' : 'old' });
  });

  test('When an item is written twice, then each write gives it a new eTag', async () => {
    const storage = await openStorage();
    await storage.write({ item: { n: 1 } });
    const first = (await storage.read(['item']))['item']?.eTag;
    await storage.write({ item: { n: 2, eTag: first } });
    const second = (await storage.read(['item']))['item']?.eTag;

    expect(typeof first).toBe('string');
    expect(typeof second).toBe('string');
    expect(second).not.toBe(first);
  });

  test('When a stale eTag is written, then the error is an ETagConflictError with a stable code', async () => {
    const storage = await openStorage();
    await storage.write({ item: { n: 1 } });

    const error = await storage.write({ item: { n: 2, eTag: 'stale' } }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ETagConflictError);
    expect(error).toMatchObject({ code: 'STORAGE_ETAG_CONFLICT', key: 'item' });
  });

  test('When one key of a multi-key write conflicts, then none of its keys are written', async () => {
    const storage = await openStorage();
    await storage.write({ a: { v: 1 } });

    await expect(storage.write({ a: { v: 2, eTag: 'stale' }, b: { v: 2 } })).rejects.toBeInstanceOf(ETagConflictError);

    expect(await storage.read(['a', 'b'])).toEqual({ a: { v: 1, eTag: expect.any(String) } });
  });
});

describe('LowdbStorage: concurrency and atomic writes', () => {
  test('When 200 writes to different keys run in parallel, then all of them survive a reopen', async () => {
    const storage = await openStorage();
    const keys = Array.from({ length: 200 }, (_, i) => `test/conversations/c${i}/`);

    await Promise.all(keys.map((key, i) => storage.write({ [key]: { i } })));

    const reread = await (await openStorage()).read(keys);
    expect(keys.map((key) => (reread[key] as { i: number } | undefined)?.i)).toEqual(keys.map((_, i) => i));
  });

  test('When two turns write the same key with the same eTag at once, then one wins and the other is rejected', async () => {
    const storage = await openStorage();
    await storage.write({ item: { by: 'nobody' } });
    const eTag = (await storage.read(['item']))['item']?.eTag as string;

    const results = await Promise.allSettled([
      storage.write({ item: { by: 'turn-1', eTag } }),
      storage.write({ item: { by: 'turn-2', eTag } }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results[0]?.status === 'fulfilled' ? 'turn-1' : 'turn-2';
    expect((await storage.read(['item']))['item']?.by).toBe(winner);
  });

  test('When many writes to one item are queued, then they share file writes and the last one is what stays', async () => {
    const storage = await openStorage();

    await Promise.all(Array.from({ length: 50 }, (_, i) => storage.write({ item: { i } })));

    const fileWrites = logger.lines.filter((l) => l.msg === 'bot state written');
    expect(fileWrites.length).toBeGreaterThan(0);
    expect(fileWrites.length).toBeLessThan(50);
    expect((await storage.read(['item']))['item']?.i).toBe(49);
    expect(itemFiles()).toEqual([{ schemaVersion: 1, key: 'item', item: { i: 49, eTag: expect.any(String) } }]);
  });

  test('When one item\'s file cannot be written, then the other items still are, and that item keeps what is on disk', async () => {
    const storage = await openStorage();
    await storage.write({ slow: { n: 0 }, fast: { n: 0 } });
    // The next write of "slow" fails: the slot it goes to is taken by a folder.
    const slowFile = fs.readdirSync(itemDir()).find((name) => readSlot(name).record.key === 'slow')!;
    const blocker = path.join(itemDir(), slowFile.replace('.a.json', '.b.json')); // where its next version goes
    fs.mkdirSync(blocker);
    const slow = storage.write({ slow: { n: 1 } }).catch((e: unknown) => e);

    await storage.write({ fast: { n: 1 } });

    expect((await storage.read(['fast']))['fast']?.n).toBe(1);
    expect(await slow).toMatchObject({ code: 'DATA_FILE_WRITE_FAILED' });
    expect((await storage.read(['slow']))['slow']?.n).toBe(0);
    fs.rmSync(blocker, { recursive: true });
  });

  test('When many writes run at once, then a reopen reads the last version of every item, each from one of its two slots', async () => {
    const storage = await openStorage();
    const big = 'x'.repeat(2_000);
    for (let round = 0; round < 20; round++) {
      await Promise.all(Array.from({ length: 25 }, (_, i) => storage.write({ seed: { big, round, i, eTag: '*' }, [`k${i}`]: { big, round } })));
    }

    const reopened = await openStorage();
    const items = await reopened.read(['seed', ...Array.from({ length: 25 }, (_, i) => `k${i}`)]);
    expect(Object.keys(items)).toHaveLength(26);
    for (let i = 0; i < 25; i++) expect(items[`k${i}`]).toMatchObject({ round: 19 });
    expect(items['seed']).toMatchObject({ round: 19 });
    expect(fs.readdirSync(dataDir)).toEqual([BOT_STATE_DIR]);
    expect(fs.readdirSync(itemDir())).toHaveLength(52); // two slots per item, nothing else
  });

  test('When the newest file of an item was cut off in the middle of a write, then a reopen reads the version before it', async () => {
    const storage = await openStorage();
    await storage.write({ item: { v: 'confirmed' } });
    await storage.write({ item: { v: 'being written' } });
    const newest = fs.readdirSync(itemDir()).find((name) => readSlot(name).seq === 2)!;
    const text = fs.readFileSync(path.join(itemDir(), newest), 'utf8');
    fs.writeFileSync(path.join(itemDir(), newest), text.slice(0, text.length - 20));

    const reopened = await openStorage();
    expect((await reopened.read(['item']))['item']?.v).toBe('confirmed');
    await reopened.write({ item: { v: 'next' } });
    expect((await (await openStorage()).read(['item']))['item']?.v).toBe('next');
  });
});

describe('LowdbStorage: copies', () => {
  test('When the caller mutates an object after writing or after reading it, then the stored item does not change', async () => {
    const storage = await openStorage();
    const state = { list: ['a'], nested: { n: 1 } };
    const writing = storage.write({ item: state });
    state.list.push('mutated-before-flush');
    await writing;
    state.nested.n = 99;
    const read = (await storage.read(['item']))['item'] as typeof state;
    read.list.push('mutated-after-read');

    expect((await storage.read(['item']))['item']).toEqual({ list: ['a'], nested: { n: 1 }, eTag: expect.any(String) });
  });
});

describe('LowdbStorage: bad data files are never overwritten', () => {
  const badFiles: Array<[string, string]> = [
    ['invalid JSON', `{"schemaVersion":1,"items":{"x":{"name":"${PERSONAL.name}"`],
    ['an empty file', ''],
    ['JSON null', 'null'],
    ['a JSON array', '[]'],
    ['an item without eTag', JSON.stringify({ schemaVersion: 1, items: { x: { name: PERSONAL.name } } })],
    ['an unknown schema version', JSON.stringify({ schemaVersion: 2, items: {} })],
    ['an unexpected root key', JSON.stringify({ schemaVersion: 1, items: {}, signals: [] })],
  ];

  test.each(badFiles)('When the data file holds %s, then open fails with DATA_FILE_CORRUPT and the bytes stay identical', async (_, content) => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(stateFile(), content);
    const before = fs.readFileSync(stateFile());

    const error = await LowdbStorage.open({ dataDir, logger }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DataFileError);
    expect(error).toMatchObject({ code: 'DATA_FILE_CORRUPT', filePath: stateFile() });
    const message = (error as Error).message;
    expect(message).toContain(stateFile());
    expect(message).toContain('left untouched');
    expect(message).not.toContain(PERSONAL.name);
    expect(fs.readFileSync(stateFile()).equals(before)).toBe(true);
    expect(fs.readdirSync(dataDir)).toEqual(['bot-state.json']);
  });

  test('When the data file cannot be read (it is a directory), then open fails with DATA_FILE_UNREADABLE and leaves it alone', async () => {
    fs.mkdirSync(path.join(stateFile(), 'inside'), { recursive: true });

    const error = await LowdbStorage.open({ dataDir, logger }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DataFileError);
    expect(error).toMatchObject({ code: 'DATA_FILE_UNREADABLE', errno: 'EISDIR' });
    expect((error as Error).message).toContain(stateFile());
    expect(fs.readdirSync(stateFile())).toEqual(['inside']);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', fields: expect.objectContaining({ code: 'DATA_FILE_UNREADABLE' }) }));
  });

  test('When the data folder path is a file, then open fails with DATA_DIR_UNWRITABLE', async () => {
    fs.writeFileSync(dataDir, 'not a folder');

    await expect(LowdbStorage.open({ dataDir, logger })).rejects.toMatchObject({ code: 'DATA_DIR_UNWRITABLE' });
    expect(fs.readFileSync(dataDir, 'utf8')).toBe('not a folder');
  });
});

describe('LowdbStorage: health and logging', () => {
  test('When a file write fails, then the write rejects, health is false, and the last good state is kept until a write succeeds', async () => {
    const storage = await openStorage();
    await storage.write({ item: { v: 'good' } });
    expect(await storage.checkHealth()).toBe(true);

    fs.rmSync(dataDir, { recursive: true });
    await expect(storage.write({ item: { v: 'lost' } })).rejects.toMatchObject({ code: 'DATA_FILE_WRITE_FAILED' });
    expect(await storage.checkHealth()).toBe(false);
    expect((await storage.read(['item']))['item']?.v).toBe('good');

    fs.mkdirSync(dataDir);
    expect(await storage.checkHealth()).toBe(false); // the last write still failed
    await storage.write({ item: { v: 'again' } });
    expect(await storage.checkHealth()).toBe(true);
    expect((await (await openStorage()).read(['item']))['item']?.v).toBe('again');
  });

  test('When the data folder disappears, then health is false even before any write', async () => {
    const storage = await openStorage();
    fs.rmSync(dataDir, { recursive: true });

    expect(await storage.checkHealth()).toBe(false);
  });

  test('When personal data is stored, conflicts and failures happen, then no log line contains any of it', async () => {
    const storage = await openStorage();
    await storage.write({ 'test/users/u1/': { ...PERSONAL } });
    await storage.write({ 'test/users/u1/': { ...PERSONAL, eTag: 'stale' } }).catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true });
    await storage.write({ 'test/users/u1/': { ...PERSONAL } }).catch(() => undefined);

    const logged = JSON.stringify(logger.lines);
    expect(logger.lines.map((l) => l.level)).toEqual(expect.arrayContaining(['info', 'debug', 'warn', 'error']));
    for (const value of Object.values(PERSONAL)) expect(logged).not.toContain(value);
  });
});
