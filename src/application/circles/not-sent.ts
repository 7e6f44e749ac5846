import type { Clock } from '../../ports/clock';
import type { CircleRepository } from '../../ports/circles';
import type { Logger } from '../../ports/logger';
import type { Outbox, OutboxMessage } from '../../ports/outbox';
import { backupOfDay, coordinatorOfDay } from '../../domain/circles/schedule';
import { localParts } from '../../domain/circles/zoned-time';
import { circleMessage } from './circle-messages';

/**
 * "A call-circle reminder is sent, or its coordinator hears that it could not be." When the outbox
 * gives up on a circle message (retries used up, or the chat is gone), the coordinator of the day
 * is told, or the backup coordinator when the message that failed was the coordinator's own.
 * The notice is queued before the failed message is marked undeliverable, and its idempotency key
 * names the failed message, so a crash or a second failure tells the coordinator once.
 */
export class CircleNotSentNotifier {
  constructor(private readonly deps: { store: CircleRepository; outbox: Outbox; clock: Clock; logger: Logger }) {}

  async undeliverable(message: OutboxMessage): Promise<void> {
    // A failed "not sent" notice does not start another one: that would go round in circles.
    if (!message.kind.startsWith('circle.') || message.kind === 'circle.notSent' || message.target.kind !== 'chat') return;
    const circleId = typeof message.payload.circleId === 'string' ? message.payload.circleId : undefined;
    const circle = circleId ? await this.deps.store.get(circleId) : undefined;
    if (!circle) return; // deleted since: nobody left to tell
    const now = this.deps.clock.now();
    const date = typeof message.payload.date === 'string' ? message.payload.date : (typeof message.payload.weekStart === 'string' ? message.payload.weekStart : localParts(now).date);
    const failedChat = message.target.chatKey;
    const day = coordinatorOfDay(circle, date);
    const tell = day.chatKey !== failedChat ? day : backupOfDay(circle, date);
    if (!tell || tell.chatKey === failedChat) {
      this.deps.logger.error({ code: 'CIRCLE_NOT_SENT_UNTOLD', circleId: circle.id, kind: message.kind }, 'operator: a circle message failed and no other coordinator can be told');
      return;
    }
    const memberId = circle.members.find((m) => m.chatKey === failedChat)?.id;
    await this.deps.outbox.enqueue([
      circleMessage('circle.notSent', `circle.notSent:${message.id}`, tell.chatKey, { circleId: circle.id, date, ...(memberId ? { memberId } : {}) }, now),
    ]);
    this.deps.logger.warn({ code: 'CIRCLE_NOT_SENT_TOLD', circleId: circle.id, kind: message.kind }, 'a circle message could not be sent; a coordinator is told');
  }
}
