import { draft, memberOf, newTrail, openWorld, TEAM_ELSEWHERE, TEAM_VLISSINGEN, type World } from '../helpers/app-fixtures';

/** Review L8: every refused card action was one more audit line, so an outsider could grow the file without bound. */
const trail = newTrail();
let w: World;

beforeEach(async () => {
  w = await openWorld({ trail });
  expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
});
afterEach(async () => {
  await w.close();
});

describe('Audit log: refused attempts are counted, not appended one by one', () => {
  it('When an outsider is refused 1,000 times in an hour, then the audit log grows by a bounded number of lines and the count is kept', async () => {
    const reported = await w.report.submit(draft(), { submissionKey: 'audit-1', reporterChatKey: 'chat-a' });
    if (!reported.ok) throw new Error(reported.code);
    const signal = (await w.store.signals.getByReference(reported.reference))!;
    const outsider = memberOf(TEAM_ELSEWHERE, 'aad-outsider-0666');
    const before = (await w.auditEntries()).length;
    for (let i = 0; i < 1_000; i++) {
      expect(await w.actions.act(signal.id, outsider, { action: 'claim' })).toEqual({ ok: false, code: 'NOT_A_MEMBER' });
    }
    const during = (await w.auditEntries()).length - before;
    expect(during).toBeGreaterThan(0); // refusals are still on record
    expect(during).toBeLessThanOrEqual(60);

    w.clock.advance(3_600_000);
    await w.actions.act(signal.id, outsider, { action: 'claim' });
    const counted = (await w.auditEntries()).find((e) => e.action === 'signal.refused.counted');
    expect(counted?.detail).toContain(`count=${1_000 - during},`);
  });
});
