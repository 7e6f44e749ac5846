import { draft, channelFacts, memberOf, openWorld, TEAM_VLISSINGEN, TEAM_ELSEWHERE, type World } from '../helpers/app-fixtures';

let w: World;
beforeEach(async () => {
  w = await openWorld();
});
afterEach(async () => {
  await w.close();
});

describe('Regressions: bad postcodes, concurrent replays, forged actor ids', () => {
  test.each<[string, string | undefined, string]>([
    ['0000 AA', undefined, 'postcode'],
    ['12345', undefined, 'postcode'],
    ['ABCD EF', undefined, 'postcode'],
    ['4381 SA', undefined, 'postcode'],
    ['4381 AB', 'nul', 'houseNumber'],
  ])('When a draft with postcode %s and house number %s is submitted, then DRAFT_INVALID names %s and nothing is stored', async (postcode, houseNumber, field) => {
    const result = await w.report.submit(draft({ postcode, houseNumber }), { submissionKey: 'k-bad-postcode' });
    expect(result).toEqual({ ok: false, code: 'DRAFT_INVALID', fields: [field] });
    expect(await w.store.signals.list()).toEqual([]);
    expect(await w.store.outbox.list()).toEqual([]);
  });

  test('When the same submit arrives twice at the same moment, then there is one signal and both answers carry its reference', async () => {
    const [a, b] = await Promise.all([
      w.report.submit(draft(), { submissionKey: 'k-replay', reporterChatKey: 'chat-a' }),
      w.report.submit(draft(), { submissionKey: 'k-replay', reporterChatKey: 'chat-a' }),
    ]);
    expect(b).toEqual(a);
    expect(await w.store.signals.list()).toHaveLength(1);
  });

  test('When a forged invoke carries an aadObjectId that is not an id, then it is refused as NOT_A_MEMBER (not thrown)', async () => {
    expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
    const result = await w.report.submit(draft(), { submissionKey: 'k1' });
    const signal = (await w.store.signals.getByReference(result.ok ? result.reference : ''))!;
    const forged = { ...memberOf(TEAM_ELSEWHERE), aadObjectId: 'mallory@evil.example' };
    await expect(w.actions.act(signal.id, forged, { action: 'claim' })).resolves.toEqual({ ok: false, code: 'NOT_A_MEMBER' });
    await expect(
      w.linking.redeem('link', 'GM0718', 'ABCD-EFGH', channelFacts(TEAM_ELSEWHERE, { conversationType: 'personal', actorAadObjectId: 'Mallory Evil' })),
    ).resolves.toBe('NOT_A_CHANNEL');
  });
});
