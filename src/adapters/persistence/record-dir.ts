import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { TextFile } from 'lowdb/node';
import type { z } from 'zod';
import type { Logger } from '../../ports/logger';
import { DataFileError, dirUnwritable, errnoOf, isDirWritable, parseAndValidate, unreadable, writeFailed } from './data-file';

/** A record's key is its file name: letters, digits, '-' and '_' only (ids are UUIDs). */
const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;
/** Files read at the same time when the folder is opened. */
const READ_CONCURRENCY = 32;

export function isRecordKey(key: string): boolean {
  return KEY.test(key);
}

export interface RecordDirOptions<T> {
  /** The folder; created when missing. */
  dir: string;
  /** Shape of one record file. A file that does not match stops start-up and is left alone. */
  schema: z.ZodType<T>;
  logger: Logger;
}

/**
 * A folder of small JSON files, one per record (`<key>.json`), each written atomically with
 * lowdb's writer (steno: a temp file, then a rename). A write costs the size of one record, not
 * of the whole collection, so the event loop never stalls on a large file (issue 6, ADR 0006).
 *
 * The caller keeps the records in memory (they are all read at open) and serializes writes per
 * key; this class only reads and writes files. Temp files (`.<key>.json.tmp`) left by a crash
 * are ignored: the rename never happened, so the record file still holds the last whole version.
 */
export class RecordDir<T> {
  private lastWriteFailed = false;

  private constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Opens the folder and reads every record.
   * @throws DataFileError DATA_FILE_CORRUPT (a record is not JSON or not of the schema, or its
   *   name is not a key), DATA_FILE_UNREADABLE, DATA_DIR_UNWRITABLE; nothing is written then.
   */
  static async open<T>(options: RecordDirOptions<T>): Promise<{ dir: RecordDir<T>; records: Map<string, T> }> {
    const dir = path.resolve(options.dir);
    // The folder is made by the first write; until then its parent must be writable.
    const exists = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!(await isDirWritable(exists ? dir : path.dirname(dir)))) throw dirUnwritable(dir, dir, undefined);
    const names = exists ? (await readdir(dir)).filter((name) => !name.startsWith('.')).sort() : [];
    const records = new Map<string, T>();
    let next = 0;
    const reader = async (): Promise<void> => {
      for (let i = next++; i < names.length; i = next++) {
        const name = names[i]!;
        const file = path.join(dir, name);
        const key = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
        if (!KEY.test(key)) {
          throw new DataFileError('DATA_FILE_CORRUPT', file, `Data folder "${dir}" holds "${name}", which is not a record file. Move it out of the folder, then start the bot again.`);
        }
        records.set(key, parseAndValidate(await readText(file), options.schema, file));
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, names.length) }, reader));
    return { dir: new RecordDir<T>(dir, options.logger), records };
  }

  /** Writes one record atomically. Resolves once it is on disk. @throws DataFileError DATA_FILE_WRITE_FAILED */
  async write(key: string, value: T): Promise<void> {
    if (!KEY.test(key)) throw new RangeError('a record key has letters, digits, "-" and "_" only');
    const file = this.fileOf(key);
    const text = JSON.stringify(value, null, 2);
    try {
      await new TextFile(file).write(text).catch(async (err: unknown) => {
        if (errnoOf(err) !== 'ENOENT') throw err;
        // The first write, or the folder was removed. Not recursive: a missing data folder (an
        // unmounted volume) stays an error instead of being made again in its place.
        await mkdir(this.dir).catch((mkdirErr: unknown) => {
          if (errnoOf(mkdirErr) !== 'EEXIST') throw mkdirErr;
        });
        await new TextFile(file).write(text);
      });
    } catch (err) {
      this.lastWriteFailed = true;
      const errno = errnoOf(err);
      this.logger.error({ code: 'DATA_FILE_WRITE_FAILED', errno }, 'record file not written');
      throw writeFailed(file, errno);
    }
    this.lastWriteFailed = false;
  }

  /** Removes a record's file (gone already is fine). @throws DataFileError DATA_FILE_WRITE_FAILED */
  async remove(key: string): Promise<void> {
    const file = this.fileOf(key);
    try {
      await unlink(file);
    } catch (err) {
      const errno = errnoOf(err);
      if (errno === 'ENOENT') return;
      this.lastWriteFailed = true;
      throw writeFailed(file, errno);
    }
  }

  fileOf(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  /** For a readiness probe: the folder (or, before the first write, its parent) is writable and the last write did not fail. */
  async checkHealth(): Promise<boolean> {
    if (this.lastWriteFailed) return false;
    return (await isDirWritable(this.dir)) || (await isDirWritable(path.dirname(this.dir)));
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw unreadable(file, errnoOf(err));
  }
}
