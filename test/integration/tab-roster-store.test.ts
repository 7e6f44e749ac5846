import fs from 'node:fs';
import path from 'node:path';
import { DataFileError } from '../../src/adapters/persistence/data-file';
import { ROSTERS_FILE, RosterStore } from '../../src/adapters/persistence/roster-store';
import { captureLogger, tempDir, testRosterOptions } from '../helpers/signal-fixtures';

let dir: string;
let cleanup: () => void;
let logger: ReturnType<typeof captureLogger>;
const opened: RosterStore[] = [];
const rosterOptions = testRosterOptions();

async function openStore(): Promise<RosterStore> {
  const store = await RosterStore.open({ dataDir: dir, logger, ...rosterOptions });
  opened.push(store);
  return store;
}

const TEAM = '19:team-vlissingen@thread.tacv2';
const OTHER_TEAM = '19:team-veere@thread.tacv2';
const TENANT = 'tenant-1';

beforeEach(() => {
  ({ dir, cleanup } = tempDir('rosters'));
  logger = captureLogger();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.flush()));
  cleanup();
});

describe('RosterStore', () => {
  test('When nothing is known of a team, then nobody is a member and no file is written', async () => {
    const store = await openStore();
    expect(await store.isMember(TEAM, TENANT, 'aad-anna')).toBe(false);
    expect(fs.existsSync(path.join(dir, ROSTERS_FILE))).toBe(false);
  });

  test('When a roster is set, added to and removed from, then membership follows, per team and tenant', async () => {
    const store = await openStore();
    await store.setMembers(TEAM, TENANT, ['aad-anna', 'aad-bram', 'aad-anna']);
    await store.addMembers(TEAM, TENANT, ['aad-cees']);
    await store.removeMembers(TEAM, ['aad-bram']);

    expect(await store.isMember(TEAM, TENANT, 'aad-anna')).toBe(true);
    expect(await store.isMember(TEAM, TENANT, 'aad-cees')).toBe(true);
    expect(await store.isMember(TEAM, TENANT, 'aad-bram')).toBe(false);
    expect(await store.isMember(TEAM, 'tenant-2', 'aad-anna')).toBe(false);
    expect(await store.isMember(OTHER_TEAM, TENANT, 'aad-anna')).toBe(false);
    expect(await store.isMember(TEAM, TENANT, '')).toBe(false);
  });

  test('When a roster is set again, then it replaces the old one', async () => {
    const store = await openStore();
    await store.setMembers(TEAM, TENANT, ['aad-anna', 'aad-bram']);
    await store.setMembers(TEAM, TENANT, ['aad-cees']);
    expect(await store.isMember(TEAM, TENANT, 'aad-anna')).toBe(false);
    expect(await store.isMember(TEAM, TENANT, 'aad-cees')).toBe(true);
  });

  test('When members are added for a team unknown so far, then the team starts with them', async () => {
    const store = await openStore();
    await store.addMembers(TEAM, TENANT, ['aad-anna']);
    expect(await store.isMember(TEAM, TENANT, 'aad-anna')).toBe(true);
    await store.removeMembers(OTHER_TEAM, ['aad-anna']); // unknown team: nothing happens
    expect(await store.isMember(OTHER_TEAM, TENANT, 'aad-anna')).toBe(false);
  });

  test('When the same team id shows up from another tenant, then the old members are not carried over', async () => {
    const store = await openStore();
    await store.setMembers(TEAM, TENANT, ['aad-anna']);
    await store.addMembers(TEAM, 'tenant-2', ['aad-zed']);
    expect(await store.isMember(TEAM, 'tenant-2', 'aad-anna')).toBe(false);
    expect(await store.isMember(TEAM, 'tenant-2', 'aad-zed')).toBe(true);
    expect(await store.isMember(TEAM, TENANT, 'aad-anna')).toBe(false);
    expect(logger.lines.some((l) => l.fields.code === 'ROSTER_TENANT_CHANGED')).toBe(true);
  });

  test('When ids are blank or absurdly long, then they are ignored', async () => {
    const store = await openStore();
    await store.setMembers(TEAM, TENANT, ['', '   ', 'x'.repeat(500), ' aad-anna ']);
    expect(await store.isMember(TEAM, TENANT, 'aad-anna')).toBe(true);
    const file = JSON.parse(fs.readFileSync(path.join(dir, ROSTERS_FILE), 'utf8'));
    // One entry, under the id's keyed hash (issue 11), with when it was seen.
    expect(file).toEqual({ schemaVersion: 2, teams: { [TEAM]: { tenantId: TENANT, seen: { [rosterOptions.hashId('aad-anna')]: expect.any(String) } } } });
  });

  test('When the store is opened again, then the rosters are still there', async () => {
    const first = await openStore();
    await first.setMembers(TEAM, TENANT, ['aad-anna']);
    await first.flush();
    const second = await openStore();
    expect(await second.isMember(TEAM, TENANT, 'aad-anna')).toBe(true);
  });

  test('When many changes arrive at once, then none is lost', async () => {
    const store = await openStore();
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.addMembers(TEAM, TENANT, [`aad-${i}`])));
    const second = await RosterStore.open({ dataDir: dir, logger, ...rosterOptions });
    for (let i = 0; i < 50; i += 1) expect(await second.isMember(TEAM, TENANT, `aad-${i}`)).toBe(true);
  });

  test('When the file is not a rosters file, then opening fails and the file is left untouched', async () => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, ROSTERS_FILE);
    fs.writeFileSync(file, '{"schemaVersion":3,"teams":{}}');
    await expect(RosterStore.open({ dataDir: dir, logger, ...rosterOptions })).rejects.toBeInstanceOf(DataFileError);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"schemaVersion":3,"teams":{}}');
  });

  test('When rosters change, then the logs carry team ids and counts, never member ids', async () => {
    const store = await openStore();
    await store.setMembers(TEAM, TENANT, ['aad-anna']);
    await store.addMembers(TEAM, TENANT, ['aad-bram']);
    await store.removeMembers(TEAM, ['aad-anna']);
    expect(logger.text()).not.toContain('aad-anna');
    expect(logger.text()).not.toContain('aad-bram');
    expect(await store.checkHealth()).toBe(true);
  });
});
