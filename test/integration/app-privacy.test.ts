import { linkCode } from '../../scripts/link-code';
import type { ReportDraft } from '../../src/application/report-signal.types';
import type { Sign } from '../../src/domain/signs';
import {
  channelFacts,
  draft,
  EXAMPLE_SIGNAALPUNTEN_FILE,
  fakeLookup,
  memberOf,
  newTrail,
  openWorld,
  OTHER_TENANT,
  PERSONAL_VALUES,
  personalDataIn,
  SYNTHETIC,
  TEAM_ELSEWHERE,
  TEAM_VEERE,
  TEAM_VLISSINGEN,
  type World,
} from '../helpers/app-fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;
let w: World;
const trail = newTrail();

afterAll(async () => {
  await w?.close();
});

describe('Privacy over a full run of the signal use cases', () => {
  test('When the checker is shown a line with personal data, then it finds it (so an empty answer below means something)', () => {
    expect(personalDataIn(`{"msg":"x","who":"jantje testpersoon"}`)).toEqual(['Jantje Testpersoon', 'Jantje', 'Testpersoon']);
    expect(personalDataIn(`postcode 4331ab`)).toEqual(['4331AB']);
    expect(personalDataIn('{"code":"SIGNAL_CREATED","signalId":"b3c1","signaalpuntId":"GM0687"}')).toEqual([]);
    expect(PERSONAL_VALUES).toEqual(expect.arrayContaining(Object.values(SYNTHETIC).filter((v) => v !== SYNTHETIC.houseNumber)));
  });

  test('When signals are reported, linked, acted on, refused, reminded and erased, then no log or audit line holds the personal data', async () => {
    // The CLI's code expires 24 hours after the real now, which is after this fixed start.
    w = await openWorld({ trail, start: '2026-03-02T09:00:00.000Z', lookup: fakeLookup({ '4331AD': { code: '0687', name: 'Middelburg' } }) });
    const anna = memberOf(TEAM_VLISSINGEN, 'aad-anna-0001');
    const bram = memberOf(TEAM_VLISSINGEN, 'aad-bram-0002');
    const vera = memberOf(TEAM_VEERE, 'aad-vera-0003');

    // Linking: the CLI for Vlissingen, the app for Veere; refusals on the way.
    const cli = await linkCode(['GM0718'], { NODE_ENV: 'test', DATA_DIR: w.dir, SIGNAALPUNTEN_FILE: EXAMPLE_SIGNAALPUNTEN_FILE, LOG_LEVEL: 'silent', DATA_ENCRYPTION_KEY: w.key.toString('base64') });
    expect(await w.linking.redeem('link', 'GM0718', cli.code!, channelFacts({ ...TEAM_VLISSINGEN, tenantId: OTHER_TENANT }))).toBe('WRONG_TENANT');
    expect(await w.linking.redeem('link', 'GM0718', cli.code!, channelFacts(TEAM_VLISSINGEN, { conversationType: 'personal' }))).toBe('NOT_A_CHANNEL');
    expect(await w.linking.redeem('link', 'GM0718', 'WRON-GCOD', channelFacts(TEAM_VLISSINGEN))).toBe('CODE_UNKNOWN');
    expect(await w.linking.redeem('link', 'GM0718', cli.code!, channelFacts(TEAM_VLISSINGEN))).toBe('LINKED');
    expect(await w.link('GM0717', TEAM_VEERE)).toBe('LINKED');

    // Reports: every personal field, with an address, through PDOK; and refused drafts full of personal data.
    const full: Partial<ReportDraft> = { postcode: SYNTHETIC.postcode, houseNumber: SYNTHETIC.houseNumber };
    const kept = [
      await w.report.submit(draft(), { submissionKey: 'p1', reporterChatKey: 'chat-a' }),
      await w.report.submit(draft(full), { submissionKey: 'p2', reporterChatKey: 'chat-a' }),
      await w.report.submit(draft({ postcode: '4331 AD', houseNumber: '5' }), { submissionKey: 'p3', reporterChatKey: 'chat-b' }),
      await w.report.submit(draft(), { submissionKey: 'p4', reporterChatKey: 'chat-b' }),
      await w.report.submit(draft(), { submissionKey: 'p1', reporterChatKey: 'chat-a' }), // a replay
    ];
    expect(kept.every((r) => r.ok)).toBe(true);
    const refused = [
      await w.report.submit(draft({ note: `${SYNTHETIC.note} ${SYNTHETIC.personName} ${'x'.repeat(500)}` }), { submissionKey: 'bad1' }),
      await w.report.submit(draft({ consent: false }), { submissionKey: 'bad2' }),
      await w.report.submit(draft({ signs: [SYNTHETIC.personName as Sign] }), { submissionKey: 'bad3' }),
      await w.report.submit({ ...draft(), personName: SYNTHETIC.reporterContact.repeat(10) } as ReportDraft, { submissionKey: 'bad4' }),
    ];
    expect(refused.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['DRAFT_INVALID', 'DRAFT_INVALID', 'DRAFT_INVALID', 'DRAFT_INVALID']);
    expect(await w.report.statusForReporter('chat-a')).toHaveLength(2);

    const [s1, s2, s3, s4] = await Promise.all(
      ['-000001', '-000002', '-000003', '-000004'].map(async (n) => (await w.store.signals.list()).find((s) => s.reference.endsWith(n))!),
    );
    expect([s1, s2, s3, s4].map((s) => s!.signaalpuntId)).toEqual(['GM0718', 'GM0687', 'GM0687', 'GM0718']);

    // The team: outsiders refused, a race, notes, forwarding, closing.
    for (const outsider of [memberOf(TEAM_ELSEWHERE), { ...anna, tenantId: OTHER_TENANT }, vera]) {
      expect(await w.actions.act(s1!.id, outsider, { action: 'note', text: SYNTHETIC.teamNote })).toEqual({ ok: false, code: 'NOT_A_MEMBER' });
    }
    expect(await w.actions.act(s2!.id, anna, { action: 'claim' })).toEqual({ ok: false, code: 'NOT_A_MEMBER' }); // Middelburg is not linked
    const race = await Promise.all([w.actions.act(s1!.id, anna, { action: 'claim' }), w.actions.act(s1!.id, bram, { action: 'claim' })]);
    expect(race.filter((r) => r.ok)).toHaveLength(1);
    const owner = race[0]!.ok ? anna : bram;
    expect(await w.actions.act(s1!.id, owner, { action: 'note', text: `${SYNTHETIC.teamNote}, ${SYNTHETIC.personContact}` })).toMatchObject({ ok: true });
    expect(await w.actions.act(s1!.id, owner, { action: 'note', text: SYNTHETIC.personName.repeat(100) })).toMatchObject({ ok: false, code: 'NOTE_INVALID' });
    expect(await w.actions.act(s1!.id, owner, { action: 'close', outcome: 'contactMade' })).toMatchObject({ ok: true });
    expect(await w.actions.act(s1!.id, owner, { action: 'note', text: SYNTHETIC.teamNote })).toMatchObject({ ok: false, code: 'SIGNAL_CLOSED' });
    expect(await w.actions.act(s4!.id, anna, { action: 'forward', to: 'GM0654' })).toMatchObject({ ok: false, code: 'UNKNOWN_SIGNAALPUNT' });
    expect(await w.actions.act(s4!.id, anna, { action: 'forward', to: 'GM0717' })).toMatchObject({ ok: true });
    expect(await w.actions.act(s4!.id, vera, { action: 'claim' })).toMatchObject({ ok: true });
    expect(await w.actions.act(s4!.id, vera, { action: 'note', text: SYNTHETIC.note })).toMatchObject({ ok: true });

    // Timers: reminders for the unclaimed Middelburg signals, then retention.
    for (let day = 1; day <= 7; day += 1) {
      w.clock.advance(DAY_MS);
      await w.maintenance.remindOverdue();
    }
    // s2 and s3 (Middelburg, deadline Wednesday 4 March) are reminded on Thursday, Friday and Monday.
    expect((await w.store.outbox.list()).filter((m) => m.kind === 'signal.threadReply')).toHaveLength(6);
    w.clock.advance(91 * DAY_MS);
    expect(await w.maintenance.eraseExpired()).toBe(1);

    // The bot is removed from Veere's team.
    for (const id of await w.linking.linksOfTeam(TEAM_VEERE.teamId)) await w.linking.markBroken(id, 'BOT_REMOVED');
    expect(await w.actions.act(s4!.id, vera, { action: 'close', outcome: 'referred' })).toEqual({ ok: false, code: 'NOT_A_MEMBER' });

    // The data did flow through: the store (decrypted) still holds it for the open signals.
    expect(personalDataIn(JSON.stringify(await w.store.signals.get(s2!.id)))).toEqual(
      expect.arrayContaining([SYNTHETIC.personName, SYNTHETIC.pc6, SYNTHETIC.reporterContact]),
    );

    expect(personalDataIn(JSON.stringify(await w.store.outbox.list()))).toEqual([]);

    await w.close();
    const logText = JSON.stringify(trail.logs);
    const auditText = trail.audits.join('\n');
    expect(trail.logs.length).toBeGreaterThan(60);
    expect(auditText.trim().split('\n').length).toBeGreaterThan(20);
    expect(personalDataIn(logText)).toEqual([]);
    expect(personalDataIn(auditText)).toEqual([]);
    // No link code text either.
    expect(logText).not.toContain(cli.code!);
    expect(auditText).not.toContain(cli.code!);
  });
});
