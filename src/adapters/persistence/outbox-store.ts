import { z } from 'zod';
import type { Logger } from '../../ports/logger';
import { type CardPost, type Outbox, type OutboxMessage, type OutboxStatus, routeTraits } from '../../ports/outbox';
import { BatchedFile, changed, copyOf, unchanged } from './batched-file';
import { SignalStoreError } from './signal-store-error';

export const OUTBOX_FILE = 'outbox.json';
/** Sent messages are kept this long (their idempotency keys stop replays), then pruned. */
export const SENT_RETENTION_DAYS = 14;
/** The store prunes itself at most this often, when a message is marked sent. */
const PRUNE_EVERY_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export const outboxMessageSchema = z.looseObject({
  id: z.string().min(1),
  idempotencyKey: z.string().min(1),
  kind: z.string(),
  target: z.looseObject({ kind: z.string() }),
  payload: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  status: z.enum(['pending', 'sent', 'undeliverable']),
  attempts: z.number().int().min(0),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
});

/** The failures a new Teams link fixes. */
const LINK_FAILURES = new Set(['NOT_LINKED', 'HTTP_403', 'HTTP_404']);

/** Re-linking a signaalpunt requeues only what the broken link held up: its Teams messages that failed for the link. */
export function heldUpByLink(m: OutboxMessage, signaalpuntId: string): boolean {
  if (m.status !== 'undeliverable' || !routeTraits(m).viaLink || !('signaalpuntId' in m.target) || m.target.signaalpuntId !== signaalpuntId) return false;
  return m.lastError !== undefined && LINK_FAILURES.has(m.lastError);
}

export const cardPostSchema = z.looseObject({ signaalpuntId: z.string(), conversationId: z.string().min(1), activityId: z.string().optional() });

/** Strict at the root: a file from a newer version stops start-up instead of losing data on write. */
const outboxFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  messages: z.record(z.string(), outboxMessageSchema),
  /** Where each signal's team card was posted, by signal id (ADR 0010 step 5); kept when messages are pruned. */
  posts: z.record(z.string(), z.array(cardPostSchema)).optional(),
  /**
   * Written by the signal design before ADR 0010 (every sent message with `sentAt` before it was
   * pruned). Read once by the staging migration (`SignalStore`), which then removes it.
   */
  prunedBefore: z.string().optional(),
});

export interface OutboxFile {
  schemaVersion: 1;
  messages: Record<string, OutboxMessage>;
  posts?: Record<string, CardPost[]>;
  prunedBefore?: string;
}

/** Lookups over the committed messages, rebuilt when the committed data changes (never per call). */
interface OutboxIndex {
  data: OutboxFile;
  byKey: Map<string, OutboxMessage>;
  /** Pending messages, oldest first (the worker's `due()` reads only these). */
  pending: OutboxMessage[];
  /** Sent `signal.new` messages to Teams with a thread, by signal id. */
  posts: Map<string, OutboxMessage[]>;
}

/**
 * The delivery outbox in its own lowdb file (`outbox.json`), apart from the signals, so a
 * delivery's bookkeeping never rewrites them (ADR 0006); it needs no signal store (ADR 0010 step 5).
 * Sent messages are pruned after `SENT_RETENTION_DAYS`. Where a `signal.new` put the team card is
 * recorded in `posts` in the same write that marks it sent, and stays when the message is pruned,
 * so card updates and thread replies still find the thread.
 *
 * Mutations are serialized and batched (`BatchedFile`); every promise resolves once its change is
 * on disk. Objects handed in or out are copies.
 */
export class StoredOutbox implements Outbox {
  private indexed: OutboxIndex | undefined;
  /** Keys added by mutations not yet settled: a same-batch duplicate is dropped too. */
  private readonly keysInFlight = new Set<string>();
  private lastPruneAt = Number.NEGATIVE_INFINITY;
  private pruning: Promise<number> | undefined;

  constructor(
    readonly file: BatchedFile<OutboxFile>,
    private readonly logger: Logger,
  ) {}

  /** Opens `outbox.json` in the data folder (made when missing). */
  static async openStore(dataDir: string, logger: Logger): Promise<StoredOutbox> {
    const { file } = await StoredOutbox.open(dataDir, logger);
    return new StoredOutbox(file, logger);
  }

