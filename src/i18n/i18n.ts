import i18next, { type i18n } from 'i18next';
import type { Locale, Translations, Translator } from '../ports/translator';
import { NAMESPACES, RESOURCES } from './resources';

const TAGS: Record<Locale, string> = { nl: 'nl-NL', en: 'en-US' };

/**
 * i18next with all resources bundled (no file loading at run time). Keys are written
 * `namespace:path.to.key`; a missing key throws in tests so a typo cannot ship.
 */
export function createTranslations(options: { strict?: boolean } = {}): Translations {
  const instance: i18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: RESOURCES as unknown as Record<string, Record<string, object>>,
    ns: [...NAMESPACES],
    defaultNS: 'common',
    lng: 'nl',
    fallbackLng: false,
    returnObjects: false,
    interpolation: { escapeValue: false },
  } as Parameters<i18n['init']>[0]);

  const cache = new Map<Locale, Translator>();
  return {
    forLocale(locale: Locale): Translator {
      const hit = cache.get(locale);
      if (hit) return hit;
      const fixed = instance.getFixedT(locale);
      const translator: Translator = {
        locale,
        tag: TAGS[locale],
        t(key, vars) {
          if (!instance.exists(key, { lng: locale })) {
            if (options.strict) throw new Error(`missing locale key ${locale}:${key}`);
            return key;
          }
          return fixed(key, vars ?? {}) as string;
        },
        list(key) {
          const value = fixed(key, { returnObjects: true }) as unknown;
          if (!Array.isArray(value)) {
            if (options.strict) throw new Error(`locale key ${locale}:${key} is not a list`);
            return [];
          }
          return value.map(String);
        },
      };
      cache.set(locale, translator);
      return translator;
    },
  };
}

/** Maps a client locale tag (nl-NL, en-US, en) to one of ours, or undefined when we have none. */
export function localeFromTag(tag: string | undefined): Locale | undefined {
  const lang = tag?.trim().toLowerCase().slice(0, 2);
  if (lang === 'nl') return 'nl';
  if (lang === 'en') return 'en';
  return undefined;
}
