import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../ports/logger';
import { DataFileError, dirUnwritable, errnoOf, isDirWritable, parseAndValidate, unreadable, writeFailed } from './data-file';

/** A record's key is part of its file names: letters, digits, '-' and '_' only (ids are UUIDs). */
const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;
const SLOT_FILE = /^(.+)\.(a|b)\.json$/;
/** A record being created is written to `.<slot file>.tmp-<random>` and renamed: a kill leaves only this. */
const TEMP_FILE = /^\..+\.json\.tmp-[0-9a-f]+$/;
/** Data files and folders are the bot's alone (security review, finding 7). */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;
/** Where records that cannot be read are moved, beside the data folders: `<data>/quarantine/<folder>/`. */
export const QUARANTINE_DIR = 'quarantine';
/** Files read at the same time when the folder is opened. */
const READ_CONCURRENCY = 32;

export function isRecordKey(key: string): boolean {
  return KEY.test(key);
}

export interface RecordDirOptions<T> {
  /** The folder; created by the first write. */
  dir: string;
  /** Shape of one record. */
  schema: z.ZodType<T>;
  logger: Logger;
  /**
   * True when a record holds confirmed data (a signal: the reporter was given its reference). A
   * confirmed record none of whose slots can be read stops start-up with a message naming the file;
   * otherwise (conversation state) it is moved to `quarantine/` and the operator is told. Empty slots
   * are never data: they are what a kill during `open(file, 'w')` of an earlier version left behind.
   */
  confirmed?: boolean;
}

export interface WriteOptions {
  /**
   * Write the new version to both slots, so no older version stays on disk (erasure, or a record
   * that lost personal data: security review 2a). Costs a second write.
   */
  everySlot?: boolean;
}

interface Slot<T> {
  seq: number;
  record: T;
}

/**
 * A folder of small JSON files, two per record (`<key>.a.json`, `<key>.b.json`), so a write costs
 * the size of one record, not of the whole collection (issue 6, ADR 0006).
 *
 * Each write goes, in place, to the slot that does not hold the current version, with the next
 * sequence number; the newest slot that parses is the record. A write cut short (a crash) leaves
 * a slot that does not parse (or an older number) and the other slot still holds the last version
 * that was confirmed. No rename: with many small files, a rename over an existing file waited for
 * the file system to flush other files' data (p99 of 270 ms against 1.3 ms in place, measured on
 * the bench machine with a log file being written), and that wait landed on turns.
 *
 * The caller keeps the records in memory (they are all read at open) and writes one key at a time;
 * this class only reads and writes files.
 */
export class RecordDir<T> {
  private lastWriteFailed = false;

  private constructor(
    readonly dir: string,
    /** The sequence number of each record's current slot. */
    private readonly seqs: Map<string, number>,
    private readonly logger: Logger,
  ) {}