  static open(dataDir: string, logger: Logger): Promise<{ file: BatchedFile<OutboxFile>; existed: boolean }> {
    return BatchedFile.open<OutboxFile>({
      dataDir,
      fileName: OUTBOX_FILE,
      schema: outboxFileSchema as unknown as z.ZodType<OutboxFile>,
      initialData: () => ({ schemaVersion: 1, messages: {} }),
      copy: (d) => ({ ...d, messages: { ...d.messages }, ...(d.posts ? { posts: { ...d.posts } } : {}) }),
      // Rewritten on every delivery's bookkeeping: compact, which halves the serialisation.
      compact: true,
      logger,
    });
  }

  /** Messages whose idempotency key is already stored are skipped (a replay enqueues nothing). */
  async enqueue(messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.add(messages.map(copyOf));
  }

  /**
   * Adds messages (new keys only) in one write; resolves once they are on disk. A failed write
   * keeps nothing: the caller's copy (a staging area, ADR 0010) is what is retried.
   * @returns how many were new
   */
  async add(messages: OutboxMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    const claimed: string[] = [];
    try {
      return await this.file.mutate((d) => {
        const index = this.index();
        let added = 0;
        for (const m of messages) {
          if (index.byKey.has(m.idempotencyKey) || this.keysInFlight.has(m.idempotencyKey) || d.messages[m.id]) continue;
          d.messages[m.id] = m;
          this.keysInFlight.add(m.idempotencyKey);
          claimed.push(m.idempotencyKey);
          added++;
        }
        return { result: added, changed: added > 0 };
      });
    } finally {
      for (const key of claimed) this.keysInFlight.delete(key);
    }
  }

  async due(now: Date, limit: number): Promise<OutboxMessage[]> {
    const at = now.getTime();
    const out: OutboxMessage[] = [];
    for (const m of this.index().pending) {
      if (out.length >= limit) break;
      if (Date.parse(m.nextAttemptAt) <= at) out.push(copyOf(m));
    }
    return out;
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    const message = this.file.data.messages[id];
    return message ? copyOf(message) : undefined;
  }

  async findByKey(idempotencyKey: string): Promise<OutboxMessage | undefined> {
    const message = this.index().byKey.get(idempotencyKey);
    return message ? copyOf(message) : undefined;
  }

  /**
   * Idempotent: marking a sent message sent again changes nothing. A `signal.new` to Teams records
   * where it put the card (`posts`) in the same write. Now and then prunes old sent messages.
   */
  async markSent(id: string, at: Date, result?: OutboxMessage['result']): Promise<void> {
    await this.change(
      id,
      (m) =>
        m.status === 'sent'
          ? undefined
          : { ...answered(m), status: 'sent', attempts: m.attempts + 1, sentAt: at.toISOString(), ...(result ? { result: { ...result } } : {}) },
      (d, sent) => {
        if (isCardPost(sent)) addPosts(d, String(sent.payload.signalId), [postOf(sent)]);
      },
    );
    if (at.getTime() - this.lastPruneAt >= PRUNE_EVERY_MS && !this.pruning) {
      this.lastPruneAt = at.getTime();
      void this.prune(at).catch((err: unknown) => this.logger.error({ code: codeOf(err) ?? 'OUTBOX_PRUNE_FAILED' }, 'outbox not pruned'));
    }
  }

  /** Resolves once the mark is on disk, so a kill during the send that follows leaves it there. */
  async markSending(id: string, at: Date): Promise<void> {
    await this.change(id, (m) => (m.status !== 'pending' ? undefined : sending(m, at)));
  }

  /** Ignored for a message that is no longer pending (a late answer must not undo a send). */
  async markRetry(id: string, nextAttemptAt: Date, errorCode: string): Promise<void> {
    await this.change(id, (m) =>
      m.status !== 'pending' ? undefined : { ...answered(m), attempts: m.attempts + 1, nextAttemptAt: nextAttemptAt.toISOString(), lastError: errorCode },
    );
  }

  async markUndeliverable(id: string, errorCode: string): Promise<void> {
    await this.change(id, (m) =>
      m.status !== 'pending' ? undefined : { ...answered(m), status: 'undeliverable', attempts: m.attempts + 1, lastError: errorCode },
    );
  }

