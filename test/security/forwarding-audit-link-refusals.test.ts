import { channelFacts, newTrail, openWorld, TEAM_VLISSINGEN, type World } from '../helpers/app-fixtures';

/**
 * Review L8 for channel linking: every refused link attempt was one more audit line, so anyone in
 * a channel could grow the audit log without bound. Now the first few per chat and hour are
 * written one by one; the rest are counted, one line per chat when the hour turns.
 */
const trail = newTrail();
let w: World;

beforeEach(async () => {
  w = await openWorld({ trail });
});
afterEach(async () => {
  await w.close();
});

const wrongCode = (i: number) => `WRNG-${'ABCDEFGHJK'[i % 10]}${'ABCDEFGHJK'[Math.floor(i / 10) % 10]}${'ABCDEFGHJK'[Math.floor(i / 100) % 10]}Q`;

describe('Audit log: refused link attempts are counted, not appended one by one', () => {
  it('When one channel is refused 1,000 times in an hour, then the audit grows by a few lines and the count reaches the operator', async () => {
    const before = (await w.auditEntries()).length;
    for (let i = 0; i < 1_000; i++) expect(await w.linking.redeem('link', 'GM0718', wrongCode(i), channelFacts(TEAM_VLISSINGEN))).toBe('CODE_UNKNOWN');
    const during = (await w.auditEntries()).length - before;
    expect(during).toBeGreaterThan(0); // the first refusals are on record at once
    expect(during).toBeLessThanOrEqual(5);
    expect(w.logger.lines.filter((l) => l.code === 'CODE_UNKNOWN' && l.level === 'warn').length).toBeLessThanOrEqual(5);

    w.clock.advance(3_600_000);
    expect(await w.linking.redeem('link', 'GM0718', 'ABCD-EFGH', channelFacts(TEAM_VLISSINGEN))).toBe('CODE_UNKNOWN');
    const counted = (await w.auditEntries()).filter((e) => e.action === 'link.refused.counted');
    expect(counted).toHaveLength(1);
    expect(counted[0]?.detail).toContain(`count=${1_000 - during},`);
    expect(w.logger.lines.some((l) => l.code === 'LINK_REFUSALS_COUNTED')).toBe(true);
  });

  it('When 1,000 different channels are each refused, then the audit lines in that hour stay bounded', async () => {
    const before = (await w.auditEntries()).length;
    for (let i = 0; i < 1_000; i++) {
      const team = { ...TEAM_VLISSINGEN, teamId: `19:team-${i}@thread.tacv2`, channelId: `19:chan-${i}@thread.tacv2` };
      await w.linking.redeem('link', 'GM0718', wrongCode(i), channelFacts(team));
    }
    expect((await w.auditEntries()).length - before).toBeLessThanOrEqual(200);
    w.clock.advance(3_600_000);
    await w.linking.redeem('link', 'GM0718', 'ABCD-EFGH', channelFacts(TEAM_VLISSINGEN));
    const counted = (await w.auditEntries()).filter((e) => e.action === 'link.refused.counted');
    expect(counted.length).toBeLessThanOrEqual(60);
    const total = counted.reduce((n, e) => n + Number(/count=(\d+)/.exec(e.detail ?? '')?.[1] ?? 0), 0);
    const oneByOne = (await w.auditEntries()).filter((e) => e.action === 'link.refused.CODE_UNKNOWN').length;
    expect(total + oneByOne).toBe(1_001);
  });
});
