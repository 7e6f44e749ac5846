import type { AnswerAction, CardAction } from '../cards/actions';
import type { CircleAnswerAction } from '../cards/circles/circle-actions';
import { circleAnswer, type CircleQuestionInput, isNumbered, questionOptions as circleQuestionOptions } from '../cards/circles/circle-question';
import { CIRCLE_ANSWER_MAX_LENGTH, CIRCLE_QUESTIONS, MEMBER_LIST_MAX_LENGTH } from '../cards/circles/circle-questions';
import type { ScreenOption } from '../cards/circles/circle-format';
import { isOption } from '../cards/questions';
import { type QuestionKey, QUESTIONS, SKIP } from '../cards/signals/report-questions';
import { questionOptions, questionWords, REPORT_SUMMARY_OPTIONS } from '../cards/signals/report-text';
import {
  emergencyOptions,
  localeWords,
  MENU_OPTIONS,
  MENU_SHOW,
  type Option,
  RESTART,
  SETTING_OPTIONS,
  SIGNS_SUMMARY_OPTIONS,
  STARTERS_OPTIONS,
} from '../cards/text-fallback';
import { SIGN_GROUP_IDS, SIGN_GROUPS, type Sign } from '../src/domain/signs';
import { RESOURCES } from '../src/i18n/resources';
import { LOCALES, type Translator } from '../src/ports/translator';

/**
 * What people type, read as the action a card would submit: a number of a numbered option, or the
 * words of an option in any language we ship (any case, accents or punctuation). The cards' text
 * versions (cards/text-fallback.ts, signals/report-text.ts, circles/circle-question.ts) number the same options.
 */

/** Reads typed text as one of a card's actions; undefined when the text means none of them. */
export type TextReader = (text: string, t: Translator) => CardAction | undefined;

/**
 * Typed words as the readers compare them: no accents, lower case, punctuation as spaces, one
 * space between words. Letters and digits of every script stay: "никто" is not nothing.
 */
export const normalise = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The option's words in the turn's language and in every locale we ship, normalised. */
export function labelsOf(key: string, t: Translator): string[] {
  return [...new Set(localeWords(key, t).map(normalise))];
}

/** An option as the reader sees it: its normalised words in every language, and what it does. */
export interface LabelledOption {
  labels: readonly string[];
  action: CardAction;
}

/**
 * Typed text as one of the options: a number picks from the first `numberedCount`; words match an
 * option when they are one of its whole labels, or when every typed word (3+ letters) is a whole
 * word (or, with 5+ letters, the start or end of a compound) of exactly one option's labels. The first label is the user's language; a word from another
 * language's label counts only with 4+ letters, so "nee" or "ja" never pick "Help needed now" and a
 * postcode or a name never matches inside a longer word (issue #12).
 */
const OTHER_LANGUAGE_MIN = 4;
const COMPOUND_PART_MIN = 5;
/** "stappen" in "gespreksstappen": a letters-only word of 5+ letters at the start or end of a Dutch compound. */
const isCompoundPart = (word: string, labelWord: string): boolean =>
  word.length >= COMPOUND_PART_MIN && /^[a-z]+$/.test(word) && (labelWord.startsWith(word) || labelWord.endsWith(word));

export function pickOption(text: string, options: readonly LabelledOption[], numberedCount: number): CardAction | undefined {
  const input = normalise(text);
  if (input === '') return undefined;
  if (/^\d+$/.test(input)) {
    const n = Number(input);
    return n >= 1 && n <= numberedCount ? options[n - 1]?.action : undefined;
  }
  const exact = options.find((option) => option.labels.includes(input));
  if (exact) return exact.action;
  const words = input.split(' ').filter((word) => word.length >= 3);
  if (words.length === 0) return undefined;
  const hits = new Map<string, CardAction>();
  for (const option of options) {
    const matches = option.labels.some((label, index) => {
      const labelWords = label.split(' ');
      const minLength = index === 0 ? 3 : OTHER_LANGUAGE_MIN;
      return words.every(
        (word) =>
          word.length >= minLength &&
          labelWords.some((w) => w === word || (index === 0 && isCompoundPart(word, w))),
      );
    });
    if (matches) hits.set(JSON.stringify(option.action), option.action);
  }
  return hits.size === 1 ? [...hits.values()][0] : undefined;
}

/** `pickOption` over options whose words come from locale keys (typed in any shipped language). */
export function readOptions(
  text: string,
  t: Translator,
  numbered: readonly Option[],
  wordsOnly: readonly Option[] = [],
): CardAction | undefined {
  const labelled = [...numbered, ...wordsOnly].map((option) => ({ labels: labelsOf(option.key, t), action: option.action }));
  return pickOption(text, labelled, numbered.length);
}

/**
 * A typed reply as one of a screen's options: a number (when `numbered`), the whole label or one
 * of its words lists, or words that are part of exactly one label.
 */
