/**
 * `npm run link-code -- GM0677` (or `-- GM0677 --unlink`): a one-time code, valid 24 hours, that a
 * member of the municipal team types in their Teams channel: "koppel GM0677 <code>".
 * The code is printed once and stored only as a hash, in the data folder's inbox file, so it is
 * safe to run while the bot runs. Reads the same environment (.env) as the bot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/config';
import { loadSignaalpuntenConfig } from '../src/config/signaalpunten';
import { issueLinkCode } from '../src/application/link-channel';
import { appendLinkCode } from '../src/adapters/persistence/link-code-inbox';
import { FileAuditLog } from '../src/adapters/persistence/audit-log';
import { openMigratedPool } from '../src/adapters/persistence/postgres/open-postgres';
import { PgAuditLog } from '../src/adapters/persistence/postgres/pg-audit';
import { PgLinkStore } from '../src/adapters/persistence/postgres/pg-links';
import { projectRoot } from '../src/config/config';
import { createLogger } from '../src/adapters/logging/pino-logger';
import { systemClock } from '../src/ports/clock';
import { loadEncryptionKey } from '../src/adapters/crypto/aes-gcm-cipher';
import { hmacCodeHasher } from '../src/adapters/crypto/code-hmac';

export interface LinkCodeResult {
  ok: boolean;
  output: string;
  code?: string;
}

export async function linkCode(args: string[], env: Record<string, string | undefined>): Promise<LinkCodeResult> {
  const unlink = args.includes('--unlink');
  const id = args.find((a) => !a.startsWith('--'));
  if (!id) return { ok: false, output: 'Usage: npm run link-code -- GM0677 [--unlink]' };
  // `npm run link-code` pairs with `npm start`: both ask for development unless NODE_ENV is set (issue 11).
  const config = loadConfig(args.includes('--development') && !env.NODE_ENV ? { ...env, NODE_ENV: 'development' } : env);
  const signaalpunten = loadSignaalpuntenConfig(config.signals.signaalpuntenFile);
  const signaalpunt = signaalpunten.signaalpunten.find((s) => s.id.toLowerCase() === id.toLowerCase());
  if (!signaalpunt) {
    const known = signaalpunten.signaalpunten.map((s) => s.id).join(', ');
    return { ok: false, output: `Unknown signaalpunt "${id}". Known: ${known}` };
  }
  const logger = createLogger('silent');
  // The code is stored as an HMAC under a key derived from the bot's data key (issue 11).
  const key = await loadEncryptionKey({ keyBase64: config.signals.encryptionKey, env: config.env, dataDir: config.dataDir, logger });
  const purpose = unlink ? 'unlink' : 'link';
  // With DATABASE_URL the code is a row on the server: every instance can use it at once.
  const pool = config.database ? await openMigratedPool(config.database, projectRoot(), logger) : undefined;
  const { code, expiresAt } = await (async () => {
    try {
      const audit = pool ? new PgAuditLog(pool) : await FileAuditLog.open({ dataDir: config.dataDir, logger });
      const links = pool ? new PgLinkStore(pool, logger) : { saveCode: (c: Parameters<typeof appendLinkCode>[1]) => appendLinkCode(config.dataDir, c) };
      return await issueLinkCode({ links, audit, clock: systemClock, config: () => signaalpunten, hashCode: hmacCodeHasher(key, 'link-code') }, signaalpunt.id, purpose);
    } finally {
      await pool?.end();
    }
  })();
  const command = unlink ? 'ontkoppel' : 'koppel';
  return {
    ok: true,
    code,
    output: [
      `${signaalpunt.name} (${signaalpunt.id})`,
      `One-time code, valid until ${expiresAt}: ${code}`,
      `In the team's Teams channel, @mention the bot and type:  ${command} ${signaalpunt.id} ${code}`,
    ].join('\n'),
  };
}

if (require.main === module) {
  const envFile = path.resolve('.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  linkCode(process.argv.slice(2), process.env).then(
    (result) => {
      process.stdout.write(`${result.output}\n`);
      process.exit(result.ok ? 0 : 1);
    },
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
