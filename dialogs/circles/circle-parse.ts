import { RESOURCES } from '../../src/i18n/resources';
import { LOCALES } from '../../src/ports/translator';

/**
 * What coordinators type, read in every language we ship: weekdays ("ma-vr", "elke dag",
 * "ma wo vr", "mon-fri", "1, 3, 5"), date ranges ("1-12-2026 tot 14-12-2026", "2026-12-01"),
 * minutes ("45", "45 minuten") and invite codes. The words come from `circles:days` and
 * `circles:words`; the rules (a range ends after it starts, a time exists) stay in the domain.
 */

const lower = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();

const days = (locale: (typeof LOCALES)[number]) => RESOURCES[locale].circles.days;
const phrases = (pick: (d: ReturnType<typeof days>) => readonly string[]) => new Set(LOCALES.flatMap((l) => pick(days(l)).map(lower)));
const EVERY_DAY = () => phrases((d) => d.everyDayWords);
const WORKDAYS = () => phrases((d) => d.workdayWords);
const WEEKEND = () => phrases((d) => d.weekendWords);
const RANGE_WORDS = () => phrases((d) => d.rangeWords);
const JOIN_WORDS = () => phrases((d) => d.andWords);

/** The weekday a word names: "ma", "maandag", "mon", "tues", "woe"; undefined when none or two. */
function dayOfWord(word: string): number | undefined {
  if (/^[1-7]$/.test(word)) return Number(word);
  if (word.length < 2) return undefined;
  const hits = new Set<number>();
  for (const locale of LOCALES) {
    const { short, long } = days(locale);
    short.forEach((name, i) => {
      if (lower(name) === word) hits.add(i + 1);
    });
    long.forEach((name, i) => {
      if (lower(name).startsWith(word)) hits.add(i + 1);
    });
  }
  return hits.size === 1 ? [...hits][0] : undefined;
}

function span(from: number, to: number): number[] {
  const out: number[] = [];
  for (let d = from; ; d = (d % 7) + 1) {
    out.push(d);
    if (d === to) return out;
  }
}

/** ISO weekdays (1 = Monday), sorted; undefined when any part is not a day. "1,3,5" (the card) works too. */
export function parseWeekdays(input: string): number[] | undefined {
  const text = lower(input).replace(/[.!]+$/, '');
  if (text === '') return undefined;
  if (EVERY_DAY().has(text)) return [1, 2, 3, 4, 5, 6, 7];
  if (WORKDAYS().has(text)) return [1, 2, 3, 4, 5];
  if (WEEKEND().has(text)) return [6, 7];
  let marked = ` ${text.replace(/[,;/+&]+/g, ' ')} `;
  for (const word of RANGE_WORDS()) marked = marked.split(` ${word} `).join(' - ');
  const tokens = marked
    .replace(/\s*[-–—]\s*/g, ' - ')
    .split(/\s+/)
    .filter((token) => token !== '' && !JOIN_WORDS().has(token));
  const found = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '-') return undefined;
    const day = dayOfWord(token);
    if (day === undefined) return undefined;
    if (tokens[i + 1] === '-') {
      const end = dayOfWord(tokens[i + 2] ?? '');
      if (end === undefined) return undefined;
      span(day, end).forEach((d) => found.add(d));
      i += 2;
    } else {
      found.add(day);
    }
  }
  return found.size > 0 ? [...found].sort() : undefined;
}

const DATE = /(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})/g;
const pad = (n: string) => n.padStart(2, '0');

/**
 * The dates in a reply, as "YYYY-MM-DD" (not yet checked against the calendar: the domain's
 * validateRange does that). One date is a range of one day. Undefined when there are none or more than two.
 */
export function parseDateRange(input: string): { from: string; to: string } | undefined {
  const found = [...input.matchAll(DATE)].map((m) => (m[1] ? `${m[1]}-${pad(m[2] ?? '')}-${pad(m[3] ?? '')}` : `${m[6]}-${pad(m[5] ?? '')}-${pad(m[4] ?? '')}`));
  const [from, to] = found;
  if (!from || found.length > 2) return undefined;
  return { from, to: to ?? from };
}

/** "45", "45 min", "45 minuten", "45 minutes". */
export function parseMinutes(input: string): number | undefined {
  const m = /^(\d{1,3})\s*(min|mins|minuten|minutes|minuut|minute|m)?\.?$/.exec(lower(input));
  return m ? Number(m[1]) : undefined;
}

/** An invite code as typed: spaces and dashes dropped, upper case ("abc 123" is "ABC123"). */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}
