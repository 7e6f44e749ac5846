import fs from 'node:fs';
import path from 'node:path';
import { LowdbStorage } from '../../src/adapters/persistence/lowdb-storage';
import { draft, memberOf, newTrail, openWorld, TEAM_VLISSINGEN, type World } from '../helpers/app-fixtures';

// Security review, finding 7 (M6): under the usual umask 022 the data folders were 0755 and most
// files 0644, so any local user could read them. Every folder must be 0700 and every file 0600,
// including the temp files of atomic writes (checked while writes run).

let w: World;
let umask: number;

beforeEach(() => {
  umask = process.umask(0o022);
});
afterEach(async () => {
  process.umask(umask);
  await w.close();
});

function modes(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [[path.basename(dir), (fs.statSync(dir).mode & 0o777).toString(8)]];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const mode = (fs.statSync(full, { throwIfNoEntry: false })?.mode ?? 0) & 0o777;
    if (mode !== 0) out.push([path.relative(dir, full), mode.toString(8)]);
  }
  return out;
}

describe('Data files are private (issue 11, finding 7)', () => {
  test('When the bot stores links, codes, signals, outbox, audit and bot state, then folders are 0700 and files 0600, temp files too', async () => {
    w = await openWorld({ trail: newTrail() });
    const seen: Array<[string, string]> = [];
    const watcher = fs.watch(w.dir, { recursive: true }, () => seen.push(...modes(w.dir)));
    try {
      expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
      for (let i = 0; i < 5; i++) {
        const result = await w.report.submit(draft(), { submissionKey: `k${i}`, reporterChatKey: 'chat-a' });
        if (!result.ok) throw new Error(result.code);
        const signal = (await w.store.signals.getByReference(result.reference))!;
        await w.actions.act(signal.id, memberOf(TEAM_VLISSINGEN, 'aad-anna-0001'), { action: 'claim' });
      }
      const state = await LowdbStorage.open({ dataDir: w.dir, logger: w.logger });
      await state.write({ 'conv/1': { dialog: 'report' } });
      await state.write({ 'conv/1': { dialog: 'done' } });
      await Promise.all([w.store.flush(), w.fileLinks.flush(), w.audit.flush(), state.flush()]);
    } finally {
      watcher.close();
    }

    const now = modes(w.dir);
    expect(now.map(([name]) => name)).toEqual(expect.arrayContaining(['links.json', 'link-codes.jsonl', 'audit.jsonl', 'outbox.json', 'signals', 'bot-state']));
    const wrong = [...seen, ...now].filter(([name, mode]) => {
      const isDir = !name.includes('.') || name === path.basename(w.dir);
      return isDir ? mode !== '700' : mode !== '600';
    });
    expect([...new Set(wrong.map((x) => x.join(' ')))]).toEqual([]);
  });
});
