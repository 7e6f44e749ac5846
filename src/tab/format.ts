/**
 * Dates, ages and durations in the user's language, through Intl (no words of our own needed).
 * Calendar dates ("YYYY-MM-DD") are Amsterdam dates, as the server writes them.
 */
const ZONE = 'Europe/Amsterdam';

export function formatDate(date: string, tag: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const utcNoon = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(utcNoon);
}

export function formatDateTime(iso: string, tag: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: ZONE }).format(instant);
}

/** "3 days ago" / "3 dagen geleden", "2 hours ago" below a day. */
export function formatAge(iso: string, now: Date, tag: string): string {
  const ms = now.getTime() - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return iso;
  const hours = Math.max(0, Math.floor(ms / 3_600_000));
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  return hours < 24 ? relative.format(-hours, 'hour') : relative.format(-Math.floor(hours / 24), 'day');
}

/** Hours as "5 hours" under two days, else "2.5 days". */
export function formatHours(hours: number, tag: string): string {
  const [value, unit] = hours < 48 ? [hours, 'hour'] : [hours / 24, 'day'];
  return new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(value);
}

export function formatShare(share: number, tag: string): string {
  return new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}
