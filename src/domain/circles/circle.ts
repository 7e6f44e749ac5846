import { isClockTime, isIsoDate } from './zoned-time';

/**
 * A belcirkel (call circle): 8-10 older people who phone each other every morning in a fixed
 * order. Chain mode: A calls B calls C, the last calls the coordinator back. Star mode: the
 * coordinator calls each member.
 *
 * Personal data (first names, phone numbers, key holders, coordinators' names) is sealed at rest
 * by the store; everything else here is in the clear so the scheduler never decrypts.
 */
export const CIRCLE_MODES = ['chain', 'star'] as const;
export type CircleMode = (typeof CIRCLE_MODES)[number];

/** Family member or neighbour nearby with a key (sleuteladres). */
export interface KeyHolder {
  name: string;
  phone: string;
  relation: string;
}

/** A closed date range, both days included ("YYYY-MM-DD"). */
export interface DateRange {
  from: string;
  to: string;
}

export interface CircleMember {
  /** Stable id, never shown; messages and rounds refer to members by it. */
  id: string;
  firstName: string;
  /** E.164 ("+31612345678"). */
  phone: string;
  keyHolder: KeyHolder;
  /** When the coordinator confirmed the member agreed to share their number with the circle. */
  consentAt: string;
  /** Holiday, hospital: the member is skipped on these days and the chain closes the gap. */
  pauses: DateRange[];
  /** The member's own chat (or a family member's), after joining with an invite code. */
  chatKey?: string;
}

export interface Coordinator {
  /** The coordinator's personal chat with the bot. */
  chatKey: string;
  name: string;
  /** ISO weekdays (1 = Monday) this coordinator takes; empty: no fixed day (backup or owner). */
  weekdays: number[];
  /** Alerted when the coordinator of the day does not acknowledge an escalation in time. */
  backup: boolean;
}

/**
 * Someone who redeemed a coordinator code and waits for an existing coordinator's "Goedkeuren"
 * (issue 11): until then they see nothing of the circle and can change nothing.
 */
export interface CoordinatorCandidate {
  chatKey: string;
  name: string;
  /** The weekdays the invite offered. */
  weekdays: number[];
  requestedAt: string;
}

export interface Circle {
  id: string;
  name: string;
  /** "HH:MM", Amsterdam wall-clock time. */
  startTime: string;
  /** ISO weekdays the circle runs. */
  weekdays: number[];
  mode: CircleMode;
  /** Minutes after the start by which the circle should be "rond" (closed). */
  windowMinutes: number;
  /** Minutes before the start when reminders go out. */
  reminderMinutes: number;
  /** Minutes an alerted coordinator has to acknowledge before the backup is told. */
  ackMinutes: number;
  skipHolidays: boolean;
  /** The whole circle does not run on these days. */
  pauses: DateRange[];
  /** The first coordinator created the circle. Never empty. */
  coordinators: Coordinator[];
  members: CircleMember[];
  /** New coordinators waiting for approval (absent when none). */
  candidates?: CoordinatorCandidate[];
  /** Language of proactive messages when a chat's own language is unknown. */
  locale: 'nl' | 'en';
  /** Events before this instant are not due (the circle did not exist or its schedule changed). */
  scheduleFrom: string;
  createdAt: string;
  updatedAt: string;
  /** Compare-and-set: every save increments it. */
  version: number;
}

/** The clear part of a circle: all the scheduler needs, without names or phone numbers. */
export type CirclePlan = Omit<Circle, 'members' | 'coordinators' | 'candidates'> & {
  members: Pick<CircleMember, 'id' | 'pauses' | 'chatKey'>[];
  coordinators: Pick<Coordinator, 'chatKey' | 'weekdays' | 'backup'>[];
};

export const CIRCLE_LIMITS = {
  nameMax: 60,
  firstNameMax: 40,
  relationMax: 40,
  membersMax: 20,
  coordinatorsMax: 10,
  windowMin: 10,
  windowMax: 180,
  reminderMax: 120,
  ackMin: 5,
  ackMax: 120,
  pausesMax: 20,
  /** A pause longer than this is a typo (use removal instead). */
  pauseDaysMax: 366,
} as const;

export const CIRCLE_DEFAULTS = { windowMinutes: 30, reminderMinutes: 10, ackMinutes: 15 } as const;

