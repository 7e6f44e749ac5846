import { createHmac } from 'node:crypto';
import { parseRetryAfterMs } from '../../domain/delivery-policy';
import type { Signal } from '../../domain/signal';
import { systemClock, type Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { SignalRepository } from '../../ports/signals';
import { signalOfMessage } from './message-signal';
import type { DeliveryChannel, DeliveryResult, OutboxMessage } from '../../ports/outbox';

export const WEBHOOK_TIMESTAMP_HEADER = 'X-Signaalbot-Timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'X-Signaalbot-Signature';
/** The outbox idempotency key: a receiver drops a repeat (a resend after a crash) by it. */
export const WEBHOOK_DELIVERY_HEADER = 'X-Signaalbot-Delivery';

export interface WebhookDeliveryOptions {
  signals: SignalRepository;
  /** The shared secret of a signaalpunt's webhook (from its configuration); undefined when none. */
  secretFor: (signaalpuntId: string) => string | undefined;
  logger: Logger;
  /** Per request, connect to last byte (default 10 000 ms). */
  timeoutMs?: number;
  clock?: Clock;
  /**
   * Allow plain http to any host. Off by default: personal details only travel over https, and
   * over http only to the machine itself (127.0.0.1, ::1, localhost) for tests and local relays.
   */
  allowInsecureHttp?: boolean;
}

/** The JSON a signaalpunt's system receives. Version 1; new fields may be added, none removed. */
export interface WebhookBody {
  version: 1;
  event: OutboxMessage['kind'];
  deliveryId: string;
  signal: {
    id: string;
    reference: string;
    signaalpuntId: string;
    status: Signal['status'];
    createdAt: string;
    deadline: string;
    ageGroup: Signal['ageGroup'];
    postcode4: string;
    signs: Signal['signs'];
    relation: Signal['relation'];
    reporterSector: Signal['reporterSector'];
    about: Signal['about'];
    informed: boolean;
    consent: boolean;
    wantsFeedback: boolean;
    claimedAt?: string;
    closedAt?: string;
    outcome?: Signal['outcome'];
    personal: Signal['personal'];
  };
}

/**
 * Posts a signal to a signaalpunt's own system (`{ kind: 'webhook' }` targets). The webhook is
 * that signaalpunt's system, so the body carries the personal details; they are read from the
 * store at send time, never copied into the outbox.
 *
 * Signature: `X-Signaalbot-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with
 * `X-Signaalbot-Timestamp` in Unix seconds; receivers should also refuse old timestamps.
 * Answers: 2xx ok; 408, 429 and 5xx retryable (Retry-After honoured); other statuses, including
 * redirects (never followed, so details cannot be sent on elsewhere), are not.
 */
export class WebhookDelivery implements DeliveryChannel {
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly options: WebhookDeliveryOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger.child({ component: 'webhook-delivery' });
  }

  async deliver(message: OutboxMessage): Promise<DeliveryResult> {
    const target = message.target;
    if (target.kind !== 'webhook') return this.fail(message, 'WRONG_TARGET', false);
    if (!this.urlAllowed(target.url)) return this.fail(message, 'WEBHOOK_INSECURE_URL', false);
    const secret = this.options.secretFor(target.signaalpuntId);
    if (!secret) return this.fail(message, 'WEBHOOK_SECRET_MISSING', false);
    const signal = await signalOfMessage(message, this.options.signals);
    if (typeof signal === 'string') return this.fail(message, signal, false);

    const body = JSON.stringify(webhookBody(message, signal));
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Signaalbot',
          [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
          [WEBHOOK_SIGNATURE_HEADER]: `sha256=${signWebhook(secret, timestamp, body)}`,
          [WEBHOOK_DELIVERY_HEADER]: message.idempotencyKey,
        },
        body,
        redirect: 'manual',
        signal: timeout,
      });
      // The answer's body is not needed: drop it unread (a huge one must not be buffered).
      await response.body?.cancel();
    } catch (err) {
      // The error's class may come from another realm (undici's DOMException): ask the signal instead.
      return this.fail(message, timeout.aborted ? 'TIMEOUT' : 'NETWORK', true);
    }

    const status = response.status;
    if (status >= 200 && status < 300) {
      this.logger.info({ messageId: message.id, signalId: signal.id, status }, 'webhook delivered');
      return { ok: true };
    }
    const retryable = status === 408 || status === 429 || status >= 500;
    const retryAfterMs = retryable ? parseRetryAfterMs(response.headers.get('retry-after'), this.clock.now().getTime()) : undefined;
    return this.fail(message, `HTTP_${status}`, retryable, retryAfterMs);
  }

  private urlAllowed(url: string): boolean {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (parsed.protocol === 'https:') return true;
    if (parsed.protocol !== 'http:') return false;
    return this.options.allowInsecureHttp === true || ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname);
  }

  private fail(message: OutboxMessage, code: string, retryable: boolean, retryAfterMs?: number): DeliveryResult {
    this.logger.warn({ messageId: message.id, code, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, 'webhook not delivered');
    return retryAfterMs === undefined ? { ok: false, code, retryable } : { ok: false, code, retryable, retryAfterMs };
  }
}

/** Hex HMAC-SHA256 of `<timestamp>.<body>`: what a receiver recomputes to check a request. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

function webhookBody(message: OutboxMessage, s: Signal): WebhookBody {
  return {
    version: 1,
    event: message.kind,
    deliveryId: message.idempotencyKey,
    signal: {
      id: s.id,
      reference: s.reference,
      signaalpuntId: s.signaalpuntId,
      status: s.status,
      createdAt: s.createdAt,
      deadline: s.deadline,
      ageGroup: s.ageGroup,
      postcode4: s.postcode4,
      signs: s.signs,
      relation: s.relation,
      reporterSector: s.reporterSector,
      about: s.about,
      informed: s.informed,
      consent: s.consent,
      wantsFeedback: s.wantsFeedback,
      ...(s.claimedAt !== undefined ? { claimedAt: s.claimedAt } : {}),
      ...(s.closedAt !== undefined ? { closedAt: s.closedAt } : {}),
      ...(s.outcome !== undefined ? { outcome: s.outcome } : {}),
      personal: s.personal,
    },
  };
}

