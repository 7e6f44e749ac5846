import { createHash, randomInt } from 'node:crypto';
import type { SignaalpuntenConfig } from '../domain/routing';
import type { Clock } from '../ports/clock';
import type { CodeHasher } from '../ports/codes';
import type { Logger } from '../ports/logger';
import type { AuditLog, ChannelLink, LinkChange, LinkCode, LinkStore } from '../ports/signals';
import type { Outbox } from '../ports/outbox';
import { auditActor } from './audit-actor';

/** Letters and digits that cannot be mistaken for each other when read aloud or typed. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_TTL_MS = 24 * 60 * 60 * 1000;

/** Codes are compared without spaces, dashes or case: "abcd efgh" is "ABCD-EFGH". */
export const normaliseLinkCode = (code: string): string => code.replace(/[\s-]/g, '').toUpperCase();

/**
 * The plain sha256 that codes issued before issue 11 were stored as. Only looked up when the
 * HMAC is unknown, so such a code works until it expires (24 hours); new codes never use it.
 */
export const hashCode = (code: string): string => createHash('sha256').update(normaliseLinkCode(code)).digest('hex');

export interface IssueCodeDeps {
  links: Pick<LinkStore, 'saveCode'>;
  /** HMAC-SHA256 under a key derived from the data key (`hmacCodeHasher(key, 'link-code')`). */
  hashCode: CodeHasher;
  audit: AuditLog;
  clock: Clock;
  config: () => SignaalpuntenConfig;
}

/** A new one-time code for linking (or unlinking) a channel. Shown once; stored as a hash. */
export async function issueLinkCode(
  deps: IssueCodeDeps,
  signaalpuntId: string,
  purpose: 'link' | 'unlink',
): Promise<{ code: string; expiresAt: string }> {
  if (!deps.config().signaalpunten.some((s) => s.id === signaalpuntId)) {
    throw new Error(`unknown signaalpunt ${signaalpuntId}`);
  }
  const raw = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS).toISOString();
  await deps.links.saveCode({ signaalpuntId, codeHash: deps.hashCode(normaliseLinkCode(code)), purpose, expiresAt });
  await deps.audit.append({ at: now.toISOString(), action: `code.issued.${purpose}`, actor: 'operator', signaalpuntId });
  return { code, expiresAt };
}

export interface ChannelFacts {
  /** 'channel' for a team channel; personal and group chats are refused. */
  conversationType?: string;
  teamId?: string;
  tenantId?: string;
  channelId?: string;
  /** The conversation reference to store (adapter-owned, opaque here). */
  reference: Record<string, unknown>;
  actorAadObjectId?: string;
}

export type LinkOutcome =
  | 'LINKED'
  | 'UNLINKED'
  | 'NOT_A_CHANNEL'
  | 'WRONG_TENANT'
  | 'UNKNOWN_SIGNAALPUNT'
  | 'CODE_UNKNOWN'
  | 'CODE_EXPIRED'
  | 'CODE_USED'
  | 'CODE_FOR_OTHER'
  | 'NOT_LINKED_HERE';

const CODE_REFUSALS = { unknown: 'CODE_UNKNOWN', expired: 'CODE_EXPIRED', used: 'CODE_USED' } as const;

export interface LinkChannelDeps {
  links: LinkStore;
  outbox: Outbox;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  config: () => SignaalpuntenConfig;
  /** HMAC-SHA256 under a key derived from the data key (`hmacCodeHasher(key, 'link-code')`). */
  hashCode: CodeHasher;
  onQueued?: () => void;
}

/**
 * Linking a Teams channel to a signaalpunt with a one-time code from the operator. The code is
 * shown once and stored only as a hash; it expires after 24 hours and works once.
 */
/** Refused link attempts written one by one per chat and hour; more are counted (review L8). */
const LINK_REFUSALS_PER_CHAT_HOUR = 3;
/** Chats per hour that get lines of their own; the rest share one counter ('other-chats'). */
const LINK_REFUSAL_CHATS_PER_HOUR = 50;

export class LinkChannel {
  /** This hour's refusals: lines written per chat, and refusals only counted per chat. */
  private refusals = { hour: '', written: new Map<string, number>(), counted: new Map<string, number>() };

  constructor(private readonly deps: LinkChannelDeps) {}

  issueCode(signaalpuntId: string, purpose: 'link' | 'unlink'): Promise<{ code: string; expiresAt: string }> {
    return issueLinkCode(this.deps, signaalpuntId, purpose);
  }