/** Every way a circle change can be refused; the dialogs turn each into a sentence. */
export const CIRCLE_ERROR_CODES = [
  'TIME_INVALID',
  'DATE_INVALID',
  'WEEKDAYS_EMPTY',
  'NAME_INVALID',
  'PHONE_INVALID',
  'CONSENT_MISSING',
  'CIRCLE_EMPTY',
  'MEMBER_TWICE',
  'TOO_MANY_MEMBERS',
  'WINDOW_INVALID',
  'REMINDER_INVALID',
  'ACK_INVALID',
  'RANGE_REVERSED',
  'RANGE_TOO_LONG',
  'TOO_MANY_PAUSES',
  'CIRCLE_NOT_FOUND',
  'MEMBER_NOT_FOUND',
  'NOT_A_COORDINATOR',
  'NOT_A_MEMBER',
  'LAST_COORDINATOR',
  'TOO_MANY_COORDINATORS',
  'ALREADY_IN_CIRCLE',
  'APPROVAL_PENDING',
  'CANDIDATE_NOT_FOUND',
  'INVITE_UNKNOWN',
  'INVITE_EXPIRED',
  'INVITE_USED',
  'JOIN_LOCKED',
  'NO_ROUND_TODAY',
  'ROUND_CLOSED',
  'ROUND_ALERT_OPEN',
  'ROUND_NOT_STARTED',
  'ESCALATION_NOT_FOUND',
  'ESCALATION_RESOLVED',
  'OUTCOME_INVALID',
  'CONFLICT',
] as const;
export type CircleErrorCode = (typeof CIRCLE_ERROR_CODES)[number];

export type CircleResult<T> = { ok: true; value: T } | { ok: false; code: CircleErrorCode; field?: string };

export const ok = <T>(value: T): CircleResult<T> => ({ ok: true, value });
export const fail = <T = never>(code: CircleErrorCode, field?: string): CircleResult<T> =>
  field === undefined ? { ok: false, code } : { ok: false, code, field };

/**
 * A start time as people type it: "9:00", "09.00", "9 uur", "9u30", "0900", "9".
 * "25:00", "morgen" and "9:75" are refused.
 */
