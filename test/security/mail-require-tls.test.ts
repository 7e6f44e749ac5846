import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { MailDelivery } from '../../src/adapters/delivery/mail-delivery';
import { loadConfig } from '../../src/config/config';
import { createTranslations } from '../../src/i18n/i18n';
import type { SignalRepository } from '../../src/ports/signals';
import { captureLogger, makeMessage, makeSignal } from '../helpers/signal-fixtures';

/**
 * Issue 11, low (review L5): SMTP used opportunistic STARTTLS, so a relay (or anyone in the path)
 * that does not offer STARTTLS got the mail in the clear. The probe: a local SMTP server that
 * offers no STARTTLS, and a MailDelivery made the way main.ts makes it.
 */
const signal = makeSignal();
const signals = { get: async (id: string) => (id === signal.id ? signal : undefined) } as Pick<SignalRepository, 'get'> as SignalRepository;
const message = makeMessage({ id: 'mail-tls', idempotencyKey: 'signal.new:sig-tls:mail', target: { kind: 'mail', signaalpuntId: 'GM0677', to: 'team@gemeente.example' } });

let server: SMTPServer;
let url: string;
let received = 0;
beforeAll(async () => {
  server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function deliveryFromConfig(extraEnv: Record<string, string>): MailDelivery {
  const config = loadConfig({ NODE_ENV: 'test', SMTP_URL: url, MAIL_FROM: 'signaalbot@gemeente.example', ...extraEnv });
  return new MailDelivery({ ...config.signals.mail!, signals, logger: captureLogger(), translations: createTranslations(), timeoutMs: 5000 });
}

describe('mail needs TLS', () => {
  test('When the SMTP server offers no STARTTLS, then nothing is sent in the clear', async () => {
    const before = received;
    const result = await deliveryFromConfig({}).deliver(message);
    expect(result.ok).toBe(false);
    expect(received).toBe(before);
  });

  test('When MAIL_REQUIRE_TLS=0 is set explicitly (a local test server), then the mail goes out without TLS', async () => {
    const before = received;
    const result = await deliveryFromConfig({ MAIL_REQUIRE_TLS: '0' }).deliver(message);
    expect(result.ok).toBe(true);
    expect(received).toBe(before + 1);
  });
});
