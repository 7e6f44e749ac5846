import { REPORT_LIMITS } from '../src/application/report-signal';
import { AGE_GROUPS, RELATIONS, SECTORS } from '../src/domain/signal';

/**
 * The questions of "Signaal melden", as data. One generic question card shows any of them; its
 * words live in the locale files under `report:questions.<key>` (`title`, `text` as a list of
 * paragraphs, `hint` where `hint` is set, `options.<value>` per button, and `titleSelf`/`textSelf`
 * where the wording changes when the report is about the reporter; `titleWithoutName`, `textWithoutName`
 * and `hintWithoutName` on the "Melden zonder naam" path).
 */
export const QUESTION_KEYS = [
  'danger',
  'about',
  'informed',
  'consent',
  'noConsent',
  'ageGroup',
  'postcode',
  'address',
  'houseNumber',
  'reuseSigns',
  'note',
  'relation',
  'personName',
  'personContact',
  'reporterName',
  'reporterOrganisation',
  'reporterSector',
  'reporterContact',
  'wantsFeedback',
] as const;
export type QuestionKey = (typeof QUESTION_KEYS)[number];

/** What the summary's "change" buttons can reopen. */
export const REPORT_PARTS = ['place', 'age', 'signs', 'note', 'relation', 'contact'] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

/** "No danger", then the kinds of danger; each kind is an `EmergencyKind` of the domain. */
export const DANGER_OPTIONS = ['no', 'acute', 'suicide', 'abuse', 'medical', 'worry'] as const;
export type DangerOption = (typeof DANGER_OPTIONS)[number];

/** The answer of the "skip" button on questions that may stay open. */
export const SKIP = 'skip';

const { note: NOTE, name: NAME, contact: CONTACT, organisation: ORGANISATION } = REPORT_LIMITS;
/** A card answer longer than this is refused by the schema; the dialog counts anything shorter. */
export const ANSWER_MAX_LENGTH = 2000;

export interface QuestionSpec {
  /** Button values, in order. */
  options: readonly string[];
  /** Short words that also pick an option when typed ("ja", "no"): option value -> locale key. */
  words?: Readonly<Record<string, string>>;
  /** A typed answer: the card shows a text input; in text channels any reply is the answer. */
  input?: { maxLength: number; multiline?: boolean };
  /** The title and text differ when the report is about the reporter themselves. */
  selfWording?: boolean;
  /** Shows `report:questions.<key>.hint` under the text. */
  hint?: boolean;
  /** Title, text and hint differ on the "Melden zonder naam" path (`titleWithoutName`, ...). */
  withoutNameWording?: boolean;
}

const YES = 'report:words.yes';
const NO = 'report:words.no';
const YES_NO: QuestionSpec = { options: ['yes', 'no'], words: { yes: YES, no: NO } };

export const QUESTIONS: Readonly<Record<QuestionKey, QuestionSpec>> = {
  danger: { options: DANGER_OPTIONS, words: { no: NO } },
  about: { options: ['other', 'self'] },
  informed: YES_NO,
  consent: YES_NO,
  noConsent: { options: ['talkFirst', 'anonymous', 'stop'] },
  ageGroup: { options: AGE_GROUPS, selfWording: true },
  postcode: { options: [], input: { maxLength: REPORT_LIMITS.postcode }, selfWording: true, hint: true, withoutNameWording: true },
  address: { options: [], input: { maxLength: 24 }, hint: true },
  houseNumber: { options: [], input: { maxLength: REPORT_LIMITS.houseNumber }, hint: true },
  reuseSigns: { options: ['reuse', 'choose'], words: { reuse: YES, choose: NO } },
  note: { options: [SKIP], input: { maxLength: NOTE, multiline: true }, hint: true },
  relation: { options: RELATIONS },
  personName: { options: [SKIP], input: { maxLength: NAME } },
  personContact: { options: [SKIP], input: { maxLength: CONTACT }, hint: true },
  reporterName: { options: [SKIP], input: { maxLength: NAME } },
  reporterOrganisation: { options: [SKIP], input: { maxLength: ORGANISATION } },
  reporterSector: { options: SECTORS },
  reporterContact: { options: [SKIP], input: { maxLength: CONTACT }, selfWording: true, hint: true },
  wantsFeedback: YES_NO,
};

/** Locale key of an option's button words. */
export const optionKey = (key: QuestionKey, value: string): string => `report:questions.${key}.options.${value}`;

/** True when `value` is an answer this question takes (a button value, or any text for an input). */
export function acceptsAnswer(key: QuestionKey, value: string | undefined): boolean {
  const spec = QUESTIONS[key];
  if (spec.input) return true;
  return value !== undefined && spec.options.includes(value);
}
