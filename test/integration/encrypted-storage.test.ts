import fs from 'node:fs';
import path from 'node:path';
import { ConversationState, TestAdapter } from 'botbuilder';
import { EncryptedStorage } from '../../src/adapters/persistence/encrypted-storage';
import { BOT_STATE_DIR, LowdbStorage } from '../../src/adapters/persistence/lowdb-storage';
import { captureLogger, tempDir, testCipher } from '../helpers/signal-fixtures';

describe('encrypted bot state', () => {
  test('When dialog state holds a name and a note, then the bot state files hold only ciphertext and reads back the same', async () => {
    const { dir, cleanup } = tempDir('enc-state-');
    try {
      const cipher = testCipher();
      const inner = await LowdbStorage.open({ dataDir: dir, logger: captureLogger() });
      const storage = new EncryptedStorage(inner, cipher);
      await storage.write({ 'conv/1': { draft: { personName: 'Geheime Naam', note: 'geheime toelichting' }, eTag: '*' } });
      await inner.flush();
      const itemDir = path.join(dir, BOT_STATE_DIR);
      const raw = fs.readdirSync(itemDir).map((name) => fs.readFileSync(path.join(itemDir, name), 'utf8')).join('\n');
      expect(raw).toContain('"sealed"');
      expect(raw).not.toContain('Geheime Naam');
      expect(raw).not.toContain('geheime toelichting');
      const read = await storage.read(['conv/1']);
      expect(read['conv/1']).toMatchObject({ draft: { personName: 'Geheime Naam', note: 'geheime toelichting' } });
      expect(typeof read['conv/1']?.eTag).toBe('string');
    } finally {
      cleanup();
    }
  });

  test('When a stale eTag is written through the wrapper, then the conflict still surfaces', async () => {
    const { dir, cleanup } = tempDir('enc-etag-');
    try {
      const storage = new EncryptedStorage(await LowdbStorage.open({ dataDir: dir, logger: captureLogger() }), testCipher());
      await storage.write({ k: { n: 1, eTag: '*' } });
      const first = (await storage.read(['k']))['k'] as { eTag: string };
      await storage.write({ k: { n: 2, eTag: first.eTag } });
      await expect(storage.write({ k: { n: 3, eTag: first.eTag } })).rejects.toThrow(/eTag/);
    } finally {
      cleanup();
    }
  });

  test('When botbuilder state is saved and read by a new instance with the same key, then it survives', async () => {
    const { dir, cleanup } = tempDir('enc-restart-');
    try {
      const cipher = testCipher();
      const adapter = new TestAdapter(async (context) => {
        const state = new ConversationState(new EncryptedStorage(await LowdbStorage.open({ dataDir: dir, logger: captureLogger() }), cipher));
        const prop = state.createProperty<{ step: number }>('p');
        const value = await prop.get(context, { step: 0 });
        value.step += 1;
        await state.saveChanges(context);
        await context.sendActivity(`step ${value.step}`);
      });
      await adapter.send('a').assertReply('step 1').send('b').assertReply('step 2').startTest();
    } finally {
      cleanup();
    }
  });
});