export function parseClockTime(input: string): CircleResult<string> {
  const text = input.trim().toLowerCase().replace(/\s*(uur|u|h|hrs|o'clock)\s*$/, '').trim();
  let m = /^(\d{1,2})(?:[:.hu](\d{2}))?$/.exec(text);
  if (!m && /^\d{4}$/.test(text)) m = /^(\d{2})(\d{2})$/.exec(text);
  if (!m) return fail('TIME_INVALID');
  const time = `${(m[1] ?? '').padStart(2, '0')}:${m[2] ?? '00'}`;
  return isClockTime(time) ? ok(time) : fail('TIME_INVALID');
}

/**
 * A Dutch or international phone number, normalised to E.164: "06-12345678", "010 123 4567",
 * "+31 6 12345678", "0031612345678", "+32 470 12 34 56". Anything else is refused.
 */
export function parsePhone(input: string): CircleResult<string> {
  // "+31 (0)6 ..." is how many people write a Dutch number abroad: the (0) is not dialled.
  const compact = input
    .trim()
    .replace(/^(\+31|0031)\s*\(0\)/, '$1')
    .replace(/[\s\-().\/]/g, '');
  let e164: string | undefined;
  if (/^0[1-9]\d{8}$/.test(compact)) e164 = `+31${compact.slice(1)}`;
  else if (/^00[1-9]\d{7,14}$/.test(compact)) e164 = `+${compact.slice(2)}`;
  else if (/^\+[1-9]\d{7,14}$/.test(compact)) e164 = compact;
  if (!e164) return fail('PHONE_INVALID');
  // Dutch numbers have exactly 9 digits after +31 (and never start with 0 there).
  if (e164.startsWith('+31') && !/^\+31[1-9]\d{8}$/.test(e164)) return fail('PHONE_INVALID');
  return ok(e164);
}

/** How a stored number is shown: Dutch numbers the Dutch way ("06 12345678"), others in E.164. */
export function formatPhone(e164: string): string {
  if (/^\+316\d{8}$/.test(e164)) return `06 ${e164.slice(4)}`;
  if (/^\+31\d{9}$/.test(e164)) return `0${e164.slice(3, 5)} ${e164.slice(5)}`;
  return e164;
}

/** A date range as typed or picked; both ends included. */
export function validateRange(from: string, to: string): CircleResult<DateRange> {
  if (!isIsoDate(from)) return fail('DATE_INVALID', 'from');
  if (!isIsoDate(to)) return fail('DATE_INVALID', 'to');
  if (to < from) return fail('RANGE_REVERSED');
  // Both ends are included: 1 July to 1 July is one day.
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days > CIRCLE_LIMITS.pauseDaysMax) return fail('RANGE_TOO_LONG');
  return ok({ from, to });
}

export function inRange(date: string, range: DateRange): boolean {
  return range.from <= date && date <= range.to;
}

/** What a coordinator enters for a member (before normalising). */
export interface MemberInput {
  firstName: string;
  phone: string;
  keyHolder: KeyHolder;
  consent: boolean;
}

const cleanName = (value: string, max: number): string | undefined => {
  const name = value.trim().replace(/\s+/g, ' ');
  return name.length >= 1 && name.length <= max && !/[<>]/.test(name) ? name : undefined;
};

/** Checks and normalises a member; `id` and `consentAt` come from the caller. */
export function validateMember(input: MemberInput, id: string, now: Date): CircleResult<CircleMember> {
  const firstName = cleanName(input.firstName, CIRCLE_LIMITS.firstNameMax);
  if (!firstName) return fail('NAME_INVALID', 'firstName');
  const phone = parsePhone(input.phone);
  if (!phone.ok) return fail('PHONE_INVALID', 'phone');
  const khName = cleanName(input.keyHolder.name, CIRCLE_LIMITS.firstNameMax * 2);
  if (!khName) return fail('NAME_INVALID', 'keyHolder.name');
  const khPhone = parsePhone(input.keyHolder.phone);
  if (!khPhone.ok) return fail('PHONE_INVALID', 'keyHolder.phone');
  const relation = cleanName(input.keyHolder.relation, CIRCLE_LIMITS.relationMax);
  if (!relation) return fail('NAME_INVALID', 'keyHolder.relation');
  if (!input.consent) return fail('CONSENT_MISSING');
  return ok({
    id,
    firstName,
    phone: phone.value,
    keyHolder: { name: khName, phone: khPhone.value, relation },
    consentAt: now.toISOString(),
    pauses: [],
  });
}

/** What a coordinator enters to create a circle. */
export interface CircleInput {
  name: string;
  startTime: string;
  weekdays: number[];
  mode: CircleMode;
  windowMinutes?: number;
  reminderMinutes?: number;
  ackMinutes?: number;
  skipHolidays: boolean;
}

export type CircleSettings = Pick<Circle, 'name' | 'startTime' | 'weekdays' | 'mode' | 'windowMinutes' | 'reminderMinutes' | 'ackMinutes' | 'skipHolidays'>;

/** Checks the settings of a circle (not its members). */
export function validateSettings(input: CircleInput): CircleResult<CircleSettings> {
  const name = cleanName(input.name, CIRCLE_LIMITS.nameMax);
  if (!name) return fail('NAME_INVALID', 'name');
  const time = parseClockTime(input.startTime);
  if (!time.ok) return fail('TIME_INVALID', 'startTime');
  const weekdays = [...new Set(input.weekdays)].filter((d) => Number.isInteger(d) && d >= 1 && d <= 7).sort();
  if (weekdays.length === 0 || weekdays.length !== input.weekdays.length) return fail('WEEKDAYS_EMPTY', 'weekdays');
  if (!CIRCLE_MODES.includes(input.mode)) return fail('NAME_INVALID', 'mode');
  const windowMinutes = input.windowMinutes ?? CIRCLE_DEFAULTS.windowMinutes;
  if (!Number.isInteger(windowMinutes) || windowMinutes < CIRCLE_LIMITS.windowMin || windowMinutes > CIRCLE_LIMITS.windowMax) {
    return fail('WINDOW_INVALID', 'windowMinutes');
  }
  const reminderMinutes = input.reminderMinutes ?? CIRCLE_DEFAULTS.reminderMinutes;
  if (!Number.isInteger(reminderMinutes) || reminderMinutes < 0 || reminderMinutes > CIRCLE_LIMITS.reminderMax) {
    return fail('REMINDER_INVALID', 'reminderMinutes');
  }
  const ackMinutes = input.ackMinutes ?? CIRCLE_DEFAULTS.ackMinutes;
  if (!Number.isInteger(ackMinutes) || ackMinutes < CIRCLE_LIMITS.ackMin || ackMinutes > CIRCLE_LIMITS.ackMax) {
    return fail('ACK_INVALID', 'ackMinutes');
  }
  return ok({ name, startTime: time.value, weekdays, mode: input.mode, windowMinutes, reminderMinutes, ackMinutes, skipHolidays: input.skipHolidays });
}

/**
 * The members as a whole: at least one, at most the limit, nobody twice (the same phone number
 * twice is the same person twice).
 */
export function validateMembers(members: readonly CircleMember[]): CircleResult<CircleMember[]> {
  if (members.length === 0) return fail('CIRCLE_EMPTY');
  if (members.length > CIRCLE_LIMITS.membersMax) return fail('TOO_MANY_MEMBERS');
  const phones = new Set<string>();
  const ids = new Set<string>();
  for (const m of members) {
    if (phones.has(m.phone) || ids.has(m.id)) return fail('MEMBER_TWICE');
    phones.add(m.phone);
    ids.add(m.id);
  }
  return ok([...members]);
}
