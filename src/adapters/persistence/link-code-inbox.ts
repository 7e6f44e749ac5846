import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
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
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LINK_CODE_INBOX);
  // A line cut off by a full disk or a power cut has no newline: start on a fresh line, or this
  // entry would be glued to the torn one and be lost with it (issue 13, item 7).
  const lead = (await endsTorn(file)) ? '\n' : '';
  await appendFile(file, `${lead}${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

async function endsTorn(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

/** One inbox line; when a torn line and the next entry were glued together, the entry at its end. */
function parseLine(line: string): LinkCode[] {
  const candidates = [line];
  const glued = line.lastIndexOf('{"signaalpuntId"');
  if (glued > 0) candidates.push(line.slice(glued));
  for (const text of candidates) {
    try {
      const parsed = linkCodeSchema.safeParse(JSON.parse(text));
      if (parsed.success) return [parsed.data];
    } catch {
      // a half-written line (crash during append) is skipped, never fatal
    }
  }
  return [];
}

async function readInbox(dataDir: string): Promise<LinkCode[]> {
  const raw = await readFile(path.join(dataDir, LINK_CODE_INBOX), 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  return raw.split('\n').filter(Boolean).flatMap(parseLine);
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
      await this.takeFromInbox(codeHash);
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
      await this.takeFromInbox(codeHash);
      return this.inner.redeemCode(codeHash, now, decide);
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * A new code from the CLI's inbox goes into links.json before it is redeemed, so one redemption
   * answers (and logs) once: no "link code refused" just before the link that works (issue 14).
   */
  private async takeFromInbox(codeHash: string): Promise<void> {
    if (this.inner.knowsCode(codeHash)) return;
    const fromInbox = (await readInbox(this.dataDir)).find((c) => c.codeHash === codeHash);
    if (fromInbox) await this.inner.saveCode(fromInbox);
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
  usedCodes(): Promise<LinkCode[]> {
    return this.inner.usedCodes();
  }
}
