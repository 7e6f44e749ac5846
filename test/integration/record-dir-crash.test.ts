import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RecordDir } from '../../src/adapters/persistence/record-dir';
import { captureLogger, tempDir } from '../helpers/signal-fixtures';

// Issue 13 (kill -9 at any moment) and issue 11 finding 2(a)/7: what a record folder does with the
// files a crash can leave behind, and with the versions a write leaves in the other slot.
const schema = z.strictObject({ name: z.string(), note: z.string().optional() });
type Rec = z.infer<typeof schema>;
const realOpen = fsp.open.bind(fsp);

let root: string;
let cleanup: () => void;
let logger: ReturnType<typeof captureLogger>;
const folder = () => path.join(root, 'items');

function open(confirmed = false) {
  return RecordDir.open<Rec>({ dir: folder(), schema, logger, confirmed });
}

beforeEach(() => {
  ({ dir: root, cleanup } = tempDir('record-dir'));
  fs.mkdirSync(root);
  logger = captureLogger();
});
afterEach(() => cleanup());

describe('RecordDir: a kill during the first write of a record', () => {
  test('When a kill left a new record with one empty slot, then the folder opens without it and nothing else is lost', async () => {
    const { dir } = await open();
    await dir.write('kept', { name: 'Kees' });
    fs.writeFileSync(path.join(folder(), 'new-one.a.json'), ''); // what open(file, 'w') left before the fix

    const { records } = await open();

    expect([...records.keys()]).toEqual(['kept']);
    expect(fs.existsSync(path.join(folder(), 'new-one.a.json'))).toBe(false);
  });

  test('When a kill left a temp file of a record being created, then the folder opens, the temp file is gone and the key is free', async () => {
    const { dir } = await open();
    await dir.write('kept', { name: 'Kees' });
    fs.writeFileSync(path.join(folder(), '.new-one.a.json.tmp-1234'), '{"seq":1,"rec');

    const { dir: reopened, records } = await open();

    expect([...records.keys()]).toEqual(['kept']);
    expect(fs.readdirSync(folder()).sort()).toEqual(['kept.a.json']);
    await reopened.write('new-one', { name: 'Nieuw' });
    expect((await open()).records.get('new-one')).toEqual({ name: 'Nieuw' });
  });

  test('When the first write of a record stops half-way, then no slot file of that record exists', async () => {
    const { dir } = await open();
    // The file system accepts the file but the data never arrives (what a kill between the two leaves).
    const spy = jest.spyOn(fsp, 'open').mockImplementation(async (file, flags, mode) => {
      const handle = await realOpen(file, flags, mode);
      jest.spyOn(handle, 'write').mockRejectedValue(Object.assign(new Error('killed'), { code: 'EIO' }));
      return handle;
    });
    try {
      await expect(dir.write('fresh', { name: 'Nieuw' })).rejects.toMatchObject({ code: 'DATA_FILE_WRITE_FAILED' });
    } finally {
      spy.mockRestore();
    }
    expect(fs.readdirSync(folder()).filter((f) => f.startsWith('fresh'))).toEqual([]);
    expect([...(await open()).records.keys()]).toEqual([]);
  });
});

describe('RecordDir: a record none of whose slots can be read', () => {
  test('When it holds data that is not confirmed (bot state), then it is moved aside, logged with its key, and the folder opens', async () => {
    const { dir } = await open();
    await dir.write('kept', { name: 'Kees' });
    fs.writeFileSync(path.join(folder(), 'broken.a.json'), '{"seq": 1, "record": {"name": "Ge');

    const { records } = await open();

    expect([...records.keys()]).toEqual(['kept']);
    const aside = path.join(root, 'quarantine', 'items');
    expect(fs.readdirSync(aside)).toEqual(['broken.a.json']);
    expect(fs.readFileSync(path.join(aside, 'broken.a.json'), 'utf8')).toBe('{"seq": 1, "record": {"name": "Ge');
    const line = logger.lines.find((l) => l.fields.code === 'RECORD_QUARANTINED');
    expect(line).toMatchObject({ level: 'error', fields: { key: 'broken' } });
    expect(line?.msg).toContain('operator');
  });

  test('When it holds confirmed data (a signal), then start-up stops with one message naming the file, and nothing is moved', async () => {
    const { dir } = await open(true);
    await dir.write('kept', { name: 'Kees' });
    fs.writeFileSync(path.join(folder(), 'broken.a.json'), '{"seq": 1, "record": {"name": "Ge');

    const err = await open(true).catch((e: unknown) => e);

    expect(err).toMatchObject({ code: 'DATA_FILE_CORRUPT', filePath: path.join(folder(), 'broken.a.json') });
    expect((err as Error).message).toContain(path.join(folder(), 'broken.a.json'));
    expect(fs.existsSync(path.join(root, 'quarantine'))).toBe(false);
    expect(fs.readdirSync(folder()).sort()).toEqual(['broken.a.json', 'kept.a.json']);
  });

  test('When a confirmed record has only empty slots (its create never finished), then it is set aside, not a reason to stop', async () => {
    const { dir } = await open(true);
    await dir.write('kept', { name: 'Kees' });
    fs.writeFileSync(path.join(folder(), 'never.a.json'), '');

    const { records } = await open(true);

    expect([...records.keys()]).toEqual(['kept']);
  });
});

describe('RecordDir: no older version stays behind (issue 11, 2a) and private files (7)', () => {
  test('When a record is written with everySlot, then neither slot file holds the older version', async () => {
    const { dir } = await open();
    await dir.write('r', { name: 'Fokje Zijlstra', note: '0687777666' });
    await dir.write('r', { name: 'Fokje Zijlstra', note: 'tweede' });
    await dir.write('r', { name: '' }, { everySlot: true });

    const bytes = fs.readdirSync(folder()).map((f) => fs.readFileSync(path.join(folder(), f), 'utf8')).join('\n');
    expect(bytes).not.toContain('Fokje');
    expect(bytes).not.toContain('0687777666');
    expect((await open()).records.get('r')).toEqual({ name: '' });
  });

  test('When records are written, then the folder is 0700 and every file 0600', async () => {
    const old = process.umask(0o022);
    try {
      const { dir } = await open();
      await dir.write('r', { name: 'a' });
      await dir.write('r', { name: 'b' });
      expect(fs.statSync(folder()).mode & 0o777).toBe(0o700);
      for (const f of fs.readdirSync(folder())) expect(fs.statSync(path.join(folder(), f)).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });
});
