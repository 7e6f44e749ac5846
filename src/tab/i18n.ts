/**
 * The tab's words, from the same locale files as the bot: `tab` (this page), `team` (the words the
 * team card uses: statuses, sectors, outcomes, history) and `content` (the signs). esbuild bundles
 * the JSON; there is no loading at run time. Keys are written `namespace:path.to.key`, as in the bot.
 */
import nlTab from '../i18n/nl/tab.json';
import nlTeam from '../i18n/nl/team.json';
import nlContent from '../i18n/nl/content.json';
import enTab from '../i18n/en/tab.json';
import enTeam from '../i18n/en/team.json';
import enContent from '../i18n/en/content.json';

export type TabLocale = 'nl' | 'en';

const BUNDLES: Record<TabLocale, Record<string, unknown>> = {
  nl: { tab: nlTab, team: nlTeam, content: nlContent },
  en: { tab: enTab, team: enTeam, content: enContent },
};

export interface Translate {
  locale: TabLocale;
  /** A BCP 47 tag for Intl formatting (the Teams locale when it matches, else nl-NL or en-GB). */
  tag: string;
  t(key: string, vars?: Record<string, string | number>): string;
  /** True when the key exists (e.g. a sector id the locale files know). */
  has(key: string): boolean;
}

/** Dutch unless the Teams locale is English: Dutch is the programme's language. */
export function localeFromTag(tag: string | undefined): TabLocale {
  return (tag ?? '').trim().toLowerCase().startsWith('en') ? 'en' : 'nl';
}

function lookup(bundle: Record<string, unknown>, key: string): unknown {
  const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : ['tab', key];
  let value: unknown = bundle[ns];
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function createTranslate(teamsLocale: string | undefined): Translate {
  const locale = localeFromTag(teamsLocale);
  const bundle = BUNDLES[locale];
  const given = (teamsLocale ?? '').trim();
  const tag = given && localeFromTag(given) === locale && /^[a-z]{2}(-[A-Za-z]{2})?$/.test(given) ? given : locale === 'en' ? 'en-GB' : 'nl-NL';
  return {
    locale,
    tag,
    has: (key) => typeof lookup(bundle, key) === 'string',
    t(key, vars) {
      const value = lookup(bundle, key);
      // A missing key shows as the key itself: visible in tests and screenshots, never a crash.
      if (typeof value !== 'string') return key;
      return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => (vars && name in vars ? String(vars[name]) : ''));
    },
  };
}
