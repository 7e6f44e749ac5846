import { createHash } from 'node:crypto';
import { type ConversationReference, type Storage, TurnContext } from 'botbuilder';
import type { Locale } from '../../ports/translator';

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

  static keyOf(reference: Partial<ConversationReference>): string {
    return createHash('sha256')
      .update(`${reference.channelId ?? ''}|${reference.conversation?.id ?? ''}`)
      .digest('hex')
      .slice(0, 32);
  }

  async remember(reference: Partial<ConversationReference>, locale: Locale): Promise<string> {
    const key = ChatDirectory.keyOf(reference);
    await this.storage.write({ [`chat/${key}`]: { reference, locale, eTag: '*' } });
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
