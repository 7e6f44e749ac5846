import type { Signal } from '../domain/signal';
import { amsterdamDate, isWorkingDay } from '../domain/working-days';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { AuditLog, SignalRepository } from '../ports/signals';
import { overdueMessage } from './outbox-messages';

export interface MaintenanceDeps {
  signals: SignalRepository;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** Days after closing when personal details are erased. */
  retentionDays: number;
  onQueued?: () => void;
}

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
      this.deps.onQueued?.();
    }
    return queued;
  }

  /** Erases personal details of signals closed longer than the retention period ago. */
  async eraseExpired(): Promise<number> {
    const now = this.deps.clock.now();
    const limit = now.getTime() - this.deps.retentionDays * 24 * 60 * 60 * 1000;
    let erased = 0;
    const closedBy = new Date(limit).toISOString();
    for (const summary of await this.deps.signals.summaries({ status: 'closed', closedBy, personalErased: false })) {
      if (summary.personalErasedAt || !summary.closedAt || Date.parse(summary.closedAt) > limit) continue;
      const signal = await this.deps.signals.get(summary.id);
      if (!signal || signal.version !== summary.version) continue;
      const next: Signal = {
        ...signal,
        version: signal.version + 1,
        personal: {},
        notes: [],
        personalErasedAt: now.toISOString(),
        history: [...signal.history, { at: now.toISOString(), action: 'personalErased', by: { kind: 'system' } }],
      };
      if ((await this.deps.signals.update(next)) !== 'ok') continue;
      await this.deps.audit.append({ at: now.toISOString(), action: 'signal.personalErased', actor: 'system', signalId: signal.id, signaalpuntId: signal.signaalpuntId });
      erased += 1;
    }
    if (erased > 0) this.deps.logger.info({ code: 'RETENTION_ERASED', count: erased }, 'personal details erased after retention');
    return erased;
  }
}
