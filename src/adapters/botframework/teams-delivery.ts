import { type CloudAdapter, type ConversationReference, MessageFactory, CardFactory, type TurnContext } from 'botbuilder';
import type { SignaalpuntenConfig } from '../../domain/routing';
import type { Signal } from '../../domain/signal';
import type { Logger } from '../../ports/logger';
import type { Translations, Locale } from '../../ports/translator';
import type { CardPost, DeliveryChannel, DeliveryResult, LinkStore, Outbox, OutboxMessage, SignalRepository } from '../../ports/signals';
import { renderSignalCard } from '../../../cards/signal-card';
import { isRetryableStatus, parseRetryAfterMs } from '../../domain/delivery-policy';
import type { ChatDirectory } from './chat-directory';
import { connectorWithoutRetries, type ProactiveConnector } from './cloud-adapter';

export interface TeamsDeliveryDeps {
  adapter: CloudAdapter;
  /** The bot's app id ('' in development without credentials). */
  appId: string;
  links: LinkStore;
  signals: SignalRepository;
  outbox: Outbox;
  chats: ChatDirectory;
  translations: Translations;
  teamLocale: Locale;
  config: () => SignaalpuntenConfig;
  logger: Logger;
}

/** botbuilder's connector throws RestError-like errors; turn them into a DeliveryResult. */
export function classifyError(error: unknown, nowMs = Date.now()): DeliveryResult {
  const e = error as { statusCode?: number; code?: string; response?: { headers?: { get?: (n: string) => string | undefined } } };
  const status = e.statusCode;
  if (status === undefined) return { ok: false, code: e.code ? `NETWORK_${e.code}` : 'NETWORK', retryable: isRetryableStatus('network') };
  // 403 (MessageWritesBlocked) and 404 mean the bot was removed or the channel is gone.
  if (status === 403 || status === 404) return { ok: false, code: `HTTP_${status}`, retryable: false, linkBroken: true };
  const retryAfterMs = parseRetryAfterMs(e.response?.headers?.get?.('retry-after'), nowMs);
  return { ok: false, code: `HTTP_${status}`, retryable: isRetryableStatus(status), retryAfterMs };
}

/** The message id of a thread's root post is in its conversation id: "19:...;messageid=123". */
export function rootMessageId(conversationId: string): string | undefined {
  return /;messageid=([^;]+)/.exec(conversationId)?.[1];
}

/**
 * Delivers outbox messages into Teams: a new thread per signal in the linked channel, in-place
 * card updates, replies in the thread, and short messages to the reporter's own chat.
 */
export class TeamsDelivery implements DeliveryChannel {
  constructor(private readonly deps: TeamsDeliveryDeps) {}

  async deliver(message: OutboxMessage): Promise<DeliveryResult> {
    try {
      switch (message.target.kind) {
        case 'teams':
          return await this.postThread(message, message.target.signaalpuntId);
        case 'teamsThread':
          return message.kind === 'signal.cardUpdate' ? await this.updateCards(message) : await this.replyInThread(message);
        case 'reporter':
          return await this.notifyReporter(message, message.target.chatKey);
        default:
          return { ok: false, code: 'WRONG_CHANNEL', retryable: false };
      }
    } catch (error) {
      return classifyError(error);
    }
  }

  private card(signal: Signal, showPersonal: boolean) {
    const t = this.deps.translations.forLocale(this.deps.teamLocale);
    const signaalpunten = this.deps.config().signaalpunten.map((s) => ({ id: s.id, name: s.name, active: s.active }));
    return CardFactory.adaptiveCard(renderSignalCard(t, { signal, signaalpunten, showPersonal }));
  }

