/**
 * `npm run db:import -- --from ./data`: copies a lowdb data folder into the PostgreSQL database of
 * DATABASE_URL (same .env as the bot), as stored: sealed fields stay sealed, so the instances need
 * the folder's DATA_ENCRYPTION_KEY (or its dev key file's key). Idempotent and resumable: run it
 * again after an interruption and only what is missing is added. Prints counts per part and
 * fails unless every found row reads back from the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, projectRoot } from '../src/config/config';
import { createLogger } from '../src/adapters/logging/pino-logger';
import { importLowdbFolder } from '../src/adapters/persistence/postgres/import-lowdb';
import { openMigratedPool } from '../src/adapters/persistence/postgres/open-postgres';

export async function dbImport(args: string[], env: Record<string, string | undefined>): Promise<{ ok: boolean; output: string }> {
  const at = args.indexOf('--from');
  const from = at >= 0 ? args[at + 1] : undefined;
  if (!from) return { ok: false, output: 'Usage: npm run db:import -- --from ./data' };
  if (!fs.existsSync(from)) return { ok: false, output: `No data folder at ${from}.` };
  const config = loadConfig(env);
  if (!config.database) return { ok: false, output: 'DATABASE_URL is not set: nothing to import into.' };
  const logger = createLogger('silent');
  const pool = await openMigratedPool({ ...config.database, poolMax: 2 }, projectRoot(), logger);
  try {
    const counts = await importLowdbFolder(pool, path.resolve(from), logger);
    const ok = counts.every((c) => c.verified === c.found);
    const rows = counts.map((c) => `${c.part}: found ${c.found}, added ${c.added}, read back ${c.verified}${c.verified === c.found ? '' : '  <-- MISSING'}`);
    return { ok, output: [...rows, ok ? 'Import complete and verified.' : 'Import NOT complete: run it again; rows above are missing.'].join('\n') };
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  const envFile = path.resolve('.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  dbImport(process.argv.slice(2), process.env).then(
    (result) => {
      process.stdout.write(`${result.output}\n`);
      process.exit(result.ok ? 0 : 1);
    },
    (error: Error) => {
      process.stderr.write(`Import failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}