  /**
   * Opens the folder and reads every record.
   * @throws DataFileError DATA_FILE_CORRUPT (no slot of a record parses and fits the schema, or a
   *   file's name is not a slot's), DATA_FILE_UNREADABLE, DATA_DIR_UNWRITABLE; nothing is written then.
   */
  static async open<T>(options: RecordDirOptions<T>): Promise<{ dir: RecordDir<T>; records: Map<string, T> }> {
    const dir = path.resolve(options.dir);
    const slotSchema = z.strictObject({ seq: z.number().int().min(1), record: options.schema }) as unknown as z.ZodType<Slot<T>>;
    // The folder is made by the first write; until then its parent must be writable.
    const exists = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!(await isDirWritable(exists ? dir : path.dirname(dir)))) throw dirUnwritable(dir, dir, undefined);
    const slotsByKey = new Map<string, string[]>();
    for (const name of exists ? await readdir(dir) : []) {
      if (TEMP_FILE.test(name)) {
        // A record whose create was cut off: it was never written, so it was never confirmed.
        await unlink(path.join(dir, name)).catch(() => undefined);
        continue;
      }
      if (name.startsWith('.')) continue;
      const key = SLOT_FILE.exec(name)?.[1] ?? '';
      if (!KEY.test(key)) {
        throw new DataFileError('DATA_FILE_CORRUPT', path.join(dir, name), `Data folder "${dir}" holds "${name}", which is not a record file. Move it out of the folder, then start the bot again.`);
      }
      slotsByKey.set(key, [...(slotsByKey.get(key) ?? []), path.join(dir, name)]);
    }
    const keys = [...slotsByKey.keys()].sort();
    const records = new Map<string, T>();
    const seqs = new Map<string, number>();
    const unreadable: Array<{ key: string; files: string[]; hasData: boolean; failure: unknown }> = [];
    let torn = 0;
    let next = 0;
    const reader = async (): Promise<void> => {
      for (let i = next++; i < keys.length; i = next++) {
        const key = keys[i]!;
        let newest: Slot<T> | undefined;
        let failure: unknown;
        let hasData = false;
        for (const file of slotsByKey.get(key)!) {
          const text = await readText(file);
          if (text.length > 0) hasData = true;
          try {
            const slot = parseAndValidate(text, slotSchema, file);
            if (!newest || slot.seq > newest.seq) newest = slot;
          } catch (err) {
            if (!(err instanceof DataFileError) || err.code !== 'DATA_FILE_CORRUPT') throw err;
            if (text.length > 0) failure ??= err;
          }
        }
        if (!newest) {
          unreadable.push({ key, files: slotsByKey.get(key)!, hasData, failure });
          continue;
        }
        if (failure) torn++; // a write that never completed: the other slot is the confirmed version
        records.set(key, newest.record);
        seqs.set(key, newest.seq);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, keys.length) }, reader));
    // Confirmed data is never set aside: one clear message naming the file, nothing moved.
    const lost = unreadable.find((u) => options.confirmed && u.hasData);
    if (lost) throw lost.failure;
    for (const u of unreadable) await quarantine(dir, u.key, u.files, u.hasData, options.logger);
    if (torn > 0) options.logger.warn({ code: 'RECORD_WRITE_INCOMPLETE', count: torn }, 'records with an unfinished write were read from their other slot');
    return { dir: new RecordDir<T>(dir, seqs, options.logger), records };
  }

  /**
   * Writes one record, in place, to the slot that does not hold its current version. Resolves
   * once written. Calls for one key must not overlap (the caller serializes them).
   * @throws DataFileError DATA_FILE_WRITE_FAILED (the current version stays as it was)
   */
  async write(key: string, value: T, options: WriteOptions = {}): Promise<void> {
    if (!KEY.test(key)) throw new RangeError('a record key has letters, digits, "-" and "_" only');
    const current = this.seqs.get(key);
    const seq = (current ?? 0) + 1;
    const file = this.slotFile(key, seq);
    const data = (n: number) => Buffer.from(JSON.stringify({ seq: n, record: value }, null, 2));
    try {
      // A new record has no confirmed version to fall back on, so its first file appears whole or not at all.
      if (current === undefined) await this.writeNew(file, data(seq));
      else await this.writeInPlace(file, data(seq));
      this.seqs.set(key, seq);
      if (options.everySlot) {
        // The same version again, over the older slot (or as the second slot): no old version stays.
        const other = this.slotFile(key, seq + 1);
        if (current === undefined) await this.writeNew(other, data(seq + 1));
        else await this.writeInPlace(other, data(seq + 1));
        this.seqs.set(key, seq + 1);
      }
    } catch (err) {
      this.lastWriteFailed = true;
      const errno = errnoOf(err);
      this.logger.error({ code: 'DATA_FILE_WRITE_FAILED', errno }, 'record file not written');
      throw writeFailed(file, errno);
    }
    this.lastWriteFailed = false;
  }

  /** Removes a record's files (gone already is fine). @throws DataFileError DATA_FILE_WRITE_FAILED */
  async remove(key: string): Promise<void> {
    for (const seq of [1, 2]) {
      const file = this.slotFile(key, seq);
      try {
        await unlink(file);
      } catch (err) {
        const errno = errnoOf(err);
        if (errno === 'ENOENT') continue;
        this.lastWriteFailed = true;
        throw writeFailed(file, errno);
      }
    }
    this.seqs.delete(key);
  }

  /** The file that holds a record's current version. */
  fileOf(key: string): string {
    return this.slotFile(key, this.seqs.get(key) ?? 1);
  }

  /** For a readiness probe: the folder (or, before the first write, its parent) is writable and the last write did not fail. */
  async checkHealth(): Promise<boolean> {
    if (this.lastWriteFailed) return false;
    return (await isDirWritable(this.dir)) || (await isDirWritable(path.dirname(this.dir)));
  }

  private slotFile(key: string, seq: number): string {
    return path.join(this.dir, `${key}.${seq % 2 === 1 ? 'a' : 'b'}.json`);
  }

  /**
   * A file that does not exist yet: written to a temp file and renamed, so a kill leaves either
   * the whole file or a temp file that the next open removes, never an empty slot (issue 13).
   * No fsync: a kill -9 loses no written data; a power cut is what the other slot is for.
   */
  private async writeNew(file: string, data: Buffer): Promise<void> {
    // Not recursive: a missing data folder (an unmounted volume) stays an error instead of being made again in its place.
    await mkdir(this.dir, { mode: DIR_MODE }).catch((mkdirErr: unknown) => {
      if (errnoOf(mkdirErr) !== 'EEXIST') throw mkdirErr;
    });
    const temp = path.join(this.dir, `.${path.basename(file)}.tmp-${randomBytes(6).toString('hex')}`);
    try {
      const handle = await open(temp, 'wx', FILE_MODE);
      try {
        await handle.write(data, 0, data.length, 0);
      } finally {
        await handle.close();
      }
      await rename(temp, file);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  private async writeInPlace(file: string, data: Buffer): Promise<void> {
    const handle = await open(file, 'r+').catch(async (err: unknown) => {
      if (errnoOf(err) !== 'ENOENT') throw err;
      return undefined; // removed behind our back, or the other slot of a record that had one
    });
    if (!handle) return this.writeNew(file, data);
    try {
      await handle.write(data, 0, data.length, 0);
      await handle.truncate(data.length);
    } finally {
      await handle.close();
    }
  }
}

/**
 * Moves a record none of whose slots can be read to `<data>/quarantine/<folder>/` and tells the
 * operator. Slots that are only empty (a kill during their creation by an earlier version) held no
 * data and are removed.
 */
async function quarantine(dir: string, key: string, files: string[], hasData: boolean, logger: Logger): Promise<void> {
  if (!hasData) {
    for (const file of files) await unlink(file);
    logger.warn({ code: 'RECORD_EMPTY_REMOVED', key }, 'a record whose creation never finished (empty slot files) was removed');
    return;
  }
  const aside = path.join(path.dirname(dir), QUARANTINE_DIR, path.basename(dir));
  await mkdir(aside, { recursive: true, mode: DIR_MODE });
  for (const file of files) await rename(file, path.join(aside, path.basename(file)));
  logger.error(
    { code: 'RECORD_QUARANTINED', key, folder: aside },
    'operator: a record that could not be read was moved to the quarantine folder; the bot started without it. Restore it from a backup or delete it.',
  );
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw unreadable(file, errnoOf(err));
  }
}
