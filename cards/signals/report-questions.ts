import { maxLengthOf, REPORT_LIMITS, type ReportField, reportDraftFields } from '../../src/application/report-draft';
import { isOption, option, type QuestionOption, type QuestionSpec } from '../questions';

/** What the summary's "change" buttons can reopen. */
export const REPORT_PARTS = ['place', 'age', 'signs', 'note', 'relation', 'contact'] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

/** "No danger", then the kinds of danger; each kind is an `EmergencyKind` of the domain. */
export const DANGER_OPTIONS = ['no', 'acute', 'suicide', 'abuse', 'medical', 'worry'] as const;
export type DangerOption = (typeof DANGER_OPTIONS)[number];

/** The answer of the "skip" button on questions that may stay open. */
export const SKIP = 'skip';

/** A card answer longer than this is refused by the schema; the dialog counts anything shorter. */
export const ANSWER_MAX_LENGTH = 2000;

/** How a typed answer that fills a field of the draft is checked (dialogs/report-validate.ts). */
export type TypedCheck = 'note' | 'line' | 'contact';

/** A report question: the shared format, plus where its answer goes and how its wording varies. */
export interface ReportQuestionSpec extends QuestionSpec {
  /** The field of the draft this question fills as it is: a typed answer (checked, may be skipped) or a button value. */
  fills?: { field: ReportField; check?: TypedCheck };
  /** What the summary's "change" button reopens this question with. */
  part?: ReportPart;
  /** The title and text differ when the report is about the reporter themselves. */
  selfWording?: boolean;
  /** Title, text and hint differ on the "Melden zonder naam" path (`titleWithoutName`, ...). */
  withoutNameWording?: boolean;
}

const YES = 'report:words.yes';
const NO = 'report:words.no';
const YES_NO: ReportQuestionSpec = { options: [option('yes', { words: YES }), option('no', { words: NO })] };
const options = (values: readonly string[]): QuestionOption[] => values.map((value) => option(value));

/** Keeps the table's keys (they are the question keys) and checks every entry against QuestionSpec. */
const questionTable = <K extends string>(table: Record<K, ReportQuestionSpec>): Readonly<Record<K, ReportQuestionSpec>> => table;

/** A question whose buttons are the values the schema allows for `field`. */
function pick(field: 'ageGroup' | 'relation' | 'reporterSector', part: ReportPart, extra: Partial<ReportQuestionSpec> = {}): ReportQuestionSpec {
  return { options: options(reportDraftFields.shape[field].options), fills: { field }, part, ...extra };
}

/** A typed answer that may stay open ("skip"), as long as the schema lets `field` be. */
function typed(field: ReportField, check: TypedCheck, part: ReportPart, extra: Partial<ReportQuestionSpec> = {}): ReportQuestionSpec {
  const maxLength = maxLengthOf(field);
  if (maxLength === undefined) throw new Error(`the report's field ${field} has no maximum length`);
  return { options: [option(SKIP)], input: { kind: check === 'note' ? 'note' : 'text', maxLength }, fills: { field, check }, part, ...extra };
}

/**
 * The questions of "Signaal melden", as data and in the order they are asked (the signs card
 * follows `reuseSigns`, the summary the last one; dialogs/report-flow.ts skips what does not apply).
 * One generic question card shows any of them; its words live in the locale files under
 * `report:questions.<key>` (`title`, `text` as a list of paragraphs, `hint` where `hint` is set,
 * `options.<value>` per button, and `titleSelf`/`textSelf` where the wording changes when the
 * report is about the reporter; `titleWithoutName`, `textWithoutName` and `hintWithoutName` on the
 * "Melden zonder naam" path). The draft's fields and their limits come from the use case's schema.
 */
export const QUESTIONS = questionTable({
  danger: { options: DANGER_OPTIONS.map((value) => option(value, value === 'no' ? { words: NO } : {})) },
  about: { options: options(['other', 'self']) },
  informed: YES_NO,
  consent: YES_NO,
  noConsent: { options: options(['talkFirst', 'anonymous', 'stop']) },
  ageGroup: pick('ageGroup', 'age', { selfWording: true }),
  postcode: { options: [], input: { kind: 'text', maxLength: REPORT_LIMITS.postcode }, part: 'place', selfWording: true, hint: true, withoutNameWording: true },
  address: { options: [], input: { kind: 'text', maxLength: 24 }, part: 'place', hint: true },
  houseNumber: { options: [], input: { kind: 'text', maxLength: REPORT_LIMITS.houseNumber }, part: 'place', hint: true },
  reuseSigns: { options: [option('reuse', { words: YES }), option('choose', { words: NO })], part: 'signs' },
  note: typed('note', 'note', 'note', { hint: true }),
  relation: pick('relation', 'relation'),
  personName: typed('personName', 'line', 'contact'),
  personContact: typed('personContact', 'contact', 'contact', { hint: true }),
  reporterName: typed('reporterName', 'line', 'contact'),
  reporterOrganisation: typed('reporterOrganisation', 'line', 'contact'),
  reporterSector: pick('reporterSector', 'contact'),
  reporterContact: typed('reporterContact', 'contact', 'contact', { selfWording: true, hint: true }),
  wantsFeedback: { ...YES_NO, part: 'contact' },
});
export type QuestionKey = keyof typeof QUESTIONS;
export const QUESTION_KEYS = Object.keys(QUESTIONS) as [QuestionKey, ...QuestionKey[]];

/** Locale key of an option's button words. */
export const optionKey = (key: QuestionKey, value: string): string => `report:questions.${key}.options.${value}`;

/** True when `value` is an answer this question takes (a button value, or any text for an input). */
export function acceptsAnswer(key: QuestionKey, value: string | undefined): boolean {
  const spec = QUESTIONS[key];
  return spec.input !== undefined || isOption(spec, value);
}
