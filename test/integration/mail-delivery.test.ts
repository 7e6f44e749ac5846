import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { MailDelivery, smtpFailure, type MailDeliveryOptions } from '../../src/adapters/delivery/mail-delivery';
import { createTranslations } from '../../src/i18n/i18n';
import type { SignalRepository } from '../../src/ports/signals';
import type { OutboxMessage } from '../../src/ports/outbox';
import { captureLogger, makeMessage, makeSignal, PERSONAL } from '../helpers/signal-fixtures';

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server on 127.0.0.1, port 0, no TLS, no login; `reject` answers DATA with an SMTP error. */
async function startSmtp(reject?: { code: number; text: string }): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const options: SMTPServerOptions = {
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (reject) {
          const err = Object.assign(new Error(reject.text), { responseCode: reject.code });
          callback(err);
          return;
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const translations = createTranslations({ strict: true });
const signal = makeSignal();
const signals = { get: async (id: string) => (id === signal.id ? signal : undefined) } as Pick<SignalRepository, 'get'> as SignalRepository;

const opened: MailDelivery[] = [];
function delivery(url: string, extra: Partial<MailDeliveryOptions> = {}) {
  const logger = captureLogger();
  const channel = new MailDelivery({ smtpUrl: url, from: 'Signaalbot <signaalbot@gemeente.example>', signals, logger, translations, ignoreTLS: true, timeoutMs: 5_000, ...extra });
  opened.push(channel);
  return { channel, logger };
}

const message = (overrides: Partial<OutboxMessage> = {}): OutboxMessage =>
  makeMessage({ id: 'mail-1', idempotencyKey: 'signal.new:sig-1:mail', target: { kind: 'mail', signaalpuntId: 'GM0677', to: 'team@gemeente.example' }, ...overrides });

/** The decoded text of a simple (single-part, quoted-printable or 7bit) message. */
function decode(raw: string): { headers: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n\s+/g, ' ');
  let body = raw.slice(split + 4);
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return { headers, body };
}

let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
afterEach(async () => {
  opened.splice(0).forEach((c) => c.close());
  await smtp?.close();
  smtp = undefined;
});

describe('MailDelivery', () => {
  test('When a new signal is mailed, then it arrives with the reference in the subject, in Dutch and English, without personal details', async () => {
    smtp = await startSmtp();
    const { channel, logger } = delivery(smtp.url);

    expect(await channel.deliver(message())).toEqual({ ok: true });

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['team@gemeente.example']);
    const { headers, body } = decode(mail.raw);
    expect(headers).toMatch(/Subject: Nieuw signaal SIG-2026-000123 \/ New signal SIG-2026-000123/);
    expect(headers).toMatch(/Message-ID: <[0-9a-f]{32}@gemeente\.example>/);
    expect(body).toContain('Kenmerk: SIG-2026-000123');
    expect(body).toContain('Reference: SIG-2026-000123');
    expect(body).toContain('Postcode (4 cijfers): 4331');
    expect(body).toContain('- De gordijnen zijn dagen dicht');
    expect(body).toContain('75 or older');
    for (const value of Object.values(PERSONAL)) expect(mail.raw).not.toContain(value);
    expect(logger.text()).not.toContain(smtp.url);
  });

  test('When personal details are switched on, then they are in the mail, each on its own line', async () => {
    smtp = await startSmtp();
    const { channel } = delivery(smtp.url, { includePersonalDetails: true });

    await channel.deliver(message());
    const { body } = decode(smtp.mails[0]!.raw);
    expect(body).toContain(`Naam: ${PERSONAL.personName}`);
    expect(body).toContain(`Reporter's phone or e-mail: ${PERSONAL.reporterContact}`);
  });

  test('When the same message is mailed twice (a resend after a crash), then both carry the same Message-ID', async () => {
    smtp = await startSmtp();
    const { channel } = delivery(smtp.url);
    await channel.deliver(message());
    await channel.deliver(message());
    const ids = smtp.mails.map((m) => /Message-ID: (\S+)/i.exec(decode(m.raw).headers)?.[1]);
    expect(ids[0]).toBeDefined();
    expect(ids[1]).toBe(ids[0]);
  });

  test('When the server answers 451 or 550, then 4xx is retryable and 5xx is not', async () => {
    smtp = await startSmtp({ code: 451, text: 'try later' });
    expect(await delivery(smtp.url).channel.deliver(message())).toEqual({ ok: false, code: 'SMTP_451', retryable: true });
    await smtp.close();
    smtp = await startSmtp({ code: 550, text: 'no such mailbox' });
    expect(await delivery(smtp.url).channel.deliver(message())).toEqual({ ok: false, code: 'SMTP_550', retryable: false });
  });

  test('When no server listens, then the failure is a retryable connection error', async () => {
    smtp = await startSmtp();
    const url = smtp.url;
    await smtp.close();
    smtp = undefined;
    expect(await delivery(url).channel.deliver(message())).toEqual({ ok: false, code: expect.stringMatching(/^SMTP_E(SOCKET|CONNECTION)$/), retryable: true });
  });

  test('When the target is not mail or the signal is gone, then nothing is sent and the failure is not retryable', async () => {
    smtp = await startSmtp();
    const { channel } = delivery(smtp.url);
    expect(await channel.deliver(message({ target: { kind: 'teams', signaalpuntId: 'GM0677' } }))).toMatchObject({ code: 'WRONG_TARGET', retryable: false });
    expect(await channel.deliver(message({ kind: 'reporter.notify' }))).toMatchObject({ code: 'WRONG_TARGET', retryable: false });
    expect(await channel.deliver(message({ payload: { signalId: 'nope' } }))).toMatchObject({ code: 'SIGNAL_NOT_FOUND', retryable: false });
    expect(smtp.mails).toHaveLength(0);
  });

  test('When SMTP errors are classified, then 4xx and connection trouble retry, 5xx and the rest do not', () => {
    expect(smtpFailure({ responseCode: 421, code: 'EENVELOPE' })).toEqual({ code: 'SMTP_421', retryable: true });
    expect(smtpFailure({ responseCode: 535, code: 'EAUTH' })).toEqual({ code: 'SMTP_535', retryable: false });
    expect(smtpFailure({ code: 'ETIMEDOUT' })).toEqual({ code: 'SMTP_ETIMEDOUT', retryable: true });
    expect(smtpFailure({ code: 'EMESSAGE' })).toEqual({ code: 'SMTP_EMESSAGE', retryable: false });
  });
});
