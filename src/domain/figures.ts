/**
 * Monitoring figures for a signaalpunt: what the coalition and the council see. Pure functions over
 * the non-personal fields of signals (the input type leaves `personal` and `notes` out, so no
 * personal detail can end up in a figure), plus a CSV writer that defuses spreadsheet formulas.
 *
 * Decisions (docs/adr would repeat them; they are here, next to the code):
 * - Dates are Europe/Amsterdam calendar dates, as for deadlines: a signal made at 00:30 on a
 *   Monday in Amsterdam counts in Monday's week. Weeks are ISO weeks (Monday to Sunday, "2026-W10").
 * - A period is a closed range of dates [from, to] on the signal's creation date; every figure is
 *   about the signals created in that period (a cohort). Status, overdue, outcomes, durations and
 *   deadline shares say where that cohort stands now, so they can still change for a recent period.
 * - Time to claim runs from creation to the FIRST claim in the history (a release and a new claim
 *   do not reset it); time to close from creation to closing. Reported in hours.
 * - Median and 90th percentile use linear interpolation between closest ranks (Hyndman & Fan type
 *   7), which is what spreadsheets call PERCENTILE.INC / PERCENTIEL.INC: a council officer can
 *   check the numbers against the CSV in Excel.
 * - "Within deadline": the deadline is the signal's due date (a date). A signal counts as due once
 *   it is closed (or claimed) or once its deadline has passed; it is within the deadline when it was
 *   closed (claimed) on or before that date. Signals still open before their deadline are not yet
 *   counted either way.
 * - A signal with signs in two groups counts once in each group; the group counts can add up to
 *   more than the number of signals.
 * - Values outside the known lists (an age group or sector from a newer version, say) are counted
 *   under "unknown" instead of being echoed, so a figure can never carry free text.
 */
import { AGE_GROUPS, OUTCOMES, SECTORS, SIGNAL_STATUSES, type Signal } from './signal';
import { SIGN_GROUP_IDS, isSign, groupOf } from './signs';
import { amsterdamDate } from './working-days';

/** What the figures read of a signal: no personal details, no notes. `Signal` fits this type. */
export type FigureFacts = Pick<
  Signal,
  'createdAt' | 'status' | 'ageGroup' | 'signs' | 'reporterSector' | 'deadline' | 'claimedAt' | 'closedAt' | 'outcome' | 'history'
>;

export interface Period {
  /** First Amsterdam date, inclusive ("YYYY-MM-DD"). */
  from: string;
  /** Last Amsterdam date, inclusive. */
  to: string;
}

export interface KeyCount {
  key: string;
  count: number;
}

export interface WeekCount {
  /** ISO week, "2026-W10". */
  week: string;
  /** The Monday of that week ("YYYY-MM-DD"). */
  weekStart: string;
  count: number;
}

export interface Durations {
  /** How many signals the durations are over. */
  count: number;
  /** Null when count is 0. */
  medianHours: number | null;
  p90Hours: number | null;
}

export interface DeadlineShare {
  /** Signals that are done (claimed or closed) or whose deadline has passed. */
  due: number;
  /** Of those, done on or before the deadline date. */
  within: number;
  /** within / due, rounded to 4 decimals; null when nothing is due. */
  share: number | null;
}

