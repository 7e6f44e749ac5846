import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { LINK_CODE_INBOX } from '../../src/adapters/persistence/link-code-inbox';
import { channelFacts, openWorld, TEAM_VEERE, TEAM_VLISSINGEN, type World } from '../helpers/app-fixtures';

/**
 * Issue 11 (M6 / link codes): a link code was kept as a plain sha256 of its 8 characters, so a copy
 * of the data folder let anyone try all 31^8 codes offline. Now an HMAC under a key derived from
 * the data key (HKDF), like the circle invite codes; a code issued before keeps working until it
 * expires. Synthetic codes only.
 */

let w: World;
beforeEach(async () => {
  w = await openWorld();
});
afterEach(() => w.close());

const normalise = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('Link codes are stored as a keyed HMAC', () => {
  it('When a code is issued, then the inbox holds its HMAC under a key derived from the data key, not a plain sha256', async () => {
    const { code } = await w.linking.issueCode('GM0718', 'link');
    const inbox = w.files().find((f) => f.name === LINK_CODE_INBOX)!.text;
    expect(inbox).not.toContain(sha256(normalise(code)));
    expect(inbox).not.toContain(sha256(code));
    const derived = Buffer.from(hkdfSync('sha256', w.key, 'signaalbot/code-hmac/v1', 'code-hmac:link-code', 32));
    expect(inbox).toContain(createHmac('sha256', derived).update(normalise(code)).digest('hex'));
    // Another data key gives another hash: the hash alone says nothing about the code.
    const other = Buffer.from(hkdfSync('sha256', Buffer.alloc(32, 7), 'signaalbot/code-hmac/v1', 'code-hmac:link-code', 32));
    expect(inbox).not.toContain(createHmac('sha256', other).update(normalise(code)).digest('hex'));
  });

  it('When the HMAC code is typed in the channel, then the channel is linked', async () => {
    const { code } = await w.linking.issueCode('GM0718', 'link');
    expect(await w.linking.redeem('link', 'GM0718', code.toLowerCase(), channelFacts(TEAM_VLISSINGEN))).toBe('LINKED');
  });

  it('When a code issued before the change (plain sha256) is typed, then it still works until it expires, once', async () => {
    const old = 'K7Q2-M9XP';
    const expiresAt = new Date(w.clock.now().getTime() + 3_600_000).toISOString();
    await w.links.saveCode({ signaalpuntId: 'GM0717', codeHash: sha256(normalise(old)), purpose: 'link', expiresAt });
    expect(await w.linking.redeem('link', 'GM0717', old, channelFacts(TEAM_VEERE))).toBe('LINKED');
    expect(await w.linking.redeem('link', 'GM0717', old, channelFacts(TEAM_VEERE))).toBe('CODE_USED');
    const expired = 'P3RS-TUV4';
    await w.links.saveCode({ signaalpuntId: 'GM0718', codeHash: sha256(normalise(expired)), purpose: 'link', expiresAt });
    w.clock.advance(3_600_001);
    expect(await w.linking.redeem('link', 'GM0718', expired, channelFacts(TEAM_VLISSINGEN))).toBe('CODE_EXPIRED');
  });
});
