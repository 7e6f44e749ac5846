import { z } from 'zod';
import type { Logger } from '../../ports/logger';
import type { ChannelLink, CodeRedemption, LinkChange, LinkCode, LinkStore } from '../../ports/signals';
import { BatchedFile, changed, copyOf, unchanged } from './batched-file';

export const LINKS_FILE = 'links.json';

const SHA256_HEX = /^[0-9a-f]{64}$/;

const linkCodeSchema = z.looseObject({
  signaalpuntId: z.string().min(1),
  codeHash: z.string().regex(SHA256_HEX),
  purpose: z.enum(['link', 'unlink']),
  expiresAt: z.string(),
  usedAt: z.string().optional(),
});

const channelLinkSchema = z.looseObject({
  signaalpuntId: z.string().min(1),
  teamId: z.string(),
  tenantId: z.string(),
  channelId: z.string(),
  reference: z.record(z.string(), z.unknown()),
  linkedAt: z.string(),
  linkedBy: z.string(),
  broken: z.object({ at: z.string(), code: z.string() }).optional(),
});

/** Codes by their hash, links by signaalpunt id. Strict at the root (see lowdb-storage). */
const linksFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  codes: z.record(z.string(), linkCodeSchema),
  links: z.record(z.string(), channelLinkSchema),
});

interface LinksFile {
  schemaVersion: 1;
  codes: Record<string, LinkCode>;
  links: Record<string, ChannelLink>;
}

export interface LinkStoreOptions {
  dataDir: string;
  logger: Logger;
}

/**
 * `LinkStore` on `<dataDir>/links.json`. One-time codes are stored as their sha256 hash only (the
 * caller hashes; a value that is not a sha256 hex string is refused, so a plain code cannot be
 * stored by mistake). `useCode` checks and marks in one serialized step, so of two concurrent
 * uses of the same code exactly one gets it.
 */
export class FileLinkStore implements LinkStore {
  private constructor(
    private readonly file: BatchedFile<LinksFile>,
    private readonly logger: Logger,
  ) {}

