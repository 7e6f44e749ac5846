import { createHash, randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../../ports/logger';
import { DataFileError, errnoOf, openDataFile, writeFailed } from './data-file';
import { KeyedQueue } from '../keyed-queue';
import { RecordDir } from './record-dir';

/** Item files written at the same time during a migration. */
const MIGRATE_BATCH = 32;

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
  /** Folder for the state; created when missing. The default comes from config (DATA_DIR). */
  dataDir: string;
  /** The single file of the first layout, migrated on open. Defaults to `bot-state.json`. */
  fileName?: string;
  logger: Logger;
}

/** The folder of item files (ADR 0006). */
export const BOT_STATE_DIR = 'bot-state';

/** One item's file: the storage key (item files are named by its hash) and the item. */
interface ItemFile {
  schemaVersion: 1;
  key: string;
  item: StoredItem;
}

const itemFileSchema = z.strictObject({ schemaVersion: z.literal(1), key: z.string(), item: storedItemSchema });

type Mutation = { kind: 'write'; items: Map<string, StoredItem> } | { kind: 'delete'; keys: string[] };

/**
 * botbuilder `Storage` for conversation and user state: one small record per item in `bot-state/`
 * (named by the sha256 of the key, two slot files each, see `RecordDir`), all items held in memory.
 *
 * - A turn's save rewrites its own items' files only. One file for every conversation cost a
 *   whole-file rewrite per save (2 MB at 2,000 conversations, about 50 a second: issue 6).
 * - eTags behave like `MemoryStorage`: every write gets a fresh eTag; a change whose eTag is set,
 *   is not '*', and differs from the latest one is refused (all keys of a write or none).
 *   The check and the new eTags happen at once, in call order, so two turns cannot both win.
 * - Files are written one at a time per item and side by side for different items, so a slow
 *   file (the file system stalls a write now and then) holds up only its own conversation.
 *   Writes to one item that queue up behind a running one are written once, with the latest data.
 * - Each `write()` resolves only once its data is on disk; `read()` returns what is on disk.
 * - Values are deep-copied through JSON on the way in and out, so callers never share objects
 *   with the store, and what comes back before a restart equals what comes back after one.
 * - A `bot-state.json` of the first layout (one file for everything) is migrated on open.
 * - One instance per folder: two instances (or processes) on the same folder would overwrite each other.
 */
export class LowdbStorage implements Storage {
  /** The newest value per key, written or on its way to disk (eTag checks use it). */
  private readonly latest: Map<string, StoredItem>;
  private readonly serial = new KeyedQueue();
  private lastWriteFailed = false;

  private constructor(
    /** What is on disk. Changed only after its file was written. */
    private readonly items: Map<string, StoredItem>,
    private readonly dir: RecordDir<ItemFile>,
    private readonly logger: Logger,
  ) {
    this.latest = new Map(items);
  }

  /**
   * Opens (or prepares to create) `<dataDir>/bot-state/`, migrating `<dataDir>/<fileName>`.
   * @throws DataFileError with code DATA_FILE_CORRUPT, DATA_FILE_UNREADABLE or DATA_DIR_UNWRITABLE;
   *   no file is modified when opening fails.
   */
  static async open(options: LowdbStorageOptions): Promise<LowdbStorage> {
    const logger = options.logger.child({ component: 'lowdb-storage' });
    try {
      // The old file is read and checked first: a bad one stops start-up before anything is written.
      const legacy = await openDataFile<BotStateFile>({
        dataDir: options.dataDir,
        fileName: options.fileName ?? 'bot-state.json',
        schema: botStateFileSchema,
        initialData: () => ({ schemaVersion: 1, items: {} }),
      });
      const { dir, records } = await RecordDir.open<ItemFile>({ dir: path.join(legacy.dataDir, BOT_STATE_DIR), schema: itemFileSchema, logger });
      const items = new Map([...records.values()].map((r) => [r.key, r.item]));
      const storage = new LowdbStorage(items, dir, logger);
      if (legacy.existed) await storage.migrate(legacy.db.data, legacy.filePath);
      logger.info({ itemCount: items.size, migrated: legacy.existed }, 'bot state opened');
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
    // Copied now, so the caller may keep mutating its objects.
    const items = new Map<string, StoredItem>();
    for (const [key, value] of Object.entries(changes)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new TypeError(`Storage: item "${key}" must be an object.`);
      }
      items.set(key, jsonCopy(value) as StoredItem);
    }
    return this.apply({ kind: 'write', items });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    return this.apply({ kind: 'delete', keys: [...keys] });
  }

