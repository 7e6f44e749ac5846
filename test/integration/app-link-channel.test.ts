import fs from 'node:fs';
import path from 'node:path';
import { linkCode } from '../../scripts/link-code';
import { LINK_CODE_INBOX } from '../../src/adapters/persistence/link-code-inbox';
import { LINKS_FILE } from '../../src/adapters/persistence/link-store';
import { issueLinkCode, type LinkOutcome } from '../../src/application/link-channel';
import {
  channelFacts,
  draft,
  EXAMPLE_SIGNAALPUNTEN_FILE,
  exampleConfig,
  newTrail,
  openWorld,
  OTHER_TENANT,
  personalDataIn,
  TEAM_ELSEWHERE,
  TEAM_VEERE,
  TEAM_VLISSINGEN,
  type World,
} from '../helpers/app-fixtures';

const trail = newTrail();
let w: World;

beforeEach(async () => {
  w = await openWorld({ trail });
});

afterEach(async () => {
  await w.close();
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every spelling of a code someone could find in a file. */
const spellings = (code: string) => [code, code.replace('-', ''), code.toLowerCase(), code.replace('-', '').toLowerCase()];

describe('LinkChannel: issuing a code', () => {
  test('When a code is issued, then no file in the data folder holds its text, only its hash, and it expires in 24 hours', async () => {
    const issued = await w.linking.issueCode('GM0718', 'link');
    const direct = await issueLinkCode(
      { links: w.links, audit: w.audit, clock: w.clock, config: exampleConfig, hashCode: (c) => w.linkHash(c) },
      'GM0717',
      'unlink',
    );

    expect(issued.code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(issued.expiresAt).toBe('2026-03-03T09:00:00.000Z');
    await w.audit.flush();
    const files = w.files();
    expect(files.map((f) => f.name).sort()).toEqual(['audit.jsonl', LINK_CODE_INBOX]);
    for (const { text } of files) {
      for (const code of [issued.code, direct.code]) for (const spelling of spellings(code)) expect(text).not.toContain(spelling);
    }
    const inbox = files.find((f) => f.name === LINK_CODE_INBOX)!.text;
    expect(inbox).toContain(w.linkHash(issued.code));
    expect(inbox).toContain(w.linkHash(direct.code));
    expect((await w.auditEntries()).map((e) => [e.action, e.signaalpuntId])).toEqual([
      ['code.issued.link', 'GM0718'],
      ['code.issued.unlink', 'GM0717'],
    ]);
  });

  test('When a code is asked for an unknown signaalpunt, then none is issued', async () => {
    await expect(w.linking.issueCode('GM9999', 'link')).rejects.toThrow('unknown signaalpunt GM9999');
    expect(w.files()).toEqual([]);
  });
});

describe('LinkChannel.redeem', () => {
  test('When the code is typed in a channel of the configured tenant, then the channel is linked and its Teams messages held up by the missing link are requeued', async () => {
    // Two signals waited for a link: one for Vlissingen, one for the Veere-less fallback.
    await w.report.submit(draft(), { submissionKey: 'k1' }); // GM0718: teams + mail
    await w.report.submit(draft({ postcode: '9999' }), { submissionKey: 'k2' }); // zeeland-welzijn: teams + mail
    // Teams waited for the link; mail failed for want of SMTP, which a link does not fix.
    for (const m of await w.store.outbox.list()) await w.store.outbox.markUndeliverable(m.id, m.target.kind === 'mail' ? 'NO_CHANNEL' : 'NOT_LINKED');
    w.clock.advance(3_600_000);
    const { code } = await w.linking.issueCode('GM0718', 'link');
    const wakesBefore = w.wakes.count;

    // Typed as people type it: lower case, with a space instead of the dash.
    const outcome = await w.linking.redeem('link', 'GM0718', code.toLowerCase().replace('-', ' '), channelFacts(TEAM_VLISSINGEN));

    expect(outcome).toBe('LINKED');
    expect(await w.links.getLink('GM0718')).toEqual({
      signaalpuntId: 'GM0718',
      teamId: TEAM_VLISSINGEN.teamId,
      tenantId: TEAM_VLISSINGEN.tenantId,
      channelId: TEAM_VLISSINGEN.channelId,
      reference: channelFacts(TEAM_VLISSINGEN).reference,
      linkedAt: '2026-03-02T10:00:00.000Z',
      linkedBy: 'aad-linker-0001',
    });
    const outbox = await w.store.outbox.list();
    const mine = outbox.filter((m) => 'signaalpuntId' in m.target && m.target.signaalpuntId === 'GM0718');
    const other = outbox.filter((m) => 'signaalpuntId' in m.target && m.target.signaalpuntId === 'zeeland-welzijn');
    expect(mine).toHaveLength(2);
    const [teams, mail] = [mine.filter((m) => m.target.kind === 'teams'), mine.filter((m) => m.target.kind === 'mail')];
    expect(teams).toHaveLength(1);
    expect(teams.every((m) => m.status === 'pending' && m.attempts === 0 && m.nextAttemptAt === '2026-03-02T10:00:00.000Z')).toBe(true);
    expect(mail.map((m) => m.status)).toEqual(['undeliverable']);
    expect(other.map((m) => m.status)).toEqual(['undeliverable', 'undeliverable']);
    expect(w.wakes.count).toBe(wakesBefore + 1);
    expect((await w.auditEntries()).at(-1)).toMatchObject({ action: 'link.saved', actor: 'aad-linker-0001', signaalpuntId: 'GM0718' });
    expect(await w.linking.linksOfTeam(TEAM_VLISSINGEN.teamId)).toEqual(['GM0718']);
  });

  test.each<[string, (code: string) => Promise<LinkOutcome>, LinkOutcome]>([
    ['a wrong code', () => w.linking.redeem('link', 'GM0718', 'ABCD-EFGH', channelFacts(TEAM_VLISSINGEN)), 'CODE_UNKNOWN'],
    ['another tenant', (code) => w.linking.redeem('link', 'GM0718', code, channelFacts({ ...TEAM_VLISSINGEN, tenantId: OTHER_TENANT })), 'WRONG_TENANT'],
    ['no tenant', (code) => w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN, { tenantId: undefined })), 'WRONG_TENANT'],
    ['a personal chat', (code) => w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN, { conversationType: 'personal' })), 'NOT_A_CHANNEL'],
    ['a group chat', (code) => w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN, { conversationType: 'groupChat', teamId: undefined })), 'NOT_A_CHANNEL'],
    ['an unknown signaalpunt', (code) => w.linking.redeem('link', 'GM9999', code, channelFacts(TEAM_VLISSINGEN)), 'UNKNOWN_SIGNAALPUNT'],
    ['the code of another signaalpunt', (code) => w.linking.redeem('link', 'GM0717', code, channelFacts(TEAM_VLISSINGEN)), 'CODE_FOR_OTHER'],
    ['a link code used to unlink', (code) => w.linking.redeem('unlink', 'GM0718', code, channelFacts(TEAM_VLISSINGEN)), 'CODE_FOR_OTHER'],
  ])('When the code is tried with %s, then it is refused as that, and nothing is linked', async (_what, attempt, expected) => {
    const { code } = await w.linking.issueCode('GM0718', 'link');
    expect(await attempt(code)).toBe(expected);
    expect(await w.links.listLinks()).toEqual([]);
    expect((await w.auditEntries()).at(-1)).toMatchObject({ action: `link.refused.${expected}` });
    expect(w.logger.lines.filter((l) => l.code === expected && l.level === 'warn')).toHaveLength(1);
  });

  test('When a refusal comes before the code is checked (tenant, chat type), then the code still works afterwards in the right channel', async () => {
    const { code } = await w.linking.issueCode('GM0718', 'link');
    expect(await w.linking.redeem('link', 'GM0718', code, channelFacts({ ...TEAM_VLISSINGEN, tenantId: OTHER_TENANT }))).toBe('WRONG_TENANT');
    expect(await w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN, { conversationType: 'personal' }))).toBe('NOT_A_CHANNEL');
    expect(await w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN))).toBe('LINKED');
  });

  test('When the code is used 24 hours and 1 second after it was issued, then it is expired; a second earlier it still works', async () => {
    const late = await w.linking.issueCode('GM0718', 'link');
    const inTime = await w.linking.issueCode('GM0717', 'link');
    w.clock.advance(DAY_MS - 1000);
    expect(await w.linking.redeem('link', 'GM0717', inTime.code, channelFacts(TEAM_VEERE))).toBe('LINKED');
    w.clock.advance(2000);
    expect(await w.linking.redeem('link', 'GM0718', late.code, channelFacts(TEAM_VLISSINGEN))).toBe('CODE_EXPIRED');
    expect(await w.links.getLink('GM0718')).toBeUndefined();
  });

  test('When a used code is typed again, even in the same channel, then CODE_USED and the link stays as it was', async () => {
    const { code } = await w.linking.issueCode('GM0718', 'link');
    expect(await w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN))).toBe('LINKED');
    const linked = await w.links.getLink('GM0718');
    w.clock.advance(60_000);
    expect(await w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_ELSEWHERE))).toBe('CODE_USED');
    expect(await w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN))).toBe('CODE_USED');
    expect(await w.links.getLink('GM0718')).toEqual(linked);
  });

  test('When the same code is redeemed in two channels at the same moment, then exactly one is linked', async () => {
    const { code } = await w.linking.issueCode('GM0718', 'link');
    const outcomes = await Promise.all([
      w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN)),
      w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_ELSEWHERE)),
      w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN)),
    ]);
    expect(outcomes.filter((o) => o === 'LINKED')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CODE_USED')).toHaveLength(2);
    const winner = outcomes[0] === 'LINKED' || outcomes[2] === 'LINKED' ? TEAM_VLISSINGEN : TEAM_ELSEWHERE;
    expect(await w.links.getLink('GM0718')).toMatchObject({ teamId: winner.teamId, channelId: winner.channelId });
    expect((await w.auditEntries()).filter((e) => e.action === 'link.saved')).toHaveLength(1);
  });
});

