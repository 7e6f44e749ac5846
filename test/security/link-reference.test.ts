import fs from 'node:fs';
import path from 'node:path';
import { LINKS_FILE } from '../../src/adapters/persistence/link-store';
import { channelFacts, newTrail, openWorld, TEAM_VLISSINGEN, type World } from '../helpers/app-fixtures';

// Security review, finding 7 (M6): links.json kept the whole conversation reference, including
// the display name of the employee who typed the link command.

let w: World;
afterEach(async () => {
  await w.close();
});

describe('links.json keeps only what sending needs (issue 11, finding 7)', () => {
  test('When a channel is linked from a reference that names the employee, then links.json holds no name and no activity, only what a send needs', async () => {
    w = await openWorld({ trail: newTrail() });
    const { code } = await w.linking.issueCode('GM0718', 'link');
    const reference = {
      activityId: '1700000000000',
      user: { id: '29:linker', name: 'Trientje Teamlid', aadObjectId: 'aad-linker-0001' },
      bot: { id: '28:bot', name: 'Signaalbot' },
      conversation: { id: '19:channel@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1', isGroup: true, name: 'Algemeen' },
      channelId: 'msteams',
      locale: 'nl-NL',
      serviceUrl: 'https://smba.example.invalid/emea/',
    };
    expect(await w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN, { reference }))).toBe('LINKED');
    await w.fileLinks.flush();

    const text = fs.readFileSync(path.join(w.dir, LINKS_FILE), 'utf8');
    expect(text).not.toContain('Trientje');
    expect(text).not.toContain('29:linker');
    expect((await w.links.getLink('GM0718'))?.reference).toEqual({
      serviceUrl: 'https://smba.example.invalid/emea/',
      channelId: 'msteams',
      locale: 'nl-NL',
      conversation: { id: '19:channel@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1', isGroup: true },
      bot: { id: '28:bot' },
    });
  });
});