  private async postThread(message: OutboxMessage, signaalpuntId: string): Promise<DeliveryResult> {
    const link = await this.deps.links.getLink(signaalpuntId);
    if (!link || link.broken) return { ok: false, code: 'NOT_LINKED', retryable: false };
    const signal = await this.deps.signals.get(String(message.payload.signalId));
    if (!signal) return { ok: false, code: 'SIGNAL_GONE', retryable: false };
    const reference = link.reference as Partial<ConversationReference>;
    let conversationId: string | undefined;
    // Not createConversationAsync: that one sends the create before our code runs, through a
    // connector that retries 429s out of the worker's sight.
    await this.proactive(reference, async (_context, connector) => {
      const created = await connector.conversations.createConversation({
        isGroup: true,
        channelData: { channel: { id: link.channelId }, tenant: { id: link.tenantId } },
        activity: MessageFactory.attachment(this.card(signal, true)) as never,
        bot: reference.bot as never,
        members: [],
      });
      conversationId = created.id;
    });
    if (!conversationId) return { ok: false, code: 'NO_CONVERSATION_ID', retryable: true };
    return { ok: true, conversationId, activityId: rootMessageId(conversationId) };
  }

  /** Every place this signal's card was posted (it stays in a channel it was forwarded away from). */
  private async posts(signalId: string): Promise<CardPost[]> {
    return this.deps.outbox.cardPosts(signalId);
  }

  private async inThread(signaalpuntId: string, conversationId: string, logic: (context: TurnContext) => Promise<void>): Promise<boolean> {
    const link = await this.deps.links.getLink(signaalpuntId);
    if (!link || link.broken) return false;
    const reference = { ...(link.reference as Partial<ConversationReference>) };
    reference.conversation = { ...(reference.conversation ?? {}), id: conversationId } as ConversationReference['conversation'];
    await this.proactive(reference, (context) => logic(context));
    return true;
  }

  /**
   * A proactive turn whose sends botbuilder does not retry by itself, and whose failure reaches
   * the caller: CloudAdapter hands an error thrown in the logic to onTurnError (which logs it and
   * returns), so it is caught here and thrown again once the turn is over.
   */
  private async proactive(reference: Partial<ConversationReference>, logic: (context: TurnContext, connector: ProactiveConnector) => Promise<void>): Promise<void> {
    let failure: { error: unknown } | undefined;
    await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context) => {
      try {
        await logic(context, connectorWithoutRetries(context));
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }

  private async updateCards(message: OutboxMessage): Promise<DeliveryResult> {
    const signal = await this.deps.signals.get(String(message.payload.signalId));
    if (!signal) return { ok: false, code: 'SIGNAL_GONE', retryable: false };
    for (const post of await this.posts(signal.id)) {
      if (!post.activityId) continue;
      const card = this.card(signal, post.signaalpuntId === signal.signaalpuntId);
      await this.inThread(post.signaalpuntId, post.conversationId, async (context) => {
        await context.updateActivity({ type: 'message', id: post.activityId, attachments: [card] });
      });
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
    let activityId: string | undefined;
    const sent = await this.inThread(post.signaalpuntId, post.conversationId, async (context) => {
      activityId = (await context.sendActivity(text))?.id;
    });
    return sent ? { ok: true, activityId } : { ok: false, code: 'NOT_LINKED', retryable: false };
  }

  private async notifyReporter(message: OutboxMessage, chatKey: string): Promise<DeliveryResult> {
    const chat = await this.deps.chats.get(chatKey);
    if (!chat) return { ok: false, code: 'CHAT_UNKNOWN', retryable: false };
    const signal = await this.deps.signals.get(String(message.payload.signalId));
    if (!signal) return { ok: false, code: 'SIGNAL_GONE', retryable: false };
    const t = this.deps.translations.forLocale(chat.locale);
    const text = t.t(`team:reporter.${String(message.payload.event)}`, { reference: signal.reference });
    let activityId: string | undefined;
    await this.proactive(chat.reference, async (context) => {
      activityId = (await context.sendActivity(text))?.id;
    });
    return { ok: true, activityId };
  }
}
