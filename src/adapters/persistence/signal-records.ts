import { z } from 'zod';
import { AGE_GROUPS, SIGNAL_STATUSES, type Signal } from '../../domain/signal';
import type { Logger } from '../../ports/logger';
import type { Cipher, SignalFilter, SignalRepository, SignalSummary } from '../../ports/signals';
import type { CardPost, OutboxMessage } from '../../ports/outbox';
import { KeyedQueue } from '../keyed-queue';
import { BatchedFile, changed, copyOf, unchanged } from './batched-file';
import { byCreated, cardPostSchema, outboxMessageSchema, uniquePosts } from './outbox-store';
import { isRecordKey, RecordDir } from './record-dir';
import { openSignal, sealSignal, type StoredSignal } from './signal-seal';
import { SignalStoreError } from './signal-store-error';

export const SIGNALS_DIR = 'signals';
export const SEQUENCES_FILE = 'sequences.json';

/**
 * One signal's record (`signals/<id>.a.json` and `.b.json`, see `RecordDir`). `outbox` is the
 * signal's staging area (ADR 0010): a change adds its messages here in the same write as the
 * change, and the relay removes them once outbox.json has them, so a crash or a failed outbox
 * write never loses one. `posts` are where its team card was posted, as versions before ADR 0010
 * step 5 kept them; outbox.json keeps them now, and `SignalStore.open` copies these there. New
 * records have none.
 */
export interface SignalRecord {
  schemaVersion: 1;
  signal: StoredSignal;
  outbox: OutboxMessage[];
  posts: CardPost[];
}

// Loose objects keep fields this version does not know, so a write never drops them.
export const storedSignalSchema = z.looseObject({
  id: z.string().min(1),
  version: z.number().int().min(1),
  reference: z.string().min(1),
  createdAt: z.string(),
  signaalpuntId: z.string().min(1),
  status: z.enum(SIGNAL_STATUSES),
  ageGroup: z.enum(AGE_GROUPS),
  postcode4: z.string(),
  signs: z.array(z.string()),
  history: z.array(z.looseObject({ at: z.string(), action: z.string() })),
  sealed: z.string().regex(/^v[12]:/),
});

const signalRecordSchema = z.strictObject({
  schemaVersion: z.literal(1),
  signal: storedSignalSchema,
  outbox: z.array(outboxMessageSchema),
  posts: z.array(cardPostSchema),
});

const sequencesFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** Last reference number handed out, per year ("2026": 123). */
  sequences: z.record(z.string().regex(/^\d{4}$/), z.number().int().min(0)),
});

export interface SequencesFile {
  schemaVersion: 1;
  sequences: Record<string, number>;
}

export function openRecords(dataDir: string, logger: Logger): Promise<{ dir: RecordDir<SignalRecord>; records: Map<string, SignalRecord> }> {
  return RecordDir.open<SignalRecord>({
    dir: `${dataDir}/${SIGNALS_DIR}`,
    schema: signalRecordSchema as unknown as z.ZodType<SignalRecord>,
    logger,
    confirmed: true,
  });
}

export async function openSequences(dataDir: string, logger: Logger): Promise<BatchedFile<SequencesFile>> {
  const { file } = await BatchedFile.open<SequencesFile>({
    dataDir,
    fileName: SEQUENCES_FILE,
    schema: sequencesFileSchema as unknown as z.ZodType<SequencesFile>,
    initialData: () => ({ schemaVersion: 1, sequences: {} }),
    copy: (d) => ({ ...d, sequences: { ...d.sequences } }),
    logger,
  });
  return file;
}

/**
 * `SignalRepository` over one record per signal, with everything in memory and indexes by
 * reference, submission key and reporter, so a report never scans or decrypts other signals.
 * Changes to one signal run one at a time (compare-and-set on its version); each writes the
 * signal's file with its outbox messages staged in it, and resolves once that is on disk. The
 * relay (`pendingRelay`, `relayed`) moves staged messages to the outbox.
 */
export class StoredSignals implements SignalRepository {
  private readonly byReference = new Map<string, string>();
  private readonly bySubmission = new Map<string, string>();
  private readonly byReporter = new Map<string, Set<string>>();
  /** Ids and references of creates in progress: a second create of either is refused at once. */
  private readonly claimed = new Set<string>();
  /** Ids of the records with staged messages (usually none), so the relay never scans every record. */
  private readonly staged = new Set<string>();
  private readonly serial = new KeyedQueue();

  constructor(
    private readonly dir: RecordDir<SignalRecord>,
    private readonly records: Map<string, SignalRecord>,
    private readonly sequences: BatchedFile<SequencesFile>,
    private readonly cipher: Cipher,
    private readonly logger: Logger,
  ) {
    for (const record of records.values()) {
      this.index(record.signal);
      if (record.outbox.length > 0) this.staged.add(record.signal.id);
    }
  }

