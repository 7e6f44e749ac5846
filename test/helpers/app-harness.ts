import { createHash, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { type App, type AppOptions, createApp } from '../../src/main';
import { loadConfig } from '../../src/config/config';
import { ConnectorStub } from './connector-stub';

/** Collects every log line the app writes, so tests can assert on codes and on what is absent. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  codes(): string[] {
    return this.lines.map((l) => (JSON.parse(l) as { code?: string }).code ?? '');
  }
}

export interface Harness {
  app: App;
  connector: ConnectorStub;
  logs: LogCapture;
  dataDir: string;
  env: Record<string, string>;
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Boots the real app on port 0 with a temp data folder and a connector stub as serviceUrl. */
export async function startHarness(extraEnv: Record<string, string> = {}, options: Pick<AppOptions, 'clock' | 'openIdMetadata' | 'telemetry'> = {}): Promise<Harness> {
  const connector = await new ConnectorStub().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-it-'));
  const logs = new LogCapture();
  // APP_TEST_DATABASE_URL runs the app tests on PostgreSQL (a schema per harness) instead of lowdb.
  const pgUrl = process.env.APP_TEST_DATABASE_URL;
  const pgEnv: Record<string, string> = pgUrl ? { DATABASE_URL: pgUrl, DATABASE_SCHEMA: `app_${randomBytes(6).toString('hex')}` } : {};
  const env = { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...pgEnv, ...extraEnv };
  const harness: Harness = {
    app: await createApp(loadConfig(env), { logDestination: logs, ...options }),
    connector,
    logs,
    dataDir,
    env,
    async post(activity, headers = {}) {
      return fetch(`${harness.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ serviceUrl: connector.url, ...activity }),
      });
    },
    async restart() {
      await harness.app.stop();
      harness.app = await createApp(loadConfig(env), { logDestination: logs, ...options });
    },
    async close() {
      await harness.app.stop();
      await connector.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (pgUrl && pgEnv.DATABASE_SCHEMA) {
        const pool = new Pool({ connectionString: pgUrl, max: 1 });
        await pool.query(`DROP SCHEMA IF EXISTS ${pgEnv.DATABASE_SCHEMA} CASCADE`).finally(() => pool.end());
      }
    },
  };
  return harness;
}

/** The example signaalpunten file's tenant: the one a production start allows by default (issue 11). */
const HARNESS_TENANT = '00000000-0000-0000-0000-0000000000001';

let counter = 0;
/**
 * A synthetic AAD object id per conversation: tests that use two conversations mean two people, and
 * the bot knows a personal chat by its user (issue 14). Pass `from` to make two chats one person.
 */
export function syntheticAad(conversationId: string): string {
  return `00000000-0000-0000-0000-${createHash('sha256').update(conversationId).digest('hex').slice(0, 12)}`;
}

/** A personal-chat message as Teams sends it (synthetic ids). */
export function teamsMessage(
  conversationId: string,
  fields: Record<string, unknown>,
  locale = 'nl-NL',
): Record<string, unknown> {
  counter += 1;
  return {
    type: 'message',
    id: `msg-${counter}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    from: { id: '29:user-synthetic-1', name: 'Test Gebruiker', aadObjectId: syntheticAad(conversationId) },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: HARNESS_TENANT },
    recipient: { id: '28:bot-synthetic', name: 'Signaalbot' },
    channelData: { tenant: { id: HARNESS_TENANT } },
    locale,
    ...fields,
  };
}
