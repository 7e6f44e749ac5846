import type { Config } from '../config/config';
import type { SignaalpuntenConfig } from '../domain/routing';
import { CircleDelivery } from '../adapters/botframework/circle-delivery';
import type { ProactiveSender } from '../adapters/botframework/proactive-sender';
import { TeamsDelivery } from '../adapters/botframework/teams-delivery';
import { MailDelivery } from '../adapters/delivery/mail-delivery';
import { WebhookDelivery } from '../adapters/delivery/webhook-delivery';
import { CircleNoticeBuilder } from '../application/circles/notice-builder';
import { OutboxWorker, type OutboxWorkerOptions } from '../application/outbox-worker';
import type { Logger } from '../ports/logger';
import type { CirclesFeature } from './compose-circles';
import type { Core } from './compose-core';
import type { SignalFeature } from './compose-signals';

type Secrets = Record<string, string | undefined>;

/**
 * The outbox worker with one handler per route: Teams (new threads, card updates, replies and
 * the reporter's chat), webhooks, mail when SMTP is configured, and the call circles' chats.
 */
export function composeDelivery(
  config: Config,
  core: Core,
  features: { sender: ProactiveSender; signals: SignalFeature; circles: CirclesFeature },
): OutboxWorker {
  const { logger, translations, stores, chats, signaalpunten, secrets } = core;
  const { sender, signals, circles } = features;
  warnUnusableTargets(config, signaalpunten, secrets, logger);
  const teams = new TeamsDelivery({
    sender,
    links: stores.links,
    signals: stores.signals,
    outbox: stores.outbox,
    chats,
    translations,
    teamLocale: config.defaultLocale,
    config: core.spConfig,
    logger,
  });
  const handlers: OutboxWorkerOptions['handlers'] = {
    ...teams.handlers(),
    webhook: new WebhookDelivery({
      signals: stores.signals,
      secretFor: webhookSecretFor(signaalpunten, secrets),
      logger,
      timeoutMs: config.signals.webhookTimeoutMs,
      clock: core.clock,
    }),
    mail: config.signals.mail ? new MailDelivery({ ...config.signals.mail, signals: stores.signals, logger, translations }) : undefined,
    'circle.chat': new CircleDelivery({ sender, chats, notices: new CircleNoticeBuilder(stores.circles), translations, logger }),
  };
  return new OutboxWorker({
    outbox: stores.outbox,
    handlers,
    clock: core.clock,
    logger,
    pollMs: config.signals.outboxPollMs,
    telemetry: core.telemetry,
    onLinkBroken: (signaalpuntId, code) => signals.links.markBroken(signaalpuntId, code),
    onUndeliverable: (message) => circles.notSent.undeliverable(message),
  });
}

/** A signaalpunt's webhook secret, read by the name its webhook target gives (never stored in the file). */
export function webhookSecretFor(signaalpunten: SignaalpuntenConfig, secrets: Secrets): (signaalpuntId: string) => string | undefined {
  return (signaalpuntId) => {
    const target = signaalpunten.signaalpunten.find((s) => s.id === signaalpuntId)?.targets.find((t) => t.kind === 'webhook');
    return target?.kind === 'webhook' ? secrets[target.secretEnv] : undefined;
  };
}

/** A target that cannot work keeps its messages visible as undeliverable; say so at start-up. */
function warnUnusableTargets(config: Config, signaalpunten: SignaalpuntenConfig, secrets: Secrets, logger: Logger): void {
  for (const sp of signaalpunten.signaalpunten.filter((s) => s.active)) {
    for (const target of sp.targets) {
      if (target.kind === 'mail' && !config.signals.mail) {
        logger.warn({ code: 'MAIL_NOT_CONFIGURED', signaalpuntId: sp.id }, 'operator: a signaalpunt has a mail target but SMTP_URL is not set');
      }
      if (target.kind === 'webhook' && !secrets[target.secretEnv]) {
        logger.warn({ code: 'WEBHOOK_SECRET_MISSING', signaalpuntId: sp.id, secretEnv: target.secretEnv }, 'operator: a webhook secret is not set');
      }
    }
  }
}
