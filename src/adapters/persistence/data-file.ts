import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import type { z } from 'zod';

/** Stable codes for everything that can go wrong with a JSON data file. */
export type DataFileErrorCode =
  | 'DATA_FILE_CORRUPT'
  | 'DATA_FILE_UNREADABLE'
  | 'DATA_DIR_UNWRITABLE'
  | 'DATA_FILE_WRITE_FAILED';

/**
 * A data file could not be opened or written. Messages name the path and what to do, and never
 * quote the file's contents: they may hold personal data and messages end up in logs.
 */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';

  constructor(
    readonly code: DataFileErrorCode,
    readonly filePath: string,
    message: string,
    /** The errno code of the underlying fs error (EISDIR, EACCES, ...), when there was one. */
    readonly errno?: string,
  ) {
    super(message);
  }
}

export interface OpenDataFileOptions<T> {
  /** Folder that holds the file; created when missing. */
  dataDir: string;
  fileName: string;
  /** Shape of the whole file. Anything else is treated as corrupt and left alone. */
  schema: z.ZodType<T>;
  /** Content to use when the file does not exist yet. Nothing is written until the first change. */
  initialData: () => T;
  /** Write JSON without indentation: for a large file written often, it halves the serialisation. */
  compact?: boolean;
}

export interface OpenedDataFile<T> {
  /** lowdb handle; `db.write()` is atomic (a private temp file, then a rename). */
  db: Low<T>;
  filePath: string;
  dataDir: string;
  /** False when the file did not exist and `db.data` holds `initialData()`. */
  existed: boolean;
}

const LEFT_UNTOUCHED = 'The file was left untouched and the bot did not start.';

/**
 * Opens a JSON data file so that a bad file stops start-up instead of being replaced.
 *
 * lowdb's own `Low.read()` keeps the default data when the file parses to a falsy value, and
 * `JSONFilePreset` swaps in an in-memory adapter when NODE_ENV=test; both would let the next write
 * silently overwrite whatever was on disk. So the file is read through the adapter directly, and
 * parsed and validated here, before lowdb is given any data it could write.
 */
export async function openDataFile<T>(options: OpenDataFileOptions<T>): Promise<OpenedDataFile<T>> {
  const dataDir = path.resolve(options.dataDir);
  const filePath = path.join(dataDir, options.fileName);

  try {
    await mkdir(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  } catch (err) {
    throw dirUnwritable(dataDir, filePath, errnoOf(err));
  }
  // A folder made by an earlier version (0755) becomes private too; a folder we may not chmod
  // (a mounted volume's root owned by someone else) is left as it is.
  await chmod(dataDir, DATA_DIR_MODE).catch(() => undefined);

  // Temp files of a write cut short by a kill: the file itself is still the last whole version.
  const tempPrefix = `.${options.fileName}.tmp-`;
  for (const name of await readdir(dataDir).catch(() => [] as string[])) {
    if (name.startsWith(tempPrefix)) await unlink(path.join(dataDir, name)).catch(() => undefined);
  }

  const adapter = new PrivateDataFile<T>(filePath, {
    parse: (text) => parseAndValidate(text, options.schema, filePath),
    stringify: (data) => (options.compact ? JSON.stringify(data) : JSON.stringify(data, null, 2)),
  });

  let stored: T | null;
  try {
    stored = await adapter.read(); // null only when the file does not exist (ENOENT)
  } catch (err) {
    if (err instanceof DataFileError) throw err;
    throw unreadable(filePath, errnoOf(err));
  }

  if (!(await isDirWritable(dataDir))) {
    throw dirUnwritable(dataDir, filePath, undefined);
  }

  const existed = stored !== null;
  return { db: new Low<T>(adapter, stored ?? options.initialData()), filePath, dataDir, existed };
}

/** Data files are the bot's alone: 0600 files in 0700 folders (security review, finding 7). */
export const DATA_FILE_MODE = 0o600;
export const DATA_DIR_MODE = 0o700;

/**
 * lowdb adapter for one JSON file. Like lowdb's `DataFile` (steno), a write goes to a temp file
 * that is then renamed over the file, so the file is always whole; unlike steno, the temp file is
 * created 0600 from its first byte (steno's is 0644 under the usual umask). Writes must not
 * overlap (BatchedFile runs one at a time).
 */
export class PrivateDataFile<T> implements Adapter<T> {
  constructor(
    private readonly filePath: string,
    private readonly format: { parse: (text: string) => T; stringify: (data: T) => string },
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return null;
      throw err;
    }
    return this.format.parse(text);
  }

  async write(data: T): Promise<void> {
    const temp = path.join(path.dirname(this.filePath), `.${path.basename(this.filePath)}.tmp-${randomBytes(6).toString('hex')}`);
    try {
      const handle = await open(temp, 'wx', DATA_FILE_MODE);
      try {
        await handle.writeFile(this.format.stringify(data), 'utf8');
      } finally {
        await handle.close();
      }
      await rename(temp, this.filePath);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }
}

/** True when the process may create files in `dir` (what an atomic temp-file-and-rename needs). */
export async function isDirWritable(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    // Not writable is the answer here, not an error: callers turn it into a code or a health flag.
    return false;
  }
}

/** The errno code of a Node fs error (EISDIR, ENOSPC, ...), for logs and error messages. */
export function errnoOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

export function parseAndValidate<T>(text: string, schema: z.ZodType<T>, filePath: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The SyntaxError is deliberately dropped: V8 quotes a snippet of the file in its message.
    throw corrupt(filePath, 'is not valid JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const first = result.error.issues[0];
    // Paths and issue codes only; zod messages for custom checks could echo stored values.
    const where = first ? ` (first: ${first.code} at "${first.path.map(String).join('.') || '(root)'}")` : '';
    throw corrupt(filePath, `does not have the expected shape: ${result.error.issues.length} problem(s)${where}`);
  }
  return result.data;
}

function corrupt(filePath: string, what: string): DataFileError {
  return new DataFileError(
    'DATA_FILE_CORRUPT',
    filePath,
    `Data file "${filePath}" ${what}. ${LEFT_UNTOUCHED} Restore it from a backup, or move it aside ` +
      'to start with empty data, then start the bot again.',
  );
}

/** DATA_FILE_WRITE_FAILED: steno renames a whole temp file over the old one, so the old version stays. */
export function writeFailed(filePath: string, errno: string | undefined): DataFileError {
  return new DataFileError(
    'DATA_FILE_WRITE_FAILED',
    filePath,
    `Data file "${filePath}" could not be written (${errno ?? 'unknown error'}); the previous version was kept.`,
    errno,
  );
}

/** DATA_FILE_UNREADABLE for a file that exists but could not be read (EISDIR, EACCES, ...). */
export function unreadable(filePath: string, errno: string | undefined): DataFileError {
  return new DataFileError(
    'DATA_FILE_UNREADABLE',
    filePath,
    `Data file "${filePath}" could not be read (${errno ?? 'unknown error'}). ${LEFT_UNTOUCHED} ` +
      'Make sure it is a regular file that the bot may read and write, then start the bot again.',
    errno,
  );
}

export function dirUnwritable(dataDir: string, filePath: string, errno: string | undefined): DataFileError {
  return new DataFileError(
    'DATA_DIR_UNWRITABLE',
    filePath,
    `Data folder "${dataDir}" cannot be created or written${errno ? ` (${errno})` : ''}, so the bot did not start. ` +
      'Point DATA_DIR at a folder the bot may write, then start the bot again.',
    errno,
  );
}
