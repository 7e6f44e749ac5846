import type { Signal } from '../domain/signal';
import type { OutboxMessage, StagedMessages } from './outbox';

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

/**
 * Signals with their personal details encrypted at rest by the implementation. The outbox
 * messages of a change are staged with it (`StagedMessages`) where the store cannot write them to
 * the outbox in the same write.
 */
export interface SignalRepository extends StagedMessages {
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
