import type { Logger } from '../ports/logger';
import type { Outbox, StagedMessages } from '../ports/outbox';

/**
 * Moves messages that stores staged with a change (`StagedMessages`: signal records, the circle
 * rounds file) into the delivery outbox, then removes them from staging (ADR 0010). Runs after
 * every change and once at start, before the worker, one pass at a time. A message leaves staging
 * only after the outbox has it: a crash or a failed outbox write in between leaves it staged for
 * the next pass, and the outbox's idempotency keys drop the ones that had already arrived.
 */
export class OutboxRelay {
  private running: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly deps: {
      sources: readonly StagedMessages[];
      outbox: Outbox;
      logger: Logger;
      /** Called after a pass moved messages (the worker's wake). */
      onQueued?: () => void;
    },
  ) {}

  /** @returns how many messages this pass moved; rejects (after logging) when the outbox or a source refused. */
  relay(): Promise<number> {
    this.running = this.running.catch(() => 0).then(() => this.pass());
    return this.running;
  }

  private async pass(): Promise<number> {
    const staged = this.deps.sources.map((source) => ({ source, pending: source.pendingRelay() })).filter((s) => s.pending.length > 0);
    const pending = staged.flatMap((s) => s.pending);
    if (pending.length === 0) return 0;
    try {
      await this.deps.outbox.enqueue(pending);
    } catch (err) {
      // Still staged: the next relay (next change, tick or start) tries again.
      this.fail(pending.length, err);
    }
    const removed = await Promise.allSettled(staged.map((s) => s.source.relayed(s.pending.map((m) => m.id))));
    // In the outbox now, so worth delivering even when a source could not forget them yet.
    this.deps.onQueued?.();
    const failed = removed.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    // Left staged: the next pass enqueues them again and the outbox's keys drop the repeat.
    if (failed) this.fail(pending.length, failed.reason);
    return pending.length;
  }

  private fail(count: number, err: unknown): never {
    this.deps.logger.error({ code: 'OUTBOX_RELAY_FAILED', count, errorName: (err as Error)?.name ?? typeof err }, 'staged messages not moved to the outbox');
    throw err;
  }
}
