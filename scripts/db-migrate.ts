/**
 * `npm run db:migrate`: brings the PostgreSQL schema of DATABASE_URL to the newest version (the
 * SQL files in migrations/), under the same advisory lock the app takes at start. Reads the same
 * environment (.env) as the bot. The app migrates at start too; this is for a deployment step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, projectRoot } from '../src/config/config';
import { createLogger } from '../src/adapters/logging/pino-logger';
import { migrate } from '../src/adapters/persistence/postgres/db';
import { openMigratedPool } from '../src/adapters/persistence/postgres/open-postgres';

export async function dbMigrate(env: Record<string, string | undefined>): Promise<{ ok: boolean; output: string }> {
  const config = loadConfig(env);
  if (!config.database) return { ok: false, output: 'DATABASE_URL is not set: the embedded lowdb store needs no migration.' };
  const logger = createLogger('silent');
  const pool = await openMigratedPool({ ...config.database, poolMax: 1 }, projectRoot(), logger);
  try {
    // openMigratedPool migrated already; a second run lists what is there now (nothing to do).
    const left = await migrate(pool, { root: projectRoot(), schema: config.database.schema, logger });
    const done = await pool.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY run_on, id');
    return { ok: left.length === 0, output: `Schema up to date: ${done.rows.map((r) => r.name).join(', ')}` };
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  const envFile = path.resolve('.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  dbMigrate(process.env).then(
    (result) => {
      process.stdout.write(`${result.output}\n`);
      process.exit(result.ok ? 0 : 1);
    },
    (error: Error) => {
      process.stderr.write(`Migration failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}