export interface Figures {
  period: Period;
  /** Signals created in the period. */
  total: number;
  /** Where those signals stand now. */
  byStatus: KeyCount[];
  /** Of those, not claimed and past their deadline now. */
  overdueNow: number;
  perWeek: WeekCount[];
  bySector: KeyCount[];
  bySignGroup: KeyCount[];
  byAgeGroup: KeyCount[];
  byOutcome: KeyCount[];
  timeToClaim: Durations;
  timeToClose: Durations;
  claimedWithinDeadline: DeadlineShare;
  closedWithinDeadline: DeadlineShare;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const UNKNOWN_KEY = 'unknown';

/** "YYYY-MM-DD" -> days since 1970-01-01, or undefined when it is not a real calendar date. */
export function dayNumber(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return Math.round(ms / DAY_MS);
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO week of a date: Monday-start weeks, week 1 holds the year's first Thursday. */
export function isoWeek(date: string): { week: string; weekStart: string } {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  const monday = mondayOf(day);
  // The week belongs to the year of its Thursday; that year's week 1 is the one holding 4 January.
  const isoYear = Number(dateOfDay(monday + 3).slice(0, 4));
  const week1 = mondayOf(dayNumber(`${isoYear}-01-04`)!);
  const week = (monday - week1) / 7 + 1;
  return { week: `${isoYear}-W${String(week).padStart(2, '0')}`, weekStart: dateOfDay(monday) };
}

/** The Monday on or before a day number (1970-01-01 was a Thursday, so (day + 3) % 7 is 0 on Mondays). */
function mondayOf(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

/** A signal is overdue when nobody has claimed it and the Amsterdam date is past its deadline. */
export function isOverdue(signal: Pick<Signal, 'status' | 'deadline'>, today: string): boolean {
  return signal.status === 'new' && today > signal.deadline;
}

/**
 * The p-th percentile (0..1) of numbers, by linear interpolation between closest ranks
 * (type 7, spreadsheets' PERCENTILE.INC). Undefined for an empty list.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be between 0 and 1: ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const low = sorted[lower]!;
  const high = sorted[Math.min(lower + 1, sorted.length - 1)]!;
  return low + (h - lower) * (high - low);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function durations(ms: number[]): Durations {
  const median = percentile(ms, 0.5);
  const p90 = percentile(ms, 0.9);
  return {
    count: ms.length,
    medianHours: median === undefined ? null : round(median / HOUR_MS, 2),
    p90Hours: p90 === undefined ? null : round(p90 / HOUR_MS, 2),
  };
}

function share(due: number, within: number): DeadlineShare {
  return { due, within, share: due === 0 ? null : round(within / due, 4) };
}

/** Counts per key in a fixed order; values outside the list count under "unknown" (shown only when > 0). */
function countBy(keys: readonly string[], values: readonly string[]): KeyCount[] {
  const counts = new Map<string, number>(keys.map((k) => [k, 0]));
  let unknown = 0;
  for (const value of values) {
    if (counts.has(value)) counts.set(value, counts.get(value)! + 1);
    else unknown += 1;
  }
  const list = [...counts].map(([key, count]) => ({ key, count }));
  return unknown > 0 ? [...list, { key: UNKNOWN_KEY, count: unknown }] : list;
}

function firstClaimAt(signal: FigureFacts): string | undefined {
  return signal.history.find((h) => h.action === 'claim')?.at ?? signal.claimedAt;
}

function elapsed(from: string, to: string | undefined): number | undefined {
  if (to === undefined) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** The weeks that overlap a period, in order, each with a zero count. */
function weeksOf(period: Period): WeekCount[] {
  const to = dayNumber(period.to)!;
  const weeks: WeekCount[] = [];
  for (let day = dayNumber(isoWeek(period.from).weekStart)!; day <= to; day += 7) {
    weeks.push({ ...isoWeek(dateOfDay(day)), count: 0 });
  }
  return weeks;
}

/** Checks a period: real dates, from <= to, at most `maxDays` long. */
export function checkPeriod(period: Period, maxDays: number): 'ok' | 'PERIOD_INVALID' | 'PERIOD_TOO_LONG' {
  const from = dayNumber(period.from);
  const to = dayNumber(period.to);
  if (from === undefined || to === undefined || from > to) return 'PERIOD_INVALID';
  return to - from + 1 > maxDays ? 'PERIOD_TOO_LONG' : 'ok';
}

/** The default period: the 12 ISO weeks up to and including today's. */
export function defaultPeriod(today: string): Period {
  const monday = dayNumber(isoWeek(today).weekStart)!;
  return { from: dateOfDay(monday - 11 * 7), to: today };
}

/**
 * The figures for the signals created in `period` (Amsterdam dates), as they stand at `now`.
 * The caller passes the signals of one signaalpunt (or several); this function does not filter by it.
 */
export function computeFigures(signals: readonly FigureFacts[], period: Period, now: Date): Figures {
  if (checkPeriod(period, Number.MAX_SAFE_INTEGER) !== 'ok') throw new RangeError('invalid period');
  const today = amsterdamDate(now);
  const inPeriod = signals.filter((s) => {
    const created = new Date(s.createdAt);
    if (Number.isNaN(created.getTime())) return false;
    const date = amsterdamDate(created);
    return date >= period.from && date <= period.to;
  });

  const perWeek = weeksOf(period);
  const weekIndex = new Map(perWeek.map((w, i) => [w.week, i]));
  const toClaim: number[] = [];
  const toClose: number[] = [];
  let claimDue = 0;
  let claimWithin = 0;
  let closeDue = 0;
  let closeWithin = 0;
  const groups: string[] = [];

  for (const signal of inPeriod) {
    const index = weekIndex.get(isoWeek(amsterdamDate(new Date(signal.createdAt))).week);
    if (index !== undefined) perWeek[index]!.count += 1;

    const groupsOfSignal = new Set(signal.signs.map((s) => (isSign(s) ? groupOf(s) : UNKNOWN_KEY)));
    groups.push(...groupsOfSignal);

    const claimedAt = firstClaimAt(signal);
    const claimMs = elapsed(signal.createdAt, claimedAt);
    if (claimMs !== undefined) toClaim.push(claimMs);
    const closeMs = signal.status === 'closed' ? elapsed(signal.createdAt, signal.closedAt) : undefined;
    if (closeMs !== undefined) toClose.push(closeMs);

    const pastDeadline = today > signal.deadline;
    if (claimedAt !== undefined || pastDeadline) {
      claimDue += 1;
      if (claimedAt !== undefined && amsterdamDate(new Date(claimedAt)) <= signal.deadline) claimWithin += 1;
    }
    const closed = signal.status === 'closed' && signal.closedAt !== undefined;
    if (closed || pastDeadline) {
      closeDue += 1;
      if (closed && amsterdamDate(new Date(signal.closedAt!)) <= signal.deadline) closeWithin += 1;
    }
  }

  return {
    period: { ...period },
    total: inPeriod.length,
    byStatus: countBy(SIGNAL_STATUSES, inPeriod.map((s) => s.status)),
    overdueNow: inPeriod.filter((s) => isOverdue(s, today)).length,
    perWeek,
    bySector: countBy(SECTORS, inPeriod.map((s) => s.reporterSector)),
    bySignGroup: countBy(SIGN_GROUP_IDS, groups),
    byAgeGroup: countBy(AGE_GROUPS, inPeriod.map((s) => s.ageGroup)),
    byOutcome: countBy(
      OUTCOMES,
      inPeriod.filter((s) => s.status === 'closed' && s.outcome !== undefined).map((s) => s.outcome!),
    ),
    timeToClaim: durations(toClaim),
    timeToClose: durations(toClose),
    claimedWithinDeadline: share(claimDue, claimWithin),
    closedWithinDeadline: share(closeDue, closeWithin),
  };
}

// --- CSV ---

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180). A text starting with =, +, -, @, tab or carriage return gets a leading
 * apostrophe so spreadsheets show it as text instead of running it; fields with a comma, quote or
 * line break are quoted. Numbers are written as numbers (a negative number is data, not a formula).
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return String(value);
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text: CRLF line ends (RFC 4180), every field through `csvField`. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The figures as a long table (section, key, value): one figure per row, easy to filter or pivot
 * in a spreadsheet. `label` (the signaalpunt ids) is written as a row too, escaped like any field.
 */
export function figuresToRows(figures: Figures, label: string): Array<Array<string | number | null>> {
  const rows: Array<Array<string | number | null>> = [['section', 'key', 'value']];
  rows.push(['signaalpunt', 'id', label]);
  rows.push(['period', 'from', figures.period.from], ['period', 'to', figures.period.to]);
  rows.push(['total', 'signals', figures.total], ['total', 'overdueNow', figures.overdueNow]);
  const counts = (section: string, list: KeyCount[]) => list.forEach((c) => rows.push([section, c.key, c.count]));
  counts('status', figures.byStatus);
  figures.perWeek.forEach((w) => rows.push(['week', w.week, w.count]));
  counts('sector', figures.bySector);
  counts('signGroup', figures.bySignGroup);
  counts('ageGroup', figures.byAgeGroup);
  counts('outcome', figures.byOutcome);
  for (const [section, d] of [['timeToClaim', figures.timeToClaim], ['timeToClose', figures.timeToClose]] as const) {
    rows.push([section, 'count', d.count], [section, 'medianHours', d.medianHours], [section, 'p90Hours', d.p90Hours]);
  }
  for (const [section, s] of [['claimedWithinDeadline', figures.claimedWithinDeadline], ['closedWithinDeadline', figures.closedWithinDeadline]] as const) {
    rows.push([section, 'due', s.due], [section, 'within', s.within], [section, 'share', s.share]);
  }
  return rows;
}
