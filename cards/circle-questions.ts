import { CIRCLE_LIMITS } from '../src/domain/circles/circle';
import { ESCALATION_OUTCOMES } from '../src/domain/circles/round';

/**
 * The questions of the call-circle dialogs, as data. One question card shows any of them; the
 * words live in `circles:questions.<field>` (`title`, `text` as a list of paragraphs, `hint`
 * where set, `options.<name>` per button).
 */
export const CIRCLE_FIELDS = [
  'name',
  'time',
  'days',
  'mode',
  'window',
  'holidays',
  'firstName',
  'phone',
  'khName',
  'khPhone',
  'khRelation',
  'consent',
  'more',
  'summary',
  'pickMember',
  'confirmRemove',
  'position',
  'range',
  'circleRange',
  'rotaDays',
  'inviteDays',
  'pickCoordinator',
  'code',
  'outcome',
  'confirmDelete',
  'editTime',
  'editDays',
  'editMode',
  'editWindow',
  'reminder',
  'ackWait',
  'pickBackup',
  'pickRemoveCoordinator',
  'confirmRemoveCoordinator',
] as const;
export type CircleField = (typeof CIRCLE_FIELDS)[number];

/** A card answer longer than this is refused by the schema; the dialog checks each field's own limit. */
export const CIRCLE_ANSWER_MAX_LENGTH = 200;

/** How an answer is typed: free text, a phone number, a number, weekdays, or a date range. */
export type InputKind = 'text' | 'tel' | 'number' | 'days' | 'range';

export interface CircleOptionSpec {
  /** What the button sends as `value`. */
  value: string;
  /** The button's words: `circles:questions.<field>.options.<name>`. */
  name: string;
}

export interface CircleQuestionSpec {
  options: readonly CircleOptionSpec[];
  input?: { kind: InputKind; maxLength: number };
  /** Buttons come from the question's data (member names, positions) instead of `options`. */
  dynamic?: boolean;
  hint?: boolean;
}

const option = (value: string, name = value): CircleOptionSpec => ({ value, name });
const YES_NO = [option('yes'), option('no')] as const;
const ALL_DAYS = '1,2,3,4,5,6,7';
const WORKDAYS = '1,2,3,4,5';
const DAYS_OPTIONS = [option(ALL_DAYS, 'all'), option(WORKDAYS, 'workdays')] as const;
/** What a "keep as it is" button sends: the setting stays as it was. */
export const KEEP = 'keep';
const keep = option(KEEP);
const text = (maxLength: number) => ({ kind: 'text' as const, maxLength });
const tel = { kind: 'tel' as const, maxLength: 24 };

export const CIRCLE_QUESTIONS: Readonly<Record<CircleField, CircleQuestionSpec>> = {
  name: { options: [], input: text(CIRCLE_LIMITS.nameMax), hint: true },
  time: { options: [], input: text(12), hint: true },
  days: { options: DAYS_OPTIONS, input: { kind: 'days', maxLength: 60 }, hint: true },
  mode: { options: [option('chain'), option('star')] },
  window: { options: [option('30'), option('45'), option('60')], input: { kind: 'number', maxLength: 3 }, hint: true },
  holidays: { options: YES_NO },
  firstName: { options: [], input: text(CIRCLE_LIMITS.firstNameMax) },
  phone: { options: [], input: tel, hint: true },
  khName: { options: [], input: text(CIRCLE_LIMITS.firstNameMax * 2), hint: true },
  khPhone: { options: [], input: tel, hint: true },
  khRelation: { options: [], input: text(CIRCLE_LIMITS.relationMax), hint: true },
  consent: { options: YES_NO },
  more: { options: YES_NO },
  summary: { options: [option('save'), option('add'), option('remove'), option('stop')] },
  pickMember: { options: [option('back')], dynamic: true },
  confirmRemove: { options: YES_NO },
  position: { options: [option('back')], input: { kind: 'number', maxLength: 2 } },
  range: { options: [option('back')], input: { kind: 'range', maxLength: 60 }, hint: true },
  circleRange: { options: [option('back')], input: { kind: 'range', maxLength: 60 }, hint: true },
  rotaDays: { options: DAYS_OPTIONS, input: { kind: 'days', maxLength: 60 }, hint: true },
  inviteDays: { options: DAYS_OPTIONS, input: { kind: 'days', maxLength: 60 }, hint: true },
  pickCoordinator: { options: [option('back')], dynamic: true },
  code: { options: [option('back')], input: text(20), hint: true },
  outcome: { options: ESCALATION_OUTCOMES.map((o) => option(o)) },
  confirmDelete: { options: YES_NO },
  editTime: { options: [keep], input: text(12), hint: true },
  editDays: { options: [...DAYS_OPTIONS, keep], input: { kind: 'days', maxLength: 60 }, hint: true },
  editMode: { options: [option('chain'), option('star'), keep] },
  editWindow: { options: [option('30'), option('45'), option('60'), keep], input: { kind: 'number', maxLength: 3 }, hint: true },
  reminder: { options: [option('10'), option('15'), option('30'), option('60'), keep], input: { kind: 'number', maxLength: 3 }, hint: true },
  ackWait: { options: [option('10'), option('15'), option('30'), keep], input: { kind: 'number', maxLength: 3 }, hint: true },
  pickBackup: { options: [option('back')], dynamic: true },
  pickRemoveCoordinator: { options: [option('back')], dynamic: true },
  confirmRemoveCoordinator: { options: YES_NO },
};

/** Locale key of an option's button words. */
export const circleOptionKey = (field: CircleField, name: string): string => `circles:questions.${field}.options.${name}`;

/** Words that also answer yes or no when typed ("ja", "nee", "yes", "no"). */
export const YES_NO_WORDS: Readonly<Record<string, string>> = { yes: 'circles:words.yes', no: 'circles:words.no' };

/** Numbers the error texts (`circles:errors.<code>`) may name: the limits of the domain. */
export const CIRCLE_ERROR_VARS: Readonly<Record<string, number>> = {
  min: CIRCLE_LIMITS.windowMin,
  max: CIRCLE_LIMITS.windowMax,
  count: CIRCLE_LIMITS.membersMax,
  days: CIRCLE_LIMITS.pauseDaysMax,
  reminderMax: CIRCLE_LIMITS.reminderMax,
  ackMin: CIRCLE_LIMITS.ackMin,
  ackMax: CIRCLE_LIMITS.ackMax,
};
