import type { Low } from 'lowdb';
import type { Logger } from '../../ports/logger';
import { DataFileError, errnoOf, isDirWritable, openDataFile, type OpenDataFileOptions, writeFailed } from './data-file';

/** What a mutation did: its result for the caller, and whether the file must be written for it. */
export interface Change<R> {
  result: R;
  changed: boolean;
}

export function changed<R>(result: R): Change<R> {
  return { result, changed: true };
}

export function unchanged<R>(result: R): Change<R> {
  return { result, changed: false };
}

/** A deep copy through JSON, so callers never share objects with a store (and see what a reload would). */
export function copyOf<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

interface Pending {
  apply: (draft: unknown) => Change<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  result?: Change<unknown>;
}

export interface BatchedFileOptions<T> extends OpenDataFileOptions<T> {
  logger: Logger;
  /**
   * A copy of the data that a mutation may change without touching the committed data. A shallow
   * copy of each record is enough when mutations replace entries instead of editing them.
   */
  copy: (data: T) => T;
}

/**
 * One lowdb JSON file with serialized, batched writes (the pattern of `LowdbStorage`).
 *
 * - Mutations run one batch at a time, in call order, each on its own copy of the data, so a
 *   check and its change never interleave with another caller's (compare-and-set, use-once codes).
 * - A mutation that throws is rejected alone; the others of its batch still apply.
 * - Mutations queued while the file is being written are applied together and written once
 *   (steno: temp file, then rename, so the file is always whole). A caller's promise resolves only
 *   once its change is on disk; when the write fails, the whole batch is rejected and the committed
 *   data stays as it was.
 * - One instance per file: two instances (or processes) on the same file would overwrite each other.
 */
export class BatchedFile<T> {
  private committed: T;
  private readonly queue: Pending[] = [];
  private draining: Promise<void> | undefined;
  private lastWriteFailed = false;

  private constructor(
    private readonly db: Low<T>,
    readonly filePath: string,
    private readonly dataDir: string,
    private readonly copy: (data: T) => T,
    private readonly logger: Logger,
  ) {
    this.committed = db.data;
  }

  /**
   * @throws DataFileError (DATA_FILE_CORRUPT, DATA_FILE_UNREADABLE, DATA_DIR_UNWRITABLE); the file
   *   is never modified when opening fails.
   */
  static async open<T>(options: BatchedFileOptions<T>): Promise<{ file: BatchedFile<T>; existed: boolean }> {
    try {
      const opened = await openDataFile<T>(options);
      const file = new BatchedFile<T>(opened.db, opened.filePath, opened.dataDir, options.copy, options.logger);
      return { file, existed: opened.existed };
    } catch (err) {
      if (err instanceof DataFileError) options.logger.error({ code: err.code, errno: err.errno }, 'data file not opened');
      throw err;
    }
  }

  /** What is on disk. Never edit it: change data through `mutate`. */
  get data(): T {
    return this.committed;
  }

  /**
   * Runs `apply` on a private copy of the latest data (including earlier mutations of the same
   * batch) and resolves with its result once the change is on disk. `apply` must be synchronous.
   */
  mutate<R>(apply: (draft: T) => Change<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({
        apply: apply as (draft: unknown) => Change<unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.draining ??= this.drain();
    });
  }

  /** Resolves when every mutation queued so far has settled. Never rejects (callers got their errors). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** For a readiness probe: the folder is writable and the last write did not fail. */
  async checkHealth(): Promise<boolean> {
    if (this.lastWriteFailed) return false;
    return isDirWritable(this.dataDir);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.persistBatch(this.queue.splice(0));
    } finally {
      this.draining = undefined;
    }
  }

  private async persistBatch(batch: Pending[]): Promise<void> {
    let draft = this.committed;
    let changed = false;
    const accepted: Pending[] = [];
    for (const pending of batch) {
      const next = this.copy(draft);
      try {
        pending.result = pending.apply(next);
      } catch (err) {
        pending.reject(err);
        continue;
      }
      if (pending.result.changed) {
        draft = next;
        changed = true;
      }
      accepted.push(pending);
    }
    if (accepted.length === 0) return;
    if (!changed) {
      for (const pending of accepted) pending.resolve(pending.result?.result);
      return;
    }

    this.db.data = draft;
    try {
      await this.db.write();
    } catch (err) {
      // steno renames a complete temp file over the old one: a failed write leaves the old file.
      this.db.data = this.committed;
      this.lastWriteFailed = true;
      const errno = errnoOf(err);
      this.logger.error({ code: 'DATA_FILE_WRITE_FAILED', errno, writeCount: accepted.length }, 'data file not written');
      const error = writeFailed(this.filePath, errno);
      for (const pending of accepted) pending.reject(error);
      return;
    }
    this.committed = draft;
    this.lastWriteFailed = false;
    this.logger.debug({ writeCount: accepted.length }, 'data file written');
    for (const pending of accepted) pending.resolve(pending.result?.result);
  }
}
