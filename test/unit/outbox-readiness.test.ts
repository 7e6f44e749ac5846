import { outboxReadiness } from '../../src/application/outbox-readiness';
import type { Outbox, OutboxMessage } from '../../src/ports/outbox';

const now = new Date('2026-12-04T10:00:00Z');

function outboxWith(nextAttemptAt: string[]): Pick<Outbox, 'due'> {
  const messages = nextAttemptAt.map((at, i) => ({ id: `m${i}`, nextAttemptAt: at }) as OutboxMessage);
  return { due: async (at: Date, limit: number) => messages.filter((m) => Date.parse(m.nextAttemptAt) <= at.getTime()).slice(0, limit) };
}

describe('outboxReadiness', () => {
  it('When nothing is due, then the outbox is ready', async () => {
    await expect(outboxReadiness(outboxWith(['2026-12-04T10:05:00Z']), now, 60_000)).resolves.toEqual({ ok: true, oldestDueAgeMs: 0 });
  });

  it('When the oldest due message is younger than the limit, then the outbox is ready', async () => {
    await expect(outboxReadiness(outboxWith(['2026-12-04T09:59:30Z']), now, 60_000)).resolves.toEqual({ ok: true, oldestDueAgeMs: 30_000 });
  });

  it('When the oldest due message is older than the limit, then it is not ready with OUTBOX_STUCK', async () => {
    await expect(outboxReadiness(outboxWith(['2026-12-04T09:50:00Z', '2026-12-04T09:59:59Z']), now, 60_000)).resolves.toEqual({
      ok: false,
      reason: 'OUTBOX_STUCK',
      oldestDueAgeMs: 600_000,
    });
  });

  it('When the outbox cannot be read, then it is not ready with OUTBOX_UNREADABLE', async () => {
    const broken = { due: async () => Promise.reject(new Error('disk')) };
    await expect(outboxReadiness(broken, now, 60_000)).resolves.toEqual({ ok: false, reason: 'OUTBOX_UNREADABLE' });
  });
});
