import cron from 'node-cron';
import type { Logger } from '../../ports/logger';

export interface CronTicker {
  stop(): Promise<void>;
}

/**
 * One node-cron task, every minute in Europe/Amsterdam, that calls `tick` (the scheduler reads the
 * time from its clock port). Never one task per circle: due events come from the scheduler's index.
 * The task does not keep the process alive and never overlaps itself; a tick that throws is logged
 * (by code) and the next minute tries again.
 */
export function startCronTicker(tick: () => Promise<unknown>, logger: Logger): CronTicker {
  const log = logger.child({ component: 'cron-ticker' });
  let inFlight: Promise<unknown> | undefined;
  const task = cron.schedule(
    '* * * * *',
    () => {
      inFlight = tick().catch((err: unknown) => {
        log.error({ code: 'SCHEDULER_TICK_FAILED', errorName: err instanceof Error ? err.name : typeof err }, 'circle scheduler tick failed');
      });
      return inFlight;
    },
    {
      name: 'circle-scheduler',
      timezone: 'Europe/Amsterdam',
      noOverlap: true,
      unref: true,
      logger: {
        info: () => undefined,
        debug: () => undefined,
        warn: (message) => log.warn({ code: 'CRON_WARNING', detail: message.slice(0, 120) }, 'node-cron warning'),
        error: () => log.error({ code: 'CRON_ERROR' }, 'node-cron error'),
      },
    },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await inFlight;
    },
  };
}
