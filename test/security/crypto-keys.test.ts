import { createCipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { rotateKey } from '../../scripts/rotate-key';
import { AesGcmCipher, loadEncryptionKey } from '../../src/adapters/crypto/aes-gcm-cipher';
import { EncryptedStorage } from '../../src/adapters/persistence/encrypted-storage';
import { LowdbStorage } from '../../src/adapters/persistence/lowdb-storage';
import { SignalStore } from '../../src/adapters/persistence/signal-store';
import { CircleStore } from '../../src/adapters/persistence/circle-store';
import { Circles } from '../../src/application/circles/circles';
import { circleInput, member } from '../helpers/circle-fixtures';
import { captureLogger, tempDir } from '../helpers/signal-fixtures';
import { draft, openWorld } from '../helpers/app-fixtures';

/** Review L3: key ids, rotation, AAD for bot state, weak keys, the name of the setting. */

/** A value in the format from before key ids: `v1:<iv>:<tag>:<data>`. */
function legacySeal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
}

describe('Crypto hygiene', () => {
  it('When a value is sealed, then it names its key; a value from before key ids still opens', () => {
    const key = randomBytes(32);
    const cipher = new AesGcmCipher(key);
    const sealed = cipher.encrypt('Jantje Testpersoon');
    const keyId = sealed.split(':')[1];
    expect(keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(new AesGcmCipher(randomBytes(32)).encrypt('x').split(':')[1]).not.toBe(keyId);
    expect(cipher.decrypt(legacySeal(key, 'Jantje Testpersoon'))).toBe('Jantje Testpersoon');
  });

  it('When a weak key is configured, then it is refused, and the messages name DATA_ENCRYPTION_KEY', async () => {
    const { dir, cleanup } = tempDir('crypto-weak');
    try {
      for (const weak of [Buffer.alloc(32), Buffer.alloc(32, 7), Buffer.from('abcd'.repeat(8))]) {
        expect(() => new AesGcmCipher(weak)).toThrow(/too regular/);
        await expect(loadEncryptionKey({ keyBase64: weak.toString('base64'), env: 'production', dataDir: dir, logger: captureLogger() })).rejects.toMatchObject({
          code: 'ENCRYPTION_KEY_INVALID',
          message: expect.stringContaining('DATA_ENCRYPTION_KEY'),
        });
      }
      const missing = await loadEncryptionKey({ env: 'production', dataDir: dir, logger: captureLogger() }).catch((e: Error) => e);
      expect((missing as Error).message).toContain('DATA_ENCRYPTION_KEY');
      expect((missing as Error).message.replace(/DATA_ENCRYPTION_KEY/g, '')).not.toContain('ENCRYPTION_KEY');
      const logger = captureLogger();
      await loadEncryptionKey({ env: 'development', dataDir: dir, logger });
      expect(logger.text()).toContain('DATA_ENCRYPTION_KEY');
      expect(logger.text().replace(/DATA_ENCRYPTION_KEY|DEV_ENCRYPTION_KEY/g, '')).not.toContain('ENCRYPTION_KEY');
    } finally {
      cleanup();
    }
  });

  it('When a sealed bot-state item is moved to another key, then it does not open there', async () => {
    const { dir, cleanup } = tempDir('crypto-aad');
    try {
      const logger = captureLogger();
      const lowdb = await LowdbStorage.open({ dataDir: dir, logger });
      const storage = new EncryptedStorage(lowdb, new AesGcmCipher(randomBytes(32)));
      await storage.write({ 'msteams/conversations/a:victim/': { secret: 'Jantje Testpersoon' } });
      const raw = await lowdb.read(['msteams/conversations/a:victim/']);
      await lowdb.write({ 'msteams/conversations/a:attacker/': raw['msteams/conversations/a:victim/'] as object });
      await expect(storage.read(['msteams/conversations/a:attacker/'])).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
      expect(await storage.read(['msteams/conversations/a:victim/'])).toMatchObject({ 'msteams/conversations/a:victim/': { secret: 'Jantje Testpersoon' } });
      await lowdb.flush();
    } finally {
      cleanup();
    }
  });

  it('When npm run rotate-key runs with the old key as previous, then every value opens with the new key alone and none is left under the old one', async () => {
    const newKey = randomBytes(32);
    const w = await openWorld();
    const oldKey = w.key;
    const dir = w.dir;
    const submitted = await w.report.submit(draft(), { submissionKey: 'rot-1', reporterChatKey: 'chat-a' });
    expect(submitted.ok).toBe(true);
    const oldCipher = new AesGcmCipher(oldKey);
    const circles = await CircleStore.open({ dataDir: dir, cipher: oldCipher, logger: captureLogger() });
    const made = await new Circles({ store: circles, relay: { relay: async () => 0 } as never, clock: w.clock, logger: captureLogger(), hashCode: (c) => c }).create(
      { chatKey: 'chat-c', name: 'Coördinator Test' },
      circleInput(),
      [member(1)],
    );
    if (!made.ok) throw new Error(made.code);
    const circle = { id: made.value.circleId };
    await circles.flush();
    const lowdb = await LowdbStorage.open({ dataDir: dir, logger: captureLogger() });
    await new EncryptedStorage(lowdb, oldCipher).write({ 'chat/abc': { locale: 'nl', reference: { user: { name: 'Jantje Testpersoon' } } } });
    await lowdb.flush();
    await w.store.flush();

    const result = await rotateKey({
      NODE_ENV: 'test',
      DATA_DIR: dir,
      DATA_ENCRYPTION_KEY: newKey.toString('base64'),
      DATA_ENCRYPTION_KEY_PREVIOUS: oldKey.toString('base64'),
      LOG_LEVEL: 'silent',
    });
    expect(result).toMatchObject({ ok: true, counts: { staleLeft: 0 } });
    expect(result.counts!.signals).toBeGreaterThanOrEqual(1);
    expect(result.counts!.circles).toBe(1);

    const onlyNew = new AesGcmCipher(newKey);
    const signals = await SignalStore.open({ dataDir: dir, cipher: onlyNew, logger: captureLogger() });
    expect((await signals.signals.list())[0]?.personal.personName).toBe(draft().personName);
    const circlesAfter = await CircleStore.open({ dataDir: dir, cipher: onlyNew, logger: captureLogger() });
    expect((await circlesAfter.get(circle.id))?.members[0]?.firstName).toBe('Testlid01');
    const state = new EncryptedStorage(await LowdbStorage.open({ dataDir: dir, logger: captureLogger() }), onlyNew);
    expect(JSON.stringify(await state.read(['chat/abc']))).toContain('Jantje Testpersoon');
    expect(fs.existsSync(dir)).toBe(true);
    await w.close();
  });
});