describe('LinkChannel: a code from the operator CLI while the bot runs', () => {
  const cliEnv = () => ({ NODE_ENV: 'test', DATA_DIR: w.dir, SIGNAALPUNTEN_FILE: EXAMPLE_SIGNAALPUNTEN_FILE, LOG_LEVEL: 'silent', DATA_ENCRYPTION_KEY: w.key.toString('base64') });

  test('When the CLI issues a code while the app has its link store open, then the app redeems it, and the code is in no file', async () => {
    // The CLI uses the system clock; the app's clock follows it here.
    w.clock.set(new Date().toISOString());
    // The app has the link store open and has written links.json already.
    expect(await w.link('GM0717', TEAM_VEERE)).toBe('LINKED');

    const result = await linkCode(['gm0718'], cliEnv());

    expect(result.ok).toBe(true);
    const code = result.code!;
    expect(result.output).toContain(`koppel GM0718 ${code}`);
    for (const { text } of w.files()) for (const spelling of spellings(code)) expect(text).not.toContain(spelling);

    expect(await w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN))).toBe('LINKED');
    // The earlier link survived: the CLI never rewrote links.json behind the app's back.
    expect((await w.links.listLinks()).map((l) => l.signaalpuntId)).toEqual(['GM0717', 'GM0718']);
    expect(await w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN))).toBe('CODE_USED');
    const onDisk = JSON.parse(fs.readFileSync(path.join(w.dir, LINKS_FILE), 'utf8')) as { codes: Record<string, { usedAt?: string }> };
    expect(onDisk.codes[w.linkHash(code)]?.usedAt).toBeDefined();
    // The CLI wrote its own audit entry into the same append-only file.
    expect((await w.auditEntries()).filter((e) => e.action === 'code.issued.link').map((e) => [e.actor, e.signaalpuntId])).toEqual([
      ['operator', 'GM0717'],
      ['operator', 'GM0718'],
    ]);
  });

  test('When a CLI code is redeemed twice at the same moment, then exactly one is linked', async () => {
    w.clock.set(new Date().toISOString());
    const { code } = await linkCode(['GM0718'], cliEnv());
    const outcomes = await Promise.all([
      w.linking.redeem('link', 'GM0718', code!, channelFacts(TEAM_VLISSINGEN)),
      w.linking.redeem('link', 'GM0718', code!, channelFacts(TEAM_ELSEWHERE)),
    ]);
    expect(outcomes.sort()).toEqual(['CODE_USED', 'LINKED']);
  });

  test('When the CLI is asked for an unknown signaalpunt, then it refuses and writes nothing', async () => {
    const result = await linkCode(['GM9999'], cliEnv());
    expect(result).toMatchObject({ ok: false });
    expect(result.output).toContain('Unknown signaalpunt "GM9999"');
    expect(w.files()).toEqual([]);
  });
});

