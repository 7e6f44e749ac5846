import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../ports/logger';
import type { Cipher, SignalRepository } from '../../ports/signals';
import type { Outbox, OutboxMessage } from '../../ports/outbox';
import { openDataFile } from './data-file';
import { cardPostsBySignal, OUTBOX_FILE, outboxMessageSchema, stillToRelay, StoredOutbox } from './outbox-store';
import { openRecords, openSequences, SEQUENCES_FILE, SIGNALS_DIR, storedSignalSchema, StoredSignals } from './signal-records';
import type { StoredSignal } from './signal-seal';

export { SignalStoreError, type SignalStoreErrorCode } from './signal-store-error';
export { OUTBOX_FILE, SENT_RETENTION_DAYS } from './outbox-store';
export { SEQUENCES_FILE, SIGNALS_DIR } from './signal-records';

/** The single file of the first layout (signals, outbox and sequences together); migrated on open. */
export const LEGACY_SIGNALS_FILE = 'signals.json';

/** Signal files written at the same time during a migration. */
const MIGRATE_BATCH = 32;

/** Strict at the root: a file from a newer version stops start-up instead of losing data. */
const legacyFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  signals: z.record(z.string(), storedSignalSchema),
  outbox: z.record(z.string(), outboxMessageSchema),
  sequences: z.record(z.string().regex(/^\d{4}$/), z.number().int().min(0)),
});

interface LegacyFile {
  schemaVersion: 1;
  signals: Record<string, StoredSignal>;
  outbox: Record<string, OutboxMessage>;
  sequences: Record<string, number>;
}

export interface SignalStoreOptions {
  dataDir: string;
  cipher: Cipher;
  logger: Logger;
  /** The outbox in the same folder, opened on its own (`StoredOutbox.openStore`); opened here when absent. */
  outbox?: StoredOutbox;
}

/**
 * `SignalRepository` and `Outbox` in the data folder (ADR 0006):
 * - `signals/<id>.a.json`, `.b.json`: one record per signal (two slots, written in place in turn),
 *   personal fields sealed; a change rewrites one small file;
 * - `outbox.json`: the delivery outbox, sent messages pruned after `SENT_RETENTION_DAYS`;
 * - `sequences.json`: the last reference number per year.
 *
 * A signal change is written with its outbox messages staged inside its own file; the relay
 * (`OutboxRelay`, after each change and at start) moves them to outbox.json and then removes them
 * from the file (ADR 0010). Opening migrates a `signals.json` of the first layout and records of
 * the signal design before ADR 0010, and copies the card posts that older records kept into
 * outbox.json (the outbox keeps them now, ADR 0010 step 5). Everything is held in memory with indexes, so no read scans
 * the disk or decrypts more than it returns. Logs carry ids and codes only.
 */
export class SignalStore {
  readonly signals: SignalRepository;
  readonly outbox: Outbox;

  private constructor(
    private readonly records: StoredSignals,
    private readonly messages: StoredOutbox,
    readonly dataDir: string,
  ) {
    this.signals = records;
    this.outbox = messages;
  }

  /** @throws DataFileError (DATA_FILE_CORRUPT, ...): no file is modified when opening fails. */
  static async open(options: SignalStoreOptions): Promise<SignalStore> {
    const logger = options.logger.child({ component: 'signal-store' });
    const dataDir = path.resolve(options.dataDir);
    // Read and checked before anything is created: a bad old file stops start-up untouched.
    const legacy = await openLegacy(dataDir);
    const { dir, records } = await openRecords(dataDir, logger);
    const outbox = options.outbox ?? (await StoredOutbox.openStore(dataDir, logger));
    const sequences = await openSequences(dataDir, logger);
    const signals = new StoredSignals(dir, records, sequences, options.cipher, logger);
    const store = new SignalStore(signals, outbox, dataDir);
    if (legacy) await store.migrate(legacy, logger);
    await store.migrateStaging(logger);
    await store.copyPosts(logger);
    const pending = Object.values(outbox.file.data.messages).filter((m) => m.status === 'pending').length;
    logger.info({ signalCount: records.size, pendingCount: pending }, 'signal store opened');
    return store;
  }

  /**
   * Removes sent outbox messages older than `SENT_RETENTION_DAYS` before `now`. The store also
   * does this by itself, at most hourly, when a message is marked sent.
   * @returns how many were removed
   */
  pruneOutbox(now: Date): Promise<number> {
    return this.messages.prune(now);
  }

