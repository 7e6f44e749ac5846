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

describe('a chat is known by its user, not only by the conversation id (issue 14 point 13)', () => {
  const TENANT = '00000000-0000-0000-0000-0000000000001';
  const personal = (conversationId: string, aadObjectId = '00000000-0000-0000-0000-0000000000020', extra: Record<string, unknown> = {}) =>
    ({
      ...activity,
      // The Agents Playground sends no conversationType for the personal chat; Teams says "personal".
      conversation: { id: conversationId, tenantId: TENANT, ...extra },
      from: { id: 'user-id-0', aadObjectId },
    }) as Partial<Activity>;
  const remember = (chats: ChatDirectory, a: Partial<Activity>) => chats.rememberTurn(new TurnContext(new TestAdapter(), a), 'nl');

  test('When the playground restarts with a new conversation id for the same user, then the chat key stays and the reference is the new one', async () => {
    const chats = new ChatDirectory(new MemoryStorage());
    const first = await remember(chats, personal('conv-before-restart'));
    const second = await remember(chats, personal('conv-after-restart'));
    expect(second).toBe(first);
    // Reminders and news go to the chat that exists now.
    expect((await chats.get(first))?.reference.conversation?.id).toBe('conv-after-restart');
    // The first key is the one the conversation alone gave: data stored before this change keeps its key.
    expect(first).toBe(ChatDirectory.keyOf({ channelId: 'msteams', conversation: { id: 'conv-before-restart' } as never }));
  });

  test('When Teams says "personal", then the same holds', async () => {
    const chats = new ChatDirectory(new MemoryStorage());
    const first = await remember(chats, personal('a:1', undefined, { conversationType: 'personal' }));
    expect(await remember(chats, personal('a:2', undefined, { conversationType: 'personal' }))).toBe(first);
  });

  test('When another user, another tenant, a channel or a group chat is remembered, then each keeps its own key', async () => {
    const chats = new ChatDirectory(new MemoryStorage());
    const alex = await remember(chats, personal('conv-alex'));
    const megan = await remember(chats, personal('conv-megan', '00000000-0000-0000-0000-0000000000021'));
    const otherTenant = await remember(chats, { ...personal('conv-other-tenant'), conversation: { id: 'conv-other-tenant', tenantId: 'tenant-2' } } as Partial<Activity>);
    const channel = await remember(chats, personal('team-id;messageid=1', undefined, { conversationType: 'channel', isGroup: true }));
    const channel2 = await remember(chats, personal('team-id;messageid=2', undefined, { conversationType: 'channel', isGroup: true }));
    const group = await remember(chats, personal('group-1', undefined, { conversationType: 'groupChat', isGroup: true }));
    expect(new Set([alex, megan, otherTenant, channel, channel2, group]).size).toBe(6);
    // Alex's personal chat was not moved by the channel posts.
    expect((await chats.get(alex))?.reference.conversation?.id).toBe('conv-alex');
  });

  test('When a personal chat has no AAD object id or no tenant, then the conversation id decides, as before', async () => {
    const chats = new ChatDirectory(new MemoryStorage());
    const noAad = { ...activity, conversation: { id: 'c-1', tenantId: TENANT }, from: { id: 'u' } } as Partial<Activity>;
    const noAad2 = { ...activity, conversation: { id: 'c-2', tenantId: TENANT }, from: { id: 'u' } } as Partial<Activity>;
    expect(await remember(chats, noAad)).not.toBe(await remember(chats, noAad2));
  });
});
