/**
 * Wall-clock times in Europe/Amsterdam, without a date library: the zone rules come from the
 * runtime's ICU data (Intl), so daylight saving changes are handled the way the operating system
 * knows them.
 *
 * Two wall-clock times need a rule:
 * - a time that does not exist (02:30 on the last Sunday of March, when clocks jump 02:00 -> 03:00)
 *   is moved forward by the gap: 03:30 summer time;
 * - a time that happens twice (02:30 on the last Sunday of October) is the first one (summer time).
 */
export const CIRCLE_TIME_ZONE = 'Europe/Amsterdam';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: CIRCLE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall-clock parts of an instant in Amsterdam. */
export interface LocalParts {
  date: string;
  time: string;
  /** 1 = Monday ... 7 = Sunday (ISO). */
  weekday: number;
}

function localMs(instantMs: number): number {
  const parts = formatter.formatToParts(new Date(instantMs));
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}

/**
 * Offsets by UTC quarter hour. Every zone change there has been happens on a quarter hour, so the
 * offset is constant within one; the cache makes the scheduler's date arithmetic cheap.
 */
const QUARTER_MS = 15 * MINUTE_MS;
const offsets = new Map<number, number>();

/** Offset of Amsterdam from UTC at an instant, in ms (3,600,000 in winter, 7,200,000 in summer). */
export function offsetMs(instantMs: number): number {
  const quarter = Math.floor(instantMs / QUARTER_MS);
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_MS;
    offset = localMs(start) - start;
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(quarter, offset);
  }
  return offset;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether a string is a real calendar date "YYYY-MM-DD". */
export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Whether a string is a wall-clock time "HH:MM" (00:00 to 23:59). */
export function isClockTime(value: string): boolean {
  return TIME.test(value);
}

const cache = new Map<string, number>();

/** The instant of a wall-clock time on a date in Amsterdam (see the module comment for DST). */
export function zonedToUtc(date: string, time: string): Date {
  const key = `${date}T${time}`;
  const hit = cache.get(key);
  if (hit !== undefined) return new Date(hit);
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t || !isIsoDate(date)) throw new RangeError(`not a date and time: ${key}`);
  const asUtc = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  const before = offsetMs(asUtc - 12 * HOUR_MS);
  const after = offsetMs(asUtc + 12 * HOUR_MS);
  // Of the candidates that show this wall-clock time, the earliest; none means the time falls in
  // the spring gap, and the offset from before the gap moves it forward by the gap.
  const candidates = [asUtc - before, asUtc - after].filter((c) => c + offsetMs(c) === asUtc).sort((a, b) => a - b);
  const result = candidates[0] ?? asUtc - before;
  if (cache.size > 50_000) cache.clear();
  cache.set(key, result);
  return new Date(result);
}

/** The wall-clock date, time and weekday of an instant in Amsterdam. */
export function localParts(instant: Date): LocalParts {
  const ms = instant.getTime() + offsetMs(instant.getTime());
  const iso = new Date(ms).toISOString();
  const weekday = ((new Date(ms).getUTCDay() + 6) % 7) + 1;
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), weekday };
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of a calendar date. */
export function weekdayOf(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return ((new Date(ms).getUTCDay() + 6) % 7) + 1;
}

/** A calendar date plus or minus whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Minutes added to an instant. */
export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * MINUTE_MS);
}

/** The Monday of the ISO week a date is in. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}
