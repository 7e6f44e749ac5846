import { JoinLimiter } from '../../src/application/circles/join-limiter';
import { captureLogger } from '../helpers/signal-fixtures';
import { describeEngines } from '../contract/engines';

/**
 * Issue 11 (H1): the join attempt limiter kept its counters in memory, so a restart (or a second
 * instance behind the load balancer) gave a guesser a fresh budget. The counters now live in the
 * store of each engine. An honest coordinator who mistypes twice still gets in.
 */

const TENANT = 'tenant-synthetic-1';

describeEngines('Join limits survive a restart and are shared', (engine) => {
  test('When a chat is locked out and the bot restarts, then it is still locked out', async () => {
    const stores = await engine().open();
    const limiter = new JoinLimiter(captureLogger(), stores.joinLimits);
    const now = engine().clock.now();
    for (let i = 0; i < 5; i++) await limiter.failed('chat-guesser-0666', TENANT, now);
    expect(await limiter.locked('chat-guesser-0666', TENANT, now)).toBe(true);
    const again = await stores.reopen();
    expect(await new JoinLimiter(captureLogger(), again.joinLimits).locked('chat-guesser-0666', TENANT, now)).toBe(true);
    // An hour and a bit later the lockout has ended.
    expect(await new JoinLimiter(captureLogger(), again.joinLimits).locked('chat-guesser-0666', TENANT, new Date(now.getTime() + 3_700_000))).toBe(false);
  });

  test('When failures are spread over a restart, then they still add up to a lockout', async () => {
    const stores = await engine().open();
    const now = engine().clock.now();
    const first = new JoinLimiter(captureLogger(), stores.joinLimits);
    for (let i = 0; i < 3; i++) await first.failed('chat-guesser-0667', TENANT, now);
    const again = await stores.reopen();
    const second = new JoinLimiter(captureLogger(), again.joinLimits);
    expect(await second.locked('chat-guesser-0667', TENANT, now)).toBe(false);
    for (let i = 0; i < 2; i++) await second.failed('chat-guesser-0667', TENANT, now);
    expect(await second.locked('chat-guesser-0667', TENANT, now)).toBe(true);
  });

  test('When a coordinator mistypes twice and then types the right code, then they are not locked and their mistakes are forgotten', async () => {
    const stores = await engine().open();
    const limiter = new JoinLimiter(captureLogger(), stores.joinLimits);
    const now = engine().clock.now();
    await limiter.failed('chat-coordinator-0002', TENANT, now);
    await limiter.failed('chat-coordinator-0002', TENANT, now);
    expect(await limiter.locked('chat-coordinator-0002', TENANT, now)).toBe(false);
    await limiter.succeeded('chat-coordinator-0002');
    expect(await stores.joinLimits.get('chat', 'chat-coordinator-0002')).toBeUndefined();
  });

});

describeEngines('Join limits on a second instance', (engine) => {
  test('When two instances share the database, then failures on both count together (PostgreSQL; lowdb has one process)', async () => {
    const e = engine();
    if (!e.openSecond) return; // lowdb: one process per data folder
    const [a, b] = [await e.open(), await e.openSecond()];
    const now = e.clock.now();
    const onA = new JoinLimiter(captureLogger(), a.joinLimits);
    const onB = new JoinLimiter(captureLogger(), b.joinLimits);
    await Promise.all([0, 1, 2].map(() => onA.failed('chat-guesser-0668', TENANT, now)));
    await Promise.all([0, 1].map(() => onB.failed('chat-guesser-0668', TENANT, now)));
    expect(await onA.locked('chat-guesser-0668', TENANT, now)).toBe(true);
    expect(await onB.locked('chat-guesser-0668', TENANT, now)).toBe(true);
    // Many chats at once on both instances: every failure lands, none waits on another forever.
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? onA : onB).failed(`chat-many-${i}`, `tenant-many-${i}`, now)));
    for (let i = 0; i < 20; i++) expect((await a.joinLimits.get('chat', `chat-many-${i}`))?.failures).toHaveLength(1);
  });
});