  /**
   * Teams messages to this signaalpunt that were undeliverable because its link was missing or
   * broken become pending again with a fresh attempt count. Mail, webhooks and messages refused
   * for another reason stay as they are: a new link does not fix them (issue 13, item 5).
   */
  async requeue(signaalpuntId: string, now: Date): Promise<number> {
    const count = await this.file.mutate((d) => {
      let n = 0;
      for (const m of Object.values(d.messages)) {
        if (!heldUpByLink(m, signaalpuntId)) continue;
        // lastError stays, so the operator can still see why it failed before.
        d.messages[m.id] = { ...m, status: 'pending', attempts: 0, nextAttemptAt: now.toISOString() };
        n++;
      }
      return { result: n, changed: n > 0 };
    });
    this.logger.info({ signaalpuntId, requeuedCount: count }, 'outbox messages requeued');
    return count;
  }

  /** Messages still in the outbox (sent ones until they are pruned), oldest first. */
  async list(status?: OutboxStatus): Promise<OutboxMessage[]> {
    return Object.values(this.file.data.messages)
      .filter((m) => status === undefined || m.status === status)
      .sort(byCreated)
      .map(copyOf);
  }

  /** Recorded posts first; a sent message from before `posts` existed counts too until it is pruned. */
  async cardPosts(signalId: string): Promise<CardPost[]> {
    const posts = [...(this.file.data.posts?.[signalId] ?? []), ...(this.index().posts.get(signalId) ?? []).map(postOf)];
    return uniquePosts(posts);
  }

  /**
   * Adds card posts (copied from where an older version kept them: signal records, PostgreSQL
   * rows); one write, none when every post is known already.
   * @returns how many signals got a post
   */
  keepPosts(postsBySignal: Iterable<[string, CardPost[]]>): Promise<number> {
    return this.file.mutate((d) => {
      let n = 0;
      for (const [signalId, posts] of postsBySignal) if (addPosts(d, signalId, posts)) n++;
      return n > 0 ? changed(n) : unchanged(n);
    });
  }

  /**
   * Removes sent messages sent before `now - SENT_RETENTION_DAYS`. Card posts of `signal.new`
   * messages not yet in `posts` (sent by an older version) are added in the same write.
   * @returns how many messages were removed
   */
  prune(now: Date): Promise<number> {
    this.pruning ??= this.pruneOnce(new Date(now.getTime() - SENT_RETENTION_DAYS * DAY_MS)).finally(() => {
      this.pruning = undefined;
    });
    return this.pruning;
  }

  /** Resolves when a prune in progress (if any) has finished. */
  async settled(): Promise<void> {
    await this.pruning?.catch(() => undefined);
  }

  private async pruneOnce(before: Date): Promise<number> {
    const cutoff = before.toISOString();
    const old = Object.values(this.file.data.messages).filter((m) => m.status === 'sent' && m.sentAt !== undefined && m.sentAt < cutoff);
    const postsBySignal = cardPostsBySignal(old);
    const removed = await this.file.mutate((d) => {
      let n = 0;
      for (const [signalId, posts] of postsBySignal) addPosts(d, signalId, posts);
      for (const m of old) {
        if (d.messages[m.id]?.status !== 'sent') continue;
        delete d.messages[m.id];
        n++;
      }
      return n > 0 ? changed(n) : unchanged(n);
    });
    if (removed > 0) this.logger.info({ code: 'OUTBOX_PRUNED', count: removed }, 'sent outbox messages pruned');
    return removed;
  }

  /** Removes the prune horizon that the signal design kept (ADR 0010): nothing reads it any more. */
  async forgetHorizon(): Promise<void> {
    await this.file.mutate((d) => {
      if (d.prunedBefore === undefined) return unchanged(undefined);
      delete d.prunedBefore;
      return changed(undefined);
    });
  }

  private index(): OutboxIndex {
    const data = this.file.data;
    if (this.indexed?.data === data) return this.indexed;
    const byKey = new Map<string, OutboxMessage>();
    const pending: OutboxMessage[] = [];
    const posts = new Map<string, OutboxMessage[]>();
    for (const m of Object.values(data.messages)) {
      byKey.set(m.idempotencyKey, m);
      if (m.status === 'pending') pending.push(m);
      if (isCardPost(m)) {
        const signalId = String(m.payload.signalId);
        posts.set(signalId, [...(posts.get(signalId) ?? []), m]);
      }
    }
    pending.sort(byCreated);
    this.indexed = { data, byKey, pending, posts };
    return this.indexed;
  }

