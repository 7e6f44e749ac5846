import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { isRetryableStatus, parseRetryAfterMs } from '../../domain/delivery-policy';
import type { DeliveryResult } from '../../ports/outbox';
import { connectorWithoutRetries, type ProactiveConnector } from './cloud-adapter';

/** A conversation to send into, as botbuilder stores it (opaque outside the adapters). */
export type ChatReference = Partial<ConversationReference>;

/** A new channel thread: the channel, its tenant, and the first activity (the card). */
export interface NewThread {
  channelId: string;
  tenantId: string;
  activity: Partial<Activity>;
}

/**
 * The one way Signaalbot sends proactively (outbox deliveries of signals and call circles): send
 * into a conversation, create a channel thread, update a posted activity.
 *
 * Two botbuilder traps are handled here, once:
 * - CloudAdapter hands an error thrown inside the proactive logic to `onTurnError`, which logs it
 *   and returns, so a caller's `catch` never ran and a failed send looked sent. The error is caught
 *   inside the turn and thrown again once the turn is over.
 * - The connector client retries 429 and 5xx by itself, out of the outbox worker's sight; those
 *   retries are turned off for every proactive send (`connectorWithoutRetries`).
 * Failures reach the caller as errors; `attempt` turns them into a `DeliveryResult` with
 * `classifyError`, so every kind of outbox message is classified the same way.
 */
export class ProactiveSender {
  constructor(private readonly deps: { adapter: CloudAdapter; appId: string }) {}

  /** Sends one activity into a conversation; resolves with the id the channel gave it. */
  async send(reference: ChatReference, activity: Partial<Activity> | string): Promise<string | undefined> {
    let activityId: string | undefined;
    await this.run(reference, async (context) => {
      activityId = (await context.sendActivity(activity))?.id;
    });
    return activityId;
  }

  /**
   * Starts a new thread in a Teams channel with `thread.activity` as its root post; resolves with
   * the thread's conversation id. Not `createConversationAsync`: that one sends the create before
   * our code runs, through a connector that retries 429s by itself.
   */
  async createThread(reference: ChatReference, thread: NewThread): Promise<string | undefined> {
    let conversationId: string | undefined;
    await this.run(reference, async (_context, connector) => {
      const created = await connector.conversations.createConversation({
        isGroup: true,
        channelData: { channel: { id: thread.channelId }, tenant: { id: thread.tenantId } },
        activity: thread.activity as never,
        bot: reference.bot as never,
        members: [],
      });
      conversationId = created.id;
    });
    return conversationId;
  }

  /** Replaces a posted activity (a card) in place. */
  async update(reference: ChatReference, activity: Partial<Activity> & { id: string }): Promise<void> {
    await this.run(reference, async (context) => {
      await context.updateActivity(activity);
    });
  }

  /** Runs a delivery and turns a thrown send failure into a classified `DeliveryResult`. */
  async attempt(delivery: () => Promise<DeliveryResult>): Promise<DeliveryResult> {
    try {
      return await delivery();
    } catch (error) {
      return classifyError(error);
    }
  }

  private async run(reference: ChatReference, logic: (context: TurnContext, connector: ProactiveConnector) => Promise<void>): Promise<void> {
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
}

/** botbuilder's connector throws RestError-like errors; turn them into a DeliveryResult. */
export function classifyError(error: unknown, nowMs = Date.now()): DeliveryResult {
  const e = error as { statusCode?: number; code?: string; response?: { headers?: { get?: (n: string) => string | undefined } } };
  const status = e.statusCode;
  if (status === undefined) return { ok: false, code: e.code ? `NETWORK_${e.code}` : 'NETWORK', retryable: isRetryableStatus('network') };
  // 403 (MessageWritesBlocked) and 404 mean the bot was removed or the conversation is gone.
  if (status === 403 || status === 404) return { ok: false, code: `HTTP_${status}`, retryable: false, linkBroken: true };
  const retryAfterMs = parseRetryAfterMs(e.response?.headers?.get?.('retry-after'), nowMs);
  return { ok: false, code: `HTTP_${status}`, retryable: isRetryableStatus(status), retryAfterMs };
}
