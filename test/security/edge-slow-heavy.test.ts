import net from 'node:net';
import { KeyedQueue, QueueFullError, TaskTimeoutError } from '../../src/adapters/keyed-queue';
import { type Harness, startHarness, teamsMessage } from '../helpers/app-harness';

/**
 * Issue 11, finding 6 (review M3, M4, L9): slow and heavy requests. The review's probes: headers
 * one line every 5 s held a connection 84 s, a trickling body more than 125 s (requestTimeout
 * 300 s), no connection cap; a 20,000-character message cost 140-520 ms of event loop; the turn
 * queue had no bound and no time limit.
 */
const LIMITS = { REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '1000', MAX_CONNECTIONS: '3' };

/** Milliseconds until the server closes the socket, or undefined when it is still open after waitMs. */
function closedAfter(socket: net.Socket, waitMs: number): Promise<number | undefined> {
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), waitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => undefined);
  });
}

describe('slow and heavy requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(LIMITS);
  });
  afterAll(async () => {
    await h.close();
  });

  test('When request headers trickle in, then the connection is closed after the headers timeout', async () => {
    const socket = await connect(h.app.port);
    socket.write('POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = setInterval(() => socket.write('X-Slow: 1\r\n'), 300);
    const closed = await closedAfter(socket, 4000);
    clearInterval(trickle);
    socket.destroy();
    expect(closed).toBeDefined();
    expect(closed!).toBeLessThan(3000);
  });

  test('When a request body trickles in, then the connection is closed after the request timeout', async () => {
    const socket = await connect(h.app.port);
    socket.write('POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const trickle = setInterval(() => socket.write(' '), 300);
    const closed = await closedAfter(socket, 4000);
    clearInterval(trickle);
    socket.destroy();
    expect(closed).toBeDefined();
    expect(closed!).toBeLessThan(3000);
  });

  test('When more connections are open than the cap, then the next one is closed at once and the server still serves', async () => {
    const held = await Promise.all([1, 2, 3].map(() => connect(h.app.port)));
    const extra = await connect(h.app.port);
    const closed = await closedAfter(extra, 800);
    held.forEach((s) => s.destroy());
    extra.destroy();
    expect(closed).toBeDefined();
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
  });

  test('When a message is far longer than a person types, then it gets a polite answer and no dialog reads it', async () => {
    const res = await h.post(teamsMessage('a:long', { text: `ik maak me zorgen ${'a '.repeat(9_000)}` }));
    expect(res.status).toBe(200);
    await h.connector.waitFor(() => h.connector.sent('a:long').length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    const texts = h.connector.sent('a:long').map((a) => String(a['text'] ?? ''));
    expect(texts).toEqual([expect.stringContaining('te lang')]);
    expect(texts[0]).toContain('4000');
  });

  test('When a message is as long as the limit, then the bot reads it as usual', async () => {
    const res = await h.post(teamsMessage('a:limit', { text: `hallo ${'x'.repeat(3990)}` }));
    expect(res.status).toBe(200);
    await h.connector.waitFor(() => h.connector.sent('a:limit').length >= 1);
    expect(h.connector.sent('a:limit').map((a) => String(a['text'] ?? ''))).not.toContainEqual(expect.stringContaining('te lang'));
  });
});

describe('the per-conversation turn queue', () => {
  test('When a conversation already has the most turns waiting, then one more is refused at once', async () => {
    const queue = new KeyedQueue({ limit: 2 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run('c', () => gate);
    const second = queue.run('c', async () => 'second');
    await expect(queue.run('c', async () => 'third')).rejects.toBeInstanceOf(QueueFullError);
    await expect(queue.run('other', async () => 'other')).resolves.toBe('other');
    release();
    await first;
    await expect(second).resolves.toBe('second');
    await expect(queue.run('c', async () => 'later')).resolves.toBe('later');
  });

  test('When a turn hangs, then it fails after the time limit and the next turn of that conversation runs', async () => {
    const queue = new KeyedQueue({ timeoutMs: 100 });
    const hung = queue.run('c', () => new Promise<never>(() => undefined));
    const next = queue.run('c', async () => 'next');
    await expect(hung).rejects.toBeInstanceOf(TaskTimeoutError);
    await expect(next).resolves.toBe('next');
  });
});
