import { describeEngines } from '../contract/engines';

/**
 * Issue 11 (M6, L2, H2d): rosters kept employees' aadObjectIds in the clear (rosters.json, the
 * team_rosters table) and never expired, so a missed "member removed" meant lasting access to the
 * team's card actions and tab. Now each id is an HMAC under a key derived from the data key, and
 * an entry not seen again within ROSTER_TTL_DAYS no longer counts. On both engines.
 */

const DAY = 86_400_000;
const ANNA = '00000000-0000-4000-8000-00000000a001';
const BRAM = '00000000-0000-4000-8000-00000000b002';
const CARO = '00000000-0000-4000-8000-00000000c003';

describeEngines('Rosters: keyed ids that expire', (engine) => {
  test('When members are learned, then no aadObjectId is stored in the clear', async () => {
    const stores = await engine().open();
    await stores.roster.setMembers('team-1', 'tenant-1', [ANNA, BRAM]);
    await stores.roster.addMembers('team-1', 'tenant-1', [CARO]);
    expect(await stores.roster.isMember('team-1', 'tenant-1', ANNA)).toBe(true);
    const dump = await stores.dump();
    for (const id of [ANNA, BRAM, CARO]) {
      expect(dump).not.toContain(id);
      expect(dump).not.toContain(id.replace(/-/g, ''));
    }
  });

  test('When a member is not seen again for longer than the TTL, then they no longer count; a roster read or an add refreshes', async () => {
    const stores = await engine().open();
    await stores.roster.setMembers('team-1', 'tenant-1', [ANNA, BRAM]);
    engine().clock.advance(10 * DAY);
    await stores.roster.addMembers('team-1', 'tenant-1', [BRAM]); // a conversationUpdate or live check
    engine().clock.advance(5 * DAY); // Anna 15 days, Bram 5 days
    expect(await stores.roster.isMember('team-1', 'tenant-1', ANNA)).toBe(false);
    expect(await stores.roster.isMember('team-1', 'tenant-1', BRAM)).toBe(true);
    await stores.roster.setMembers('team-1', 'tenant-1', [ANNA]); // the daily roster read
    expect(await stores.roster.isMember('team-1', 'tenant-1', ANNA)).toBe(true);
    expect(await stores.roster.isMember('team-1', 'tenant-1', BRAM)).toBe(false);
  });

  test('When a roster from before the change (plain ids) is found at start, then it is hashed and still works', async () => {
    await engine().seedLegacyRoster('team-1', 'tenant-1', [ANNA, BRAM]);
    const stores = await engine().open();
    expect(await stores.roster.isMember('team-1', 'tenant-1', ANNA)).toBe(true);
    expect(await stores.roster.isMember('team-1', 'tenant-1', CARO)).toBe(false);
    const dump = await stores.dump();
    expect(dump).not.toContain(ANNA);
    expect(dump).not.toContain(BRAM);
    engine().clock.advance(15 * DAY);
    const again = await stores.reopen();
    expect(await again.roster.isMember('team-1', 'tenant-1', ANNA)).toBe(false);
  });
});
