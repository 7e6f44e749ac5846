import type { Pool } from 'pg';
import type { AuditEntry, AuditLog } from '../../../ports/signals';
import { checkAuditEntry } from '../audit-log';

/** `AuditLog` on PostgreSQL: append-only rows, checked by the same token rules as the file log. */
export class PgAuditLog implements AuditLog {
  constructor(private readonly pool: Pool) {}

  async append(entry: AuditEntry): Promise<void> {
    const checked = checkAuditEntry(entry);
    await this.pool.query('INSERT INTO audit_log (doc) VALUES ($1)', [JSON.stringify(checked)]);
  }

  async list(): Promise<AuditEntry[]> {
    const res = await this.pool.query<{ doc: AuditEntry }>('SELECT doc FROM audit_log ORDER BY seq');
    return res.rows.map((r) => r.doc);
  }
}
