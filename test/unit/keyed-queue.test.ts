import { KeyedQueue } from '../../src/adapters/keyed-queue';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedQueue', () => {
  test('When two tasks share a key, then the second starts after the first ends', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    const a = queue.run('c1', async () => {
      events.push('a-start');
      await tick();
      events.push('a-end');
    });
    const b = queue.run('c1', async () => {
      events.push('b-start');
    });
    await Promise.all([a, b]);
    expect(events).toEqual(['a-start', 'a-end', 'b-start']);
    expect(queue.size).toBe(0);
  });

  test('When tasks have different keys, then they run side by side', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    await Promise.all([
      queue.run('c1', async () => {
        events.push('a-start');
        await tick();
        events.push('a-end');
      }),
      queue.run('c2', async () => {
        events.push('b-start');
      }),
    ]);
    expect(events.indexOf('b-start')).toBeLessThan(events.indexOf('a-end'));
  });

  test('When a task fails, then its caller sees the error and the next task still runs', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('c1', async () => {
      throw new Error('boom');
    });
    const next = queue.run('c1', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
