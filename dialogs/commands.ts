import type { Locale, Translations } from '../src/ports/translator';
import { LOCALES } from '../src/ports/translator';
import { normalise } from './text-readers';

/**
 * Words people type to steer the bot. They come from the locale files (`common:commands.*`)
 * and are recognised in every language at any time: someone who cannot read Dutch must
 * still be able to type "English".
 */

export type Command = { kind: 'language'; locale: Locale } | { kind: 'askLanguage' } | { kind: 'menu' } | { kind: 'status' };

type CommandKey = 'toEnglish' | 'toDutch' | 'askLanguage' | 'menu' | 'howItWorks';

/** Normalised command words of every language, per key: built once, not on every message. */
const wordsCache = new WeakMap<Translations, Map<CommandKey, ReadonlySet<string>>>();

function commandWords(translations: Translations, key: CommandKey): ReadonlySet<string> {
  let byKey = wordsCache.get(translations);
  if (!byKey) {
    byKey = new Map();
    wordsCache.set(translations, byKey);
  }
  let words = byKey.get(key);
  if (!words) {
    words = new Set(LOCALES.flatMap((l) => translations.forLocale(l).list(`common:commands.${key}`).map(normalise)));
    byKey.set(key, words);
  }
  return words;
}

/**
 * "help", "hoe werkt dit", "how does this work": the user asks what the bot can do (issue 14).
 * A shout ("HELP", "help!") or "help me" stays a call for help: those are not asked here, so the
 * emergency numbers show for them as before. Checked before the emergency assessment.
 */
export function readHowItWorks(text: string, translations: Translations): boolean {
  const trimmed = text.trim();
  if (trimmed.includes('!')) return false;
  const letters = trimmed.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase()) return false;
  return commandWords(translations, 'howItWorks').has(normalise(trimmed));
}

export function readCommand(text: string, translations: Translations): Command | undefined {
  const words = normalise(text);
  // "status" alone, or followed by a reference ("status SIG-2026-000123").
  if (/^status( sig \d{4} \d+)?$/.test(words)) return { kind: 'status' };
  const said = (key: CommandKey) => commandWords(translations, key).has(words);
  if (said('toEnglish')) return { kind: 'language', locale: 'en' };
  if (said('toDutch')) return { kind: 'language', locale: 'nl' };
  if (said('askLanguage')) return { kind: 'askLanguage' };
  if (said('menu')) return { kind: 'menu' };
  return undefined;
}
