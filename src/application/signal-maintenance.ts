import type { Signal } from '../domain/signal';
import { amsterdamDate, isWorkingDay } from '../domain/working-days';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { AuditLog, SignalRepository } from '../ports/signals';
import { cardUpdateMessage, maxAgeMessage, overdueMessage } from './outbox-messages';
import type { OutboxRelay } from './outbox-relay';

export interface MaintenanceDeps {
  signals: SignalRepository;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** Days after closing when personal details are erased. */
  retentionDays: number;
  /**
   * Days a signal may stay open (new or claimed). Past it the team gets a message in the thread;
   * `retentionDays` later still, its personal details are erased as if it had been closed.
   */
  maxOpenDays?: number;
  /** Erases bot state (conversations, users, remembered chats) untouched for this many days. */
  stateIdleDays?: number;
  /** Erases the idle bot state written before the given moment; returns how many items went. */
  expireIdleState?: (before: Date) => Promise<number>;
  /** Moves what a change staged into the outbox and wakes the delivery worker (ADR 0010); a failure is logged there and retried by the next relay. */
  relay?: Pick<OutboxRelay, 'relay'>;
}

export interface RetentionCounts {
  erased: number;
  erasedOpen: number;
  escalated: number;
  stateExpired: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The jobs that run on a timer: overdue reminders and the retention of personal details. */
export class SignalMaintenance {
  constructor(private readonly deps: MaintenanceDeps) {}

  /**
   * A signal not claimed by its deadline gets a reminder in its thread, once per working day.
   * Returns how many reminders were queued.
   */
  async remindOverdue(): Promise<number> {
    const now = this.deps.clock.now();
    const today = amsterdamDate(now);
    if (!isWorkingDay(today)) return 0;
    let queued = 0;
    // Chosen on the fields in the clear; only the signals that get a reminder are decrypted.
    for (const summary of await this.deps.signals.summaries({ status: 'new', deadlineBefore: today })) {
      if (today <= summary.deadline || summary.lastOverdueReminder === today) continue;
      const signal = await this.deps.signals.get(summary.id);
      if (!signal || signal.version !== summary.version) continue; // changed meanwhile: the next run looks again
      const next: Signal = {
        ...signal,
        version: signal.version + 1,
        lastOverdueReminder: today,
        history: [...signal.history, { at: now.toISOString(), action: 'overdueReminder', by: { kind: 'system' } }],
      };
      if ((await this.deps.signals.update(next, [overdueMessage(next, today, now)])) === 'ok') queued += 1;
    }
    if (queued > 0) {
      this.deps.logger.info({ code: 'OVERDUE_REMINDERS', count: queued }, 'overdue reminders queued');
      await this.deps.relay?.relay().catch(() => undefined);
    }
    return queued;
  }

  /**
   * One retention run: erases closed signals past retention, escalates signals open too long and
   * erases those open longer still. Logged with its counts (RETENTION_RUN), also when nothing happened.
   */
  async runRetention(): Promise<RetentionCounts> {
    const escalated = await this.escalateOld();
    const erased = await this.eraseExpired();
    const erasedOpen = await this.eraseOld();
    const { stateIdleDays, expireIdleState } = this.deps;
    const stateExpired =
      stateIdleDays !== undefined && expireIdleState ? await expireIdleState(new Date(this.deps.clock.now().getTime() - stateIdleDays * DAY_MS)) : 0;
    const counts = { erased, erasedOpen, escalated, stateExpired };
    this.deps.logger.info({ code: 'RETENTION_RUN', ...counts }, 'retention run done');
    return counts;
  }

  /** Erases personal details of signals closed longer than the retention period ago. */
  async eraseExpired(): Promise<number> {
    const now = this.deps.clock.now();
    const limit = now.getTime() - this.deps.retentionDays * DAY_MS;
    let erased = 0;
    const closedBy = new Date(limit).toISOString();
    for (const summary of await this.deps.signals.summaries({ status: 'closed', closedBy, personalErased: false })) {
      if (summary.personalErasedAt || !summary.closedAt || Date.parse(summary.closedAt) > limit) continue;
      if (await this.erase(summary.id, summary.version, now)) erased += 1;
    }
    if (erased > 0) this.deps.logger.info({ code: 'RETENTION_ERASED', count: erased }, 'personal details erased after retention');
    return erased;
  }

  /** Open signals past the maximum age: one message to the team in the signal's thread. */
  async escalateOld(): Promise<number> {
    const maxOpenDays = this.deps.maxOpenDays;
    if (maxOpenDays === undefined) return 0;
    const now = this.deps.clock.now();
    const limit = now.getTime() - maxOpenDays * DAY_MS;
    let escalated = 0;
    for (const summary of await this.deps.signals.summaries({ personalErased: false })) {
      if (summary.status === 'closed' || Date.parse(summary.createdAt) > limit) continue;
      if (summary.history.some((h) => h.action === 'maxAgeEscalated')) continue;
      const signal = await this.deps.signals.get(summary.id);
      if (!signal || signal.version !== summary.version) continue;
      const next: Signal = {
        ...signal,
        version: signal.version + 1,
        history: [...signal.history, { at: now.toISOString(), action: 'maxAgeEscalated', by: { kind: 'system' } }],
      };
      if ((await this.deps.signals.update(next, [maxAgeMessage(next, now)])) === 'ok') escalated += 1;
    }
    if (escalated > 0) {
      this.deps.logger.warn({ code: 'SIGNAL_MAX_AGE', count: escalated }, 'open signals past their maximum age: the team was told');
      await this.deps.relay?.relay().catch(() => undefined);
    }
    return escalated;
  }

  /** Open signals past the maximum age plus retention: their personal details go, like a closed one's. */
  async eraseOld(): Promise<number> {
    const maxOpenDays = this.deps.maxOpenDays;
    if (maxOpenDays === undefined) return 0;
    const now = this.deps.clock.now();
    const limit = now.getTime() - (maxOpenDays + this.deps.retentionDays) * DAY_MS;
    let erased = 0;
    for (const summary of await this.deps.signals.summaries({ personalErased: false })) {
      if (summary.status === 'closed' || Date.parse(summary.createdAt) > limit) continue;
      if (await this.erase(summary.id, summary.version, now)) erased += 1;
    }
    if (erased > 0) this.deps.logger.info({ code: 'RETENTION_ERASED_OPEN', count: erased }, 'personal details of signals open too long erased');
    return erased;
  }

  /**
   * Erases one signal's personal details and notes, and queues a card update so the Teams card
   * shows "gegevens verwijderd" instead of the details it carried.
   */
  private async erase(signalId: string, version: number, now: Date): Promise<boolean> {
    const signal = await this.deps.signals.get(signalId);
    if (!signal || signal.version !== version) return false;
    const next: Signal = {
      ...signal,
      version: signal.version + 1,
      personal: {},
      notes: [],
      personalErasedAt: now.toISOString(),
      history: [...signal.history, { at: now.toISOString(), action: 'personalErased', by: { kind: 'system' } }],
    };
    if ((await this.deps.signals.update(next, [cardUpdateMessage(next, now)])) !== 'ok') return false;
    await this.deps.audit.append({ at: now.toISOString(), action: 'signal.personalErased', actor: 'system', signalId: signal.id, signaalpuntId: signal.signaalpuntId });
    await this.deps.relay?.relay().catch(() => undefined);
    return true;
  }
}
