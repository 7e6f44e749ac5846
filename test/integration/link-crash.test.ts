import { hmacCodeHasher } from '../../src/adapters/crypto/code-hmac';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { InboxLinkStore, LINK_CODE_INBOX } from '../../src/adapters/persistence/link-code-inbox';
import { FileLinkStore, LINKS_FILE } from '../../src/adapters/persistence/link-store';
import { LinkChannel } from '../../src/application/link-channel';
import { channelFacts, exampleConfig, newTrail, openWorld, TEAM_VLISSINGEN, type World } from '../helpers/app-fixtures';
import { makeMessage } from '../helpers/signal-fixtures';

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
  const linking = new LinkChannel({ links, outbox: world.store.outbox, audit: world.audit, clock: world.clock, logger: world.logger, config: exampleConfig, hashCode: hmacCodeHasher(world.key, 'link-code') });
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
    // No "link code refused" just before the link that succeeds (issue 14): the inbox is read first.
    expect(w.logger.lines.filter((l) => String(l.code ?? '').startsWith('LINK_CODE_'))).toEqual([]);
  });
});

describe('Linking again requeues only what the broken link held up (issue 13, item 5)', () => {
  test('When a channel is linked again, then only Teams messages that failed for the link go back in the queue', async () => {
    w = await openWorld({ trail: newTrail() });
    const sp = 'GM0718';
    await w.store.outbox.enqueue([
      makeMessage({ id: 'teams-unlinked', target: { kind: 'teams', signaalpuntId: sp } }),
      makeMessage({ id: 'teams-403', target: { kind: 'teams', signaalpuntId: sp } }),
      makeMessage({ id: 'thread-unlinked', kind: 'signal.cardUpdate', target: { kind: 'teamsThread', signaalpuntId: sp, signalId: 'sig-1' } }),
      makeMessage({ id: 'mail-no-smtp', target: { kind: 'mail', signaalpuntId: sp, to: 'team@example.org' } }),
      makeMessage({ id: 'webhook-500', target: { kind: 'webhook', signaalpuntId: sp, url: 'https://hook.example.invalid/' } }),
      makeMessage({ id: 'teams-gone', target: { kind: 'teams', signaalpuntId: sp } }),
      makeMessage({ id: 'teams-other-sp', target: { kind: 'teams', signaalpuntId: 'GM0654' } }),
    ]);
    const failures: Array<[string, string]> = [
      ['teams-unlinked', 'NOT_LINKED'],
      ['teams-403', 'HTTP_403'],
      ['thread-unlinked', 'NOT_LINKED'],
      ['mail-no-smtp', 'NO_CHANNEL'],
      ['webhook-500', 'HTTP_500'],
      ['teams-gone', 'SIGNAL_GONE'],
      ['teams-other-sp', 'NOT_LINKED'],
    ];
    for (const [id, code] of failures) await w.store.outbox.markUndeliverable(id, code);

    expect(await w.link(sp, TEAM_VLISSINGEN)).toBe('LINKED');

    const pending = (await w.store.outbox.list('pending')).map((m) => m.id).sort();
    expect(pending).toEqual(['teams-403', 'teams-unlinked', 'thread-unlinked']);
  });
});

describe('The link-code inbox after a torn last line (issue 13, item 7)', () => {
  test('When the last line of link-codes.jsonl was cut off, then the next code appended still works', async () => {
    w = await openWorld({ trail: newTrail() });
    const { code: first } = await w.linking.issueCode('GM0718', 'link');
    // A full disk or a power cut in the middle of the CLI's append.
    const inbox = path.join(w.dir, LINK_CODE_INBOX);
    fs.writeFileSync(inbox, fs.readFileSync(inbox, 'utf8').slice(0, -30));
    const { code: next } = await w.linking.issueCode('GM0718', 'link');

    expect(await w.linking.redeem('link', 'GM0718', next, channelFacts(TEAM_VLISSINGEN))).toBe('LINKED');
    expect(await w.linking.redeem('link', 'GM0718', first, channelFacts(TEAM_VLISSINGEN))).toBe('CODE_UNKNOWN');
  });

  test('When an older inbox already holds a torn line glued to the next entry, then that next code is still found', async () => {
    w = await openWorld({ trail: newTrail() });
    const { code } = await w.linking.issueCode('GM0718', 'link');
    const inbox = path.join(w.dir, LINK_CODE_INBOX);
    const whole = fs.readFileSync(inbox, 'utf8');
    fs.writeFileSync(inbox, `{"signaalpuntId":"GM0718","codeHash":"ab${whole}`);

    expect(await w.linking.redeem('link', 'GM0718', code, channelFacts(TEAM_VLISSINGEN))).toBe('LINKED');
  });
});
