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
      // The resources are bundled and never change at run time, so a key's existence, its text
      // without variables and its lists are looked up once (i18next took ~12% of a turn, issue 6).
      const known = new Set<string>();
      const plain = new Map<string, string>();
      const lists = new Map<string, readonly string[]>();
      const exists = (key: string): boolean => {
        if (known.has(key)) return true;
        // Only keys that exist are remembered: a key built from outside input cannot grow the map.
        const hit = instance.exists(key, { lng: locale });
        if (hit) known.add(key);
        return hit;
      };
      const translator: Translator = {
        locale,
        tag: TAGS[locale],
        t(key, vars) {
          if (!exists(key)) {
            if (options.strict) throw new Error(`missing locale key ${locale}:${key}`);
            return key;
          }
          if (vars) return fixed(key, vars) as string;
          let text = plain.get(key);
          if (text === undefined) {
            text = fixed(key, {}) as string;
            plain.set(key, text);
          }
          return text;
        },
        list(key) {
          let value = lists.get(key);
          if (value === undefined) {
            const found = fixed(key, { returnObjects: true }) as unknown;
            if (!Array.isArray(found)) {
              if (options.strict) throw new Error(`locale key ${locale}:${key} is not a list`);
              return [];
            }
            value = found.map(String);
            lists.set(key, value);
          }
          return [...value];
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