  async create(signal: Signal, outbox: OutboxMessage[]): Promise<void> {
    const stored = sealSignal(this.cipher, signal); // encrypted before queueing: the queue never holds plain text
    const messages = outbox.map(copyOf);
    await this.serial.run(stored.id, async () => {
      const reference = `reference:${stored.reference}`;
      if (this.records.has(stored.id) || this.byReference.has(stored.reference) || this.claimed.has(stored.id) || this.claimed.has(reference)) {
        throw new SignalStoreError('SIGNAL_EXISTS', stored.id, `Signal ${stored.id} or its reference already exists.`);
      }
      this.claimed.add(stored.id).add(reference);
      try {
        await this.save({ schemaVersion: 1, signal: stored, outbox: messages, posts: [] });
      } finally {
        this.claimed.delete(stored.id);
        this.claimed.delete(reference);
      }
    });
    this.logger.info({ signalId: signal.id, signaalpuntId: signal.signaalpuntId, outboxCount: outbox.length }, 'signal stored');
  }

  /** Ids of the signals with staged messages. */
  stagedIds(): string[] {
    return [...this.staged];
  }

  /** Every record's staged messages (not copied: the outbox copies what it enqueues). */
  pendingRelay(): OutboxMessage[] {
    const out: OutboxMessage[] = [];
    for (const id of this.staged) out.push(...(this.records.get(id)?.outbox ?? []));
    return out;
  }