  async redeem(command: 'link' | 'unlink', signaalpuntId: string, code: string, channel: ChannelFacts): Promise<LinkOutcome> {
    const log = this.deps.logger.child({ signaalpuntId, command, teamId: channel.teamId ?? null });
    const config = this.deps.config();
    const refuse = async (outcome: LinkOutcome): Promise<LinkOutcome> => {
      if (await this.auditRefusal(outcome, channel, signaalpuntId)) log.warn({ code: outcome }, 'link command refused');
      else log.debug({ code: outcome }, 'link command refused (counted)');
      return outcome;
    };
    if (channel.conversationType !== 'channel' || !channel.teamId || !channel.channelId) return refuse('NOT_A_CHANNEL');
    if (!channel.tenantId || channel.tenantId !== config.tenantId) return refuse('WRONG_TENANT');
    if (!config.signaalpunten.some((s) => s.id === signaalpuntId)) return refuse('UNKNOWN_SIGNAALPUNT');

    const now = this.deps.clock.now();
    const link: ChannelLink = {
      signaalpuntId,
      teamId: channel.teamId,
      tenantId: channel.tenantId,
      channelId: channel.channelId,
      reference: channel.reference,
      linkedAt: now.toISOString(),
      linkedBy: auditActor(channel.actorAadObjectId),
    };
    // The code is used and the link saved (or removed) in one write: a crash burns no code.
    const decide = (used: LinkCode, linkOf: (id: string) => ChannelLink | undefined): LinkChange => {
      if (used.signaalpuntId !== signaalpuntId || used.purpose !== command) return { refuse: 'CODE_FOR_OTHER' };
      if (command === 'link') return { save: link };
      const current = linkOf(signaalpuntId);
      if (!current || current.teamId !== channel.teamId || current.channelId !== channel.channelId) return { refuse: 'NOT_LINKED_HERE' };
      return { remove: signaalpuntId };
    };
    let redeemed = await this.deps.links.redeemCode(this.deps.hashCode(normaliseLinkCode(code)), now, decide);
    // A code issued before the HMAC (plain sha256) still works until it expires.
    if (redeemed.code === 'unknown') redeemed = await this.deps.links.redeemCode(hashCode(code), now, decide);
    if (!('change' in redeemed)) return refuse(CODE_REFUSALS[redeemed.code]);
    const { change } = redeemed;
    if ('refuse' in change) return refuse(change.refuse as LinkOutcome);

    if ('remove' in change) {
      await this.auditEvent('link.removed', channel, signaalpuntId, now);
      log.info({ code: 'UNLINKED' }, 'channel unlinked');
      return 'UNLINKED';
    }
    await this.auditEvent('link.saved', channel, signaalpuntId, now);
    // Signals that could not be delivered while there was no (working) link go out now.
    const requeued = await this.deps.outbox.requeue(signaalpuntId, now);
    log.info({ code: 'LINKED', requeued }, 'channel linked');
    if (requeued > 0) this.deps.onQueued?.();
    return 'LINKED';
  }

  /** The bot was removed from the team, or Teams answered 403: stop sending, tell the operator. */
  async markBroken(signaalpuntId: string, code: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.links.markBroken(signaalpuntId, code, now);
    await this.deps.audit.append({ at: now.toISOString(), action: 'link.broken', actor: 'system', signaalpuntId, detail: code });
    this.deps.logger.error({ code: 'LINK_BROKEN', signaalpuntId, reason: code }, 'operator: the Teams link of a signaalpunt is broken; issue a new link code');
  }

  /** All links whose team id matches (for an installationUpdate remove in that team). */
  async linksOfTeam(teamId: string): Promise<string[]> {
    return (await this.deps.links.listLinks()).filter((l) => l.teamId === teamId).map((l) => l.signaalpuntId);
  }

  /**
   * Anyone in a channel can cause refusals, so they cannot each be an audit line: the first
   * LINK_REFUSALS_PER_CHAT_HOUR of a chat in an hour are written one by one, the rest are counted
   * and written as one `link.refused.counted` line per chat when the hour turns (with an operator
   * log line). Returns whether this refusal got its own line.
   */
  private async auditRefusal(outcome: LinkOutcome, channel: ChannelFacts, signaalpuntId: string): Promise<boolean> {
    const now = this.deps.clock.now();
    const hour = now.toISOString().slice(0, 13);
    if (hour !== this.refusals.hour) {
      const { counted, hour: previous } = this.refusals;
      this.refusals = { hour, written: new Map(), counted: new Map() };
      for (const [chat, count] of counted) {
        await this.deps.audit.append({ at: now.toISOString(), action: 'link.refused.counted', actor: 'system', detail: `count=${count},hour=${previous},chat=${chat}` });
      }
      const total = [...counted.values()].reduce((a, b) => a + b, 0);
      if (total > 0) {
        this.deps.logger.warn({ code: 'LINK_REFUSALS_COUNTED', count: total, chats: counted.size, hour: previous }, 'operator: many refused link attempts in the last hour; see link.refused.counted in the audit log');
      }
    }
    // A short tag per chat (team ids hold '@', which the audit log refuses in a detail).
    const chat = createHash('sha256')
      .update(channel.teamId ? `${channel.teamId}/${channel.channelId ?? '-'}` : `chat/${auditActor(channel.actorAadObjectId)}`)
      .digest('hex')
      .slice(0, 12);
    const { written, counted } = this.refusals;
    const sofar = written.get(chat) ?? 0;
    if (sofar >= LINK_REFUSALS_PER_CHAT_HOUR || (sofar === 0 && written.size >= LINK_REFUSAL_CHATS_PER_HOUR)) {
      const key = written.has(chat) ? chat : 'other-chats';
      counted.set(key, (counted.get(key) ?? 0) + 1);
      return false;
    }
    written.set(chat, sofar + 1);
    await this.auditEvent(`link.refused.${outcome}`, channel, signaalpuntId, now);
    return true;
  }

  private async auditEvent(action: string, channel: ChannelFacts, signaalpuntId: string, at = this.deps.clock.now()): Promise<void> {
    await this.deps.audit.append({
      at: at.toISOString(),
      action,
      actor: auditActor(channel.actorAadObjectId),
      signaalpuntId,
    });
  }
}