describe('LinkChannel: unlinking and broken links', () => {
  test('When the unlink code is typed in the linked channel, then the link is gone; elsewhere it is NOT_LINKED_HERE', async () => {
    expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
    const elsewhere = await w.linking.issueCode('GM0718', 'unlink');
    const own = await w.linking.issueCode('GM0718', 'unlink');

    expect(await w.linking.redeem('unlink', 'GM0718', elsewhere.code, channelFacts(TEAM_ELSEWHERE))).toBe('NOT_LINKED_HERE');
    expect(await w.links.getLink('GM0718')).toBeDefined();
    expect(await w.linking.redeem('link', 'GM0718', own.code, channelFacts(TEAM_VLISSINGEN))).toBe('CODE_FOR_OTHER');
    const again = await w.linking.issueCode('GM0718', 'unlink');
    expect(await w.linking.redeem('unlink', 'GM0718', again.code, channelFacts(TEAM_VLISSINGEN))).toBe('UNLINKED');
    expect(await w.links.getLink('GM0718')).toBeUndefined();
    expect((await w.auditEntries()).at(-1)).toMatchObject({ action: 'link.removed', signaalpuntId: 'GM0718' });
  });

  test('When the link is marked broken, then it is flagged, the operator log says so, and the audit entry holds codes only', async () => {
    expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
    expect(await w.link('GM0717', TEAM_VEERE)).toBe('LINKED');
    w.clock.advance(60_000);
    expect(await w.linking.linksOfTeam(TEAM_VLISSINGEN.teamId)).toEqual(['GM0718']);

    await w.linking.markBroken('GM0718', 'BOT_REMOVED');

    expect((await w.links.getLink('GM0718'))?.broken).toEqual({ at: '2026-03-02T09:01:00.000Z', code: 'BOT_REMOVED' });
    expect((await w.links.getLink('GM0717'))?.broken).toBeUndefined();
    expect((await w.auditEntries()).at(-1)).toEqual({
      at: '2026-03-02T09:01:00.000Z',
      action: 'link.broken',
      actor: 'system',
      signaalpuntId: 'GM0718',
      detail: 'BOT_REMOVED',
    });
    expect(w.logger.lines.filter((l) => l.code === 'LINK_BROKEN')).toEqual([
      expect.objectContaining({ level: 'error', signaalpuntId: 'GM0718', reason: 'BOT_REMOVED' }),
    ]);

    // A new code repairs it.
    expect(await w.link('GM0718', TEAM_VLISSINGEN)).toBe('LINKED');
    expect((await w.links.getLink('GM0718'))?.broken).toBeUndefined();
  });
});

describe('LinkChannel: privacy of everything above', () => {
  test('When every test of this file has run, then no log line and no audit line holds personal data or a code', () => {
    expect(trail.logs.length).toBeGreaterThan(30);
    expect(personalDataIn(JSON.stringify(trail.logs))).toEqual([]);
    expect(personalDataIn(trail.audits.join('\n'))).toEqual([]);
    expect(trail.audits.join('\n')).not.toMatch(/[0-9a-f]{64}/); // not even a code's hash
  });
});
