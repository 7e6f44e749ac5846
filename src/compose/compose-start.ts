import type { Config } from '../config/config';
import { type CronTicker, startCronTicker } from '../adapters/scheduler/cron-ticker';
import type { OutboxRelay } from '../application/outbox-relay';
import type { OutboxWorker } from '../application/outbox-worker';
import type { Clock } from '../ports/clock';
import type { Outbox } from '../ports/outbox';
import type { Telemetry } from '../ports/telemetry';
import type { BotFeature } from './compose-bot';
import type { CirclesFeature } from './compose-circles';
import type { Core } from './compose-core';
import type { HttpFeature } from './compose-http';
import type { SignalFeature } from './compose-signals';

/** How often every linked team's roster is read again from the connector. */
const ROSTER_REFRESH_MS = 24 * 60 * 60_000;

export interface Running {
  port: number;
  /** Stop taking requests, finish turns in flight, flush storage. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Listens, then starts what runs on its own: the outbox worker (after the relay moved what a
 * crash left staged), the call-circle scheduler and its tick, maintenance and the daily roster
 * refresh. `stop()` ends them in the reverse order.
 */
export async function startApp(
  config: Config,
  core: Core,
  parts: HttpFeature & { worker: OutboxWorker; relay: OutboxRelay; bot: BotFeature; signals: SignalFeature; circles: CirclesFeature },
): Promise<Running> {
  const { logger, telemetry, stores, clock } = core;
  const { http, webChat, worker } = parts;
  const { scheduler } = parts.circles;
  const port = await http.listen(config.port, config.host);
  logger.info({ code: 'LISTENING', port }, 'signaalbot is listening');
  await webChat.start(port);
  // What a crash or a failed outbox write left staged goes to the outbox before the first pass
  // (a failure is logged by the relay; the next change or maintenance run tries again).
  await parts.relay.relay().catch(() => undefined);
  worker.start();
  await scheduler.start();
  const ticker: CronTicker | undefined = config.circles.schedulerEnabled
    ? startCronTicker(() => stores.runTick(() => scheduler.tick(), () => scheduler.start()), logger)
    : undefined;
  if (!ticker) logger.warn({ code: 'CIRCLE_SCHEDULER_OFF' }, 'operator: the call-circle scheduler is off: no reminders or escalations are sent');
  const { maintenance } = parts.signals;
  const runMaintenance = () =>
    void telemetry
      .span('signals.maintenance', {}, () =>
        Promise.all([maintenance.remindOverdue(), maintenance.runRetention(), stores.prune(clock.now()), parts.relay.relay().catch(() => undefined)]),
      )
      .then(
        () => telemetry.count('signaalbot.maintenance.runs', { outcome: 'ok' }),
        (error: Error) => {
          telemetry.count('signaalbot.maintenance.runs', { outcome: 'failed' });
          logger.error({ code: 'MAINTENANCE_FAILED', errorName: error.name }, 'maintenance run failed');
        },
      );
  const maintenanceTimer = setInterval(runMaintenance, config.signals.maintenanceIntervalMs);
  observeOutbox(telemetry, stores.outbox, clock);
  maintenanceTimer.unref();
  const rosterTimer = setInterval(() => void parts.bot.refreshRosters(), ROSTER_REFRESH_MS);
  rosterTimer.unref();

  let stopping: Promise<void> | undefined;
  return {
    port,
    stop() {
      stopping ??= (async () => {
        clearInterval(maintenanceTimer);
        clearInterval(rosterTimer);
        await ticker?.stop();
        await webChat.stop();
        const drained = await http.drain(config.shutdownTimeoutMs);
        if (!drained) logger.warn({ code: 'SHUTDOWN_TIMEOUT' }, 'turns still running at shutdown');
        await worker.stop();
        await telemetry.shutdown().catch(() => undefined);
        await stores.close();
        logger.info({ code: 'STOPPED' }, 'signaalbot stopped');
        core.restoreConsole();
      })();
      return stopping;
    },
  };
}

/** Outbox depth and the age of the oldest due message, read at each metrics export. */
function observeOutbox(telemetry: Telemetry, outbox: Outbox, clock: Clock): void {
  telemetry.observe('signaalbot.outbox.pending', async () => (await outbox.list('pending')).length);
  telemetry.observe('signaalbot.outbox.undeliverable', async () => (await outbox.list('undeliverable')).length);
  telemetry.observe('signaalbot.outbox.oldest_due_age', async () => {
    const [oldest] = await outbox.due(clock.now(), 1);
    return oldest ? Math.max(0, clock.now().getTime() - Date.parse(oldest.nextAttemptAt)) : 0;
  });
}
