import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  signWebhook,
  WEBHOOK_DELIVERY_HEADER,
  WebhookDelivery,
  type WebhookBody,
  type WebhookDeliveryOptions,
} from '../../src/adapters/delivery/webhook-delivery';
import type { SignalRepository } from '../../src/ports/signals';
import type { OutboxMessage } from '../../src/ports/outbox';
import { captureLogger, fakeClock, makeMessage, makeSignal, PERSONAL } from '../helpers/signal-fixtures';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

/**
 * Answers without `writeHead`: restify (loaded by other suites in the same jest worker) patches
 * `http.ServerResponse.prototype`, and its `writeHead` does not return the response.
 */
function answer(res: http.ServerResponse, status: number, headers: Record<string, string> = {}, body = ''): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(body);
}

/** A signaalpunt's system on 127.0.0.1 (port 0); the handler decides the answer. */
async function startServer(handler: Handler): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/signals`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const SECRET = 'test-secret-GM0677';
const signal = makeSignal();
const signals: Pick<SignalRepository, 'get'> = { get: async (id: string) => (id === signal.id ? signal : undefined) };
const clock = fakeClock('2026-03-02T09:00:00.000Z');

function delivery(extra: Partial<WebhookDeliveryOptions> = {}) {
  const logger = captureLogger();
  const channel = new WebhookDelivery({
    signals: signals as SignalRepository,
    secretFor: (sp) => (sp === 'GM0677' ? SECRET : undefined),
    logger,
    clock,
    ...extra,
  });
  return { channel, logger };
}

function message(url: string, overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return makeMessage({ id: 'w1', idempotencyKey: 'signal.new:sig-1:webhook', target: { kind: 'webhook', signaalpuntId: 'GM0677', url }, ...overrides });
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('WebhookDelivery', () => {
  test('When the system answers 200, then the signal arrives signed, and the receiver can verify the HMAC', async () => {
    server = await startServer((_req, res) => answer(res, 200, {}, 'ok'));
    const { channel, logger } = delivery();

    expect(await channel.deliver(message(server.url))).toEqual({ ok: true });

    const [req] = server.received;
    const timestamp = String(req!.headers['x-signaalbot-timestamp']);
    expect(timestamp).toBe(String(Date.parse('2026-03-02T09:00:00Z') / 1000));
    const expected = createHmac('sha256', SECRET).update(`${timestamp}.${req!.body}`).digest('hex');
    const given = String(req!.headers['x-signaalbot-signature']);
    expect(given).toBe(`sha256=${expected}`);
    expect(timingSafeEqual(Buffer.from(given), Buffer.from(`sha256=${signWebhook(SECRET, timestamp, req!.body)}`))).toBe(true);
    expect(req!.headers[WEBHOOK_DELIVERY_HEADER.toLowerCase()]).toBe('signal.new:sig-1:webhook');
    expect(req!.headers['content-type']).toMatch(/^application\/json/);

    const body = JSON.parse(req!.body) as WebhookBody;
    expect(body).toMatchObject({
      version: 1,
      event: 'signal.new',
      signal: {
        reference: 'SIG-2026-000123',
        signaalpuntId: 'GM0677',
        status: 'new',
        deadline: '2026-03-04',
        ageGroup: 'senior75',
        postcode4: '4331',
        signs: ['fewContacts', 'curtainsClosed'],
        relation: 'customer',
        reporterSector: 'pharmacy',
        informed: true,
        consent: true,
        personal: { personName: PERSONAL.personName, personContact: PERSONAL.personContact },
      },
    });
    expect(logger.text()).not.toContain(PERSONAL.personName);
  });

  test('When the body is changed on the way, then the signature no longer matches', async () => {
    server = await startServer((_req, res) => answer(res, 204));
    await delivery().channel.deliver(message(server.url));
    const [req] = server.received;
    const timestamp = String(req!.headers['x-signaalbot-timestamp']);
    const forged = req!.body.replace('4331', '1011');
    expect(`sha256=${signWebhook(SECRET, timestamp, forged)}`).not.toBe(req!.headers['x-signaalbot-signature']);
  });

  test('When the system answers 500 or 503 with Retry-After, then the failure is retryable and the wait is passed on', async () => {
    const answers = [
      (res: http.ServerResponse) => answer(res, 500, {}, 'boom'),
      (res: http.ServerResponse) => answer(res, 503, { 'Retry-After': '30' }),
      (res: http.ServerResponse) => answer(res, 429, { 'Retry-After': 'Mon, 02 Mar 2026 09:02:00 GMT' }),
    ];
    server = await startServer((_req, res) => answers.shift()!(res));
    const { channel } = delivery();

    expect(await channel.deliver(message(server.url))).toEqual({ ok: false, code: 'HTTP_500', retryable: true });
    expect(await channel.deliver(message(server.url))).toEqual({ ok: false, code: 'HTTP_503', retryable: true, retryAfterMs: 30_000 });
    expect(await channel.deliver(message(server.url))).toEqual({ ok: false, code: 'HTTP_429', retryable: true, retryAfterMs: 120_000 });
  });

  test('When the system answers 400 or redirects, then the failure is not retryable and the redirect is not followed', async () => {
    const answers = [
      (res: http.ServerResponse) => answer(res, 400),
      (res: http.ServerResponse) => answer(res, 302, { Location: 'http://127.0.0.1:1/elsewhere' }),
    ];
    server = await startServer((_req, res) => answers.shift()!(res));
    const { channel } = delivery();

    expect(await channel.deliver(message(server.url))).toEqual({ ok: false, code: 'HTTP_400', retryable: false });
    expect(await channel.deliver(message(server.url))).toEqual({ ok: false, code: 'HTTP_302', retryable: false });
    expect(server.received).toHaveLength(2);
  });

  test('When the system never answers, then the attempt ends with TIMEOUT (retryable) after the configured time', async () => {
    server = await startServer(() => undefined); // reads the request, never answers
    const { channel } = delivery({ timeoutMs: 200 });

    const started = Date.now();
    expect(await channel.deliver(message(server.url))).toEqual({ ok: false, code: 'TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('When nothing listens on the port, then the failure is NETWORK (retryable)', async () => {
    server = await startServer((_req, res) => answer(res, 200));
    const url = server.url;
    await server.close();
    server = undefined;
    expect(await delivery().channel.deliver(message(url))).toEqual({ ok: false, code: 'NETWORK', retryable: true });
  });

  test('When the secret, the signal or a safe URL is missing, then nothing is sent and the failure is not retryable', async () => {
    server = await startServer((_req, res) => answer(res, 200));
    const { channel } = delivery();
    const noSecret = message(server.url, { target: { kind: 'webhook', signaalpuntId: 'GM0363', url: server.url } });
    const unknownSignal = message(server.url, { payload: { signalId: 'nope' } });
    const plainHttp = message('http://example.org/hook');

    expect(await channel.deliver(noSecret)).toMatchObject({ ok: false, code: 'WEBHOOK_SECRET_MISSING', retryable: false });
    expect(await channel.deliver(unknownSignal)).toMatchObject({ ok: false, code: 'SIGNAL_NOT_FOUND', retryable: false });
    expect(await channel.deliver(plainHttp)).toMatchObject({ ok: false, code: 'WEBHOOK_INSECURE_URL', retryable: false });
    expect(server.received).toHaveLength(0);
  });
});