  /** Resolves when every change queued so far has settled (for shutdown). */
  async flush(): Promise<void> {
    await this.messages.settled();
    await Promise.all([this.records.flush(), this.messages.file.flush()]);
  }

  /** For a readiness probe: the folder is writable and the last writes did not fail. */
  async checkHealth(): Promise<boolean> {
    return (await this.records.checkHealth()) && (await this.messages.file.checkHealth());
  }

  /**
   * Moves a `signals.json` of the first layout into this one, then deletes it. Safe to repeat
   * after a crash half-way: a signal file is only written when it is missing or older, and
   * outbox messages and sequence numbers are merged, never replaced.
   */
  private async migrate(legacy: { data: LegacyFile; filePath: string }, logger: Logger): Promise<void> {
    let written = 0;
    const posts = cardPostsBySignal(Object.values(legacy.data.outbox));
    const signals = Object.values(legacy.data.signals);
    for (let i = 0; i < signals.length; i += MIGRATE_BATCH) {
      const adopted = await Promise.all(signals.slice(i, i + MIGRATE_BATCH).map((signal) => this.records.adopt(signal, posts.get(signal.id) ?? [])));
      written += adopted.filter(Boolean).length;
    }
    const messages = Object.values(legacy.data.outbox);
    const added = await this.messages.add(messages);
    // Pruned at once, counting from the file's last delivery, so the first writes after start are
    // not of every message ever sent (the prune keeps their card posts in outbox.json).
    const lastActivity = messages.reduce((latest, m) => (m.sentAt !== undefined && m.sentAt > latest ? m.sentAt : latest), '');
    if (lastActivity) await this.messages.prune(new Date(lastActivity));
    await this.records.mergeSequences(legacy.data.sequences);
    await unlink(legacy.filePath);
    logger.info(
      { code: 'SIGNAL_STORE_MIGRATED', signalCount: written, outboxCount: added, from: LEGACY_SIGNALS_FILE, to: [SIGNALS_DIR, OUTBOX_FILE, SEQUENCES_FILE] },
      'signals.json moved to one file per signal and outbox.json',
    );
  }

  /**
   * Records written before ADR 0010 hold their last change's messages, most of them long in
   * outbox.json (or sent and pruned). Their staging is cleared of the messages whose idempotency
   * key outbox.json already has and, while the old prune horizon (`prunedBefore`) is still in
   * outbox.json, of those created before it (they may have been sent and pruned); the rest stay
   * staged for the relay. Then the horizon is removed, so this runs once: after that a staged
   * message only ever leaves staging once the outbox has it. Safe to repeat after a crash.
   */
  private async migrateStaging(logger: Logger): Promise<void> {
    const horizon = this.messages.file.data.prunedBefore;
    const keep = stillToRelay(this.messages.file.data);
    const ids = this.records.stagedIds();
    let dropped = 0;
    for (let i = 0; i < ids.length; i += MIGRATE_BATCH) {
      const counts = await Promise.all(ids.slice(i, i + MIGRATE_BATCH).map((id) => this.records.unstage(id, keep)));
      dropped += counts.reduce((a, b) => a + b, 0);
    }
    if (horizon !== undefined) await this.messages.forgetHorizon();
    if (dropped > 0 || horizon !== undefined) {
      logger.info({ code: 'SIGNAL_STAGING_MIGRATED', dropped, staged: this.records.pendingRelay().length }, 'signal records keep only messages not yet in the outbox');
    }
  }

  /**
   * Copies the card posts that records of versions before ADR 0010 step 5 hold into outbox.json,
   * where they are kept now, so existing threads still get card updates and replies. Writes only
   * what is missing: after the first start nothing (and safe to repeat after a crash).
   */
  private async copyPosts(logger: Logger): Promise<void> {
    const copied = await this.messages.keepPosts(this.records.keptPosts());
    if (copied > 0) logger.info({ code: 'CARD_POSTS_COPIED', signalCount: copied }, 'card posts of signal records copied to outbox.json');
  }
}

async function openLegacy(dataDir: string): Promise<{ data: LegacyFile; filePath: string } | undefined> {
  const opened = await openDataFile<LegacyFile>({
    dataDir,
    fileName: LEGACY_SIGNALS_FILE,
    schema: legacyFileSchema as unknown as z.ZodType<LegacyFile>,
    initialData: () => ({ schemaVersion: 1, signals: {}, outbox: {}, sequences: {} }),
  });
  return opened.existed ? { data: opened.db.data, filePath: opened.filePath } : undefined;
}
