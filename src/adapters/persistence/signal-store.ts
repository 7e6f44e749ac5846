import { z } from 'zod';
import { AGE_GROUPS, SIGNAL_STATUSES, type PersonalDetails, type Signal } from '../../domain/signal';
import type { Logger } from '../../ports/logger';
import type { Cipher, Outbox, OutboxMessage, OutboxStatus, SignalFilter, SignalRepository } from '../../ports/signals';
import { BatchedFile, changed, copyOf, unchanged } from './batched-file';

export const SIGNALS_FILE = 'signals.json';

export type SignalStoreErrorCode = 'SIGNAL_EXISTS' | 'SIGNAL_NOT_FOUND' | 'OUTBOX_MESSAGE_NOT_FOUND' | 'SIGNAL_UNREADABLE';

/** A programming or data error in the signal store. Messages carry ids only. */
export class SignalStoreError extends Error {
  override readonly name = 'SignalStoreError';

  constructor(
    readonly code: SignalStoreErrorCode,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A signal as stored: everything in the clear (for lists and figures) except `personal` and
 * `notes`, which are one AES-GCM sealed JSON blob that also names the signal's id, so a blob
 * copied onto another signal is refused when read.
 */
type StoredSignal = Omit<Signal, 'personal' | 'notes'> & { sealed: string };
interface SealedPart {
  id: string;
  personal: PersonalDetails;
  notes: string[];
}

// Loose objects keep fields this version does not know, so a write never drops them.
const storedSignalSchema = z.looseObject({
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
  sealed: z.string().startsWith('v1:'),
});

const outboxMessageSchema = z.looseObject({
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

/** Strict at the root: a file from a newer version stops start-up instead of losing data on write. */
const signalsFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  signals: z.record(z.string(), storedSignalSchema),
  outbox: z.record(z.string(), outboxMessageSchema),
  /** Last reference number handed out, per year ("2026": 123). */
  sequences: z.record(z.string().regex(/^\d{4}$/), z.number().int().min(0)),
});

interface SignalsFile {
  schemaVersion: 1;
  signals: Record<string, StoredSignal>;
  outbox: Record<string, OutboxMessage>;
  sequences: Record<string, number>;
}

export interface SignalStoreOptions {
  dataDir: string;
  cipher: Cipher;
  logger: Logger;
}

/**
 * `SignalRepository` and `Outbox` on one lowdb file (`<dataDir>/signals.json`), so a signal and its
 * outbox messages are saved in one atomic write. The two ports both have `get` and `list` with
 * different meanings, so they are two objects (`signals`, `outbox`) over the same file.
 *
 * All mutations are serialized and batched (see `BatchedFile`); every promise resolves only once
 * its change is on disk. Objects handed in or out are copies. Logs carry ids and codes only.
 */
export class SignalStore {
  readonly signals: SignalRepository;
  readonly outbox: Outbox;

  private constructor(
    private readonly file: BatchedFile<SignalsFile>,
    cipher: Cipher,
    logger: Logger,
  ) {
    this.signals = new StoredSignals(file, cipher, logger);
    this.outbox = new StoredOutbox(file, logger);
  }

  /** @throws DataFileError (DATA_FILE_CORRUPT, ...): the file is never modified when opening fails. */
  static async open(options: SignalStoreOptions): Promise<SignalStore> {
    const logger = options.logger.child({ component: 'signal-store' });
    const { file, existed } = await BatchedFile.open<SignalsFile>({
      dataDir: options.dataDir,
      fileName: SIGNALS_FILE,
      schema: signalsFileSchema as unknown as z.ZodType<SignalsFile>,
      initialData: () => ({ schemaVersion: 1, signals: {}, outbox: {}, sequences: {} }),
      copy: (d) => ({ ...d, signals: { ...d.signals }, outbox: { ...d.outbox }, sequences: { ...d.sequences } }),
      logger,
    });
    const pending = Object.values(file.data.outbox).filter((m) => m.status === 'pending').length;
    logger.info({ existed, signalCount: Object.keys(file.data.signals).length, pendingCount: pending }, 'signal store opened');
    return new SignalStore(file, options.cipher, logger);
  }

  get filePath(): string {
    return this.file.filePath;
  }

  /** Resolves when every change queued so far has settled (for shutdown). */
  flush(): Promise<void> {
    return this.file.flush();
  }

  /** For a readiness probe: the folder is writable and the last write did not fail. */
  checkHealth(): Promise<boolean> {
    return this.file.checkHealth();
  }
}

class StoredSignals implements SignalRepository {
  constructor(
    private readonly file: BatchedFile<SignalsFile>,
    private readonly cipher: Cipher,
    private readonly logger: Logger,
  ) {}

  async create(signal: Signal, outbox: OutboxMessage[]): Promise<void> {
    const stored = this.seal(signal); // encrypted before queueing: the queue never holds plain text
    const messages = outbox.map(copyOf);
    await this.file.mutate((d) => {
      if (d.signals[stored.id] || Object.values(d.signals).some((s) => s.reference === stored.reference)) {
        throw new SignalStoreError('SIGNAL_EXISTS', stored.id, `Signal ${stored.id} or its reference already exists.`);
      }
      d.signals[stored.id] = stored;
      addMessages(d, messages);
      return changed(undefined);
    });
    this.logger.info({ signalId: signal.id, signaalpuntId: signal.signaalpuntId, outboxCount: outbox.length }, 'signal stored');
  }

  async get(id: string): Promise<Signal | undefined> {
    const stored = this.file.data.signals[id];
    return stored ? this.open(stored) : undefined;
  }

  async getByReference(reference: string): Promise<Signal | undefined> {
    const stored = Object.values(this.file.data.signals).find((s) => s.reference === reference);
    return stored ? this.open(stored) : undefined;
  }

  async update(signal: Signal, outbox: OutboxMessage[] = []): Promise<'ok' | 'conflict'> {
    const stored = this.seal(signal);
    const messages = outbox.map(copyOf);
    const result = await this.file.mutate<'ok' | 'conflict'>((d) => {
      const current = d.signals[stored.id];
      if (!current) throw new SignalStoreError('SIGNAL_NOT_FOUND', stored.id, `Signal ${stored.id} does not exist.`);
      if (current.version !== stored.version - 1) return unchanged('conflict');
      d.signals[stored.id] = stored;
      addMessages(d, messages);
      return changed('ok');
    });
    if (result === 'conflict') {
      this.logger.info({ code: 'SIGNAL_VERSION_CONFLICT', signalId: signal.id, version: signal.version }, 'signal update refused');
    }
    return result;
  }

  async list(filter: SignalFilter = {}): Promise<Signal[]> {
    return Object.values(this.file.data.signals)
      .filter(
        (s) =>
          (filter.signaalpuntId === undefined || s.signaalpuntId === filter.signaalpuntId) &&
          (filter.status === undefined || s.status === filter.status) &&
          (filter.reporterChatKey === undefined || s.reporterChatKey === filter.reporterChatKey),
      )
      .sort(byCreated)
      .map((s) => this.open(s));
  }

  async nextSequence(year: number): Promise<number> {
    if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError('year must have four digits');
    const key = String(year);
    // Resolves only after the new counter is on disk, so a number is never handed out twice.
    return this.file.mutate((d) => {
      const next = (d.sequences[key] ?? 0) + 1;
      d.sequences[key] = next;
      return changed(next);
    });
  }

  private seal(signal: Signal): StoredSignal {
    const { personal, notes, ...clear } = copyOf(signal);
    const part: SealedPart = { id: signal.id, personal, notes };
    return { ...clear, sealed: this.cipher.encrypt(JSON.stringify(part)) };
  }

  /** @throws CipherError DECRYPT_FAILED, or SignalStoreError SIGNAL_UNREADABLE for a moved blob. */
  private open(stored: StoredSignal): Signal {
    const { sealed, ...clear } = stored;
    let part: SealedPart;
    try {
      part = JSON.parse(this.cipher.decrypt(sealed)) as SealedPart;
    } catch (err) {
      this.logger.error({ code: codeOf(err) ?? 'SIGNAL_UNREADABLE', signalId: stored.id }, 'signal personal details not readable');
      throw err;
    }
    if (part.id !== stored.id) {
      this.logger.error({ code: 'SIGNAL_UNREADABLE', signalId: stored.id }, 'sealed details belong to another signal');
      throw new SignalStoreError('SIGNAL_UNREADABLE', stored.id, `The sealed details of signal ${stored.id} belong to another signal.`);
    }
    return { ...copyOf(clear), personal: part.personal, notes: part.notes };
  }
}

class StoredOutbox implements Outbox {
  constructor(
    private readonly file: BatchedFile<SignalsFile>,
    private readonly logger: Logger,
  ) {}

  /** Messages whose idempotency key is already stored are skipped (a replay enqueues nothing). */
  async enqueue(messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const copies = messages.map(copyOf);
    await this.file.mutate((d) => {
      const added = addMessages(d, copies);
      return { result: undefined, changed: added > 0 };
    });
  }

  async due(now: Date, limit: number): Promise<OutboxMessage[]> {
    const at = now.getTime();
    return Object.values(this.file.data.outbox)
      .filter((m) => m.status === 'pending' && Date.parse(m.nextAttemptAt) <= at)
      .sort(byCreated)
      .slice(0, Math.max(0, limit))
      .map(copyOf);
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    const message = this.file.data.outbox[id];
    return message ? copyOf(message) : undefined;
  }

  async findByKey(idempotencyKey: string): Promise<OutboxMessage | undefined> {
    const message = Object.values(this.file.data.outbox).find((m) => m.idempotencyKey === idempotencyKey);
    return message ? copyOf(message) : undefined;
  }

  /** Idempotent: marking a sent message sent again changes nothing. */
  async markSent(id: string, at: Date, result?: OutboxMessage['result']): Promise<void> {
    await this.change(id, (m) =>
      m.status === 'sent'
        ? undefined
        : { ...m, status: 'sent', attempts: m.attempts + 1, sentAt: at.toISOString(), ...(result ? { result: { ...result } } : {}) },
    );
  }

  /** Ignored for a message that is no longer pending (a late answer must not undo a send). */
  async markRetry(id: string, nextAttemptAt: Date, errorCode: string): Promise<void> {
    await this.change(id, (m) =>
      m.status !== 'pending' ? undefined : { ...m, attempts: m.attempts + 1, nextAttemptAt: nextAttemptAt.toISOString(), lastError: errorCode },
    );
  }

  async markUndeliverable(id: string, errorCode: string): Promise<void> {
    await this.change(id, (m) =>
      m.status !== 'pending' ? undefined : { ...m, status: 'undeliverable', attempts: m.attempts + 1, lastError: errorCode },
    );
  }

  /** Undeliverable messages to this signaalpunt become pending again with a fresh attempt count. */
  async requeue(signaalpuntId: string, now: Date): Promise<number> {
    const count = await this.file.mutate((d) => {
      let n = 0;
      for (const m of Object.values(d.outbox)) {
        if (m.status !== 'undeliverable' || !('signaalpuntId' in m.target) || m.target.signaalpuntId !== signaalpuntId) continue;
        // lastError stays, so the operator can still see why it failed before.
        d.outbox[m.id] = { ...m, status: 'pending', attempts: 0, nextAttemptAt: now.toISOString() };
        n++;
      }
      return { result: n, changed: n > 0 };
    });
    this.logger.info({ signaalpuntId, requeuedCount: count }, 'outbox messages requeued');
    return count;
  }

  async list(status?: OutboxStatus): Promise<OutboxMessage[]> {
    return Object.values(this.file.data.outbox)
      .filter((m) => status === undefined || m.status === status)
      .sort(byCreated)
      .map(copyOf);
  }

  private async change(id: string, next: (m: OutboxMessage) => OutboxMessage | undefined): Promise<void> {
    await this.file.mutate((d) => {
      const current = d.outbox[id];
      if (!current) throw new SignalStoreError('OUTBOX_MESSAGE_NOT_FOUND', id, `Outbox message ${id} does not exist.`);
      const updated = next(current);
      if (!updated) return unchanged(undefined);
      d.outbox[id] = updated;
      return changed(undefined);
    });
  }
}

function byCreated(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** Adds messages whose idempotency key is new; returns how many were added. */
function addMessages(d: SignalsFile, messages: OutboxMessage[]): number {
  const keys = new Set(Object.values(d.outbox).map((m) => m.idempotencyKey));
  let added = 0;
  for (const m of messages) {
    if (keys.has(m.idempotencyKey) || d.outbox[m.id]) continue;
    d.outbox[m.id] = m;
    keys.add(m.idempotencyKey);
    added++;
  }
  return added;
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}
