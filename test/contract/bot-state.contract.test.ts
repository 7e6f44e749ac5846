import { ChatDirectory } from '../../src/adapters/botframework/chat-directory';
import { EncryptedStorage } from '../../src/adapters/persistence/encrypted-storage';
import { describeEngines } from './engines';

describeEngines('Bot state storage and the chat directory', (engine) => {
  test('When an item is written and read back, then it carries a fresh eTag and survives a reopen', async () => {
    const stores = await engine().open();
    await stores.storage.write({ 'test/conversations/c1/': { step: 'report', count: 1 } });
    const first = (await stores.storage.read(['test/conversations/c1/', 'missing']))['test/conversations/c1/'] as { eTag: string; count: number };
    expect(first).toEqual({ step: 'report', count: 1, eTag: expect.any(String) });
    const again = await stores.reopen();
    expect(await again.storage.read(['test/conversations/c1/'])).toEqual({ 'test/conversations/c1/': first });
    await again.storage.delete(['test/conversations/c1/']);
    expect(await again.storage.read(['test/conversations/c1/'])).toEqual({});
  });

  test('When two turns save the same item from the same eTag, then the second is refused with an eTag conflict and the first stays', async () => {
    const stores = await engine().open();
    await stores.storage.write({ k: { n: 0 } });
    const { eTag } = (await stores.storage.read(['k'])).k as { eTag: string };
    await stores.storage.write({ k: { n: 1, eTag } });
    await expect(stores.storage.write({ k: { n: 2, eTag } })).rejects.toMatchObject({ code: 'STORAGE_ETAG_CONFLICT' });
    expect((await stores.storage.read(['k'])).k).toMatchObject({ n: 1 });
    await stores.storage.write({ k: { n: 3, eTag: '*' } });
    expect((await stores.storage.read(['k'])).k).toMatchObject({ n: 3 });
  });

  test('When a multi-key write has one stale eTag, then none of its keys is written', async () => {
    const stores = await engine().open();
    await stores.storage.write({ a: { n: 1 }, b: { n: 1 } });
    const read = await stores.storage.read(['a']);
    await stores.storage.write({ a: { n: 2, eTag: (read.a as { eTag: string }).eTag } });
    await expect(stores.storage.write({ b: { n: 2 }, a: { n: 3, eTag: (read.a as { eTag: string }).eTag } })).rejects.toMatchObject({ code: 'STORAGE_ETAG_CONFLICT' });
    expect((await stores.storage.read(['b'])).b).toMatchObject({ n: 1 });
  });

  test('When state went quiet before the idle limit, then it is erased, and kept state and recent state stay', async () => {
    const stores = await engine().open();
    let now = new Date('2027-01-01T09:00:00.000Z');
    const storage = new EncryptedStorage(stores.storage, engine().cipher, { now: () => now });
    await storage.write({ 'quiet/conversation/': { n: 1 }, 'kept/conversation/': { n: 2 } });
    now = new Date('2027-02-15T09:00:00.000Z');
    await storage.write({ 'recent/conversation/': { n: 3 } });
    const erased = await storage.expireIdle(new Date('2027-01-31T09:00:00.000Z'), (key) => key.startsWith('kept/'));
    expect(erased).toBe(1);
    expect(Object.keys(await storage.read(['quiet/conversation/', 'kept/conversation/', 'recent/conversation/'])).sort()).toEqual([
      'kept/conversation/',
      'recent/conversation/',
    ]);
  });

  test('When a chat is remembered through encrypted storage, then it is found by key and its reference is not readable in the store', async () => {
    const stores = await engine().open();
    const chats = new ChatDirectory(new EncryptedStorage(stores.storage, engine().cipher));
    const reference = { channelId: 'msteams', conversation: { id: 'a:conv-Testgesprek-0001', isGroup: false, conversationType: 'personal', name: '' }, serviceUrl: 'https://smba.example/' };
    const key = await chats.remember(reference, 'nl');
    expect(await chats.get(key)).toMatchObject({ reference, locale: 'nl' });
    expect(await stores.dump()).not.toContain('Testgesprek');
  });
});
