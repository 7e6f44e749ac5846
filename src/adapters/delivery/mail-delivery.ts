import { createHash } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { PersonalDetails, Signal } from '../../domain/signal';
import { groupOf } from '../../domain/signs';
import type { Logger } from '../../ports/logger';
import type { SignalRepository } from '../../ports/signals';
import { signalOfMessage } from './message-signal';
import type { DeliveryChannel, DeliveryResult, OutboxKind, OutboxMessage } from '../../ports/outbox';
import type { Translations, Translator } from '../../ports/translator';

export interface MailDeliveryOptions {
  /** smtp://user:pass@host:587 or smtps://...:465. Never logged (it may hold a password). */
  smtpUrl: string;
  /** Sender, e.g. `Signaalbot <signaalbot@gemeente.nl>`. */
  from: string;
  signals: SignalRepository;
  logger: Logger;
  /** The mail is Dutch first, then English; all words come from the `delivery` namespace. */
  translations: Translations;
  /**
   * Put the person's and reporter's details in the mail. Off by default: e-mail is stored in
   * mailboxes and relays outside the bot's control. Turn on only for a mailbox of the signaalpunt
   * team over an enforced-TLS relay (then also set `requireTLS`).
   */
  includePersonalDetails?: boolean;
  /** STARTTLS must succeed (default: yes, unless ignoreTLS). smtps:// URLs are TLS from the start. */
  requireTLS?: boolean;
  /** Never try STARTTLS (only for a local test server). */
  ignoreTLS?: boolean;
  /** Connection, greeting and socket timeout (default 30 000 ms). */
  timeoutMs?: number;
}

/** Connection trouble that a later attempt may not meet. */
const TRANSIENT = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH']);

/** The reporter's fields (team members' names are for the team card only). */
type ReportedField = Exclude<keyof PersonalDetails, 'staffNames'>;
/** In mail order; a Record so a new personal field fails to compile until it is listed here. */
const PERSONAL_ORDER: Record<ReportedField, number> = {
  personName: 1,
  personContact: 2,
  postcode6: 3,
  houseNumber: 4,
  note: 5,
  reporterName: 6,
  reporterContact: 7,
  reporterOrganisation: 8,
};
const PERSONAL_FIELDS = (Object.keys(PERSONAL_ORDER) as ReportedField[]).sort((a, b) => PERSONAL_ORDER[a] - PERSONAL_ORDER[b]);

const SUBJECT_BY_KIND: Partial<Record<OutboxKind, 'new' | 'update' | 'reminder'>> = {
  'signal.new': 'new',
  'signal.cardUpdate': 'update',
  'signal.threadReply': 'reminder',
};

/**
 * Sends signals by e-mail (`{ kind: 'mail' }` targets) for signaalpunten without Teams: a short
 * plain-text mail, Dutch then English. SMTP 4xx answers and connection errors are retryable,
 * 5xx answers are not. The Message-ID is derived from the idempotency key, so a resend after a
 * crash carries the same id and mail systems can drop the duplicate.
 */
export class MailDelivery implements DeliveryChannel {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;
  private readonly logger: Logger;
  private readonly nl: Translator;
  private readonly en: Translator;
  private readonly idDomain: string;

  constructor(private readonly options: MailDeliveryOptions) {
    const timeout = options.timeoutMs ?? 30_000;
    const transportOptions: SMTPTransport.Options = {
      url: options.smtpUrl,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      // STARTTLS must succeed unless it is explicitly off (issue 11): opportunistic TLS can be stripped.
      requireTLS: options.requireTLS ?? !options.ignoreTLS,
      ...(options.ignoreTLS !== undefined ? { ignoreTLS: options.ignoreTLS } : {}),
    };
    this.transport = createTransport(transportOptions);
    this.logger = options.logger.child({ component: 'mail-delivery' });
    this.nl = options.translations.forLocale('nl');
    this.en = options.translations.forLocale('en');
    this.idDomain = /@([A-Za-z0-9.-]+)/.exec(options.from)?.[1] ?? 'signaalbot.invalid';
  }

