import fs from 'node:fs';
import path from 'node:path';
import { DataFileError } from '../../src/adapters/persistence/data-file';
import { FileLinkStore, LINKS_FILE } from '../../src/adapters/persistence/link-store';
import { hashCode as hashLinkCode } from '../../src/application/link-channel';
import type { ChannelLink, LinkCode } from '../../src/ports/signals';
import { captureLogger, tempDir } from '../helpers/signal-fixtures';

let dir: string;
let cleanup: () => void;
let logger: ReturnType<typeof captureLogger>;
const opened: FileLinkStore[] = [];

async function openStore(): Promise<FileLinkStore> {
  const store = await FileLinkStore.open({ dataDir: dir, logger });
  opened.push(store);
  return store;
}

const CODE = 'K7Q2-M9XP';
const now = new Date('2026-03-02T09:00:00Z');

function code(overrides: Partial<LinkCode> = {}): LinkCode {
  return { signaalpuntId: 'GM0677', codeHash: hashLinkCode(CODE), purpose: 'link', expiresAt: '2026-03-03T09:00:00.000Z', ...overrides };
}

function link(overrides: Partial<ChannelLink> = {}): ChannelLink {
  return {
    signaalpuntId: 'GM0677',
    teamId: '19:team@thread.tacv2',
    tenantId: 'tenant-1',
    channelId: '19:general@thread.tacv2',
    reference: { conversation: { id: '19:general@thread.tacv2' }, serviceUrl: 'https://smba.example/' },
    linkedAt: now.toISOString(),
    linkedBy: 'aad-1',
    ...overrides,
  };
}

beforeEach(() => {
  ({ dir, cleanup } = tempDir('links'));
  logger = captureLogger();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.flush()));
  cleanup();
});

describe('FileLinkStore: one-time codes', () => {
  test('When a code is saved, then only its sha256 hash is on disk', async () => {
    const store = await openStore();
    await store.saveCode(code());

    const text = fs.readFileSync(path.join(dir, LINKS_FILE), 'utf8');
    expect(text).not.toContain(CODE);
    expect(text).toContain(hashLinkCode(CODE));
    expect(hashLinkCode(` ${CODE}\n`)).toBe(hashLinkCode(CODE));
    await expect(store.saveCode(code({ codeHash: CODE }))).rejects.toThrow(TypeError);
  });

  test('When codes are used, then the answers are unknown, expired, ok and then used, also after a reopen', async () => {
    const store = await openStore();
    await store.saveCode(code());
    await store.saveCode(code({ codeHash: hashLinkCode('OLD'), expiresAt: '2026-03-02T08:59:59.000Z' }));

    expect(await store.useCode(hashLinkCode('never-issued'), now)).toBe('unknown');
    expect(await store.useCode(hashLinkCode('OLD'), now)).toBe('expired');
    expect(await store.useCode(hashLinkCode(CODE), now)).toEqual({ ...code(), usedAt: now.toISOString() });
    expect(await store.useCode(hashLinkCode(CODE), now)).toBe('used');
    expect(await (await openStore()).useCode(hashLinkCode(CODE), now)).toBe('used');
  });

  test('When a code expires at this very moment, then it is expired', async () => {
    const store = await openStore();
    await store.saveCode(code({ expiresAt: now.toISOString() }));
    expect(await store.useCode(hashLinkCode(CODE), now)).toBe('expired');
  });

  test('When the same code is used ten times at once, then exactly one use succeeds', async () => {
    const store = await openStore();
    await store.saveCode(code());

    const results = await Promise.all(Array.from({ length: 10 }, () => store.useCode(hashLinkCode(CODE), now)));

    expect(results.filter((r) => typeof r === 'object')).toHaveLength(1);
    expect(results.filter((r) => r === 'used')).toHaveLength(9);
  });

  test('When codes are refused, then the log holds a code and never the typed code or its hash', async () => {
    const store = await openStore();
    await store.useCode(hashLinkCode(CODE), now);
    expect(logger.lines.some((l) => l.fields.code === 'LINK_CODE_UNKNOWN')).toBe(true);
    expect(logger.text()).not.toContain(CODE);
    expect(logger.text()).not.toContain(hashLinkCode(CODE));
  });
});

describe('FileLinkStore: links', () => {
  test('When a link is saved, found, marked broken, relinked and removed, then each step is kept across a reopen', async () => {
    const store = await openStore();
    await store.saveLink(link());
    expect(await store.getLink('GM0677')).toEqual(link());
    expect(await store.findLinkByChannel('19:team@thread.tacv2', '19:general@thread.tacv2')).toEqual(link());
    expect(await store.findLinkByChannel('19:team@thread.tacv2', 'other')).toBeUndefined();

    await store.markBroken('GM0677', 'HTTP_403', now);
    await store.markBroken('GM0677', 'HTTP_403', new Date('2026-03-02T10:00:00Z'));
    await store.markBroken('GM9999', 'HTTP_403', now); // no link: nothing to mark
    expect((await (await openStore()).getLink('GM0677'))?.broken).toEqual({ at: now.toISOString(), code: 'HTTP_403' });

    await store.saveLink(link({ linkedAt: '2026-03-03T09:00:00.000Z' }));
    expect((await store.getLink('GM0677'))?.broken).toBeUndefined();
    await store.saveLink(link({ signaalpuntId: 'GM0363', channelId: 'c2' }));
    expect((await store.listLinks()).map((l) => l.signaalpuntId)).toEqual(['GM0363', 'GM0677']);

    await store.removeLink('GM0677');
    expect(await (await openStore()).getLink('GM0677')).toBeUndefined();
  });

  test('When the links file is corrupt, then opening is refused and the file is untouched', async () => {
    fs.mkdirSync(dir, { recursive: true });
    const content = JSON.stringify({ schemaVersion: 1, codes: { x: { codeHash: 'plain' } }, links: {} });
    fs.writeFileSync(path.join(dir, LINKS_FILE), content);

    await expect(FileLinkStore.open({ dataDir: dir, logger })).rejects.toBeInstanceOf(DataFileError);
    expect(fs.readFileSync(path.join(dir, LINKS_FILE), 'utf8')).toBe(content);
  });
});
