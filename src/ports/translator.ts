export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Translates locale keys; every user-facing string goes through this. */
export interface Translator {
  readonly locale: Locale;
  /** The BCP-47 tag set on the turn so built-in prompts answer in the same language. */
  readonly tag: string;
  t(key: string, vars?: Record<string, string | number>): string;
  /** A key whose value is an array of strings (for example the words of a choice). */
  list(key: string): string[];
}

export interface Translations {
  forLocale(locale: Locale): Translator;
}
