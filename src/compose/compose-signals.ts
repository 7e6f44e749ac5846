import type { Config } from '../config/config';
import type { SignaalpuntenConfig } from '../domain/routing';
import { hmacCodeHasher } from '../adapters/crypto/code-hmac';
import { PdokLookup } from '../adapters/lookup/pdok-lookup';
import { LinkChannel } from '../application/link-channel';
import { OutboxRelay } from '../application/outbox-relay';
import { ReportSignal } from '../application/report-signal';
import { SignalActions } from '../application/signal-actions';
import { SignalMaintenance } from '../application/signal-maintenance';
import { TabQueries } from '../application/tab-queries';
import type { CircleRepository } from '../ports/circles';
import type { Clock } from '../ports/clock';
import type { CodeHasher } from '../ports/codes';
import type { Logger } from '../ports/logger';
import type { Outbox } from '../ports/outbox';
import type { AuditLog, LinkStore, MunicipalityLookup, SignalRepository } from '../ports/signals';
import type { Core } from './compose-core';

/** The limits of the signal use cases, from the configuration (tests pass the few they need). */
export interface SignalSettings {
  retentionDays: number;
  reportsPerDay?: number;
  maxOpenDays?: number;
  stateIdleDays?: number;
}

export interface SignalsDeps {
  stores: { signals: SignalRepository; outbox: Outbox; links: LinkStore; audit: AuditLog };
  clock: Clock;
  logger: Logger;
  config: () => SignaalpuntenConfig;
  /** Hashes link codes (HMAC under the data key, purpose `link-code`). */
  linkHash: CodeHasher;
  /** Wakes the delivery worker (the relay does so after moving messages; LinkChannel after a requeue). */
  wake: () => void;
  /** The app's one relay over every staging store (ADR 0010); when absent, one over the signal store alone (tests). */
  relay?: OutboxRelay;
  settings: SignalSettings;
  /** PDOK, when configured: the municipality of a full postcode and house number. */
  lookup?: MunicipalityLookup;
  /** Forgets bot state that was idle too long (`stateIdleDays`); see `idleStateExpiry`. */
  expireIdleState?: (before: Date) => Promise<number>;
}

/** The signal side: reporting, the team's card actions, linking channels, upkeep and the tab's reads. */
export interface SignalFeature {
  report: ReportSignal;
  actions: SignalActions;
  links: LinkChannel;
  maintenance: SignalMaintenance;
  queries: TabQueries;
  /** Moves the messages the signal changes staged into the outbox (run once at start, too). */
  relay: OutboxRelay;
}

export function composeSignals(deps: SignalsDeps): SignalFeature {
  const { stores, clock, logger, config, wake, settings } = deps;
  const relay = deps.relay ?? new OutboxRelay({ sources: [stores.signals], outbox: stores.outbox, logger, onQueued: wake });
  return {
    relay,
    report: new ReportSignal({
      signals: stores.signals,
      audit: stores.audit,
      clock,
      logger,
      config,
      lookup: deps.lookup,
      relay,
      reportsPerDay: settings.reportsPerDay,
      retentionDays: settings.retentionDays,
    }),
    actions: new SignalActions({ signals: stores.signals, links: stores.links, audit: stores.audit, clock, logger, config, relay }),
    links: new LinkChannel({ links: stores.links, outbox: stores.outbox, audit: stores.audit, clock, logger, config, hashCode: deps.linkHash, onQueued: wake }),
    maintenance: new SignalMaintenance({
      signals: stores.signals,
      audit: stores.audit,
      clock,
      logger,
      retentionDays: settings.retentionDays,
      maxOpenDays: settings.maxOpenDays,
      stateIdleDays: settings.stateIdleDays,
      expireIdleState: deps.expireIdleState,
      relay,
    }),
    queries: new TabQueries({ signals: stores.signals, clock, config }),
  };
}

/** The signal side as the app runs it: the configured limits, PDOK when set, idle state expiring. */
export function appSignalsDeps(config: Config, core: Core, wake: () => void): SignalsDeps {
  const { stores, logger } = core;
  return {
    stores,
    clock: core.clock,
    logger,
    config: core.spConfig,
    linkHash: hmacCodeHasher(core.key, 'link-code'),
    wake,
    settings: {
      retentionDays: config.signals.retentionDays,
      reportsPerDay: config.edge.reportsPerDay,
      maxOpenDays: config.signals.maxOpenDays,
      stateIdleDays: config.signals.stateIdleDays,
    },
    lookup: config.signals.pdok ? new PdokLookup({ ...config.signals.pdok, logger }) : undefined,
    expireIdleState: idleStateExpiry({ signals: stores.signals, circles: stores.circles, storage: core.storage }),
  };
}

const CHAT_PREFIX = 'chat/';

/**
 * Expires idle bot state, except a chat that is still needed: one in a call circle, or one that
 * waits for news of a signal it reported that is not closed yet.
 */
export function idleStateExpiry(deps: {
  signals: SignalRepository;
  circles: Pick<CircleRepository, 'idsForChat'>;
  storage: { expireIdle(before: Date, keep: (key: string) => boolean): Promise<number> };
}): (before: Date) => Promise<number> {
  return async (before) => {
    const summaries = await deps.signals.summaries({ personalErased: false });
    const waiting = new Set(summaries.flatMap((s) => (s.status !== 'closed' && s.reporterChatKey ? [s.reporterChatKey] : [])));
    return deps.storage.expireIdle(before, (key) => {
      const chatKey = key.startsWith(CHAT_PREFIX) ? key.slice(CHAT_PREFIX.length) : undefined;
      return chatKey !== undefined && (waiting.has(chatKey) || deps.circles.idsForChat(chatKey).length > 0);
    });
  };
}
