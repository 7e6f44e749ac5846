import { CIRCLE_LIMITS, type CircleErrorCode } from '../../src/domain/circles/circle';
import { ESCALATION_OUTCOMES } from '../../src/domain/circles/round';
import { option, type QuestionSpec } from '../questions';

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
  'members',
  'consentAll',
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


/** Rows of members on one form card; "Nog leden toevoegen" on the summary shows the form again. */
export const ROW_COUNT = 5;
/** The longest typed list of members read (20 members of about 80 characters, and some room). */
export const MEMBER_LIST_MAX_LENGTH = 2000;
/** The form's inputs per row, as ids `r1Name`, `r1Phone`, `r1KhName`, `r1KhPhone`, `r1KhRelation`, `r1Consent`. */
export const ROW_PARTS = ['Name', 'Phone', 'KhName', 'KhPhone', 'KhRelation', 'Consent'] as const;
export type RowPart = (typeof ROW_PARTS)[number];
export const rowInputId = (row: number, part: RowPart): string => `r${row}${part}`;
export const ROW_INPUT_IDS: readonly string[] = Array.from({ length: ROW_COUNT }, (_, i) => ROW_PARTS.map((p) => rowInputId(i + 1, p))).flat();

/** What is wrong with one row of members (`circles:rows.problems.<code>` or `circles:errors.<code>`). */
export interface RowProblem {
  /** 1-based: the row on the card, or the line of the typed list. */
  row: number;
  /** The first name as typed, or empty. */
  name: string;
  code: CircleErrorCode | 'ROW_INCOMPLETE' | 'ROW_NO_CONSENT' | 'ROW_UNREADABLE';
}
/** A row given back to the form: what was typed, and what is wrong with it. */
export interface FormRow {
  values: Record<RowPart, string>;
  problem: RowProblem;
}

const YES_NO = [option('yes', { words: 'circles:words.yes' }), option('no', { words: 'circles:words.no' })] as const;
const ALL_DAYS = '1,2,3,4,5,6,7';
const WORKDAYS = '1,2,3,4,5';
const DAYS_OPTIONS = [option(ALL_DAYS, { name: 'all' }), option(WORKDAYS, { name: 'workdays' })] as const;
/** What a "keep as it is" button sends: the setting stays as it was. */
export const KEEP = 'keep';
const keep = option(KEEP);
const text = (maxLength: number) => ({ kind: 'text' as const, maxLength });
const tel = { kind: 'tel' as const, maxLength: 24 };

export const CIRCLE_QUESTIONS: Readonly<Record<CircleField, QuestionSpec>> = {
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
  members: { options: [option('done')], input: { kind: 'rows', maxLength: MEMBER_LIST_MAX_LENGTH }, hint: true },
  consentAll: { options: YES_NO },
  summary: { options: [option('save', { style: 'positive' }), option('add'), option('remove'), option('stop', { style: 'destructive' })] },
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
