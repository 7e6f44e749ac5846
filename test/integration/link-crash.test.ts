import fsp from 'node:fs/promises';
import path from 'node:path';
import { InboxLinkStore } from '../../src/adapters/persistence/link-code-inbox';
import { FileLinkStore, LINKS_FILE } from '../../src/adapters/persistence/link-store';
import { LinkChannel } from '../../src/application/link-channel';
import { channelFacts, exampleConfig, newTrail, openWorld, TEAM_VLISSINGEN, type World } from '../helpers/app-fixtures';

// Issue 13, item 4: the code was marked used and the link saved in two writes, so a kill between
// them burnt the code without linking. Here the process "dies" at each write of links.json in turn
// (that write and every later one fail), then starts again on the same folder.

let w: World;
afterEach(async () => {
  jest.restoreAllMocks();
  await w.close();
});

/** From the n-th rename onto links.json on, every one fails: the process is as good as dead. */
function dieAtLinksWrite(n: number): void {
  const realRename = fsp.rename.bind(fsp);
  let seen = 0;
  jest.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
    if (path.basename(String(to)) === LINKS_FILE && ++seen >= n) throw Object.assign(new Error('killed'), { code: 'EIO' });
    return realRename(from, to);
  });
}

async function restartLinking(world: World): Promise<{ linking: LinkChannel; links: InboxLinkStore }> {
  const links = new InboxLinkStore(await FileLinkStore.open({ dataDir: world.dir, logger: world.logger }), world.dir);
  const linking = new LinkChannel({ links, outbox: world.store.outbox, audit: world.audit, clock: world.clock, logger: world.logger, config: exampleConfig });
  return { linking, links };
}

describe('Link command and a kill at any write', () => {
  test.each([1, 2, 3, 4])('When the process dies at links.json write %i of a link command, then the channel is linked or the code still works', async (n) => {
    w = await openWorld({ trail: newTrail() });
    const { code } = await w.linking.issueCode('GM0718', 'link');
    dieAtLinksWrite(n);
    await w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN)).catch(() => 'died');
    jest.restoreAllMocks();

    const { linking, links } = await restartLinking(w);
    const linked = (await links.getLink('GM0718')) !== undefined;
    const retry = await linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN));
    expect(linked ? 'linked before' : retry).toMatch(/linked before|LINKED/);
    await links.flush();
  });

  test('When a link command succeeds, then the code is used and the link saved by one write of links.json', async () => {
    w = await openWorld({ trail: newTrail() });
    const { code } = await w.linking.issueCode('GM0718', 'link');
    const renames: string[] = [];
    const realRename = fsp.rename.bind(fsp);
    jest.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
      renames.push(path.basename(String(to)));
      return realRename(from, to);
    });
    expect(await w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN))).toBe('LINKED');
    // One write takes the code from the CLI's inbox, one uses it together with the link.
    expect(renames.filter((f) => f === LINKS_FILE)).toHaveLength(2);
  });
});
