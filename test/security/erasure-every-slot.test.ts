import fs from 'node:fs';
import path from 'node:path';
import { draft, memberOf, newTrail, openWorld, personalDataIn, TEAM_VLISSINGEN, type World } from '../helpers/app-fixtures';

// Security review, finding H2 (a): a record's stale second slot kept the version with the
// personal details after erasure, encrypted with the live key. Here every file of DATA_DIR is
// read, every sealed value in it decrypted with the key, and the synthetic data searched for.

const DAY_MS = 24 * 60 * 60 * 1000;
const anna = memberOf(TEAM_VLISSINGEN, 'aad-anna-0001');
let w: World;

afterEach(async () => {
  await w.close();
});

/**
 * Every file's text plus the plain text of every sealed value found in it: `v1:iv:tag:data` and,
 * since key ids, `v2:keyid:iv:tag:data`. A sealed value that does not open fails the test, so
 * nothing is skipped silently.
 */
function everythingReadableWithTheKey(world: World): string {
  const texts: string[] = [];
  for (const { text } of world.files()) {
    texts.push(text);
    const sealedValues = text.match(/\b(?:v1(?::[A-Za-z0-9_-]+){3}|v2(?::[A-Za-z0-9_-]+){4})/g) ?? [];
    for (const sealed of sealedValues) texts.push(world.cipher.decrypt(sealed));
  }
  return texts.join('\n');
}

describe('Erasure leaves no readable copy (issue 11, 2a)', () => {
  test('When the checker decrypts a data folder before erasure, then it finds the personal data (so an empty answer below means something)', async () => {
    w = await openWorld({ trail: newTrail(), start: '2026-03-02T09:00:00.000Z' });
    expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
    const result = await w.report.submit(draft(), { submissionKey: 'k1', reporterChatKey: 'chat-a' });
    expect(result.ok).toBe(true);
    await w.store.flush();
    expect(personalDataIn(everythingReadableWithTheKey(w)).length).toBeGreaterThan(3);
  });

  test('When a closed signal is erased at retention, then no byte of DATA_DIR, decrypted with the key, holds its personal data', async () => {
    w = await openWorld({ trail: newTrail(), start: '2026-03-02T09:00:00.000Z', retentionDays: 90 });
    expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
    const result = await w.report.submit(draft(), { submissionKey: 'k1', reporterChatKey: 'chat-a' });
    if (!result.ok) throw new Error(result.code);
    const signal = (await w.store.signals.getByReference(result.reference))!;
    await w.actions.act(signal.id, anna, { action: 'claim' });
    await w.actions.act(signal.id, anna, { action: 'note', text: 'Buurvrouw Klaasje belt morgen terug' });
    await w.actions.act(signal.id, anna, { action: 'close', outcome: 'contactMade' });
    w.clock.advance(91 * DAY_MS);

    expect(await w.maintenance.eraseExpired()).toBe(1);
    await w.store.flush();

    const slots = fs.readdirSync(path.join(w.dir, 'signals'));
    expect(slots).toHaveLength(2); // both slots are there, and both were rewritten
    expect(personalDataIn(everythingReadableWithTheKey(w))).toEqual([]);
  });
});
