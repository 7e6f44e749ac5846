/**
 * `npm run rotate-key`: re-encrypts every sealed value in the data folder with a new key.
 *
 * 1. Stop the bot. 2. Set DATA_ENCRYPTION_KEY to the new key and DATA_ENCRYPTION_KEY_PREVIOUS to
 * the old one (several: comma-separated). 3. Run this. 4. Start the bot (it still reads the old
 * key's values while DATA_ENCRYPTION_KEY_PREVIOUS is set). 5. When this reported 0 values left
 * under an old key, remove DATA_ENCRYPTION_KEY_PREVIOUS and destroy the old key.
 * Signals, call circles and bot state (conversations, remembered chats) are rewritten; each
 * value carries its key's id, so the run can be repeated after an interruption.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/config';
import { AesGcmCipher, loadEncryptionKey } from '../src/adapters/crypto/aes-gcm-cipher';
import { EncryptedStorage } from '../src/adapters/persistence/encrypted-storage';
import { LowdbStorage } from '../src/adapters/persistence/lowdb-storage';
import { SignalStore } from '../src/adapters/persistence/signal-store';
import { CircleStore } from '../src/adapters/persistence/circle-store';
import { createLogger } from '../src/adapters/logging/pino-logger';

export interface RotateResult {
  ok: boolean;
  output: string;
  counts?: { signals: number; circles: number; botState: number; staleLeft: number };
}

export async function rotateKey(env: Record<string, string | undefined>): Promise<RotateResult> {
  const config = loadConfig(env);
  if (!config.signals.encryptionKey || config.signals.previousKeys.length === 0) {
    return { ok: false, output: 'Set DATA_ENCRYPTION_KEY (the new key) and DATA_ENCRYPTION_KEY_PREVIOUS (the old key), then run again.' };
  }
  const logger = createLogger('silent');
  const key = await loadEncryptionKey({ keyBase64: config.signals.encryptionKey, env: config.env, dataDir: config.dataDir, logger });
  const previous = await Promise.all(
    config.signals.previousKeys.map((k) => loadEncryptionKey({ keyBase64: k, env: config.env, dataDir: config.dataDir, logger })),
  );
  const cipher = new AesGcmCipher(key, previous);

  // Every record is written twice: records keep two slot files, and both must leave the old key.
  const signalStore = await SignalStore.open({ dataDir: config.dataDir, cipher, logger });
  let signals = 0;
  for (const listed of await signalStore.signals.list()) {
    let signal = listed;
    for (let pass = 0; pass < 2; pass++) {
      const next = { ...signal, version: signal.version + 1 };
      if ((await signalStore.signals.update(next)) === 'ok') signal = next;
    }
    signals++;
  }
  await signalStore.flush();

  const circleStore = await CircleStore.open({ dataDir: config.dataDir, cipher, logger });
  let circles = 0;
  for (const { id } of circleStore.schedules()) {
    for (let pass = 0; pass < 2; pass++) {
      const circle = await circleStore.get(id);
      if (circle) await circleStore.change({ save: { circle: { ...circle, version: circle.version + 1 }, expectedVersion: circle.version } });
    }
    circles++;
  }
  await circleStore.flush();

  const lowdb = await LowdbStorage.open({ dataDir: config.dataDir, logger });
  const storage = new EncryptedStorage(lowdb, cipher);
  const items = await storage.read(lowdb.keys());
  for (let pass = 0; pass < 2; pass++) {
    for (const item of Object.values(items)) (item as { eTag?: string }).eTag = '*';
    await storage.write(items);
    await lowdb.flush();
  }

  const staleLeft = countStale(config.dataDir, cipher);
  const counts = { signals, circles, botState: Object.keys(items).length, staleLeft };
  return {
    ok: staleLeft === 0,
    counts,
    output: [
      `Key ${cipher.keyId}: rewrote ${signals} signals, ${circles} call circles, ${counts.botState} bot-state items.`,
      staleLeft === 0
        ? 'No value is sealed with an old key any more: remove DATA_ENCRYPTION_KEY_PREVIOUS and destroy the old key.'
        : `${staleLeft} values are still sealed with an old key: keep DATA_ENCRYPTION_KEY_PREVIOUS and run again.`,
    ].join('\n'),
  };
}

/** Sealed values in the data folder not made with the current key (both slot files of every record). */
function countStale(dataDir: string, cipher: AesGcmCipher): number {
  let stale = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.json')) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/"(v[12]:[A-Za-z0-9_:-]+)"/g)) if (cipher.isStale(m[1]!)) stale++;
      }
    }
  };
  walk(dataDir);
  return stale;
}

if (require.main === module) {
  const envFile = path.resolve('.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  rotateKey(process.env).then(
    (result) => {
      process.stdout.write(`${result.output}\n`);
      process.exit(result.ok ? 0 : 1);
    },
    (error: Error) => {
      process.stderr.write(`Key rotation failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}