  /** @throws DataFileError (DATA_FILE_CORRUPT, ...): the file is never modified when opening fails. */
  static async open(options: LinkStoreOptions): Promise<FileLinkStore> {
    const logger = options.logger.child({ component: 'link-store' });
    const { file, existed } = await BatchedFile.open<LinksFile>({
      dataDir: options.dataDir,
      fileName: LINKS_FILE,
      schema: linksFileSchema as unknown as z.ZodType<LinksFile>,
      initialData: () => ({ schemaVersion: 1, codes: {}, links: {} }),
      copy: (d) => ({ ...d, codes: { ...d.codes }, links: { ...d.links } }),
      logger,
    });
    logger.info({ existed, linkCount: Object.keys(file.data.links).length }, 'link store opened');
    return new FileLinkStore(file, logger);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  checkHealth(): Promise<boolean> {
    return this.file.checkHealth();
  }

  async saveCode(code: LinkCode): Promise<void> {
    if (!SHA256_HEX.test(code.codeHash)) throw new TypeError('LinkCode.codeHash must be a lowercase sha256 hex string');
    const copy = copyOf(code);
    await this.file.mutate((d) => {
      d.codes[copy.codeHash] = copy;
      return changed(undefined);
    });
    this.logger.info({ signaalpuntId: code.signaalpuntId, purpose: code.purpose }, 'link code saved');
  }

  async useCode(codeHash: string, now: Date): Promise<LinkCode | 'unknown' | 'expired' | 'used'> {
    const result = await this.file.mutate<LinkCode | 'unknown' | 'expired' | 'used'>((d) => {
      const code = d.codes[codeHash];
      if (!code) return unchanged('unknown');
      if (code.usedAt) return unchanged('used');
      if (Date.parse(code.expiresAt) <= now.getTime()) return unchanged('expired');
      const used = { ...code, usedAt: now.toISOString() };
      d.codes[codeHash] = used;
      return changed(copyOf(used));
    });
    // The hash is not logged either: with it, a leaked log line would tell which code was tried.
    if (typeof result === 'string') this.logger.info({ code: `LINK_CODE_${result.toUpperCase()}` }, 'link code refused');
    else this.logger.info({ signaalpuntId: result.signaalpuntId, purpose: result.purpose }, 'link code used');
    return result;
  }

  async redeemCode(
    codeHash: string,
    now: Date,
    decide: (code: LinkCode, linkOf: (signaalpuntId: string) => ChannelLink | undefined) => LinkChange,
  ): Promise<CodeRedemption> {
    const result = await this.file.mutate<CodeRedemption>((d) => {
      const code = d.codes[codeHash];
      if (!code) return unchanged({ code: 'unknown' });
      if (code.usedAt) return unchanged({ code: 'used' });
      if (Date.parse(code.expiresAt) <= now.getTime()) return unchanged({ code: 'expired' });
      const change = decide(copyOf(code), (id) => (d.links[id] ? copyOf(d.links[id]) : undefined));
      if ('refuse' in change) return unchanged({ code: copyOf(code), change });
      const used = { ...code, usedAt: now.toISOString() };
      d.codes[codeHash] = used;
      if ('save' in change) d.links[change.save.signaalpuntId] = lean(change.save);
      else delete d.links[change.remove];
      return changed({ code: copyOf(used), change });
    });
    if (typeof result.code === 'string') this.logger.info({ code: `LINK_CODE_${result.code.toUpperCase()}` }, 'link code refused');
    else this.logger.info({ signaalpuntId: result.code.signaalpuntId, purpose: result.code.purpose }, 'link code redeemed');
    return result;
  }

  /** True when links.json holds this code (used or not): the inbox must then not overwrite it. */
  knowsCode(codeHash: string): boolean {
    return this.file.data.codes[codeHash] !== undefined;
  }

  async getLink(signaalpuntId: string): Promise<ChannelLink | undefined> {
    const link = this.file.data.links[signaalpuntId];
    return link ? copyOf(link) : undefined;
  }

  async findLinkByChannel(teamId: string, channelId: string): Promise<ChannelLink | undefined> {
    const link = Object.values(this.file.data.links).find((l) => l.teamId === teamId && l.channelId === channelId);
    return link ? copyOf(link) : undefined;
  }

  /** Replaces the signaalpunt's link (a new link also clears a broken mark). */
  async saveLink(link: ChannelLink): Promise<void> {
    const copy = lean(link);
    await this.file.mutate((d) => {
      d.links[copy.signaalpuntId] = copy;
      return changed(undefined);
    });
    this.logger.info({ signaalpuntId: link.signaalpuntId, teamId: link.teamId, channelId: link.channelId }, 'channel linked');
  }

  async removeLink(signaalpuntId: string): Promise<void> {
    const removed = await this.file.mutate((d) => {
      if (!d.links[signaalpuntId]) return unchanged(false);
      delete d.links[signaalpuntId];
      return changed(true);
    });
    if (removed) this.logger.info({ signaalpuntId }, 'channel unlinked');
  }

  /** Keeps the first broken mark: later failures for the same cause do not move its time. */
  async markBroken(signaalpuntId: string, code: string, at: Date): Promise<void> {
    const marked = await this.file.mutate((d) => {
      const link = d.links[signaalpuntId];
      if (!link || link.broken) return unchanged(false);
      d.links[signaalpuntId] = { ...link, broken: { at: at.toISOString(), code } };
      return changed(true);
    });
    if (marked) this.logger.warn({ signaalpuntId, code }, 'channel link marked broken');
  }

  async usedCodes(): Promise<LinkCode[]> {
    return Object.values(this.file.data.codes)
      .filter((c) => c.usedAt !== undefined)
      .map(copyOf);
  }

  async listLinks(): Promise<ChannelLink[]> {
    return Object.values(this.file.data.links)
      .sort((a, b) => a.signaalpuntId.localeCompare(b.signaalpuntId))
      .map(copyOf);
  }
}

/**
 * A link keeps only what sending needs (security review, finding 7): the conversation reference
 * Teams gave us also names the employee who typed the command, which is not needed to post.
 */
export function lean(link: ChannelLink): ChannelLink {
  const ref = link.reference as {
    serviceUrl?: unknown;
    channelId?: unknown;
    locale?: unknown;
    conversation?: { id?: unknown; conversationType?: unknown; tenantId?: unknown; isGroup?: unknown };
    bot?: { id?: unknown };
  };
  const reference: Record<string, unknown> = { serviceUrl: ref.serviceUrl, channelId: ref.channelId, locale: ref.locale };
  if (ref.conversation) {
    const { id, conversationType, tenantId, isGroup } = ref.conversation;
    reference['conversation'] = { id, conversationType, tenantId, isGroup };
  }
  if (ref.bot) reference['bot'] = { id: ref.bot.id };
  return copyOf({ ...link, reference });
}
