import { type Circle, type CircleResult, fail, ok } from '../../domain/circles/circle';
import { localParts } from '../../domain/circles/zoned-time';
import type { CircleRepository } from '../../ports/circles';
import type { Clock } from '../../ports/clock';
import type { CodeHasher } from '../../ports/codes';
import type { JoinLimitStore } from '../../ports/join-limits';
import type { Logger } from '../../ports/logger';
import type { OutboxRelay } from '../outbox-relay';
import type { CircleActor } from './circles.types';
import type { JoinLimits } from './join-limiter';

/** What the circle administration and today's round share: their dependencies, who may act, and what day it is. */

export interface CircleUseCaseDeps {
  store: CircleRepository;
  relay: Pick<OutboxRelay, 'relay'>;
  clock: Clock;
  logger: Logger;
  /** Told after a circle's schedule may have changed (the scheduler re-plans it). */
  onCircleChanged?: (circleId: string) => void;
  /** Told about a new escalation, so the backup is alerted when nobody acknowledges in time. */
  onEscalation?: (circleId: string, date: string, escalationId: string, ackDueAt: string) => void;
  /** HMAC of a normalised invite code under a key derived from the data key (never plain sha256). */
  hashCode: CodeHasher;
  /** Failed-attempt limits for joining (defaults: 5 per chat per hour, 20 per tenant, 60 in all). */
  joinLimits?: JoinLimits;
  /** Where the attempt counters live: the engine's store in the app (durable, shared); memory when absent. */
  joinLimitStore?: JoinLimitStore;
}

/** Compare-and-set retries when two people change the same round or circle at once. */
export const RETRIES = 5;

/** Today's date in Amsterdam: the day of the round. */
export function todayOf(clock: Clock): string {
  return localParts(clock.now()).date;
}

/** The circle, when the actor coordinates it; refused (and logged by id) otherwise. */
export async function circleForCoordinator(store: CircleRepository, logger: Logger, actor: CircleActor, circleId: string): Promise<CircleResult<Circle>> {
  const circle = await store.get(circleId);
  if (!circle) return fail('CIRCLE_NOT_FOUND');
  if (!circle.coordinators.some((c) => c.chatKey === actor.chatKey)) {
    logger.warn({ code: 'CIRCLE_NOT_COORDINATOR', circleId }, 'circle asked for by someone who does not coordinate it');
    return fail('NOT_A_COORDINATOR');
  }
  return ok(circle);
}
