import cron from 'node-cron';
import { startCronTicker } from '../../src/adapters/scheduler/cron-ticker';
import { captureLogger } from '../helpers/signal-fixtures';

/**
 * The one node-cron task behind the call-circle scheduler: every minute, Amsterdam time, and
 * gone after stop. (Its timing is node-cron's; the scheduler's own logic is tested with a fake clock.)
 */
describe('the cron ticker', () => {
  it('When started, then one task runs every minute and calls the tick; a failing tick is logged by code only; stop removes it', async () => {
    const logger = captureLogger();
    let ticks = 0;
    const ticker = startCronTicker(async () => {
      ticks += 1;
      if (ticks === 2) throw new Error('Testlid Een is private');
    }, logger);
    const tasks = [...cron.getTasks().values()].filter((t) => t.name === 'circle-scheduler');
    expect(tasks).toHaveLength(1);
    const task = tasks[0]!;
    expect(task.getPattern()).toBe('* * * * *');
    const next = task.getNextRun();
    expect(next).not.toBeNull();
    expect(next!.getUTCSeconds()).toBe(0);
    await task.execute();
    await task.execute();
    expect(ticks).toBe(2);
    expect(logger.lines.map((l) => l.fields.code)).toContain('SCHEDULER_TICK_FAILED');
    expect(logger.text()).not.toContain('Testlid');
    await ticker.stop();
    expect([...cron.getTasks().values()].filter((t) => t.name === 'circle-scheduler')).toHaveLength(0);
  });
});
