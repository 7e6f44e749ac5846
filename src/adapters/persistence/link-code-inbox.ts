import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ChannelLink, CodeRedemption, LinkChange, LinkCode, LinkStore } from '../../ports/signals';
import type { FileLinkStore } from './link-store';

export const LINK_CODE_INBOX = 'link-codes.jsonl';

const linkCodeSchema = z
  .object({
    signaalpuntId: z.string().min(1).max(60),
    codeHash: z.string().regex(/^[0-9a-f]{64}$/),
    purpose: z.enum(['link', 'unlink']),
    expiresAt: z.string().datetime(),
  })
  .strict();

/**
 * The operator's CLI (`npm run link-code`) runs beside the bot, which keeps links.json in memory
 * and rewrites it whole. So the CLI never writes links.json: it appends the hashed code to this
 * inbox file (one JSON line, O_APPEND), and the bot reads the inbox when someone redeems a code.
 */
export async function appendLinkCode(dataDir: string, code: LinkCode): Promise<void> {
  const entry = linkCodeSchema.parse({ signaalpuntId: code.signaalpuntId, codeHash: code.codeHash, purpose: code.purpose, expiresAt: code.expiresAt });
  await mkdir(dataDir, { recursive: true });
  await appendFile(path.join(dataDir, LINK_CODE_INBOX), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

async function readInbox(dataDir: string): Promise<LinkCode[]> {
  const raw = await readFile(path.join(dataDir, LINK_CODE_INBOX), 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  return raw
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        const parsed = linkCodeSchema.safeParse(JSON.parse(line));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return []; // a half-written last line (crash during append) is skipped, never fatal
      }
    });
}

/**
 * The bot's LinkStore: links.json for links and used codes, plus the CLI's inbox for new codes.
 * A code is taken from the inbox into links.json the first time it is redeemed; from then on
 * links.json says whether it was used. Redeeming is serialized, so one code works once.
 */
export class InboxLinkStore implements LinkStore {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly inner: FileLinkStore,
    private readonly dataDir: string,
  ) {}

  saveCode(code: LinkCode): Promise<void> {
    return appendLinkCode(this.dataDir, code);
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  useCode(codeHash: string, now: Date): Promise<LinkCode | 'unknown' | 'expired' | 'used'> {
    const run = async () => {
      const known = await this.inner.useCode(codeHash, now);
      if (known !== 'unknown') return known;
      const fromInbox = (await readInbox(this.dataDir)).find((c) => c.codeHash === codeHash);
      if (!fromInbox) return 'unknown';
      await this.inner.saveCode(fromInbox);
      return this.inner.useCode(codeHash, now);
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  redeemCode(
    codeHash: string,
    now: Date,
    decide: (code: LinkCode, linkOf: (signaalpuntId: string) => ChannelLink | undefined) => LinkChange,
  ): Promise<CodeRedemption> {
    const run = async (): Promise<CodeRedemption> => {
      const known = await this.inner.redeemCode(codeHash, now, decide);
      if (known.code !== 'unknown') return known;
      const fromInbox = (await readInbox(this.dataDir)).find((c) => c.codeHash === codeHash);
      if (!fromInbox) return known;
      await this.inner.saveCode(fromInbox);
      return this.inner.redeemCode(codeHash, now, decide);
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  getLink(signaalpuntId: string): Promise<ChannelLink | undefined> {
    return this.inner.getLink(signaalpuntId);
  }
  findLinkByChannel(teamId: string, channelId: string): Promise<ChannelLink | undefined> {
    return this.inner.findLinkByChannel(teamId, channelId);
  }
  saveLink(link: ChannelLink): Promise<void> {
    return this.inner.saveLink(link);
  }
  removeLink(signaalpuntId: string): Promise<void> {
    return this.inner.removeLink(signaalpuntId);
  }
  markBroken(signaalpuntId: string, code: string, at: Date): Promise<void> {
    return this.inner.markBroken(signaalpuntId, code, at);
  }
  listLinks(): Promise<ChannelLink[]> {
    return this.inner.listLinks();
  }
}
