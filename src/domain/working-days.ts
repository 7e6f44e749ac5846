/**
 * Dutch working days, for signal deadlines ("claimed within N working days") and call circles
 * (which skip public holidays).
 *
 * Everything works on calendar dates ("YYYY-MM-DD") as they are in Europe/Amsterdam: a signal
 * reported at 00:30 on a Monday in Amsterdam is a Monday signal, even though it is Sunday in UTC.
 * Convert an instant with `amsterdamDate` first. Date arithmetic below uses UTC midnights, where
 * every day has 24 hours, so daylight saving time never shifts a date.
 *
 * The public holidays are the ones in the Algemene termijnenwet, which is what "working day"
 * means in Dutch law and in municipal response norms:
 * Nieuwjaarsdag, 1e en 2e Paasdag, Koningsdag, Bevrijdingsdag, Hemelvaartsdag, 1e en 2e
 * Pinksterdag, 1e en 2e Kerstdag.
 * - Goede Vrijdag is left out on purpose: it is not a general day off (only some collective
 *   agreements give it), and the Algemene termijnenwet does not list it.
 * - Bevrijdingsdag (5 May) is in the Algemene termijnenwet every year, but most collective
 *   agreements make it a paid day off only once every 5 years (2025, 2030, ...). It counts as a
 *   holiday by default; pass `{ includeLiberationDay: false }` to treat it as a working day.
 * - Koningsdag is 27 April, or 26 April when the 27th is a Sunday. That rule holds since 2014;
 *   the older Koninginnedag (30 April) is not modelled, as no signal predates this code.
 */

export interface HolidayOptions {
  /** Count Bevrijdingsdag (5 May) as a day off. Default true. */
  includeLiberationDay?: boolean;
}

export type HolidayName =
  | 'nieuwjaarsdag'
  | 'eerstePaasdag'
  | 'tweedePaasdag'
  | 'koningsdag'
  | 'bevrijdingsdag'
  | 'hemelvaartsdag'
  | 'eerstePinksterdag'
  | 'tweedePinksterdag'
  | 'eersteKerstdag'
  | 'tweedeKerstdag';

export interface PublicHoliday {
  date: string;
  name: HolidayName;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" -> days since 1970-01-01. Throws a RangeError on anything that is not a real date. */
function toDayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: ${date}`);
  }
  return Math.round(ms / DAY_MS);
}

function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

function ymd(year: number, month: number, day: number): string {
  return fromDayNumber(Math.round(Date.UTC(year, month - 1, day) / DAY_MS));
}

/** 0 = Sunday ... 6 = Saturday. */
function weekday(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** The Dutch public holidays of a year, in date order. */
export function publicHolidays(year: number, options: HolidayOptions = {}): PublicHoliday[] {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Year out of range for the Gregorian calendar: ${year}`);
  }
  const easter = toDayNumber(easterSunday(year));
  const relative = (days: number) => fromDayNumber(easter + days);
  const kingsDay = toDayNumber(ymd(year, 4, 27));
  const list: PublicHoliday[] = [
    { date: ymd(year, 1, 1), name: 'nieuwjaarsdag' },
    { date: relative(0), name: 'eerstePaasdag' },
    { date: relative(1), name: 'tweedePaasdag' },
    { date: fromDayNumber(weekday(kingsDay) === 0 ? kingsDay - 1 : kingsDay), name: 'koningsdag' },
    { date: relative(39), name: 'hemelvaartsdag' },
    { date: relative(49), name: 'eerstePinksterdag' },
    { date: relative(50), name: 'tweedePinksterdag' },
    { date: ymd(year, 12, 25), name: 'eersteKerstdag' },
    { date: ymd(year, 12, 26), name: 'tweedeKerstdag' },
  ];
  if (options.includeLiberationDay ?? true) list.push({ date: ymd(year, 5, 5), name: 'bevrijdingsdag' });
  // ISO dates sort as strings. Two holidays may share a date (Koningsdag on 2e Paasdag, as in 2011).
  return list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

/** True when the date is a Dutch public holiday (also when it falls in a weekend). */
export function isPublicHoliday(date: string, options: HolidayOptions = {}): boolean {
  toDayNumber(date);
  return publicHolidays(Number(date.slice(0, 4)), options).some((h) => h.date === date);
}

/** Monday to Friday and not a public holiday. */
export function isWorkingDay(date: string, options: HolidayOptions = {}): boolean {
  const day = weekday(toDayNumber(date));
  return day !== 0 && day !== 6 && !isPublicHoliday(date, options);
}

/**
 * The date `n` working days after `date` (before it, for a negative n). `date` itself never counts,
 * so Friday + 1 is the next Monday (or Tuesday after Pinksteren); n = 0 returns `date` unchanged.
 */
export function addWorkingDays(date: string, n: number, options: HolidayOptions = {}): string {
  if (!Number.isInteger(n)) throw new RangeError(`Working days must be a whole number: ${n}`);
  let day = toDayNumber(date);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isWorkingDay(fromDayNumber(day), options)) left -= 1;
  }
  return fromDayNumber(day);
}

/**
 * Working days in (from, to]: `from` is not counted, `to` is. The inverse of `addWorkingDays`:
 * `workingDaysBetween(d, addWorkingDays(d, n)) === n`. Negative when `to` is before `from`.
 */
export function workingDaysBetween(from: string, to: string, options: HolidayOptions = {}): number {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  if (end < start) return -workingDaysBetween(to, from, options);
  let count = 0;
  for (let day = start + 1; day <= end; day += 1) {
    if (isWorkingDay(fromDayNumber(day), options)) count += 1;
  }
  return count;
}

/** The calendar date ("YYYY-MM-DD") of an instant in Europe/Amsterdam. */
export function amsterdamDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The deadline for a signal created at `createdAt` with a signaalpunt's deadline in working days:
 * the Amsterdam date `workingDays` working days later. A signal is overdue once the Amsterdam date
 * is after its deadline.
 */
export function deadlineDate(createdAt: Date, workingDays: number, options: HolidayOptions = {}): string {
  return addWorkingDays(amsterdamDate(createdAt), workingDays, options);
}
