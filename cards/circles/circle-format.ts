import { formatPhone, parsePhone } from '../../src/domain/circles/circle';
import { localParts } from '../../src/domain/circles/zoned-time';
import type { Translator } from '../../src/ports/translator';
import type { CardAction } from '../actions';
import { localeWords } from '../text-fallback';

/**
 * Small pieces the call-circle cards and their text versions share: dates and times the Dutch way,
 * weekday names, and numbered options whose words may be names (a member's first name).
 */

/**
 * A calendar date people read (not type): "ma 1 mrt 2027", "Mon, Mar 1, 2027", the team card's
 * style. The one date style of the call circles: never "01-03-2027" or ISO in what people read.
 */
export function readableDate(t: Translator, iso: string): string {
  const parsed = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return iso;
  return new Intl.DateTimeFormat(t.tag, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(parsed);
}

/** An instant as the Amsterdam calendar date ("YYYY-MM-DD", for readableDate) and wall-clock "HH:MM". */
export function localDateTime(instant: string): { date: string; time: string } {
  const parts = localParts(new Date(instant));
  return { date: parts.date, time: parts.time };
}

/** ISO weekdays as short names ("ma, wo, vr"); every day and Monday to Friday get one phrase. */
export function formatWeekdays(t: Translator, weekdays: readonly number[]): string {
  const days = [...new Set(weekdays)].sort();
  if (days.length === 7) return t.t('circles:days.everyDay');
  if (days.join(',') === '1,2,3,4,5') return t.t('circles:days.workdays');
  const names = t.list('circles:days.short');
  return days.map((d) => names[d - 1] ?? String(d)).join(', ');
}

/** A stored or shown phone number: how to show it, and the E.164 form to dial when it has one. */
export function phoneOf(phone: string): { display: string; e164?: string } {
  const parsed = parsePhone(phone);
  return parsed.ok ? { display: formatPhone(parsed.value), e164: parsed.value } : { display: phone };
}

/** A time given as "HH:MM" or as an instant, as Amsterdam "HH:MM". */
export function clockTime(value: string): string {
  return /^\d{2}:\d{2}$/.test(value) ? value : localDateTime(value).time;
}

/** One choice on a screen: its words (already translated; may hold a name) and what it does. */
export interface ScreenOption {
  label: string;
  action: CardAction;
  /** Other words that pick it (the label in every language, "ja"/"yes"). Normalised when read (dialogs/text-readers.ts). */
  words?: string[];
}

/** An option whose words come from a locale key: typed in Dutch or English, both work. */
export function keyOption(t: Translator, key: string, action: CardAction, vars?: Record<string, string | number>): ScreenOption {
  if (vars) return { label: t.t(key, vars), action };
  return { label: t.t(key), action, words: localeWords(key, t) };
}

export function numberedOptions(options: readonly ScreenOption[]): string {
  return options.map((option, index) => `${index + 1}. ${option.label}`).join('\n');
}

export const bullet = (line: string): string => `• ${line}`;
