import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../../../ports/logger';

/**
 * One of several instances leads a job: the one holding a session advisory lock. The lock lives
 * on a connection kept for it, so it goes when the process dies (the server drops the session)
 * and another instance wins it at its next try. A lost connection ends the lead at once.
 * Advisory locks belong to the whole database: the lock is keyed by the job and the schema, so
 * installs side by side in one database (DATABASE_SCHEMA) each have their own leader.
 */
export class AdvisoryLeader {
  private client: PoolClient | undefined;
  private trying: Promise<boolean> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly lockId: number,
    private readonly name: string,
    private readonly logger: Logger,
  ) {}

  get leads(): boolean {
    return this.client !== undefined;
  }

  /** Whether this instance leads now; tries to win the lock when it does not. */
  async holds(): Promise<boolean> {
    if (this.client) return true;
    this.trying ??= this.tryLead().finally(() => {
      this.trying = undefined;
    });
    return this.trying;
  }

  /** Gives the lead up (shutdown), so another instance takes over at once. */
  async release(): Promise<void> {
    await this.trying?.catch(() => false);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [this.lockId]).catch(() => undefined);
    client.release();
  }

  private async tryLead(): Promise<boolean> {
    const client = await this.pool.connect();
    let won = false;
    try {
      const res = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS ok', [this.lockId]);
      won = res.rows[0]?.ok === true;
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
    if (!won) {
      client.release();
      return false;
    }
    client.on('error', () => {
      if (this.client !== client) return;
      this.client = undefined;
      client.release(true);
      this.logger.warn({ code: 'LEAD_LOST', job: this.name }, 'this instance lost the lead');
    });
    this.client = client;
    this.logger.info({ code: 'LEAD_WON', job: this.name }, 'this instance leads');
    return true;
  }
}