  /**
   * Resolves when every write and delete started so far has settled. It does not reject: a failed
   * write was already rejected to its caller and logged, and shows in `checkHealth()`.
   */
  async flush(): Promise<void> {
    await this.serial.idle();
  }

  /** For GET /readyz: the data folder is writable and the last file write did not fail. */
  async checkHealth(): Promise<boolean> {
    if (this.lastWriteFailed) return false;
    return this.dir.checkHealth();
  }

  /** Every item of the old single file that is not here yet gets its own file; then the old file goes. */
  private async migrate(data: BotStateFile, filePath: string): Promise<void> {
    const missing = Object.entries(data.items).filter(([key]) => !this.items.has(key));
    for (let i = 0; i < missing.length; i += MIGRATE_BATCH) {
      await Promise.all(
        missing.slice(i, i + MIGRATE_BATCH).map(async ([key, item]) => {
          await this.dir.write(fileKey(key), { schemaVersion: 1, key, item });
          this.items.set(key, item);
          this.latest.set(key, item);
        }),
      );
    }
    await unlink(filePath);
    this.logger.info({ code: 'BOT_STATE_MIGRATED', itemCount: missing.length }, 'bot-state.json moved to one file per item');
  }

  /** Checks and applies a change to the latest values at once, then writes each touched item's file. */
  private async apply(mutation: Mutation): Promise<void> {
    const conflict = applyMutation(this.latest, mutation);
    if (conflict) {
      this.logger.warn({ code: conflict.code }, 'bot state write refused');
      throw conflict;
    }
    const keys = mutation.kind === 'write' ? [...mutation.items.keys()] : mutation.keys;
    await Promise.all(keys.map((key) => this.serial.run(key, () => this.persist(key))));
  }

  /** Writes (or removes) one item's file with its latest value, unless that is on disk already. */
  private async persist(key: string): Promise<void> {
    const item = this.latest.get(key);
    if (item === this.items.get(key)) return; // a write queued before this one already wrote it
    try {
      // An item that shrank lost data (a finished dialog's answers): both slots get the new
      // version, so the older one does not stay on disk (security review 2a).
      const onDisk = this.items.get(key);
      const reduced = item !== undefined && onDisk !== undefined && JSON.stringify(item).length < JSON.stringify(onDisk).length;
      if (item) await this.dir.write(fileKey(key), { schemaVersion: 1, key, item }, { everySlot: reduced });
      else await this.dir.remove(fileKey(key));
    } catch (err) {
      // The record keeps its previous version (the write went to its other slot): so does the latest value.
      this.lastWriteFailed = true;
      if (this.latest.get(key) === item) this.restore(key);
      const error = err instanceof DataFileError ? err : writeFailed(this.dir.dir, errnoOf(err));
      this.logger.error({ code: 'DATA_FILE_WRITE_FAILED', errno: error.errno }, 'bot state not written');
      throw error;
    }
    if (item) this.items.set(key, item);
    else this.items.delete(key);
    this.lastWriteFailed = false;
    this.logger.debug({ itemCount: this.items.size }, 'bot state written');
  }

  private restore(key: string): void {
    const onDisk = this.items.get(key);
    if (onDisk) this.latest.set(key, onDisk);
    else this.latest.delete(key);
  }
}

/** Item files are named by the key's hash: keys hold characters no file name may. */
function fileKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Applies one write or delete to the latest values, all keys or none, and returns the conflict if there is
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