export function readScreenOption(text: string, options: readonly ScreenOption[], numbered = true): CardAction | undefined {
  const labelled = options.map((option) => ({ labels: [normalise(option.label), ...(option.words ?? []).map(normalise)], action: option.action }));
  return pickOption(text, labelled, numbered ? options.length : 0);
}

export const readMenuText: TextReader = (text, t) => readOptions(text, t, MENU_OPTIONS);

/** Every sign in card order; the signs list numbers them 1..n. */
const ALL_SIGNS: readonly Sign[] = SIGN_GROUP_IDS.flatMap((group) => SIGN_GROUPS[group] as readonly Sign[]);
/** Words people put between numbers ("1, 4 en 12"). */
const FILLERS = new Set(['en', 'and']);

/** "1, 4 en 12" becomes those signs; "menu" goes back. Any number out of range refuses the whole reply. */
export const readSignsText: TextReader = (text, t) => {
  const menu = readOptions(text, t, [], [MENU_SHOW]);
  if (menu) return menu;
  const tokens = normalise(text)
    .split(' ')
    .filter((token) => token !== '' && !FILLERS.has(token));
  if (tokens.length === 0 || !tokens.every((token) => /^\d+$/.test(token))) return undefined;
  const indexes = tokens.map((token) => Number(token) - 1);
  if (indexes.some((index) => ALL_SIGNS[index] === undefined)) return undefined;
  const signs = [...new Set(indexes)].sort((a, b) => a - b).map((index) => ALL_SIGNS[index] as Sign);
  return { verb: 'signs.submit', signs };
};

export const readSignsSummaryText: TextReader = (text, t) => readOptions(text, t, SIGNS_SUMMARY_OPTIONS);

export const readSettingText: TextReader = (text, t) => readOptions(text, t, [...SETTING_OPTIONS, MENU_SHOW]);

/** Also takes a setting's words ("telefoon") to switch setting, and "opnieuw" to start again. */
export const readStartersText: TextReader = (text, t) => readOptions(text, t, STARTERS_OPTIONS, [RESTART, ...SETTING_OPTIONS]);

export const readStepsText: TextReader = (text, t) => readOptions(text, t, [MENU_SHOW]);

/** Pass the same `canResume` the text was shown with: it decides what "1" means. */
export function readEmergencyText(text: string, t: Translator, canResume = false): CardAction | undefined {
  return readOptions(text, t, emergencyOptions(canResume));
}

/**
 * "geen", "none", "-": nothing to add, in any language we ship. Only ASCII punctuation also
 * counts; text in another script is an answer.
 */
function isSkipWord(text: string): boolean {
  if (/^[\s\-–—.…/]*$/.test(text)) return true;
  const input = normalise(text);
  return LOCALES.some((locale) => RESOURCES[locale].report.words.skip.map(normalise).includes(input));
}

/**
 * The typed reply to a report question, as the answer its card would send; undefined when it is
 * none. A question with a text input takes any reply that is not one of its options.
 */
export function readQuestionText(text: string, t: Translator, key: QuestionKey): AnswerAction | undefined {
  const spec = QUESTIONS[key];
  const options = questionOptions(key);
  if (!spec.input) {
    const action: CardAction | undefined = readOptions(text, t, options, questionWords(key));
    return action?.verb === 'answer' ? action : undefined;
  }
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const input = normalise(trimmed);
  const picked = /^\d+$/.test(input) ? options[Number(input) - 1] : options.find((o) => labelsOf(o.key, t).includes(input));
  if (picked?.action.verb === 'answer') return picked.action;
  if (isOption(spec, SKIP) && isSkipWord(trimmed)) return { verb: 'answer', question: key, value: SKIP };
  return { verb: 'answer', question: key, value: trimmed };
}

/** "1" sends, "postcode" (or its number) reopens the place, "stoppen" cancels. */
export const readReportSummaryText: TextReader = (text, t) => readOptions(text, t, REPORT_SUMMARY_OPTIONS);

/**
 * The typed reply to a call-circle question, as the answer its card would send; undefined when it
 * is none. A question with an input takes any reply that is not one of its buttons.
 */
export function readCircleAnswer(text: string, t: Translator, input: CircleQuestionInput): CircleAnswerAction | undefined {
  const spec = CIRCLE_QUESTIONS[input.field];
  const picked = readScreenOption(text, circleQuestionOptions(t, input), isNumbered(input.field));
  if (picked?.verb === 'circle.answer') return picked;
  const trimmed = text.trim();
  if (!spec.input || trimmed === '') return undefined;
  return circleAnswer(input.field, trimmed.slice(0, spec.input.kind === 'rows' ? MEMBER_LIST_MAX_LENGTH : CIRCLE_ANSWER_MAX_LENGTH));
}