  private async change(id: string, next: (m: OutboxMessage) => OutboxMessage | undefined, also?: (d: OutboxFile, updated: OutboxMessage) => void): Promise<void> {
    await this.file.mutate((d) => {
      const current = d.messages[id];
      if (!current) throw new SignalStoreError('OUTBOX_MESSAGE_NOT_FOUND', id, `Outbox message ${id} does not exist.`);
      const updated = next(current);
      if (!updated) return unchanged(undefined);
      d.messages[id] = updated;
      also?.(d, updated);
      return changed(undefined);
    });
  }
}

/**
 * A message whose send is about to start. A mark left by an earlier attempt means that attempt
 * got no answer: from now on every send of this message may be a repeat (`mayRepeat` stays).
 */
export function sending(m: OutboxMessage, at: Date): OutboxMessage {
  const repeat = m.sendingSince !== undefined || m.mayRepeat === true;
  return { ...m, sendingSince: at.toISOString(), ...(repeat ? { mayRepeat: true as const } : {}) };
}

/** A message whose send got an answer: the "sending since" mark goes (`mayRepeat` stays). */
export function answered(m: OutboxMessage): OutboxMessage {
  const { sendingSince: _sendingSince, ...rest } = m;
  return rest;
}

export function byCreated(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** Where the sent `signal.new` messages among these put the team card, by signal id. */
export function cardPostsBySignal(messages: Iterable<OutboxMessage>): Map<string, CardPost[]> {
  const bySignal = new Map<string, CardPost[]>();
  for (const m of messages) {
    if (!isCardPost(m)) continue;
    const signalId = String(m.payload.signalId);
    bySignal.set(signalId, [...(bySignal.get(signalId) ?? []), postOf(m)]);
  }
  return bySignal;
}

/** A sent `signal.new` to Teams that made a thread: where it is is worth keeping. */
export function isCardPost(m: OutboxMessage): boolean {
  return m.kind === 'signal.new' && m.target.kind === 'teams' && m.status === 'sent' && Boolean(m.result?.conversationId);
}

export function postOf(m: OutboxMessage): CardPost {
  const signaalpuntId = 'signaalpuntId' in m.target ? m.target.signaalpuntId : '';
  return { signaalpuntId, conversationId: m.result?.conversationId ?? '', ...(m.result?.activityId ? { activityId: m.result.activityId } : {}) };
}

/**
 * Adds posts to a signal's entry in a draft of the file (the entry is replaced, never edited).
 * @returns whether a post was new
 */
function addPosts(d: OutboxFile, signalId: string, posts: readonly CardPost[]): boolean {
  const known = d.posts?.[signalId] ?? [];
  const merged = uniquePosts([...known, ...posts]);
  if (merged.length === known.length) return false;
  // The draft's map is its own copy (see `copy` in `open`).
  d.posts ??= {};
  d.posts[signalId] = merged;
  return true;
}

/**
 * ADR 0010 step 4, the rule for messages a record of the signal design still holds: keep those
 * outbox.json does not have (by idempotency key) and, while its old prune horizon
 * (`prunedBefore`) is there, that are not older than it (an older one may have been sent and
 * pruned; queuing it again would post a second thread). Used where such a folder is opened
 * (`SignalStore`) and where it is copied to PostgreSQL (`import-lowdb.ts`).
 */
export function stillToRelay(outbox: { messages?: Record<string, OutboxMessage>; prunedBefore?: string } | undefined): (m: OutboxMessage) => boolean {
  const queued = new Set(Object.values(outbox?.messages ?? {}).map((m) => m.idempotencyKey));
  const horizon = outbox?.prunedBefore;
  return (m) => !queued.has(m.idempotencyKey) && !(horizon !== undefined && m.createdAt < horizon);
}

/** One post per conversation, first seen first. */
export function uniquePosts(posts: readonly CardPost[]): CardPost[] {
  const seen = new Map<string, CardPost>();
  for (const p of posts) if (!seen.has(p.conversationId)) seen.set(p.conversationId, { ...p });
  return [...seen.values()];
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}
