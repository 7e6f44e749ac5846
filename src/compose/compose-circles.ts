import { hmacCodeHasher } from '../adapters/crypto/code-hmac';
import { CircleScheduler } from '../application/circles/circle-scheduler';
import { Circles } from '../application/circles/circles';
import { CircleNotSentNotifier } from '../application/circles/not-sent';
import { OutboxRelay } from '../application/outbox-relay';
import type { CircleRepository } from '../ports/circles';
import type { Clock } from '../ports/clock';
import type { CodeHasher } from '../ports/codes';
import type { JoinLimitStore } from '../ports/join-limits';
import type { Logger } from '../ports/logger';
import type { Outbox } from '../ports/outbox';
import type { Telemetry } from '../ports/telemetry';
import type { Core } from './compose-core';

export interface CirclesFeatureDeps {
  store: CircleRepository;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  /** Hashes invite codes (HMAC under the data key, purpose `circle-invite`). */
  inviteHash: CodeHasher;
  /** Called whenever circle messages were queued (the worker's wake); tests may leave it out. */
  wake?: () => void;
  telemetry?: Telemetry;
  /** The durable join-attempt counters; memory when absent (tests). */
  joinLimitStore?: JoinLimitStore;
  /** The app's one relay over every staging store (ADR 0010); when absent, one over the circle store alone (tests). */
  relay?: OutboxRelay;
}

/** Call circles: the use cases, the scheduler that plans their reminders, and their outbox side. */
export interface CirclesFeature {
  circles: Circles;
  scheduler: CircleScheduler;
  relay: OutboxRelay;
  /** Tells a coordinator when a circle message could not be sent (the worker's `onUndeliverable`). */
  notSent: CircleNotSentNotifier;
}

/** The scheduler re-plans a circle the use cases changed and watches each escalation they raise. */
export function composeCircles(deps: CirclesFeatureDeps): CirclesFeature {
  const { store, outbox, clock, logger } = deps;
  const relay = deps.relay ?? new OutboxRelay({ sources: [store], outbox, logger, onQueued: deps.wake });
  const scheduler = new CircleScheduler({ store, relay, clock, logger, telemetry: deps.telemetry });
  const circles = new Circles({
    store,
    relay,
    clock,
    logger,
    onCircleChanged: (circleId) => scheduler.replan(circleId),
    onEscalation: (circleId, date, escalationId, ackDueAt) => scheduler.watchEscalation(circleId, date, escalationId, ackDueAt),
    hashCode: deps.inviteHash,
    joinLimitStore: deps.joinLimitStore,
  });
  return { circles, scheduler, relay, notSent: new CircleNotSentNotifier({ store, outbox, clock, logger }) };
}

/** Call circles as the app runs them: the core's stores, telemetry and durable join limits. */
export function appCirclesDeps(core: Core, wake: () => void): CirclesFeatureDeps {
  return {
    store: core.stores.circles,
    outbox: core.stores.outbox,
    clock: core.clock,
    logger: core.logger,
    inviteHash: hmacCodeHasher(core.key, 'circle-invite'),
    wake,
    telemetry: core.telemetry,
    joinLimitStore: core.stores.joinLimits,
  };
}
