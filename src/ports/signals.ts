import type { Signal } from '../domain/signal';

/** Where a message goes. Teams channel links, webhooks and mail are configured per signaalpunt. */
export type DeliveryTarget =
  | { kind: 'teams'; signaalpuntId: string }
  | { kind: 'teamsThread'; signaalpuntId: string; signalId: string }
  | { kind: 'reporter'; chatKey: string }
  /** A personal chat of a call-circle coordinator or member (belcirkels). */
  | { kind: 'chat'; chatKey: string }
  | { kind: 'webhook'; signaalpuntId: string; url: string }
  | { kind: 'mail'; signaalpuntId: string; to: string };

export type OutboxKind =
  /** A new signal: a new thread with the team card in the linked channel (or webhook/mail). */
  | 'signal.new'
  /** The team card changed (status): update it in place. */
  | 'signal.cardUpdate'
  /** A reply in the signal's thread (overdue reminder). */
  | 'signal.threadReply'
  /** A short message to the reporter's own chat (claimed, closed): no personal details. */
  | 'reporter.notify'
  /** Call circles: the text is rendered at send time from the circle store (ids only here). */
  | 'circle.reminder'
  | 'circle.escalation'
  | 'circle.allClear'
  | 'circle.missed'
  | 'circle.weekly'
  /** Tells a coordinator that another circle message could not be delivered. */
  | 'circle.notSent'
  | 'circle.notice';

export type OutboxStatus = 'pending' | 'sent' | 'undeliverable';

/**
 * A durable message. It holds ids and codes only; the text is rendered at send time from the
 * stored (encrypted) signal, so personal data is never copied into the outbox.
 */
export interface OutboxMessage {
  id: string;
  /** Unique per logical send (for example `signal.new:<signalId>:teams`): enqueueing twice is a no-op. */
  idempotencyKey: string;
  kind: OutboxKind;
  target: DeliveryTarget;
  /** Ids and codes only, e.g. { signalId, messageKey }. */
  payload: Record<string, string | number | boolean>;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  sentAt?: string;
  /** Error code of the last failure (never a message body). */
  lastError?: string;
  /** What the connector returned (activity id, thread conversation id), for later updates. */
  result?: { activityId?: string; conversationId?: string };
  /**
   * Set on disk before a send that cannot be repeated safely, cleared with its outcome. Still set
   * at the next attempt: the previous one ended without an answer (a kill, a timeout), so this
   * send may be a repeat (issue 13).
   */
  sendingSince?: string;
  /**
   * An attempt found `sendingSince` still set: an earlier send got no answer and may have arrived.
   * Unlike `sendingSince` it stays after a later answer (a 429 proves only that that attempt made
   * nothing), so every later send of this message says it may be a repeat (issue 13).
   */
  mayRepeat?: true;
}

/** Where a signal's team card was posted (a delivered `signal.new` to Teams), for later card updates and thread replies. */
export interface CardPost {
  signaalpuntId: string;
  conversationId: string;
  activityId?: string;
}

/** A signal without its personal details and notes: what lists, figures and timed jobs read. Nothing is decrypted for it. */
export type SignalSummary = Omit<Signal, 'personal' | 'notes'>;

export interface SignalFilter {
  signaalpuntId?: string;
  status?: Signal['status'];
  reporterChatKey?: string;
  /** Only signals whose deadline (an ISO date) is before this date. */
  deadlineBefore?: string;
  /** Only signals closed at or before this moment (ISO). */
  closedBy?: string;
  /** Only signals whose personal details were (true) or were not (false) erased. */
  personalErased?: boolean;
}

/** Signals with their personal details encrypted at rest by the implementation. */
export interface SignalRepository {
  /** Stores a new signal and its first outbox messages in one atomic write. */
  create(signal: Signal, outbox: OutboxMessage[]): Promise<void>;
  get(id: string): Promise<Signal | undefined>;
  getByReference(reference: string): Promise<Signal | undefined>;
  /**
   * Saves a changed signal only when the stored version is `signal.version - 1`
   * (compare-and-set), with its outbox messages in the same write.
   */
  update(signal: Signal, outbox?: OutboxMessage[]): Promise<'ok' | 'conflict'>;
  list(filter?: SignalFilter): Promise<Signal[]>;
  /** Like `list` (same filter, same order), without personal details: nothing is decrypted. */
  summaries(filter?: SignalFilter): Promise<SignalSummary[]>;
  /** The signal a report submit with this key made (a replayed submit finds it instead of making a second). */
  getBySubmissionKey(submissionKey: string): Promise<Signal | undefined>;
  /** Next reference number for a year: 1, 2, 3... never reused. */
  nextSequence(year: number): Promise<number>;
}