  async deliver(message: OutboxMessage): Promise<DeliveryResult> {
    const target = message.target;
    const variant = SUBJECT_BY_KIND[message.kind];
    if (target.kind !== 'mail' || !variant) return this.fail(message, 'WRONG_TARGET', false);
    const signal = await signalOfMessage(message, this.options.signals);
    if (typeof signal === 'string') return this.fail(message, signal, false);

    const subject = `${this.nl.t(`delivery:mail.subject.${variant}`, { reference: signal.reference })} / ${this.en.t(
      `delivery:mail.subject.${variant}`,
      { reference: signal.reference },
    )}`;
    const text = [this.body(this.nl, variant, signal), '-----', this.body(this.en, variant, signal)].join('\n\n');
    const digest = createHash('sha256').update(message.idempotencyKey).digest('hex').slice(0, 32);
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: target.to,
        subject: oneLine(subject),
        text,
        messageId: `<${digest}@${this.idDomain}>`,
        headers: { 'X-Signaalbot-Delivery': message.idempotencyKey, 'Auto-Submitted': 'auto-generated' },
      });
      this.logger.info({ messageId: message.id, signalId: signal.id, acceptedCount: info.accepted.length }, 'mail delivered');
      return { ok: true };
    } catch (err) {
      const { code, retryable } = smtpFailure(err);
      return this.fail(message, code, retryable);
    }
  }

  /** Closes the SMTP connection(s), for shutdown. */
  close(): void {
    this.transport.close();
  }

  private body(t: Translator, variant: 'new' | 'update' | 'reminder', s: Signal): string {
    const yesNo = (value: boolean) => t.t(value ? 'delivery:yes' : 'delivery:no');
    const field = (key: string, value: string) => `${t.t(`delivery:mail.fields.${key}`)}: ${oneLine(value)}`;
    const lines = [
      t.t(`delivery:mail.intro.${variant}`),
      '',
      field('reference', s.reference),
      field('status', t.t(`delivery:status.${s.status}`)),
      field('created', formatDateTime(s.createdAt, t.tag)),
      field('deadline', formatDate(s.deadline, t.tag)),
      field('about', t.t(`delivery:about.${s.about}`)),
      field('ageGroup', t.t(`delivery:ageGroup.${s.ageGroup}`)),
      field('postcode4', s.postcode4),
      field('relation', t.t(`delivery:relation.${s.relation}`)),
      field('sector', t.t(`delivery:sector.${s.reporterSector}`)),
      field('informed', yesNo(s.informed)),
      field('consent', yesNo(s.consent)),
      field('wantsFeedback', yesNo(s.wantsFeedback)),
      `${t.t('delivery:mail.fields.signs')}:`,
      ...s.signs.map((sign) => `- ${t.t(`content:signs.${groupOf(sign)}.items.${sign}`)}`),
      '',
    ];
    if (this.options.includePersonalDetails) {
      lines.push(`${t.t('delivery:mail.personalTitle')}:`);
      for (const key of PERSONAL_FIELDS) {
        const value = s.personal[key];
        if (value) lines.push(`${t.t(`delivery:mail.personal.${key}`)}: ${oneLine(value)}`);
      }
    } else {
      lines.push(t.t('delivery:mail.personalOmitted'));
    }
    lines.push('', t.t('delivery:mail.footer'));
    return lines.join('\n');
  }

  private fail(message: OutboxMessage, code: string, retryable: boolean): DeliveryResult {
    this.logger.warn({ messageId: message.id, code, retryable }, 'mail not delivered');
    return { ok: false, code, retryable };
  }
}

/** SMTP 4xx: try again later; 5xx: refused for good; connection trouble: try again. */
export function smtpFailure(err: unknown): { code: string; retryable: boolean } {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { responseCode?: unknown; code?: unknown };
  if (typeof e.responseCode === 'number') {
    return { code: `SMTP_${e.responseCode}`, retryable: e.responseCode >= 400 && e.responseCode < 500 };
  }
  if (typeof e.code === 'string') return { code: `SMTP_${e.code}`, retryable: TRANSIENT.has(e.code) };
  return { code: 'SMTP_ERROR', retryable: true };
}

/** Free text stays on its line: no forged headers or fake fields through a line break. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

function formatDateTime(iso: string, tag: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(tag, { timeZone: 'Europe/Amsterdam', dateStyle: 'long', timeStyle: 'short' }).format(at);
}

function formatDate(isoDate: string, tag: string): string {
  const at = new Date(`${isoDate}T12:00:00Z`); // midday UTC is the same date in Amsterdam
  if (Number.isNaN(at.getTime())) return isoDate;
  return new Intl.DateTimeFormat(tag, { timeZone: 'Europe/Amsterdam', dateStyle: 'long' }).format(at);
}