  /** Rewrites each record that staged some of these messages without them. */
  async relayed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const gone = new Set(ids);
    const holders = [...this.staged].filter((id) => this.records.get(id)?.outbox.some((m) => gone.has(m.id)));
    await Promise.all(holders.map((id) => this.unstage(id, (m) => !gone.has(m.id))));
  }

  /**
   * Keeps only the staged messages of a signal that `keep` accepts (one write, none when all stay).
   * @returns how many were removed
   */
  unstage(signalId: string, keep: (m: OutboxMessage) => boolean): Promise<number> {
    return this.serial.run(signalId, async () => {
      const current = this.records.get(signalId);
      if (!current) return 0;
      const outbox = current.outbox.filter(keep);
      if (outbox.length === current.outbox.length) return 0;
      await this.save({ ...current, outbox });
      return current.outbox.length - outbox.length;
    });
  }

  async get(id: string): Promise<Signal | undefined> {
    const record = this.records.get(id);
    return record ? openSignal(this.cipher, this.logger, record.signal) : undefined;
  }

  async getByReference(reference: string): Promise<Signal | undefined> {
    const id = this.byReference.get(reference);
    return id === undefined ? undefined : this.get(id);
  }

  async getBySubmissionKey(submissionKey: string): Promise<Signal | undefined> {
    const id = this.bySubmission.get(submissionKey);
    return id === undefined ? undefined : this.get(id);
  }

  async update(signal: Signal, outbox: OutboxMessage[] = []): Promise<'ok' | 'conflict'> {
    const stored = sealSignal(this.cipher, signal);
    const messages = outbox.map(copyOf);
    const result = await this.serial.run(stored.id, async (): Promise<'ok' | 'conflict'> => {
      const current = this.records.get(stored.id);
      if (!current) throw new SignalStoreError('SIGNAL_NOT_FOUND', stored.id, `Signal ${stored.id} does not exist.`);
      if (current.signal.version !== stored.version - 1) return 'conflict';
      // Added to what is still staged: an earlier change's messages stay until the relay moved them.
      await this.save({ ...current, signal: stored, outbox: [...current.outbox, ...messages] });
      return 'ok';
    });
    if (result === 'conflict') {
      this.logger.info({ code: 'SIGNAL_VERSION_CONFLICT', signalId: signal.id, version: signal.version }, 'signal update refused');
    }
    return result;
  }

  async list(filter: SignalFilter = {}): Promise<Signal[]> {
    return this.matching(filter).map((s) => openSignal(this.cipher, this.logger, s));
  }

  async summaries(filter: SignalFilter = {}): Promise<SignalSummary[]> {
    return this.matching(filter).map(({ sealed: _sealed, ...clear }) => copyOf(clear));
  }

  async nextSequence(year: number): Promise<number> {
    if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError('year must have four digits');
    const key = String(year);
    // Resolves only after the new counter is on disk, so a number is never handed out twice.
    return this.sequences.mutate((d) => {
      const next = (d.sequences[key] ?? 0) + 1;
      d.sequences[key] = next;
      return changed(next);
    });
  }

  /** The card posts that records of older versions hold, by signal id (copied to the outbox at open). */
  keptPosts(): [string, CardPost[]][] {
    const out: [string, CardPost[]][] = [];
    for (const [id, record] of this.records) if (record.posts.length > 0) out.push([id, record.posts]);
    return out;
  }

  /**
   * Writes a signal as it came from the single-file layout, with where its card was posted (copied
   * to outbox.json right after), when it is missing here or older. Only for
   * migration at open, before anything else runs.
   */
  async adopt(signal: StoredSignal, posts: CardPost[]): Promise<boolean> {
    const current = this.records.get(signal.id);
    if (current && current.signal.version >= signal.version) return false;
    await this.save({ schemaVersion: 1, signal, outbox: current?.outbox ?? [], posts: uniquePosts([...(current?.posts ?? []), ...posts]) });
    return true;
  }

  /** Takes the higher counter per year (migration from the single-file layout). */
  async mergeSequences(sequences: Record<string, number>): Promise<void> {
    await this.sequences.mutate((d) => {
      let moved = false;
      for (const [year, last] of Object.entries(sequences)) {
        if ((d.sequences[year] ?? 0) >= last) continue;
        d.sequences[year] = last;
        moved = true;
      }
      return moved ? changed(undefined) : unchanged(undefined);
    });
  }

  /** Resolves when every change queued so far has settled (for shutdown). */
  async flush(): Promise<void> {
    await Promise.all([this.serial.idle(), this.sequences.flush()]);
  }

  async checkHealth(): Promise<boolean> {
    return (await this.dir.checkHealth()) && (await this.sequences.checkHealth());
  }

  /** Writes the record, then (once it is on disk) makes it the current one and updates the indexes. */
  private async save(record: SignalRecord): Promise<void> {
    if (!isRecordKey(record.signal.id)) {
      throw new SignalStoreError('SIGNAL_ID_INVALID', 'invalid', 'A signal id has letters, digits, "-" and "_" only.');
    }
    const previous = this.records.get(record.signal.id);
    // A record that lost personal data (erasure, a forward that drops the notes) is written to both
    // slots, so the older version with the data does not stay in the other slot (security review 2a).
    const reduced = previous !== undefined && record.signal.sealed.length < previous.signal.sealed.length;
    await this.dir.write(record.signal.id, record, { everySlot: reduced });
    if (previous) this.unindex(previous.signal);
    this.records.set(record.signal.id, record);
    this.index(record.signal);
    if (record.outbox.length > 0) this.staged.add(record.signal.id);
    else this.staged.delete(record.signal.id);
  }

  private matching(filter: SignalFilter): StoredSignal[] {
    const ids = filter.reporterChatKey === undefined ? this.records.keys() : (this.byReporter.get(filter.reporterChatKey) ?? new Set<string>()).values();
    const out: StoredSignal[] = [];
    for (const id of ids) {
      const s = this.records.get(id)?.signal;
      if (!s) continue;
      if (filter.signaalpuntId !== undefined && s.signaalpuntId !== filter.signaalpuntId) continue;
      if (filter.status !== undefined && s.status !== filter.status) continue;
      if (filter.reporterChatKey !== undefined && s.reporterChatKey !== filter.reporterChatKey) continue;
      if (filter.deadlineBefore !== undefined && !(s.deadline < filter.deadlineBefore)) continue;
      if (filter.closedBy !== undefined && !(s.closedAt !== undefined && s.closedAt <= filter.closedBy)) continue;
      if (filter.personalErased !== undefined && (s.personalErasedAt !== undefined) !== filter.personalErased) continue;
      out.push(s);
    }
    return out.sort(byCreated);
  }

  private index(s: StoredSignal): void {
    this.byReference.set(s.reference, s.id);
    if (s.submissionKey !== undefined) this.bySubmission.set(s.submissionKey, s.id);
    if (s.reporterChatKey !== undefined) {
      const ids = this.byReporter.get(s.reporterChatKey) ?? new Set<string>();
      this.byReporter.set(s.reporterChatKey, ids.add(s.id));
    }
  }

  private unindex(s: StoredSignal): void {
    if (this.byReference.get(s.reference) === s.id) this.byReference.delete(s.reference);
    if (s.submissionKey !== undefined && this.bySubmission.get(s.submissionKey) === s.id) this.bySubmission.delete(s.submissionKey);
    if (s.reporterChatKey !== undefined) {
      const ids = this.byReporter.get(s.reporterChatKey);
      ids?.delete(s.id);
      if (ids?.size === 0) this.byReporter.delete(s.reporterChatKey);
    }
  }
}
