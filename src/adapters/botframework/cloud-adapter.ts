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
