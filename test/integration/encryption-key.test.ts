import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AesGcmCipher, DEV_KEY_FILE, loadEncryptionKey } from '../../src/adapters/crypto/aes-gcm-cipher';
import { captureLogger, tempDir } from '../helpers/signal-fixtures';

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = tempDir('key'));
});
afterEach(() => cleanup());

describe('loadEncryptionKey', () => {
  test('When production starts without ENCRYPTION_KEY, then it refuses with ENCRYPTION_KEY_MISSING and writes no key file', async () => {
    const logger = captureLogger();
    await expect(loadEncryptionKey({ env: 'production', dataDir: dir, logger })).rejects.toMatchObject({
      code: 'ENCRYPTION_KEY_MISSING',
      message: expect.stringMatching(/ENCRYPTION_KEY/),
    });
    expect(fs.existsSync(path.join(dir, DEV_KEY_FILE))).toBe(false);
  });

  test('When a configured key is given, then it is used in every environment and no key file is made', async () => {
    const configured = randomBytes(32);
    const logger = captureLogger();
    for (const env of ['production', 'development', 'test'] as const) {
      const key = await loadEncryptionKey({ keyBase64: configured.toString('base64'), env, dataDir: dir, logger });
      expect(key.equals(configured)).toBe(true);
    }
    expect(fs.existsSync(dir)).toBe(false);
    expect(logger.lines).toEqual([]);
  });

  test.each(['c2hvcnQ=', 'not base64 at all!', randomBytes(33).toString('base64')])(
    'When the configured key %p is not 32 bytes of base64, then it is refused without quoting it',
    async (bad) => {
      const err = await loadEncryptionKey({ keyBase64: bad, env: 'production', dataDir: dir, logger: captureLogger() }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ENCRYPTION_KEY_INVALID' });
      expect((err as Error).message).not.toContain(bad);
    },
  );

  test('When development starts twice without a key, then the key file is made once (mode 0600) and reused', async () => {
    const logger = captureLogger();
    const first = await loadEncryptionKey({ env: 'development', dataDir: dir, logger });
    const sealed = new AesGcmCipher(first).encrypt('Jantje Testpersoon');
    const second = await loadEncryptionKey({ env: 'test', dataDir: dir, logger });

    expect(second.equals(first)).toBe(true);
    expect(new AesGcmCipher(second).decrypt(sealed)).toBe('Jantje Testpersoon');
    const file = path.join(dir, DEV_KEY_FILE);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const warnings = logger.lines.filter((l) => l.fields.code === 'DEV_ENCRYPTION_KEY');
    expect(warnings.map((w) => w.level)).toEqual(['error', 'error']); // once per start, at error level
    expect(logger.text()).not.toContain(first.toString('base64'));
  });

  test('When two starts race for the development key, then both get the same key', async () => {
    const logger = captureLogger();
    const [a, b] = await Promise.all([
      loadEncryptionKey({ env: 'development', dataDir: dir, logger }),
      loadEncryptionKey({ env: 'development', dataDir: dir, logger }),
    ]);
    expect(a.equals(b)).toBe(true);
  });

  test('When the development key file is damaged, then start-up stops and the file is left as it was', async () => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, DEV_KEY_FILE);
    fs.writeFileSync(file, 'broken\n');
    await expect(loadEncryptionKey({ env: 'development', dataDir: dir, logger: captureLogger() })).rejects.toMatchObject({
      code: 'ENCRYPTION_KEY_INVALID',
    });
    expect(fs.readFileSync(file, 'utf8')).toBe('broken\n');
  });
});
