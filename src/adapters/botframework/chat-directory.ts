import { createHash } from 'node:crypto';
import { type ConversationReference, type Storage, type StoreItems, TurnContext } from 'botbuilder';
import type { Locale } from '../../ports/translator';
import { isWebChatChannel } from '../../../cards/channels';

interface ChatEntry {
  reference: Partial<ConversationReference>;
  locale: Locale;
}

const REMEMBERED = Symbol('chat remembered this turn');

/**
 * Remembers a reporter's chat (its conversation reference) under an opaque key, so the signal
 * stores only that key and the bot can tell the reporter when their signal is picked up.
 * Kept in the bot's own state storage.
 */
export class ChatDirectory {
  constructor(private readonly storage: Storage) {}

  /**
   * The chat's key. On the web chat page every visit is a new Direct Line conversation, but the
   * user id is the visitor's own pseudonymous id (bound to the token by the server, see
   * src/adapters/http/chat-token.ts): key by that, so `status` finds their signals on a later visit.
   */
  static keyOf(reference: Partial<ConversationReference>): string {
    const webUser = isWebChatChannel(reference.channelId) ? reference.user?.id : undefined;
    const who = webUser ? `user:${webUser}` : (reference.conversation?.id ?? '');
    return createHash('sha256')
      .update(`${reference.channelId ?? ''}|${who}`)
      .digest('hex')
      .slice(0, 32);
  }

  /**
   * The user behind a Teams personal chat (AAD object id and tenant), hashed; undefined for channels,
   * group chats and chats without those ids. The Agents Playground sends no conversationType for
   * its personal chat, and Teams sends "personal".
   */
  static userOf(reference: Partial<ConversationReference>): string | undefined {
    const conversation = reference.conversation;
    const type = conversation?.conversationType;
    if (reference.channelId !== 'msteams' || conversation?.isGroup === true || (type !== undefined && type !== 'personal')) return undefined;
    const aad = reference.user?.aadObjectId;
    const tenant = conversation?.tenantId;
    if (!aad || !tenant) return undefined;
    return createHash('sha256').update(`msteams|${tenant}|${aad}`).digest('hex').slice(0, 32);
  }

  /**
   * Stores the reference under the chat's key and returns the key. A Teams personal chat keeps the
   * key of the user's first chat (issue 14): the Agents Playground opens a new conversation on every
   * start, and Teams may after a reinstall, so `status`, the circles and their reminders find the
   * same chat, and the newest reference is the one messages go to. A chat seen before this rule
   * keeps its conversation key: the first one becomes the user's.
   */
  async remember(reference: Partial<ConversationReference>, locale: Locale): Promise<string> {
    const user = ChatDirectory.userOf(reference);
    const changes: StoreItems = {};
    let key = ChatDirectory.keyOf(reference);
    if (user !== undefined) {
      const found = (await this.storage.read([`user/${user}`]))[`user/${user}`] as { chatKey?: unknown } | undefined;
      if (typeof found?.chatKey === 'string' && /^[0-9a-f]{32}$/.test(found.chatKey)) key = found.chatKey;
      // Written every turn, with the chat, so both stay (and idle out) together.
      changes[`user/${user}`] = { chatKey: key, eTag: '*' };
    }
    changes[`chat/${key}`] = { reference, locale, eTag: '*' };
    await this.storage.write(changes);
    return key;
  }

  /**
   * Remembers the chat of this turn, once a turn: the report, the circles and `status` each ask for
   * the chat key, and each call used to encrypt and write the same reference again.
   */
  rememberTurn(context: TurnContext, locale: Locale): Promise<string> {
    const cached = context.turnState.get<Promise<string> | undefined>(REMEMBERED);
    if (cached) return cached;
    const remembered = this.remember(TurnContext.getConversationReference(context.activity), locale);
    context.turnState.set(REMEMBERED, remembered);
    return remembered;
  }

  async get(key: string): Promise<ChatEntry | undefined> {
    const items = await this.storage.read([`chat/${key}`]);
    const item = items[`chat/${key}`] as ChatEntry | undefined;
    return item?.reference ? item : undefined;
  }
}
