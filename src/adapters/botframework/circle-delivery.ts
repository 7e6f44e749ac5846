import { CardFactory, MessageFactory } from 'botbuilder';
import type { CircleNoticeBuilder } from '../../application/circles/notice-builder';
import type { Logger } from '../../ports/logger';
import type { Translations } from '../../ports/translator';
import type { DeliveryChannel, DeliveryResult, OutboxMessage } from '../../ports/outbox';
import { channelRendersCards } from '../../../cards/channels';
import { renderCircleNotice } from '../../../cards/circles/circle-notice';
import type { ChatDirectory } from './chat-directory';
import type { ProactiveSender } from './proactive-sender';

export interface CircleDeliveryDeps {
  sender: ProactiveSender;
  chats: ChatDirectory;
  notices: CircleNoticeBuilder;
  translations: Translations;
  logger: Logger;
}

/**
 * Sends call-circle messages (reminders, escalations, outcomes, weekly overviews) proactively to
 * a coordinator's or member's personal chat, in that chat's language, as a card where cards work.
 * The text is made now from the circle store, so the outbox never held a name or number.
 */
export class CircleDelivery implements DeliveryChannel {
  constructor(private readonly deps: CircleDeliveryDeps) {}

  async deliver(message: OutboxMessage): Promise<DeliveryResult> {
    if (message.target.kind !== 'chat') return { ok: false, code: 'WRONG_CHANNEL', retryable: false };
    const chat = await this.deps.chats.get(message.target.chatKey);
    if (!chat) return { ok: false, code: 'CHAT_UNKNOWN', retryable: false };
    let notice: Awaited<ReturnType<CircleNoticeBuilder['build']>>;
    try {
      notice = await this.deps.notices.build(message);
    } catch {
      // The store could not be read (a decrypt failure is logged by the store): try again later.
      return { ok: false, code: 'CIRCLE_UNREADABLE', retryable: true };
    }
    if (typeof notice === 'string') return { ok: false, code: notice, retryable: false };
    const t = this.deps.translations.forLocale(chat.locale);
    const rendered = renderCircleNotice(t, notice, channelRendersCards(chat.reference.channelId));
    // The card alone: Teams shows an activity's text above its card, so the text would appear twice.
    const activity = rendered.card ? MessageFactory.attachment(CardFactory.adaptiveCard(rendered.card)) : MessageFactory.text(rendered.text);
    return this.deps.sender.attempt(async () => {
      const activityId = await this.deps.sender.send(chat.reference, activity);
      return { ok: true, ...(activityId ? { activityId } : {}) };
    });
  }
}
