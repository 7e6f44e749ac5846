import { hashCode } from '../../src/application/link-channel';
import type { ChannelLink, LinkCode } from '../../src/ports/signals';
import { describeEngines } from './engines';

const now = new Date('2026-03-02T09:00:00Z');
const code = (overrides: Partial<LinkCode> = {}): LinkCode => ({
  signaalpuntId: 'GM0677',
  codeHash: hashCode('K7Q2-M9XP'),
  purpose: 'link',
  expiresAt: '2026-03-03T09:00:00.000Z',
  ...overrides,
});
const link = (overrides: Partial<ChannelLink> = {}): ChannelLink => ({
  signaalpuntId: 'GM0677',
  teamId: '19:team@thread.tacv2',
  tenantId: 'tenant-1',
  channelId: '19:general@thread.tacv2',
  reference: { conversation: { id: '19:general@thread.tacv2' }, serviceUrl: 'https://smba.example/' },
  linkedAt: now.toISOString(),
  linkedBy: 'aad-1',
  ...overrides,
});

describeEngines('Links, audit and rosters', (engine) => {
  test('When a code is used twice at once, then exactly one use gets it and the other hears "used"', async () => {
    const stores = await engine().open();
    await stores.links.saveCode(code());
    const results = await Promise.all([stores.links.useCode(code().codeHash, now), stores.links.useCode(code().codeHash, now)]);
    expect(results.filter((r) => typeof r === 'object')).toHaveLength(1);
    expect(results).toContain('used');
    expect(await stores.links.useCode(hashCode('OTHER-CODE'), now)).toBe('unknown');
    await stores.links.saveCode(code({ codeHash: hashCode('OLD1-CODE'), expiresAt: '2026-03-01T09:00:00.000Z' }));
    expect(await stores.links.useCode(hashCode('OLD1-CODE'), now)).toBe('expired');
    await expect(stores.links.saveCode(code({ codeHash: 'K7Q2-M9XP' }))).rejects.toThrow();
  });

  test('When a link is saved, found, marked broken twice and removed, then each read says so', async () => {
    const stores = await engine().open();
    await stores.links.saveLink(link());
    await stores.links.saveLink(link({ signaalpuntId: 'GM0001', channelId: '19:other@thread.tacv2' }));
    expect(await stores.links.getLink('GM0677')).toEqual(link());
    expect((await stores.links.findLinkByChannel('19:team@thread.tacv2', '19:other@thread.tacv2'))?.signaalpuntId).toBe('GM0001');
    await stores.links.markBroken('GM0677', 'HTTP_403', new Date('2026-03-02T10:00:00Z'));
    await stores.links.markBroken('GM0677', 'HTTP_404', new Date('2026-03-02T11:00:00Z'));
    const again = await stores.reopen();
    expect((await again.links.getLink('GM0677'))?.broken).toEqual({ at: '2026-03-02T10:00:00.000Z', code: 'HTTP_403' });
    expect((await again.links.listLinks()).map((l) => l.signaalpuntId)).toEqual(['GM0001', 'GM0677']);
    await again.links.removeLink('GM0677');
    expect(await again.links.getLink('GM0677')).toBeUndefined();
  });

  test('When a code is redeemed, then the code is used and the link saved in one write; a refusal leaves the code unused', async () => {
    const stores = await engine().open();
    await stores.links.saveCode(code());
    const refused = await stores.links.redeemCode(code().codeHash, now, () => ({ refuse: 'ALREADY_LINKED' }));
    expect(refused).toMatchObject({ change: { refuse: 'ALREADY_LINKED' } });
    const seen: (ChannelLink | undefined)[] = [];
    const redeemed = await stores.links.redeemCode(code().codeHash, now, (c, linkOf) => {
      seen.push(linkOf(c.signaalpuntId));
      return { save: link() };
    });
    expect(seen).toEqual([undefined]);
    expect(redeemed).toMatchObject({ code: { signaalpuntId: 'GM0677', usedAt: now.toISOString() }, change: { save: { signaalpuntId: 'GM0677' } } });
    expect(await stores.links.redeemCode(code().codeHash, now, () => ({ save: link() }))).toEqual({ code: 'used' });
    expect((await stores.links.getLink('GM0677'))?.channelId).toBe('19:general@thread.tacv2');
    expect((await stores.links.usedCodes()).map((c) => c.codeHash)).toEqual([code().codeHash]);
  });

  test('When audit entries are appended, then they list in order, and free text is refused', async () => {
    const stores = await engine().open();
    await stores.audit.append({ at: '2026-03-02T09:00:00.000Z', action: 'signal.created', actor: 'reporter', signalId: 'sig-1' });
    await stores.audit.append({ at: '2026-03-02T09:01:00.000Z', action: 'signal.claimed', actor: 'teamMember:aad-1', signalId: 'sig-1' });
    await expect(stores.audit.append({ at: '2026-03-02T09:02:00.000Z', action: 'note', actor: 'x', detail: 'Jantje woont alleen' })).rejects.toMatchObject({
      code: 'AUDIT_ENTRY_REJECTED',
    });
    const again = await stores.reopen();
    expect((await again.audit.list()).map((e) => e.action)).toEqual(['signal.created', 'signal.claimed']);
  });

  test('When team members are set, added and removed, then isMember follows, per tenant', async () => {
    const stores = await engine().open();
    await stores.roster.setMembers('team-1', 'tenant-1', ['aad-2', 'aad-1', ' ', 'aad-1']);
    await stores.roster.addMembers('team-1', 'tenant-1', ['aad-3']);
    await stores.roster.removeMembers('team-1', ['aad-2']);
    const again = await stores.reopen();
    expect(await again.roster.isMember('team-1', 'tenant-1', 'aad-1')).toBe(true);
    expect(await again.roster.isMember('team-1', 'tenant-1', 'aad-2')).toBe(false);
    expect(await again.roster.isMember('team-1', 'tenant-1', 'aad-3')).toBe(true);
    expect(await again.roster.isMember('team-1', 'tenant-2', 'aad-1')).toBe(false);
    await again.roster.addMembers('team-1', 'tenant-2', ['aad-9']);
    expect(await again.roster.isMember('team-1', 'tenant-2', 'aad-9')).toBe(true);
    expect(await again.roster.isMember('team-1', 'tenant-2', 'aad-1')).toBe(false);
  });
});
