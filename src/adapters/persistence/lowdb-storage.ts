import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Low } from 'lowdb';
import { z } from 'zod';
import type { Logger } from '../../ports/logger';
import { DataFileError, errnoOf, isDirWritable, openDataFile } from './data-file';

/** Every stored item carries the eTag this storage gave it; the rest is the bot's own state. */
const storedItemSchema = z.looseObject({ eTag: z.string() });

/**
 * The file's shape. Versioned so a later format can be migrated instead of misread; strict at the
 * root so a file from a newer version stops start-up rather than losing its extra fields on write.
 */
const botStateFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  items: z.record(z.string(), storedItemSchema),
});

type BotStateFile = z.infer<typeof botStateFileSchema>;
type StoredItem = z.infer<typeof storedItemSchema>;

/** A write was refused because its eTag is neither '*' nor the stored item's eTag (optimistic concurrency). */
export class ETagConflictError extends Error {
  override readonly name = 'ETagConflictError';
  readonly code = 'STORAGE_ETAG_CONFLICT';

  constructor(readonly key: string) {
    // Same wording as botbuilder's MemoryStorage, so logs and callers read the same either way.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}

export interface LowdbStorageOptions {
  /** Folder for the state file; created when missing. The default comes from config (DATA_DIR). */
  dataDir: string;
  /** Defaults to `bot-state.json`. */
  fileName?: string;
  logger: Logger;
}

type Mutation = { kind: 'write'; items: Map<string, StoredItem> } | { kind: 'delete'; keys: string[] };

interface Pending {
  mutation: Mutation;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * botbuilder `Storage` for conversation and user state, kept in one JSON file with lowdb.
 *
 * - eTags behave like `MemoryStorage`: every write gets a fresh eTag; a change whose eTag is set,
 *   is not '*', and differs from the stored one is refused. A missing item accepts any eTag.
 * - Mutations run one batch at a time, so an eTag check and its set cannot interleave with another
 *   turn's. Writes queued while the file is being written are applied together and the file is
 *   written once for the whole batch; each `write()` resolves only once its data is on disk.
 * - Values are deep-copied through JSON on the way in and out, so callers never share objects
 *   with the store, and what comes back before a restart equals what comes back after one.
 * - One instance per file: two instances (or processes) on the same file would overwrite each other.
 */
export class LowdbStorage implements Storage {
  /** What is on disk. Replaced (never mutated) only after a successful file write. */
  private items: Map<string, StoredItem>;
  private readonly queue: Pending[] = [];
  private draining: Promise<void> | undefined;
  private lastWriteFailed = false;

  private constructor(
    private readonly db: Low<BotStateFile>,
    private readonly dataDir: string,
    private readonly filePath: string,
    private readonly logger: Logger,
  ) {
    this.items = new Map(Object.entries(db.data.items));
  }

  /**
   * Opens (or prepares to create) `<dataDir>/<fileName>`.
   * @throws DataFileError with code DATA_FILE_CORRUPT, DATA_FILE_UNREADABLE or DATA_DIR_UNWRITABLE;
   *   the file is never modified when opening fails.
   */
  static async open(options: LowdbStorageOptions): Promise<LowdbStorage> {
    const logger = options.logger.child({ component: 'lowdb-storage' });
    try {
      const file = await openDataFile<BotStateFile>({
        dataDir: options.dataDir,
        fileName: options.fileName ?? 'bot-state.json',
        schema: botStateFileSchema,
        initialData: () => ({ schemaVersion: 1, items: {} }),
      });
      const storage = new LowdbStorage(file.db, file.dataDir, file.filePath, logger);
      logger.info({ itemCount: storage.items.size, existed: file.existed }, 'bot state opened');
      return storage;
    } catch (err) {
      if (err instanceof DataFileError) logger.error({ code: err.code, errno: err.errno }, 'bot state not opened');
      throw err;
    }
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const result: StoreItems = {};
    for (const key of keys) {
      const item = this.items.get(key);
      if (item) result[key] = jsonCopy(item);
    }
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    // Copied now, not when the batch runs, so the caller may keep mutating its objects.
    const items = new Map<string, StoredItem>();
    for (const [key, value] of Object.entries(changes)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new TypeError(`Storage: item "${key}" must be an object.`);
      }
      items.set(key, jsonCopy(value) as StoredItem);
    }
    return this.enqueue({ kind: 'write', items });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    return this.enqueue({ kind: 'delete', keys: [...keys] });
  }

  /**
   * Resolves when every write and delete queued so far has settled. It does not reject: a failed
   * write was already rejected to its caller and logged, and shows in `checkHealth()`.
   */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** For GET /readyz: the data folder is writable and the last file write did not fail. */
  async checkHealth(): Promise<boolean> {
    if (this.lastWriteFailed) return false;
    return isDirWritable(this.dataDir);
  }

  private enqueue(mutation: Mutation): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ mutation, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Never rejects: each batch settles its own callers. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.persistBatch(this.queue.splice(0));
      }
    } finally {
      this.draining = undefined;
    }
  }

  private async persistBatch(batch: Pending[]): Promise<void> {
    const draft = new Map(this.items);
    const accepted: Pending[] = [];
    for (const pending of batch) {
      const conflict = applyMutation(draft, pending.mutation);
      if (conflict) {
        this.logger.warn({ code: conflict.code }, 'bot state write refused');
        pending.reject(conflict);
      } else {
        accepted.push(pending);
      }
    }
    if (accepted.length === 0) return;

    const previous = this.db.data;
    this.db.data = { schemaVersion: 1, items: Object.fromEntries(draft) };
    try {
      await this.db.write();
    } catch (err) {
      // steno renames a complete temp file over the old one, so a failed write leaves the old file
      // intact: keep serving what is on disk and fail every write of this batch.
      this.db.data = previous;
      this.lastWriteFailed = true;
      const errno = errnoOf(err);
      this.logger.error({ code: 'DATA_FILE_WRITE_FAILED', errno, writeCount: accepted.length }, 'bot state not written');
      const error = new DataFileError(
        'DATA_FILE_WRITE_FAILED',
        this.filePath,
        `Data file "${this.filePath}" could not be written (${errno ?? 'unknown error'}); the previous version was kept.`,
        errno,
      );
      for (const pending of accepted) pending.reject(error);
      return;
    }
    this.items = draft;
    this.lastWriteFailed = false;
    this.logger.debug({ writeCount: accepted.length, itemCount: draft.size }, 'bot state written');
    for (const pending of accepted) pending.resolve();
  }
}

/**
 * Applies one write or delete to the draft, all keys or none, and returns the conflict if there is
 * one. MemoryStorage would save the other keys of a multi-key write and still reject; refusing the
 * whole write is stricter and leaves no half-applied change behind.
 */
function applyMutation(draft: Map<string, StoredItem>, mutation: Mutation): ETagConflictError | undefined {
  if (mutation.kind === 'delete') {
    for (const key of mutation.keys) draft.delete(key);
    return undefined;
  }
  for (const [key, item] of mutation.items) {
    const stored = draft.get(key);
    if (stored && item.eTag && item.eTag !== '*' && item.eTag !== stored.eTag) return new ETagConflictError(key);
  }
  for (const [key, item] of mutation.items) draft.set(key, { ...item, eTag: randomUUID() });
  return undefined;
}

/** JSON round trip: a deep copy that also drops what JSON cannot store (like a network store would). */
function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
