import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../../config/config';
import type { Logger } from '../../ports/logger';
import type { Translations } from '../../ports/translator';
import { localeFromTag } from '../../i18n/i18n';

/**
 * CloudAdapter with ConfigurationBotFrameworkAuthentication. Without an app id botbuilder
 * skips token validation (development); with one, an activity without a valid token gets 401.
 */
export function createCloudAdapter(
  bot: Config['bot'],
  logger: Logger,
  translations: Translations,
  defaultLocale: Config['defaultLocale'],
): CloudAdapter {
  const settings: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppType: bot.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: bot.tenantId ?? '',
  };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings));

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(
      {
        code: 'TURN_ERROR',
        errorName: error.name,
        errorCode: (error as Error & { code?: string }).code,
        activityType: context.activity.type,
        conversationId: context.activity.conversation?.id,
        channelId: context.activity.channelId,
      },
      'unhandled error in turn',
    );
    if (context.activity.type === 'message') {
      const t = translations.forLocale(localeFromTag(context.activity.locale) ?? defaultLocale);
      await context.sendActivity(t.t('common:errors.generic')).catch((sendError: Error) =>
        logger.warn({ code: 'ERROR_REPLY_FAILED', errorName: sendError.name }, 'could not tell the user about an error'),
      );
    }
  };
  return adapter;
}

/** The part of botbuilder's ConnectorClient the proactive sends use (the type is not exported by botbuilder). */
export interface ProactiveConnector {
  conversations: { createConversation(parameters: unknown): Promise<{ id?: string; activityId?: string }> };
}

/** What the connector client is under botbuilder's typings (`client` is private there, but stable in 4.23). */
interface ConnectorInternals {
  client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } };
}

/**
 * The connector client of a proactive turn, with the HTTP pipeline's own retries turned off.
 *
 * botbuilder 4.23's connector (@azure/core-client) retries 429 (after Retry-After) and 5xx by
 * itself, up to 3 times and out of the caller's sight: the outbox worker's pacing never learned
 * that Teams throttled it, and a lane sat waiting inside one "send" (issue 6). The client has no
 * option for this (botbuilder-stdlib passes no retryOptions), so the `Retry` phase is removed
 * from this one client's pipeline; a 429 or 5xx now reaches the worker, which honours Retry-After
 * and paces that conversation. Inbound turns keep the retries: their clients are other instances.
 * @throws Error when the pipeline is not where botbuilder 4.23 keeps it (a botbuilder upgrade): loud, not silent
 */
export function connectorWithoutRetries(context: TurnContext): ProactiveConnector {
  const key = (context.adapter as CloudAdapter).ConnectorClientKey;
  const connector = context.turnState.get<ProactiveConnector | undefined>(key);
  const pipeline = (connector as unknown as ConnectorInternals | undefined)?.client?.pipeline;
  if (!connector || !pipeline) throw new Error('botbuilder connector pipeline not found: cannot turn off its hidden retries');
  pipeline.removePolicy({ phase: 'Retry' });
  return connector;
}
