import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../ports/logger';
import type { AuditEntry, AuditLog } from '../../ports/signals';
import { errnoOf } from './data-file';

export const AUDIT_FILE = 'audit.jsonl';

export type AuditLogErrorCode = 'AUDIT_ENTRY_REJECTED' | 'AUDIT_WRITE_FAILED' | 'AUDIT_READ_FAILED';

/** Messages name the field that was refused, never its value. */
export class AuditLogError extends Error {
  override readonly name = 'AuditLogError';

  constructor(
    readonly code: AuditLogErrorCode,
    message: string,
    readonly field?: string,
    readonly errno?: string,
  ) {
    super(message);
  }
}

/**
 * What an audit field may hold: one token of ids and codes (a GUID, `signal.claimed`,
 * `SIG-2026-000123`, `from=new,to=claimed`, `teamMember:<aadObjectId>`). No spaces (free text has
 * them), no `@` (e-mail addresses), at most 128 characters. `at` must be an ISO timestamp.
 *
 * This is a guard, not a proof: a bare phone number is one token and passes. Callers must put ids
 * and codes in, never names, contact details or note text.
 */
export const AUDIT_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:/=+#,-]{0,127}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const FIELDS = ['at', 'action', 'actor', 'signalId', 'signaalpuntId', 'detail'] as const;

export interface FileAuditLogOptions {
  dataDir: string;
  logger: Logger;
}

/**
 * `AuditLog` as an append-only JSON-lines file (`<dataDir>/audit.jsonl`): one entry per line,
 * appended with `fs.appendFile` (O_APPEND) one at a time, so lines never interleave and nothing
 * already written is rewritten. Entries are checked by `AUDIT_TOKEN` before they are written.
 */
export class FileAuditLog implements AuditLog {
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    readonly filePath: string,
    private readonly logger: Logger,
  ) {}

  static async open(options: FileAuditLogOptions): Promise<FileAuditLog> {
    const dataDir = path.resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
    return new FileAuditLog(path.join(dataDir, AUDIT_FILE), options.logger.child({ component: 'audit-log' }));
  }

  /** @throws AuditLogError AUDIT_ENTRY_REJECTED (a field looks like free text) or AUDIT_WRITE_FAILED. */
  append(entry: AuditEntry): Promise<void> {
    let line: string;
    try {
      line = `${JSON.stringify(checkAuditEntry(entry))}\n`;
    } catch (err) {
      return Promise.reject(err);
    }
    const write = this.tail.then(async () => {
      try {
        await appendFile(this.filePath, line, { encoding: 'utf8', mode: 0o600 });
      } catch (err) {
        const errno = errnoOf(err);
        this.logger.error({ code: 'AUDIT_WRITE_FAILED', errno }, 'audit entry not written');
        throw new AuditLogError('AUDIT_WRITE_FAILED', `Audit log "${this.filePath}" could not be written (${errno ?? 'unknown error'}).`, undefined, errno);
      }
    });
    this.tail = write.catch(() => undefined); // the next append still runs after a failed one
    return write;
  }

  /** Resolves when every append so far has settled. */
  async flush(): Promise<void> {
    await this.tail;
  }

  /**
   * All entries, oldest first. A line that cannot be read (a crash mid-append can leave a torn last
   * line) is skipped and counted in a warning, so one bad line does not hide the rest.
   */
  async list(): Promise<AuditEntry[]> {
    await this.tail;
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (err) {
      const errno = errnoOf(err);
      if (errno === 'ENOENT') return [];
      throw new AuditLogError('AUDIT_READ_FAILED', `Audit log "${this.filePath}" could not be read (${errno ?? 'unknown error'}).`, undefined, errno);
    }
    const entries: AuditEntry[] = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(checkAuditEntry(JSON.parse(line) as AuditEntry));
      } catch {
        skipped++;
      }
    }
    if (skipped > 0) this.logger.warn({ code: 'AUDIT_LINE_UNREADABLE', skippedCount: skipped }, 'audit lines skipped');
    return entries;
  }
}

/** A copy with only the known fields, each checked; throws naming the first bad field. Shared with the PostgreSQL log. */
export function checkAuditEntry(entry: AuditEntry): AuditEntry {
  if (typeof entry !== 'object' || entry === null) throw rejected('(entry)');
  const extra = Object.keys(entry).find((k) => !(FIELDS as readonly string[]).includes(k));
  if (extra !== undefined) throw rejected('(unknown field)');
  if (typeof entry.at !== 'string' || !ISO_TIME.test(entry.at)) throw rejected('at');
  const copy: AuditEntry = { at: entry.at, action: token(entry.action, 'action'), actor: token(entry.actor, 'actor') };
  for (const field of ['signalId', 'signaalpuntId', 'detail'] as const) {
    const value = entry[field];
    if (value !== undefined) copy[field] = token(value, field);
  }
  return copy;
}

function token(value: unknown, field: string): string {
  if (typeof value !== 'string' || !AUDIT_TOKEN.test(value)) throw rejected(field);
  return value;
}

function rejected(field: string): AuditLogError {
  return new AuditLogError(
    'AUDIT_ENTRY_REJECTED',
    `Audit entry refused: field ${field} must be an id or code (no spaces, no @, at most 128 characters).`,
    field,
  );
}
