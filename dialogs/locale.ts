import type { Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { localeFromTag } from '../src/i18n/i18n';
import type { Locale, Translations } from '../src/ports/translator';
import { setTranslator } from './turn-context';
import type { UserProfile } from './user-profile';

/**
 * Resolves the turn's language once: the user's own choice, then the Teams/Web Chat locale,
 * then the default. Sets it on the activity so built-in prompts answer "Ja/Nee" in Dutch.
 */
export async function resolveTurnLocale(
  context: TurnContext,
  profile: StatePropertyAccessor<UserProfile>,
  translations: Translations,
  defaultLocale: Locale,
): Promise<void> {
  const { language } = await profile.get(context, {});
  const translator = translations.forLocale(language ?? localeFromTag(context.activity.locale) ?? defaultLocale);
  setTranslator(context, translator);
  context.activity.locale = translator.tag;
}

/** The same as middleware, for test adapters. */
export function localeMiddleware(
  profile: StatePropertyAccessor<UserProfile>,
  translations: Translations,
  defaultLocale: Locale,
): Middleware {
  return {
    async onTurn(context, next) {
      await resolveTurnLocale(context, profile, translations, defaultLocale);
      await next();
    },
  };
}