export interface Outbox {
  enqueue(messages: OutboxMessage[]): Promise<void>;
  /** Pending messages whose time has come, oldest first. */
  due(now: Date, limit: number): Promise<OutboxMessage[]>;
  get(id: string): Promise<OutboxMessage | undefined>;
  findByKey(idempotencyKey: string): Promise<OutboxMessage | undefined>;
  markSent(id: string, at: Date, result?: OutboxMessage['result']): Promise<void>;
  /** Records on disk that a send is about to start (see `OutboxMessage.sendingSince`). */
  markSending(id: string, at: Date): Promise<void>;
  markRetry(id: string, nextAttemptAt: Date, errorCode: string): Promise<void>;
  markUndeliverable(id: string, errorCode: string): Promise<void>;
  /** Puts undeliverable messages for a signaalpunt back in the queue (after its link is fixed). */
  requeue(signaalpuntId: string, now: Date): Promise<number>;
  list(status?: OutboxStatus): Promise<OutboxMessage[]>;
  /** Where the team card of a signal was posted; still known after its sent messages are pruned. */
  cardPosts(signalId: string): Promise<CardPost[]>;
}

/** What one delivery attempt came to. */
export type DeliveryResult =
  | { ok: true; activityId?: string; conversationId?: string }
  | {
      ok: false;
      /** Stable code: HTTP_429, HTTP_403, NETWORK, TIMEOUT, NOT_LINKED, ... */
      code: string;
      retryable: boolean;
      /** From a Retry-After header. */
      retryAfterMs?: number;
      /** 403 MessageWritesBlocked / bot removed: the link is broken. */
      linkBroken?: boolean;
    };

/** Sends one outbox message to its target. Implementations: Teams, webhook, mail. */
export interface DeliveryChannel {
  deliver(message: OutboxMessage): Promise<DeliveryResult>;
}

/** A Teams channel linked to a signaalpunt. The conversation reference is opaque to the domain. */
export interface ChannelLink {
  signaalpuntId: string;
  teamId: string;
  tenantId: string;
  channelId: string;
  /** Serialized botbuilder ConversationReference (adapter-owned). */
  reference: Record<string, unknown>;
  linkedAt: string;
  linkedBy: string;
  broken?: { at: string; code: string };
}

export interface LinkCode {
  signaalpuntId: string;
  /** sha256 of the code; the code itself is shown once to the operator and never stored. */
  codeHash: string;
  purpose: 'link' | 'unlink';
  expiresAt: string;
  usedAt?: string;
}

/** What a redeemed code does: save a link, remove one, or nothing (a refusal code). */
export type LinkChange = { save: ChannelLink } | { remove: string } | { refuse: string };

export type CodeRedemption = { code: 'unknown' | 'expired' | 'used' } | { code: LinkCode; change: LinkChange };

export interface LinkStore {
  saveCode(code: LinkCode): Promise<void>;
  /** Marks the code used and returns it, only if it exists, is unused and not expired (atomic). */
  useCode(codeHash: string, now: Date): Promise<LinkCode | 'unknown' | 'expired' | 'used'>;
  getLink(signaalpuntId: string): Promise<ChannelLink | undefined>;
  findLinkByChannel(teamId: string, channelId: string): Promise<ChannelLink | undefined>;
  /**
   * Uses a code and makes the change it is for in one write, so a crash never leaves a used code
   * without its link (issue 13). `decide` runs inside the write with the code and the current
   * links; a refusal leaves the code unused.
   */
  redeemCode(codeHash: string, now: Date, decide: (code: LinkCode, linkOf: (signaalpuntId: string) => ChannelLink | undefined) => LinkChange): Promise<CodeRedemption>;
  saveLink(link: ChannelLink): Promise<void>;
  removeLink(signaalpuntId: string): Promise<void>;
  markBroken(signaalpuntId: string, code: string, at: Date): Promise<void>;
  listLinks(): Promise<ChannelLink[]>;
  /** Codes that were used (each with its `usedAt`), for checking the audit trail at start. */
  usedCodes(): Promise<LinkCode[]>;
}

/** Who-did-what, without personal data. */
export interface AuditEntry {
  at: string;
  action: string;
  actor: string;
  signalId?: string;
  signaalpuntId?: string;
  detail?: string;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  list(): Promise<AuditEntry[]>;
}

/** AES-256-GCM (or equivalent) for personal fields at rest. */
export interface Cipher {
  /** `aad` binds the value to where it belongs (e.g. a storage key): it only opens with the same `aad`. */
  encrypt(plain: string, aad?: string): string;
  decrypt(sealed: string, aad?: string): string;
}

/** Postcode to municipality (PDOK Locatieserver). Undefined when unknown, off or down. */
export interface MunicipalityLookup {
  lookup(postcode6: string, houseNumber?: string): Promise<{ code: string; name: string } | undefined>;
}
