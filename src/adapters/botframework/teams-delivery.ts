import { type ConversationReference, MessageFactory, CardFactory } from 'botbuilder';
import type { SignaalpuntenConfig } from '../../domain/routing';
import type { Signal } from '../../domain/signal';
import type { Logger } from '../../ports/logger';
import type { Translations, Locale } from '../../ports/translator';
import type { LinkStore, SignalRepository } from '../../ports/signals';
import type { CardPost, DeliveryChannel, DeliveryResult, Outbox, OutboxMessage, OutboxRoute } from '../../ports/outbox';
import { renderSignalCard } from '../../../cards/signals/signal-card';
import type { ChatDirectory } from './chat-directory';
import type { ChatReference, ProactiveSender } from './proactive-sender';

export interface TeamsDeliveryDeps {
  sender: ProactiveSender;
  links: LinkStore;
  signals: SignalRepository;
  outbox: Outbox;
  chats: ChatDirectory;
  translations: Translations;
  teamLocale: Locale;
  config: () => SignaalpuntenConfig;
  logger: Logger;
}

/** A message handed to a handler of another route: a wiring mistake, never retried. */
const WRONG_CHANNEL: DeliveryResult = { ok: false, code: 'WRONG_CHANNEL', retryable: false };

/** The message id of a thread's root post is in its conversation id: "19:...;messageid=123". */
export function rootMessageId(conversationId: string): string | undefined {
  return /;messageid=([^;]+)/.exec(conversationId)?.[1];
}

/** The routes Teams delivery serves (call-circle chats are `CircleDelivery`'s). */
export type TeamsDeliveryRoute = Extract<OutboxRoute, 'teams.newThread' | 'teams.cardUpdate' | 'teams.threadReply' | 'reporter.notice'>;

/**
 * Delivers outbox messages into Teams: a new thread per signal in the linked channel, in-place
 * card updates, replies in the thread, and short messages to the reporter's own chat. Which one a
 * message gets is the worker's decision (`routeOf`); this class only hands it a handler per route.
 */
export class TeamsDelivery {
  constructor(private readonly deps: TeamsDeliveryDeps) {}

  /** One handler per route; every failure is classified by the one `ProactiveSender`. */
  handlers(): Record<TeamsDeliveryRoute, DeliveryChannel> {
    const via = (send: (m: OutboxMessage) => Promise<DeliveryResult>): DeliveryChannel => ({
      deliver: (m) => this.deps.sender.attempt(() => send(m)),
    });
    return {
      'teams.newThread': via((m) => this.postThread(m)),
      'teams.cardUpdate': via((m) => this.updateCards(m)),
      'teams.threadReply': via((m) => this.replyInThread(m)),
      'reporter.notice': via((m) => this.notifyReporter(m)),
    };
  }

  private card(signal: Signal, showPersonal: boolean, mayRepeat = false) {
    const t = this.deps.translations.forLocale(this.deps.teamLocale);
    const signaalpunten = this.deps.config().signaalpunten.map((s) => ({ id: s.id, name: s.name, active: s.active }));
    const notice = mayRepeat ? t.t('team:notices.mayRepeat', { reference: signal.reference }) : undefined;
    return CardFactory.adaptiveCard(renderSignalCard(t, { signal, signaalpunten, showPersonal, notice }));
  }

  private async postThread(message: OutboxMessage): Promise<DeliveryResult> {
    if (message.target.kind !== 'teams') return WRONG_CHANNEL;
    const link = await this.deps.links.getLink(message.target.signaalpuntId);
    if (!link || link.broken) return { ok: false, code: 'NOT_LINKED', retryable: false };
    const signal = await this.deps.signals.get(String(message.payload.signalId));
    if (!signal) return { ok: false, code: 'SIGNAL_GONE', retryable: false };
    const conversationId = await this.deps.sender.createThread(link.reference as ChatReference, {
      channelId: link.channelId,
      tenantId: link.tenantId,
      // An earlier attempt got no answer (a kill while Teams had the request): a thread may exist
      // already. This one says so, also after a later attempt was answered with a 429 or 503
      // (`mayRepeat`); the cards refresh themselves, so both show the same state.
      activity: MessageFactory.attachment(this.card(signal, true, message.sendingSince !== undefined || message.mayRepeat === true)),
    });
    if (!conversationId) return { ok: false, code: 'NO_CONVERSATION_ID', retryable: true };
    return { ok: true, conversationId, activityId: rootMessageId(conversationId) };
  }

  /** Every place this signal's card was posted (it stays in a channel it was forwarded away from). */
  private async posts(signalId: string): Promise<CardPost[]> {
    return this.deps.outbox.cardPosts(signalId);
  }

  /** The reference of a thread in a signaalpunt's linked channel; undefined when the link is gone. */
  private async threadReference(signaalpuntId: string, conversationId: string): Promise<ChatReference | undefined> {
    const link = await this.deps.links.getLink(signaalpuntId);
    if (!link || link.broken) return undefined;
    const reference = { ...(link.reference as ChatReference) };
    reference.conversation = { ...(reference.conversation ?? {}), id: conversationId } as ConversationReference['conversation'];
    return reference;
  }

  private async updateCards(message: OutboxMessage): Promise<DeliveryResult> {
    const signal = await this.deps.signals.get(String(message.payload.signalId));
    if (!signal) return { ok: false, code: 'SIGNAL_GONE', retryable: false };
    for (const post of await this.posts(signal.id)) {
      if (!post.activityId) continue;
      const reference = await this.threadReference(post.signaalpuntId, post.conversationId);
      if (!reference) continue;
      const card = this.card(signal, post.signaalpuntId === signal.signaalpuntId);
      await this.deps.sender.update(reference, { type: 'message', id: post.activityId, attachments: [card] });
    }
    return { ok: true };
  }

  private async replyInThread(message: OutboxMessage): Promise<DeliveryResult> {
    const signal = await this.deps.signals.get(String(message.payload.signalId));
    if (!signal) return { ok: false, code: 'SIGNAL_GONE', retryable: false };
    const post = (await this.posts(signal.id)).find((p) => p.signaalpuntId === signal.signaalpuntId);
    // The thread is made by the signal's first delivery; until then, try again later.
    if (!post) return { ok: false, code: 'NO_THREAD_YET', retryable: true };
    const t = this.deps.translations.forLocale(this.deps.teamLocale);
    const text =
      message.payload.messageKey === 'maxAge'
        ? t.t('team:maxAge', { reference: signal.reference })
        : t.t('team:overdue', { reference: signal.reference, deadline: signal.deadline });
    const reference = await this.threadReference(post.signaalpuntId, post.conversationId);
    if (!reference) return { ok: false, code: 'NOT_LINKED', retryable: false };
    const activityId = await this.deps.sender.send(reference, text);
    return { ok: true, activityId };
  }

  private async notifyReporter(message: OutboxMessage): Promise<DeliveryResult> {
    if (message.target.kind !== 'reporter') return WRONG_CHANNEL;
    const chat = await this.deps.chats.get(message.target.chatKey);
    if (!chat) return { ok: false, code: 'CHAT_UNKNOWN', retryable: false };
    const signal = await this.deps.signals.get(String(message.payload.signalId));
    if (!signal) return { ok: false, code: 'SIGNAL_GONE', retryable: false };
    const t = this.deps.translations.forLocale(chat.locale);
    const text = t.t(`team:reporter.${String(message.payload.event)}`, { reference: signal.reference });
    const activityId = await this.deps.sender.send(chat.reference, text);
    return { ok: true, activityId };
  }
}
