import { type Activity, MemoryStorage, type StoreItems, TestAdapter, TurnContext } from 'botbuilder';
import { ChatDirectory } from '../../src/adapters/botframework/chat-directory';

/** Counts the writes that reach the storage. */
class CountingStorage extends MemoryStorage {
  writes = 0;
  override async write(changes: StoreItems): Promise<void> {
    this.writes += 1;
    await super.write(changes);
  }
}

const activity = {
  type: 'message',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:1/',
  conversation: { id: 'a:chat-directory-synthetic' },
  from: { id: '29:user-synthetic' },
  recipient: { id: '28:bot-synthetic', name: 'Signaalbot' },
} as Partial<Activity>;

test('When the report, the circles and status each ask for the chat key in one turn, then the reference is written once', async () => {
  const storage = new CountingStorage();
  const chats = new ChatDirectory(storage);
  const context = new TurnContext(new TestAdapter(), { ...activity });
  const keys = await Promise.all([chats.rememberTurn(context, 'nl'), chats.rememberTurn(context, 'nl'), chats.rememberTurn(context, 'nl')]);
  expect(new Set(keys).size).toBe(1);
  expect(storage.writes).toBe(1);
  expect((await chats.get(keys[0]!))?.reference.conversation?.id).toBe('a:chat-directory-synthetic');

  // The next turn writes again (the locale or the service URL may have changed).
  await chats.rememberTurn(new TurnContext(new TestAdapter(), { ...activity }), 'en');
  expect(storage.writes).toBe(2);
  expect((await chats.get(keys[0]!))?.locale).toBe('en');
});
